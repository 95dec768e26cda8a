"""Versioned content files (content/help/…): Markdown with a small YAML header, rendered safely.

The files are written by the hub's team and reviewed in the repository, but the page must not
depend on that: raw HTML in the Markdown is shown as text, not interpreted, and links may only
point to this site, http(s) or mailto addresses (no javascript: or data: URLs)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element

import markdown
import yaml
from django.conf import settings
from django.utils.safestring import SafeString, mark_safe
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

CONTENT_DIR = Path(settings.BASE_DIR) / "content"
SAFE_LINK = re.compile(r"^(https?://|mailto:|/(?!/)|#)", re.IGNORECASE)


class _SafeLinks(Treeprocessor):
    def run(self, root: Element) -> None:
        for element in root.iter():
            for attr in ("href", "src"):
                value = element.get(attr)
                if value is not None and not SAFE_LINK.match(value.strip()):
                    del element.attrib[attr]
            if element.tag == "img":  # no images from content files (weight, alt text)
                element.tag = "span"
                element.attrib.clear()


class SafeMarkdown(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:
        # Raw HTML, block or inline, stays text.
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        md.treeprocessors.register(_SafeLinks(md), "safe_links", 0)


def render_markdown(text: str) -> tuple[SafeString, list[dict[str, Any]]]:
    """HTML of the text and its table of contents (toc extension tokens)."""
    md = markdown.Markdown(extensions=["toc", SafeMarkdown()], extension_configs={"toc": {"toc_depth": "2-3"}})
    html = md.convert(text)
    return mark_safe(html), list(getattr(md, "toc_tokens", []))


@dataclass(frozen=True)
class ContentPage:
    meta: dict[str, Any]
    html: SafeString
    toc: list[dict[str, Any]] = field(default_factory=list)


def split_front_matter(text: str) -> tuple[dict[str, Any], str]:
    if text.startswith("---\n"):
        head, sep, body = text[4:].partition("\n---\n")
        if sep:
            meta = yaml.safe_load(head) or {}
            if not isinstance(meta, dict):
                raise ValueError("the content header must be a YAML mapping")
            return meta, body
    return {}, text


@cache
def _load(path: Path) -> ContentPage:
    meta, body = split_front_matter(path.read_text(encoding="utf-8"))
    html, toc = render_markdown(body)
    return ContentPage(meta, html, toc)


def content_page(folder: str, language: str) -> ContentPage:
    """content/<folder>/<language>.md, falling back to the Spanish source. Rendered once per
    process (the files change only with a deployment)."""
    base = CONTENT_DIR / folder
    path = base / f"{(language or 'es')[:2]}.md"
    if not path.exists():
        path = base / "es.md"
    return _load(path)
