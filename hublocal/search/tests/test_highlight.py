"""Snippets: the analyser decides what is marked; everything else is escaped."""

from __future__ import annotations

import pytest

from hublocal.core import search, spanish
from hublocal.search import highlight

TEXTS = [
    "Los vecinos reclaman por las OIRS y licencias de conducir; telegestión de alumbrado público.",
    "Patentes comerciales, permisos de edificación y el CESFAM de la comuna (año 2024).",
    "Ñuñoa y Concepción: luces, lápices y funciones municipales de la DIDECO.",
    "",
]


@pytest.mark.parametrize("text", TEXTS)
def test_term_spans_give_the_analyser_terms(text):
    assert [t for span in highlight.term_spans(text) for t in span.terms] == spanish.analyze(text)


def test_a_concept_marks_its_synonym_phrase():
    html = highlight.snippet(
        "", "Trámite de licencias de funcionamiento en línea.", search.parse("patentes comerciales")
    )
    assert html == "Trámite de <mark>licencias de funcionamiento</mark> en línea."


def test_stems_and_accents_are_marked():
    html = highlight.snippet("Las luces y las funciones de la dirección.", "", search.parse("luz funcion"))
    assert "<mark>luces</mark>" in html and "<mark>funciones</mark>" in html


def test_everything_else_is_escaped():
    html = highlight.snippet("<img src=x onerror=alert(1)> patentes & más", "", search.parse("patentes"))
    assert "<img" not in html and "&lt;img" in html and "&amp;" in html
    assert "<mark>patentes</mark>" in html
    title = highlight.highlight_title("<b>Patentes</b>", search.parse("patentes"))
    assert title == "&lt;b&gt;<mark>Patentes</mark>&lt;/b&gt;"


def test_a_long_text_shows_the_window_with_the_words():
    text = (
        "Introducción general sin relación. " * 2000
        + "Aquí se habla de telemedicina en las postas de la comuna. "
        + "Fin. " * 50
    )
    html = highlight.snippet("Un resumen.", text, search.parse("telemedicina postas"))
    assert html.startswith("…") and "<mark>telemedicina</mark>" in html and "<mark>postas</mark>" in html
    assert len(html) < 400


def test_without_a_match_the_summary_is_shown():
    assert highlight.snippet("Resumen corto.", "Texto.", search.parse("reciclaje")) == "Resumen corto."


def test_concepts_are_stored_as_one_token():
    from hublocal.search.models import stored_document, stored_term

    assert stored_term("_patente_comercial") == "0patente0comercial"
    assert stored_term("patent") == "patent"
    assert stored_document("_oirs patent _reclamo") == "0oirs patent 0reclamo"
