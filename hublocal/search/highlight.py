"""Snippets with the query's words marked, computed in Python for the results of one page.

A word is marked when the Spanish analyser (core.spanish) turns it into a term of the query, so
"patentes" marks "patente", "Patentes" and "licencias de funcionamiento" (the same concept), not
merely the letters typed. Analysing a 60,000-character text for each of twenty results would
cost more than the search itself, so an accent-insensitive regular expression of the query's
stems (and of the first words of its concepts' phrases) finds the candidate places first; only
the chosen window is analysed, exactly as the index analysed it.

`term_spans` mirrors `spanish.analyze_with_surfaces` with positions; a test keeps the two equal.
Everything but the marks is HTML-escaped."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import lru_cache

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from hublocal.core import search, spanish
from hublocal.core.text import fold

WINDOW = 220  # characters of text in a snippet, about two lines
LEAD = 50  # characters shown before the first marked word of the window
TITLE_CHARS = 300
MAX_CANDIDATES = 120

_ACCENTED = {
    "a": "aáàâäã",
    "e": "eéèêë",
    "i": "iíìîï",
    "o": "oóòôöõ",
    "u": "uúùûü",
    "n": "nñ",
    "c": "cç",
}


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    terms: tuple[str, ...]


def term_spans(text: str) -> list[Span]:
    """Where each analysed term of `text` comes from: one span per kept word, one per phrase of
    a concept (covering its words), in text order."""
    vocabulary = spanish._vocabulary()
    tokens: list[tuple[int, int, str]] = []
    for match in spanish._TOKEN.finditer(text or ""):
        folded = fold(match.group(0).lower())
        if len(folded) < spanish._MIN_TOKEN_LENGTH or folded.isdigit() or folded in vocabulary.stop_words:
            continue
        tokens.append((match.start(), match.end(), folded))
    stems = [spanish.normalize_word(folded) for _s, _e, folded in tokens]
    spans: list[Span] = []
    i, n = 0, len(stems)
    while i < n:
        for length in range(min(vocabulary.longest, n - i), 0, -1):
            concepts = vocabulary.phrases.get(tuple(stems[i : i + length]))
            if concepts is not None:
                spans.append(Span(tokens[i][0], tokens[i + length - 1][1], concepts))
                i += length
                break
        else:
            if stems[i] not in vocabulary.generic:
                spans.append(Span(tokens[i][0], tokens[i][1], (stems[i],)))
            i += 1
    return spans


def _hits(span: Span, query: search.Query) -> set[str]:
    found = {t for t in span.terms if t in query.terms}
    if not found and query.prefix:
        last = query.terms[-1]
        # As on PostgreSQL, whose parser splits "_patente_comercial" into words, a prefix also
        # matches the first word of a concept.
        found = {t for t in span.terms if t.startswith(last) or t.lstrip("_").startswith(last)}
    return found


def _letters(stem: str) -> str:
    out = []
    for ch in stem:
        variants = _ACCENTED.get(ch)
        out.append(f"[{variants}]" if variants else re.escape(ch))
    if stem.endswith("z") and len(stem) > 2:
        # "luces" is stemmed to "luz": the plural spells the stem's z as c.
        out[-1] = "[zc]"
    return "".join(out)


@lru_cache(maxsize=512)
def _candidate_pattern(terms: tuple[str, ...]) -> re.Pattern[str] | None:
    """Word starts that may analyse to one of `terms`: the stem itself, or the first word of a
    phrase of the concept."""
    vocabulary = spanish._vocabulary()
    starts: set[str] = set()
    for term in terms:
        if spanish.is_concept(term):
            starts.update(phrase[0] for phrase, emitted in vocabulary.phrases.items() if term in emitted)
        else:
            starts.add(term)
    starts = {s for s in starts if s}
    if not starts:
        return None
    alternatives = "|".join(_letters(s) for s in sorted(starts, key=len, reverse=True))
    return re.compile(rf"\b(?:{alternatives})")


def _marked(text: str, spans: list[Span], query: search.Query, offset: int = 0) -> str:
    out: list[str] = []
    cursor = 0
    for span in spans:
        if not _hits(span, query):
            continue
        start, end = span.start - offset, span.end - offset
        if start < cursor or start < 0 or end > len(text):
            continue
        out.append(escape(text[cursor:start]))
        out.append(f"<mark>{escape(text[start:end])}</mark>")
        cursor = end
    out.append(escape(text[cursor:]))
    return "".join(out)


def highlight_title(title: str, query: search.Query) -> SafeString:
    title = title[:TITLE_CHARS]
    if not query:
        return mark_safe(escape(title))
    return mark_safe(_marked(title, term_spans(title), query))


def _best_start(text: str, query: search.Query) -> int | None:
    """Start of the window with the most distinct query terms (then the most hits), or None
    when the text has no candidate at all."""
    pattern = _candidate_pattern(query.terms)
    if pattern is None:
        return None
    # The first candidates are enough to choose a good window: a common word would otherwise
    # give thousands of places in a long text.
    lowered = text.lower()
    if len(lowered) != len(text):  # a few letters change length in lower case: keep positions
        lowered = "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in text)
    found = [(m.start(), fold(m.group(0))) for m in itertools.islice(pattern.finditer(lowered), MAX_CANDIDATES)]
    if not found:
        return None
    best, best_score = found[0][0], (-1, -1)
    j = 0
    for i, (start, _key) in enumerate(found):
        j = max(j, i)
        while j + 1 < len(found) and found[j + 1][0] < start + WINDOW - LEAD:
            j += 1
        score = (len({key for _p, key in found[i : j + 1]}), j - i + 1)
        if score > best_score:
            best, best_score = start, score
    return best


def _window(text: str, start: int) -> tuple[int, int]:
    begin = max(0, start - LEAD)
    if begin > 0:
        space = text.find(" ", begin, start)
        begin = space + 1 if space != -1 else begin
    end = min(len(text), begin + WINDOW)
    if end < len(text):
        space = text.rfind(" ", begin + WINDOW // 2, end)
        end = space if space != -1 else end
    return begin, end


def snippet(summary: str, text: str, query: search.Query, *, fallback_chars: int = WINDOW) -> SafeString:
    """The summary with its marks when it holds a term of the query; otherwise the window of the
    text with the most of them; otherwise the start of the summary (or text), unmarked."""
    if query:
        if summary:
            spans = term_spans(summary[: WINDOW * 2])
            if any(_hits(s, query) for s in spans):
                part, cut = _cut(summary, 0)
                return mark_safe(_marked(part, spans, query) + ("…" if cut else ""))
        start = _best_start(text, query) if text else None
        if start is not None:
            begin, end = _window(text, start)
            part = text[begin:end]
            spans = term_spans(part)
            if any(_hits(s, query) for s in spans):
                lead = "…" if begin > 0 else ""
                tail = "…" if end < len(text) else ""
                return mark_safe(escape(lead) + _marked(part, spans, query) + escape(tail))
    plain = summary or text
    part, cut = _cut(plain, 0, fallback_chars)
    return mark_safe(escape(part) + ("…" if cut else ""))


def _cut(text: str, begin: int, chars: int = WINDOW * 2) -> tuple[str, bool]:
    if len(text) - begin <= chars:
        return text[begin:], False
    end = text.rfind(" ", begin + chars // 2, begin + chars)
    end = end if end != -1 else begin + chars
    return text[begin:end], True
