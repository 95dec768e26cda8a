"""The critical CSS: what the first paint needs, inlined in every page's <head>.

On a slow 3G link every round trip costs about two seconds. With the stylesheet linked from the
head, nothing is painted until it arrives after the HTML: two round trips. base.html therefore
inlines the rules the first screen of any page family needs and loads the whole stylesheet
without blocking the paint (media="print", switched on by static/js/hub.js; a <noscript> link
for browsers without JavaScript).

The critical CSS is derived from the one stylesheet, static/css/hub.css, never kept by hand:

* every rule is critical unless it sits between a top-level `/* critical:off … */` comment and
  the next `/* critical:on */` (the comment says why those rules are not needed at first paint);
* `@media print` blocks are left out (printing happens long after the full sheet has loaded);
* selectors that only apply under the pointer (`:hover`, `:active`) are left out;
* the result is minified (comments and needless whitespace dropped).

It is derived once per process and kept until the file changes (its size and modification time
are checked on each use, a stat call), from the copy the static files finders find (the source
tree), or else from the collected copy in STATIC_ROOT. So it is identical in development, in the
tests (plain StaticFilesStorage) and in production (ManifestStaticFilesStorage), and always
matches the hub.css that the same build serves.

The site's Content-Security-Policy allows no inline style, so the policy names this one by its
SHA-256 hash (core/middleware.py): a nonce would make the anonymous pages that core/page_cache.py
caches whole differ for every visitor.
"""

from __future__ import annotations

import base64
import hashlib
import os
import threading
from dataclasses import dataclass
from typing import Any

import tinycss2
from tinycss2.serializer import serialize_identifier

STYLESHEET = "css/hub.css"
MARKER_OFF = "critical:off"
MARKER_ON = "critical:on"

# Pseudo-classes that only match under a pointer: no one points at anything before the full
# stylesheet has arrived, a few seconds later at worst.
POINTER_ONLY = frozenset({"hover", "active"})
# At-rules whose block holds rules (filtered recursively); any other block holds declarations.
RULE_BLOCKS = frozenset({"media", "supports", "container", "layer", "keyframes", "-webkit-keyframes"})
# Whitespace next to these tokens never changes the meaning of a selector or a value.
TIGHT = frozenset({",", ">"})


@dataclass(frozen=True)
class CriticalCss:
    css: str

    @property
    def csp_source(self) -> str:
        """The CSP source expression that allows exactly this <style> element."""
        digest = hashlib.sha256(self.css.encode("utf-8")).digest()
        return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def extract(source: str) -> str:
    """The minified critical rules of a stylesheet's text (see the module docstring)."""
    out: list[str] = []
    critical = True
    for node in tinycss2.parse_stylesheet(source, skip_comments=False, skip_whitespace=True):
        if node.type == "comment":
            text = node.value.strip()
            if text.startswith(MARKER_OFF):
                if not critical:
                    raise ValueError(f"{STYLESHEET}: '{MARKER_OFF}' twice without '{MARKER_ON}' between")
                critical = False
            elif text.startswith(MARKER_ON):
                if critical:
                    raise ValueError(f"{STYLESHEET}: '{MARKER_ON}' without a '{MARKER_OFF}' before it")
                critical = True
            continue
        if critical:
            out.append(_rule(node))
    if not critical:
        raise ValueError(f"{STYLESHEET}: '{MARKER_OFF}' is never closed by '{MARKER_ON}'")
    css = "".join(out)
    if "</" in css:
        # It goes inside a <style> element: "</style" in a string would end it.
        raise ValueError(f"{STYLESHEET}: '</' cannot be inlined in a <style> element")
    return css


def _rule(node: Any) -> str:
    if node.type == "qualified-rule":
        selectors = [s for s in _split_commas(node.prelude) if not _pointer_only(s)]
        declarations = _declarations(node.content)
        if not selectors or not declarations:
            return ""
        return ",".join(_tokens(s) for s in selectors) + "{" + declarations + "}"
    if node.type == "at-rule":
        keyword = node.lower_at_keyword
        prelude = _tokens(node.prelude)
        if node.content is None:
            return f"@{keyword} {prelude};"
        if keyword == "media" and _print_only(node.prelude):
            return ""
        if keyword in RULE_BLOCKS:
            inner = "".join(
                _rule(n) for n in tinycss2.parse_rule_list(node.content, skip_comments=True, skip_whitespace=True)
            )
        else:
            inner = _declarations(node.content)
        if not inner:
            return ""
        return f"@{keyword}{' ' + prelude if prelude else ''}{{{inner}}}"
    return ""  # a parse error: skipped, as the browser skips it


def _declarations(content: list[Any]) -> str:
    parts = []
    for d in tinycss2.parse_declaration_list(content, skip_comments=True, skip_whitespace=True):
        if d.type == "declaration":
            important = "!important" if d.important else ""
            parts.append(f"{serialize_identifier(d.name)}:{_tokens(d.value)}{important}")
    return ";".join(parts)


def _split_commas(tokens: list[Any]) -> list[list[Any]]:
    parts: list[list[Any]] = [[]]
    for token in tokens:
        if token.type == "literal" and token.value == ",":
            parts.append([])
        else:
            parts[-1].append(token)
    return [p for p in parts if any(t.type not in ("whitespace", "comment") for t in p)]


def _pointer_only(selector: list[Any]) -> bool:
    for before, token in zip(selector, selector[1:], strict=False):
        if (
            before.type == "literal"
            and before.value == ":"
            and token.type == "ident"
            and token.lower_value in POINTER_ONLY
        ):
            return True
    return False


def _print_only(prelude: list[Any]) -> bool:
    """True when every media query of the list is for print (`print`, `only print and …`)."""
    for query in _split_commas(prelude):
        idents = [t.lower_value for t in query if t.type == "ident"]
        if idents[:1] == ["only"]:
            idents = idents[1:]
        if idents[:1] != ["print"]:
            return False
    return True


def _tokens(tokens: list[Any]) -> str:
    """Serialize component values with comments dropped and whitespace reduced to the spaces
    that matter (between words, around + in calc(), in descendant selectors)."""
    pieces: list[str] = []
    for token in tokens:
        if token.type == "comment":
            continue
        if token.type == "whitespace":
            if pieces and pieces[-1] != " ":
                pieces.append(" ")
            continue
        if token.type == "function":
            piece = f"{serialize_identifier(token.name)}({_tokens(token.arguments)})"
        elif token.type == "() block":
            piece = f"({_tokens(token.content)})"
        elif token.type == "[] block":
            piece = f"[{_tokens(token.content)}]"
        elif token.type == "{} block":
            piece = f"{{{_tokens(token.content)}}}"
        else:
            piece = token.serialize()
        if pieces and pieces[-1] == " " and (piece in TIGHT or pieces[-2] in TIGHT):
            pieces.pop()
        pieces.append(piece)
    while pieces and pieces[-1] == " ":
        pieces.pop()
    return "".join(pieces)


# ----------------------------------------------------------------------------- the site's copy

_lock = threading.Lock()
_cached: tuple[tuple[str, int, int], CriticalCss] | None = None


def stylesheet_path() -> str:
    """Where hub.css is read from: the finders' copy (the source), else the collected one."""
    from django.contrib.staticfiles import finders
    from django.contrib.staticfiles.storage import staticfiles_storage

    found = finders.find(STYLESHEET)
    if found:
        return str(found)
    return str(staticfiles_storage.path(STYLESHEET))


def current() -> CriticalCss:
    """The critical CSS of the site's hub.css, derived again only when the file changes."""
    global _cached
    path = stylesheet_path()
    stat = os.stat(path)
    key = (path, stat.st_mtime_ns, stat.st_size)
    cached = _cached
    if cached is not None and cached[0] == key:
        return cached[1]
    with _lock:
        if _cached is not None and _cached[0] == key:
            return _cached[1]
        with open(path, encoding="utf-8") as f:
            result = CriticalCss(extract(f.read()))
        _cached = (key, result)
        return result
