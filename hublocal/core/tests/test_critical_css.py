"""The critical CSS inlined in every page (core/critical_css.py): derived from css/hub.css, allowed
by the CSP through its hash, and the whole stylesheet loaded without blocking the first paint."""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

import pytest
import tinycss2
from django.conf import settings
from django.test import override_settings

from hublocal.core import critical_css

HUB_CSS = Path(settings.BASE_DIR) / "hublocal" / "static" / "css" / "hub.css"
HEAD = re.compile(r"<head>(.*?)</head>", re.S)
STYLE = re.compile(r"<style>(.*?)</style>", re.S)


def head_of(response) -> str:
    match = HEAD.search(response.content.decode())
    assert match, "no <head>"
    return match.group(1)


def sha256_source(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


# ----------------------------------------------------------------------------- extraction


def test_keeps_rules_in_order_and_minifies_without_changing_meaning():
    source = """
    /* a comment */
    .card  > :first-child ,  .card :last-child { margin : 0 0 1em ;  }
    h1 { font-size: clamp(1.6rem, 1.2rem + 2vw, 2.4rem); font-family: "Segoe UI", Arial; }
    .b::before { content: "› "; }
    .x { position: absolute !important; }
    @media (max-width: 40rem) { .wrap { padding: 0 1rem; } }
    """
    assert critical_css.extract(source) == (
        ".card>:first-child,.card :last-child{margin:0 0 1em}"
        'h1{font-size:clamp(1.6rem,1.2rem + 2vw,2.4rem);font-family:"Segoe UI",Arial}'
        '.b::before{content:"› "}'
        ".x{position:absolute!important}"
        "@media (max-width: 40rem){.wrap{padding:0 1rem}}"
    )


def test_leaves_out_print_pointer_states_and_marked_sections():
    source = """
    a { color: blue; }
    a:hover, .nav a[aria-current="page"] { border-color: #fff; }
    .button:active { top: 1px; }
    @media print { .site-header { display: none; } }
    @media only print and (min-width: 1px) { body { color: black; } }
    @media screen, print { .both { color: red; } }
    /* critical:off: below the first screen */
    .endpoint { border-left: 4px solid; }
    /* critical:on */
    .after { color: green; }
    """
    assert critical_css.extract(source) == (
        "a{color:blue}"
        '.nav a[aria-current="page"]{border-color:#fff}'
        "@media screen,print{.both{color:red}}"
        ".after{color:green}"
    )


@pytest.mark.parametrize(
    "source",
    [
        "/* critical:off */ a { color: red; }",
        "/* critical:on */ a { color: red; }",
        "/* critical:off */ /* critical:off */ a { color: red; } /* critical:on */",
        'a::after { content: "</style><script>"; }',
    ],
)
def test_refuses_unbalanced_markers_and_text_that_would_end_the_style_element(source):
    with pytest.raises(ValueError):
        critical_css.extract(source)


def test_the_site_stylesheet_parses_and_its_critical_part_covers_the_page_shell():
    source = HUB_CSS.read_text(encoding="utf-8")
    errors = [n for n in tinycss2.parse_stylesheet(source) if n.type == "error"]
    assert errors == [], "hub.css has rules the browser would drop"

    css = critical_css.current().css
    assert 0 < len(css) < len(source)
    for shell in (":root{", "body{", ".site-header{", ".main-nav ul,", ".wrap{", ".skip-link{", ".button,", "h1{"):
        assert shell in css, shell
    for left_out in (":hover", "@media print", ".endpoint{", "/*"):
        assert left_out not in css, left_out


def test_derived_again_when_the_stylesheet_changes(tmp_path):
    original = HUB_CSS.read_text(encoding="utf-8")
    (tmp_path / "css").mkdir()
    copy = tmp_path / "css" / "hub.css"
    copy.write_text(original, encoding="utf-8")
    with override_settings(STATICFILES_DIRS=[tmp_path]):
        before = critical_css.current()
        assert critical_css.stylesheet_path() == str(copy)
        copy.write_text(original + "\n.probe-critical { color: #123456; }\n", encoding="utf-8")
        after = critical_css.current()
    assert before.css == critical_css.extract(original)
    assert after.css == before.css + ".probe-critical{color:#123456}"
    assert after.csp_source != before.csp_source


# ----------------------------------------------------------------------------- the pages


@pytest.mark.parametrize("path", ["/", "/acerca/", "/cuenta/ingresar/", "/municipios/"])
def test_page_head_inlines_the_critical_css_and_blocks_on_no_stylesheet(client, network, path):
    response = client.get(path)
    assert response.status_code == 200
    head = head_of(response)

    styles = STYLE.findall(head)
    assert styles == [critical_css.current().css]
    # The CSP allows exactly this inline style, by hash; nothing else inline, no 'unsafe-inline'.
    csp = response["Content-Security-Policy"]
    style_src = re.search(r"style-src ([^;]+)", csp).group(1).split()
    assert style_src == ["'self'", sha256_source(styles[0])]
    assert "unsafe" not in csp
    assert re.search(r"script-src 'self';", csp)

    # No render-blocking stylesheet: the one <link rel="stylesheet"> outside <noscript> is for print
    # until js/hub.js switches it on, and browsers without JavaScript get it from <noscript>.
    outside_noscript = re.sub(r"<noscript>.*?</noscript>", "", head, flags=re.S)
    links = re.findall(r"<link[^>]*rel=\"stylesheet\"[^>]*>", outside_noscript)
    assert len(links) == 1 and 'media="print"' in links[0] and "data-full-stylesheet" in links[0]
    assert "/static/css/hub.css" in links[0]
    fallback = re.findall(r"<noscript>(.*?)</noscript>", head, flags=re.S)
    assert any(re.search(r'<link rel="stylesheet" href="/static/css/hub\.css">', f) for f in fallback)
    # Scripts never block the parser.
    for script in re.findall(r"<script[^>]*>", head):
        assert " defer" in script or " async" in script, script
    assert "fonts.googleapis" not in head and "@font-face" not in styles[0]


def test_page_follows_a_changed_stylesheet(client, network, tmp_path):
    (tmp_path / "css").mkdir()
    changed = HUB_CSS.read_text(encoding="utf-8") + "\n.probe-page { outline: 1px dotted red; }\n"
    (tmp_path / "css" / "hub.css").write_text(changed, encoding="utf-8")
    with override_settings(STATICFILES_DIRS=[tmp_path, *settings.STATICFILES_DIRS]):
        response = client.get("/acerca/")
    style = STYLE.search(head_of(response)).group(1)
    assert style.endswith(".probe-page{outline:1px dotted red}")
    assert sha256_source(style) in response["Content-Security-Policy"]


def test_a_page_cached_before_the_stylesheet_changed_is_not_served_after(client, network, settings, tmp_path):
    """Anonymous pages are cached whole (core/page_cache.py) with the critical CSS inside: after a
    release that changes hub.css, the stored page would carry CSS the new policy refuses."""
    from django.core.cache import cache

    settings.ANONYMOUS_PAGE_CACHE = True
    cache.clear()
    assert client.get("/municipios/").get("X-Page-Cache") is None
    assert client.get("/municipios/")["X-Page-Cache"] == "hit"

    (tmp_path / "css").mkdir()
    changed = HUB_CSS.read_text(encoding="utf-8") + "\n.probe-release { color: #654321; }\n"
    (tmp_path / "css" / "hub.css").write_text(changed, encoding="utf-8")
    settings.STATICFILES_DIRS = [tmp_path, *settings.STATICFILES_DIRS]
    response = client.get("/municipios/")
    assert response.get("X-Page-Cache") is None
    style = STYLE.search(head_of(response)).group(1)
    assert style.endswith(".probe-release{color:#654321}")
    assert sha256_source(style) in response["Content-Security-Policy"]
