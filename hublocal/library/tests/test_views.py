"""Library pages: filters, privacy of drafts, forms with uploads, sanitised bodies, the feed, the
pilot's "turn into a replicable model" button."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from hublocal.library.demo_files import build_file
from hublocal.library.models import Resource, ResourceFile
from hublocal.pilots.models import Pilot

from .factories import draft, published


def test_list_filters_and_badges(users, client):
    staff = users["staff"]
    a = published(users["santiago"], staff, title="Protocolo de rondas rurales", kind="management_protocol")
    b = published(
        users["valparaiso"],
        staff,
        title="Informe de listas de espera",
        summary="Tiempos de espera en CESFAM.",
        tags=[],
        kind="sectoral_report",
        areas=["aps"],
        dimensions=[],
    )
    page = client.get("/biblioteca/", {"kind": "management_protocol"}).content.decode()
    assert a.title in page and b.title not in page
    assert "Evidencia sin evaluar" in page
    page = client.get("/biblioteca/", {"area": "aps"}).content.decode()
    assert b.title in page and a.title not in page
    page = client.get("/biblioteca/", {"q": "rondas"}).content.decode()
    assert a.title in page and b.title not in page
    # An unknown filter value is ignored rather than emptying the list.
    assert client.get("/biblioteca/", {"kind": "nope", "evidence_level": "9"}).status_code == 200


def test_drafts_never_listed_nor_found_by_outsiders(users, client_for):
    resource = draft(users["partner"], title="Borrador secreto de la universidad")
    for who in (None, "santiago", "startup-a"):
        c = client_for(who)
        assert "Borrador secreto" not in c.get("/biblioteca/", {"q": "secreto"}).content.decode()
        assert c.get(f"/biblioteca/{resource.slug}/").status_code == 404
    assert client_for("partner").get(f"/biblioteca/{resource.slug}/").status_code == 200


def test_propose_with_a_pdf_then_submit(users, client_for):
    c = client_for("partner")
    pdf = SimpleUploadedFile(
        "estudio.pdf", build_file("pdf", "Estudio", "Texto interno."), content_type="application/pdf"
    )
    response = c.post(
        reverse("library:resource_create"),
        {
            "kind": "applied_study",
            "title": "Estudio de ferias libres",
            "summary": "Un estudio aplicado.",
            "countries": ["CL"],
            "language": "es",
            "licence": "CC-BY-4.0",
            "authors": "Francisca Núñez",
            "file": pdf,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    resource = Resource.objects.get(title="Estudio de ferias libres")
    assert ResourceFile.objects.filter(version__resource=resource, fmt="pdf").count() == 1
    assert c.post(reverse("library:resource_submit", args=[resource.slug])).status_code == 302
    resource.refresh_from_db()
    assert resource.status == "in_review"


def test_a_disguised_upload_is_refused_in_the_form_and_nothing_written(users, client_for):
    c = client_for("partner")
    before = Resource.objects.count()
    fake = SimpleUploadedFile("estudio.pdf", b"PK\x03\x04not really", content_type="application/pdf")
    response = c.post(
        reverse("library:resource_create"),
        {"kind": "applied_study", "title": "Falso", "summary": "S", "countries": ["CL"], "language": "es",
         "licence": "CC-BY-4.0", "file": fake},
    )  # fmt: skip
    assert response.status_code == 400
    assert "dice ser PDF" in response.content.decode()
    assert Resource.objects.count() == before


def test_markdown_body_is_sanitised(users, client):
    resource = published(
        users["santiago"],
        users["staff"],
        body="<script>alert(1)</script>\n\n[clic](javascript:alert(1)) <img src=x onerror=alert(1)>\n\n## Título",
    )
    page = client.get(f"/biblioteca/{resource.slug}/").content.decode()
    # Raw HTML stays text; a javascript: link loses its address; nothing becomes a tag.
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert" not in page
    assert 'href="javascript' not in page and "<img src=x" not in page
    assert "<h2" in page


def test_public_pages_and_feed(users, client):
    resource = published(users["santiago"], users["staff"], title="Recurso para el feed")
    assert "Nivel 5" in client.get("/biblioteca/evidencia/").content.decode()
    assert "Criterios de aceptación" in client.get("/biblioteca/criterios/").content.decode()
    feed = client.get("/biblioteca/feed/")
    assert feed.status_code == 200 and feed["Content-Type"].startswith("application/atom+xml")
    assert resource.title in feed.content.decode()


def test_download_counts_and_serves_the_file(users, client):
    data = build_file("pdf", "t", "x")
    resource = published(users["santiago"], users["staff"], uploads=[("guia.pdf", data)])
    row = ResourceFile.objects.get(version__resource=resource)
    response = client.get(reverse("library:file_download", args=[resource.slug, row.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content) == data
    assert 'filename="guia.pdf"' in response["Content-Disposition"]


def test_finished_pilot_offers_turn_into_model_to_its_municipality(users, client_for):
    finished = Pilot.objects.get(is_demo=True, status="finished")
    url = reverse("pilots:pilot_detail", args=[finished.pk])
    assert "Convertir en modelo replicable" in client_for("valparaiso").get(url).content.decode()
    assert "Convertir en modelo replicable" not in client_for("santiago").get(url).content.decode()
    assert "Convertir en modelo replicable" not in client_for(None).get(url).content.decode()
    response = client_for("valparaiso").post(reverse("library:draft_from_pilot", args=[finished.pk]))
    assert response.status_code == 302 and "/editar/" in response["Location"]


def test_review_page_lists_the_criteria(users, client_for):
    resource = draft(users["partner"])
    client_for("partner").post(reverse("library:resource_submit", args=[resource.slug]))
    page = client_for("staff").get(reverse("library:review", args=[resource.slug])).content.decode()
    assert "Pertinencia municipal" in page and "Devolver con observaciones" in page


def test_open_data_catalogue_lists_published_only(users):
    from hublocal.library import open_data

    pub = published(users["santiago"], users["staff"], title="Publicado para datos abiertos")
    hidden = draft(users["partner"], title="Borrador fuera de los datos abiertos")
    rows = list(open_data.resource_rows())
    ids = {row[0] for row in rows[1:]}
    assert rows[0][0] == "recurso_id" and pub.pk in ids and hidden.pk not in ids


def test_personal_home_shows_reviews_and_returned_drafts(users, client_for):
    from hublocal.library import services

    from .factories import draft as make_draft

    resource = make_draft(users["partner"], title="Borrador para la portada personal")
    services.resource_submit(actor=users["partner"], resource=resource)
    assert "Revisar propuestas de la biblioteca" in client_for("staff").get("/inicio/").content.decode()
    services.review_record(
        actor=users["staff"], resource=resource, decision="return", comment="Faltan fuentes.", checklist={}
    )
    assert "Corregir «Borrador para la portada personal»" in client_for("partner").get("/inicio/").content.decode()


def test_replicable_model_page_shows_the_template(users, client):
    resource = published(
        users["santiago"],
        users["staff"],
        kind="replicable_model",
        model={
            "problem": "Filas largas en la OIRS.",
            "steps": ["Levantar línea base", "Capacitar al equipo"],
            "resources": {"staff": "Un encargado", "cost_min_clp": 8000000, "cost_max_clp": 15000000, "months": 6},
            "risks": ["Baja adopción"],
        },
    )
    page = client.get(resource.get_absolute_url()).content.decode()
    for text in (
        "Filas largas en la OIRS.",
        "Capacitar al equipo",
        "$8.000.000 – $15.000.000 CLP",
        "6 meses",
        "Baja adopción",
    ):
        assert text in page, text


def test_related_solutions_and_model_typologies_in_words(users, client):
    from hublocal.solutions.models import Solution

    solution = Solution.objects.filter(is_published=True).first()
    resource = published(
        users["santiago"],
        users["staff"],
        kind="replicable_model",
        related_solutions=str(solution.pk),
        model={"problem": "P", "context": {"typologies": ["rural_semiurbana"]}},
    )
    page = client.get(resource.get_absolute_url()).content.decode()
    assert solution.name in page and "Rural / semiurbana" in page
