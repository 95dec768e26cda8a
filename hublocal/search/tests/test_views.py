"""/buscar/: ranked results with marked snippets, facets, suggestions, and bad input that never
fails the page."""

from __future__ import annotations

import re

import pytest

from .conftest import entry

pytestmark = pytest.mark.django_db

URL = "/buscar/"


def test_an_empty_query_explains_what_can_be_searched(client):
    response = client.get(URL)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Qué puede encontrar" in body
    assert "Soluciones del catálogo" in body and "Municipios" in body
    assert "resultado" not in body.split("Qué puede encontrar")[1].split("Por ejemplo")[0]


def test_synonyms_accents_and_stems_find_and_mark(client, make_solution):
    solution = make_solution()
    response = client.get(URL, {"q": "patentes comerciales"})
    body = response.content.decode()
    assert response.status_code == 200
    assert f'href="/soluciones/{solution.slug}/"' in body
    assert "<mark>licencias de funcionamiento</mark>" in body
    # accents and stems: "tramitacion" without its accent, "comerciantes" for "comercio"…
    body = client.get(URL, {"q": "tramitacion"}).content.decode()
    assert "<mark>Tramitación</mark>" in body


def test_results_escape_the_indexed_text(client, make_solution):
    make_solution(name="Ventanilla <script>alert(1)</script>", summary="Patentes <b>rápidas</b> en línea.")
    body = client.get(URL, {"q": "ventanilla"}).content.decode()
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;" in body
    assert "<b>rápidas</b>" not in body


def test_private_objects_never_appear_not_even_in_counts(client, draft_challenge):
    assert entry("innovation.challenge", draft_challenge.pk) is None
    for q in ("xilófonos", "XILOFONO"):
        body = client.get(URL, {"q": q}).content.decode()
        assert "Xilófonos extraviados" not in body
        assert "0 resultados" in body
        assert "Desafíos de innovación" not in body  # no facet, not even with a zero


def test_facets_count_and_keep_the_other_filters(client, make_solution):
    make_solution(name="Patentes Sur", area="digital", typologies=["rural_semiurbana"])
    make_solution(name="Patentes Norte", area="seguridad", typologies=["metropolitana"])
    response = client.get(URL, {"q": "patentes", "area": "seguridad"})
    body = response.content.decode()
    assert "/soluciones/patentes-norte/" in body and "/soluciones/patentes-sur/" not in body
    # The area facet still offers the other area, with its count under the other filters.
    assert re.search(r"Transformación digital</a> <span class=\"muted\">\(\d+\)", body)
    # A type link keeps the area filter.
    assert "type=solutions.solution" in body and "area=seguridad" in body
    # Selected values link to the same search without them.
    assert 'aria-current="true"' in body


def test_a_typo_gets_a_suggestion_that_finds_something(client, make_solution):
    make_solution(summary="Telemedicina para postas rurales.")
    body = client.get(URL, {"q": "telemedisina"}).content.decode()
    assert "¿Quiso decir" in body
    assert "telemedicina" in body.split("¿Quiso decir")[1][:200]


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"q": "patentes " * 250}, "se usaron los primeros 300"),
        ({"q": "patentes", "type": "nada.nada"}, "Se ignoró el filtro de tipo"),
        ({"q": "patentes", "area": "espacio"}, "Se ignoró el filtro de área"),
        ({"q": "patentes", "typology": "lunar"}, "Se ignoró el filtro de tipología"),
        ({"q": "patentes", "year": "abc"}, "Se ignoró el filtro de año"),
        ({"q": "patentes", "page": "abc"}, ""),
        ({"q": "patentes", "page": "999999"}, ""),
        ({"q": "de la y"}, "no tiene palabras que se puedan buscar"),
        ({"q": '"patentes" & (oirs | !reciclaje):*'}, ""),
    ],
)
def test_bad_input_gets_a_page_with_a_message(client, network, params, message):
    response = client.get(URL, params)
    assert response.status_code == 200
    assert message in response.content.decode()


def test_a_nul_character_is_refused_like_everywhere_else(client, network):
    # The project's middleware answers 400 to a NUL in a query string, before any view runs.
    assert client.get(URL, {"q": "pat\x00entes"}).status_code == 400


def test_english_page_links_to_english_pages(client, make_solution):
    solution = make_solution()
    body = client.get("/en" + URL, {"q": "patentes comerciales"}).content.decode()
    assert f'href="/en/soluciones/{solution.slug}/"' in body
