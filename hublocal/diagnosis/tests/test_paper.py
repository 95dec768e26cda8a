"""The blank questionnaire on paper (issue 17): the printable page, its PDF built once into
storage, and the links that lead to them."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.urls import reverse

from hublocal.diagnosis import paper, selectors, tasks

from .test_reports import pdf_text, struct_tags

KW = {"slug": "prueba", "version": 1}


@pytest.fixture
def clean_paper(tiny_version):
    """No PDF built yet: empty storage folder and cache (both outlive a test)."""

    def wipe() -> None:
        cache.clear()
        if default_storage.exists(paper.PAPER_DIR):
            for name in default_storage.listdir(paper.PAPER_DIR)[1]:
                default_storage.delete(f"{paper.PAPER_DIR}/{name}")

    wipe()
    yield tiny_version
    wipe()


def _instrument(version: Any) -> Any:
    return selectors.instrument_of(version)


def _page(client: Any) -> str:
    response = client.get(reverse("diagnosis:instrument_paper", kwargs=KW))
    assert response.status_code == 200
    return response.content.decode()


def test_page_is_public_with_every_code_option_and_blank(client_for, tiny_version):
    html = _page(client_for(None))
    instrument = _instrument(tiny_version)
    for q in instrument.questions:
        assert f"[{q.id}]" in html, q.id
        assert q.text.replace("¿", "") in html.replace("¿", ""), q.text
        for o in q.options:
            assert o.label in html, (q.id, o.label)
    # Header: instrument, version and blanks for the municipality and the date.
    assert "Cuestionario en blanco: Instrumento de prueba" in html
    assert "Versión 1 · 6 preguntas" in html
    for blank in ("Municipio", "Fecha", "Personas que responden"):
        assert re.search(rf'<th scope="row">{blank}</th><td class="paper-blank"></td>', html), blank
    assert "Instrucciones" in html
    # Dimension by dimension, numbered as on the screens, in order.
    assert html.index("1. Dimensión A") < html.index("[portal]") < html.index("2. Dimensión B")
    assert html.index("[canales]") < html.index("[tramites]") < html.index("[comentario]")
    assert "<strong>2.2</strong>" in html
    # Each question says how to answer it; conditions name the earlier question and its answer.
    assert "Responda solo si en la pregunta portal respondió «Sí»." in html
    assert "Marque todas las que correspondan." in html
    assert 'Ninguno <span class="paper-note">(no la combine con otras)</span>' in html
    assert "Escriba un número entero entre 0 y 500." in html
    assert "Marque un valor de 1 a 5." in html
    assert html.count('class="paper-rule"') >= 3  # lines to write the free text on
    # Its own print stylesheet, not a copy of the site's; the PDF is one link away.
    assert re.search(r'<link rel="stylesheet" href="/static/css/print[^"]*\.css">', html)
    assert reverse("diagnosis:instrument_paper_pdf", kwargs=KW) in html


def test_paper_description_follows_the_instrument(tiny_version):
    form = paper.paper_questionnaire(_instrument(tiny_version))
    assert [d.number for d in form.dimensions] == [1, 2]
    q = {pq.code: pq for d in form.dimensions for pq in d.questions}
    assert [o.code for o in q["portal"].options] == ["si", "no"] and q["portal"].round_boxes
    assert [o.label for o in q["escala"].options] == ["1", "2", "3", "4", "5"]
    assert not q["canales"].round_boxes and q["canales"].options[-1].note
    assert q["tramites"].options == () and q["tramites"].lines == 0
    assert q["comentario"].lines >= 3 and not q["comentario"].required
    assert q["formatos"].condition and not q["portal"].condition


def test_unknown_version_is_404(client_for, tiny_version):
    for name in ("diagnosis:instrument_paper", "diagnosis:instrument_paper_pdf"):
        assert client_for(None).get(reverse(name, kwargs={"slug": "prueba", "version": 9})).status_code == 404
        assert client_for(None).get(reverse(name, kwargs={"slug": "nada", "version": 1})).status_code == 404


def test_page_query_count_is_bounded(client_for, tiny_version, django_assert_max_num_queries):
    client = client_for("santiago")
    client.get(reverse("diagnosis:instrument_paper", kwargs=KW))  # warm the session
    with django_assert_max_num_queries(4):
        _page(client)
    anonymous = client_for(None)
    with django_assert_max_num_queries(1):  # the version; the parsed instrument is cached
        _page(anonymous)


def test_pdf_is_valid_tagged_and_complete(client_for, clean_paper):
    from pypdf import PdfReader

    response = client_for(None).get(reverse("diagnosis:instrument_paper_pdf", kwargs=KW))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="cuestionario-prueba-v1.pdf"'
    pdf = b"".join(response.streaming_content)
    assert pdf.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(pdf))
    root = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])
    assert root["/Lang"] == "es-CL"
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])
    assert reader.metadata.title == "Cuestionario en blanco: Instrumento de prueba (versión 1)"
    assert b"pdfuaid" in root["/Metadata"].get_data()
    tags = struct_tags(pdf)
    assert tags[0] == "/Document" and tags[1] == "/H1", tags
    assert "/Table" in tags and "/TH" in tags and tags.count("/H2") == 3  # instructions + 2 dimensions
    assert "/L" in tags and tags.count("/LI") >= 6
    text = " ".join(pdf_text(pdf).split())
    for q in _instrument(clean_paper).questions:
        assert f"[{q.id}]" in text, q.id
        for o in q.options:
            assert o.label in text, (q.id, o.label)
    assert "Municipio" in text and "Fecha" in text


def test_pdf_is_built_once_then_served_from_storage(client_for, clean_paper, monkeypatch):
    url = reverse("diagnosis:instrument_paper_pdf", kwargs=KW)
    drawn: list[int] = []
    real = paper.render_pdf
    monkeypatch.setattr(paper, "render_pdf", lambda html: drawn.append(1) or real(html))
    first = client_for(None).get(url)
    assert first.status_code == 200 and drawn == [1]
    body = b"".join(first.streaming_content)
    names = default_storage.listdir(paper.PAPER_DIR)[1]
    assert len(names) == 1 and names[0].startswith("cuestionario-prueba-v1-es-")

    # Later requests, from anyone, read the stored file: nothing is drawn again.
    monkeypatch.setattr(paper, "render_pdf", lambda html: pytest.fail("the PDF was drawn in a request"))
    again = client_for("valparaiso").get(url)
    assert again.status_code == 200 and b"".join(again.streaming_content) == body
    assert again["ETag"] == first["ETag"] and "max-age=86400" in again["Cache-Control"]
    assert client_for(None).get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    cache.clear()  # the metadata is rebuilt from storage, still without drawing
    assert client_for(None).get(url).status_code == 200


def test_pdf_request_is_cheap_once_built(client_for, clean_paper, django_assert_max_num_queries):
    url = reverse("diagnosis:instrument_paper_pdf", kwargs=KW)
    client = client_for(None)
    assert client.get(url).status_code == 200
    with django_assert_max_num_queries(1):  # the version row; the file's facts come from the cache
        assert client.get(url).status_code == 200


def test_pdf_is_prepared_on_the_queue_when_missing(client_for, clean_paper, monkeypatch):
    """With a real (not immediate) queue the first visitor is asked to come back, and the build
    is queued once however many people ask meanwhile."""
    queued: list[tuple[str, int, str]] = []
    monkeypatch.setattr(tasks, "paper_pdf_build_task", lambda *args: queued.append(args))
    url = reverse("diagnosis:instrument_paper_pdf", kwargs=KW)
    for _ in range(3):
        response = client_for(None).get(url)
        assert response.status_code == 503 and response["Retry-After"]
    assert queued == [("prueba", 1, "es-cl")]
    monkeypatch.undo()
    tasks.paper_pdf_build_task.call_local(*queued[0])  # what the worker does
    assert client_for(None).get(url).status_code == 200


def test_pdf_per_language(client_for, clean_paper):
    url = reverse("diagnosis:instrument_paper_pdf", kwargs=KW)
    english = client_for(None).get("/en" + url)
    assert english.status_code == 200 and english["Content-Language"] == "en"
    spanish = client_for(None).get(url)
    assert spanish.status_code == 200 and spanish["ETag"] != english["ETag"]
    names = sorted(default_storage.listdir(paper.PAPER_DIR)[1])
    assert [n.split("-")[3] for n in names] == ["en", "es"], names


def test_links_from_instrument_participation_and_section(client_for, participation):
    page = reverse("diagnosis:instrument_paper", kwargs=KW)
    pdf = reverse("diagnosis:instrument_paper_pdf", kwargs=KW)
    html = client_for(None).get(reverse("diagnosis:instrument_detail", kwargs=KW)).content.decode()
    assert "Imprimir cuestionario en blanco" in html and page in html and pdf in html
    official = client_for("santiago")
    html = official.get(reverse("diagnosis:participation_detail", kwargs={"pk": participation.pk})).content.decode()
    assert "Responder en papel" in html and page in html and pdf in html
    section = reverse("diagnosis:participation_section", kwargs={"pk": participation.pk, "dimension": "b"})
    html = official.get(section).content.decode()
    assert f"{page}#dim-b" in html


def test_hourly_refresh_builds_what_is_missing_once(clean_paper, monkeypatch):
    monkeypatch.setattr(paper, "render_pdf", lambda html: b"%PDF-1.7 drawn")  # the drawing is tested above
    versions = selectors.instrument_version_list()
    built = tasks.paper_pdfs_refresh()
    assert len(built) == 2 * len(versions)  # every published version, in Spanish and in English
    names = default_storage.listdir(paper.PAPER_DIR)[1]
    assert sum("-prueba-v1-es-" in n for n in names) == 1 and sum("-prueba-v1-en-" in n for n in names) == 1
    monkeypatch.setattr(paper, "render_pdf", lambda html: pytest.fail("a built PDF was drawn again"))
    assert tasks.paper_pdfs_refresh() == []


def test_refresh_prunes_pdfs_of_earlier_templates_after_a_day(clean_paper, monkeypatch):
    import os
    import time

    monkeypatch.setattr(paper, "render_pdf", lambda html: b"%PDF-1.7 drawn")
    old = default_storage.save(f"{paper.PAPER_DIR}/cuestionario-prueba-v1-es-0000000000.pdf", io.BytesIO(b"%PDF"))
    recent = default_storage.save(f"{paper.PAPER_DIR}/cuestionario-prueba-v1-es-1111111111.pdf", io.BytesIO(b"%PDF"))
    two_days_ago = time.time() - 2 * 86400
    os.utime(default_storage.path(old), (two_days_ago, two_days_ago))
    tasks.paper_pdfs_refresh()
    names = {f"{paper.PAPER_DIR}/{n}" for n in default_storage.listdir(paper.PAPER_DIR)[1]}
    assert old not in names and recent in names
