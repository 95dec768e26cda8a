"""Spanish analysis for matching and search: the same pipeline turns a challenge, a solution or
a search box query into comparable terms.

Pipeline: tokens (accents and case folded with ``core.text.fold``) → grammatical stop words
out → each word normalised (light plural stripping, then the Snowball Spanish stemmer) →
municipal phrases, synonyms and acronyms replaced by one concept term (longest match first,
so "licencia de conducir" never becomes "licencia" + "conducir") → generic words out.

Concept terms start with "_" (``_patente_comercial``); tokens never contain "_", so a concept
can never collide with a word stem. The vocabulary (stop words, generic words, concepts) lives
in ``data/spanish_concepts.yaml``.
Pure Python, deterministic, no database.
"""

from __future__ import annotations

import re
import threading
from collections import Counter
from functools import cache, lru_cache
from pathlib import Path

import snowballstemmer
import yaml

from hublocal.core.text import fold

CONCEPTS_FILE = Path(__file__).resolve().parent / "data" / "spanish_concepts.yaml"
CONCEPT_PREFIX = "_"

# Letters and digits of any script; "_" excluded so that concept terms stay unforgeable.
_TOKEN = re.compile(r"[^\W_]+")

_MIN_TOKEN_LENGTH = 2
# Spanish plurals of words ending in these consonants add "-es" (funcion-es, ciudad-es, ley-es).
_ES_PLURAL_AFTER = frozenset("lrndzjy")

_stemmer = snowballstemmer.stemmer("spanish")
# The Snowball stemmer object keeps state while it works: one word at a time across threads.
_stemmer_lock = threading.Lock()


def _singular(word: str) -> str:
    """Light plural stripping before Snowball, which alone stems "reclamo" → "reclam" but
    "reclamos" → "recl", and "línea" → "line" but "líneas" → "lin"."""
    if len(word) < 5 or word.endswith(("is", "us", "ss")):
        return word
    if word.endswith("ces"):
        return word[:-3] + "z"
    if word.endswith("es") and word[-3] in _ES_PLURAL_AFTER:
        return word[:-2]
    if word.endswith("s") and word[-2] in "aeiou":
        return word[:-1]
    return word


@lru_cache(maxsize=200_000)
def normalize_word(folded: str) -> str:
    """The stem of one folded word (cached: the vocabulary of a catalogue is small)."""
    word = _singular(folded)
    with _stemmer_lock:
        return _stemmer.stemWord(word)


def _tokens(text: str, stop_words: frozenset[str]) -> list[tuple[str, str]]:
    """(folded, original lower-case) pairs, without stop words, numbers or one-letter tokens."""
    out = []
    for match in _TOKEN.finditer((text or "").lower()):
        original = match.group(0)
        folded = fold(original)
        if len(folded) < _MIN_TOKEN_LENGTH or folded.isdigit() or folded in stop_words:
            continue
        out.append((folded, original))
    return out


class _Vocabulary:
    """The YAML compiled: stop words, generic words, and phrase (tuple of stems) → concept
    terms to emit."""

    def __init__(self, data: dict) -> None:
        concepts: dict = data["concepts"]
        self.stop_words = frozenset(fold(w) for w in data.get("stop_words", "").split())
        self.generic = frozenset(normalize_word(fold(w)) for w in data.get("generic_words", "").split())
        self.labels: dict[str, str] = {}
        self.phrases: dict[tuple[str, ...], tuple[str, ...]] = {}
        owner: dict[tuple[str, ...], str] = {}
        for concept_id, spec in concepts.items():
            self.labels[CONCEPT_PREFIX + concept_id] = spec["label"]
        for concept_id, spec in concepts.items():
            for implied in spec.get("implies", []):
                if implied not in concepts:
                    raise ValueError(f"{concept_id}: implica un concepto desconocido {implied!r}")
            emitted = tuple(CONCEPT_PREFIX + c for c in _closure(concept_id, concepts))
            for phrase in spec["phrases"]:
                key = tuple(normalize_word(folded) for folded, _ in _tokens(str(phrase), self.stop_words))
                if not key:
                    raise ValueError(f"{concept_id}: la frase {phrase!r} queda vacía tras el análisis")
                if key in owner and owner[key] != concept_id:
                    raise ValueError(f"{phrase!r} pertenece a {owner[key]!r} y a {concept_id!r}")
                owner[key] = concept_id
                self.phrases[key] = emitted
        self.longest = max((len(k) for k in self.phrases), default=1)


def _closure(concept_id: str, concepts: dict) -> list[str]:
    """The concept followed by everything it implies, each once, in a stable order."""
    seen: list[str] = []
    stack = [concept_id]
    while stack:
        current = stack.pop(0)
        if current in seen:
            continue
        seen.append(current)
        stack.extend(concepts[current].get("implies", []))
    return seen


@cache
def _vocabulary() -> _Vocabulary:
    with CONCEPTS_FILE.open(encoding="utf-8") as handle:
        return _Vocabulary(yaml.safe_load(handle))


def analyze_with_surfaces(text: str) -> list[tuple[str, str]]:
    """(term, surface) pairs in text order. The surface is what a person reads for that term:
    the original word for a stem, the concept's label for a concept."""
    vocabulary = _vocabulary()
    tokens = _tokens(text, vocabulary.stop_words)
    stems = [normalize_word(folded) for folded, _ in tokens]
    out: list[tuple[str, str]] = []
    i, n = 0, len(stems)
    while i < n:
        for length in range(min(vocabulary.longest, n - i), 0, -1):
            concepts = vocabulary.phrases.get(tuple(stems[i : i + length]))
            if concepts is not None:
                out.extend((c, vocabulary.labels[c]) for c in concepts)
                i += length
                break
        else:
            if stems[i] not in vocabulary.generic:
                out.append((stems[i], tokens[i][1]))
            i += 1
    return out


def analyze(text: str) -> list[str]:
    """Folded, stop-worded, stemmed terms of one text, synonyms and acronyms as concepts.
    Repeated terms are kept (their frequency matters to ranking)."""
    return [term for term, _ in analyze_with_surfaces(text)]


def document_terms(*texts: str) -> list[str]:
    """The terms of a document made of several fields (what Solution.terms and Challenge.terms
    store). Fields are analysed one by one so a phrase never spans two of them."""
    terms: list[str] = []
    for text in texts:
        terms.extend(analyze(text))
    return terms


def is_concept(term: str) -> bool:
    return term.startswith(CONCEPT_PREFIX)


def concept_label(term: str) -> str | None:
    """How a concept term is shown to people, or None if the term is a plain word stem."""
    return _vocabulary().labels.get(term)


def display_forms(*texts: str) -> dict[str, str]:
    """Term → readable form: the concept's label, or the most frequent original word behind a
    stem in these texts (ties: the first seen)."""
    counts: dict[str, Counter[str]] = {}
    for text in texts:
        for term, surface in analyze_with_surfaces(text):
            counts.setdefault(term, Counter())[surface] += 1
    return {term: counter.most_common(1)[0][0] for term, counter in counts.items()}
