"""Results page, PDF report, proposing challenges, the national ranking and the charts.

Campaigns here are built through the services over real demo municipalities, with random but
valid answers (seeded, so every run is the same)."""

from __future__ import annotations

import io
import random
from datetime import timedelta
from typing import Any

import pytest
import yaml
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from hublocal.diagnosis import charts, reports, selectors, services
from hublocal.diagnosis.models import Campaign, ProposedChallenge
from hublocal.diagnosis.scoring import is_visible, validate_value
from hublocal.directory import selectors as directory_selectors

SLUG = "reportes-prueba"
FREE_TEXT = "Texto libre confidencial de la comuna"

INSTRUMENT: dict[str, Any] = {
    "slug": SLUG,
    "version": 1,
    "area": "digital",
    "title": "Instrumento de reportes",
    "description": "Un instrumento pequeño para probar reportes y exportaciones.",
    "recommendations": {
        "gobernanza": {"low": "Gob bajo.", "mid": "Gob medio.", "high": "Gob alto."},
        "datos": {"low": "Datos bajo.", "mid": "Datos medio.", "high": "Datos alto."},
        "servicios": {"low": "Serv bajo.", "mid": "Serv medio.", "high": "Serv alto."},
    },
    "dimensions": [
        {
            "id": "gobernanza",
            "title": "Gobernanza digital",
            "questions": [
                {
                    "id": "g_plan",
                    "type": "single",
                    "text": "¿Tiene un plan de transformación digital?",
                    "options": [
                        {"id": "no", "label": "No", "score": 0},
                        {"id": "parcial", "label": "En preparación", "score": 50},
                        {"id": "si", "label": "Sí, aprobado", "score": 100},
                    ],
                },
                {"id": "g_equipo", "type": "yesno", "text": "¿Hay un responsable designado?"},
                {"id": "g_escala", "type": "scale", "text": "¿Cuánto apoyo da la alcaldía?"},
            ],
        },
        {
            "id": "datos",
            "title": "Datos abiertos",
            "questions": [
                {"id": "d_portal", "type": "yesno", "text": "¿Tiene portal de datos abiertos?"},
                {
                    "id": "d_formatos",
                    "type": "multiple",
                    "text": "¿En qué formatos publica?",
                    "show_if": {"question": "d_portal", "equals": True},
                    "options": [
                        {"id": "csv", "label": "CSV", "score": 50},
                        {"id": "json", "label": "JSON", "score": 50},
                        {"id": "pdf", "label": "PDF", "score": 0},
                    ],
                },
                {
                    "id": "d_conjuntos",
                    "type": "number",
                    "text": "¿Cuántos conjuntos de datos publica?",
                    "show_if": {"question": "d_portal", "equals": True},
                    "number": {
                        "min": 0,
                        "max": 1000,
                        "integer": True,
                        "scoring": [{"upto": 0, "score": 0}, {"upto": 10, "score": 50}, {"score": 100}],
                    },
                },
                {"id": "d_comentario", "type": "text", "text": "Comentarios sobre sus datos", "required": False},
            ],
        },
        {
            "id": "servicios",
            "title": "Servicios en línea",
            "questions": [
                {"id": "s_tramites", "type": "scale", "text": "¿Cuántos trámites están en línea?"},
                {
                    "id": "s_canales",
                    "type": "multiple",
                    "text": "¿Qué canales usa?",
                    "options": [
                        {"id": "web", "label": "Sitio web", "score": 50},
                        {"id": "app", "label": "Aplicación", "score": 50},
                        {"id": "ninguno", "label": "Ninguno", "score": 0, "exclusive": True},
                    ],
                },
            ],
        },
    ],
}

# Santiago and Valparaíso are "metropolitana": a group of two, withheld; the three rural
# communes make region 13 a group of four; the nation is five.
CODES = ["13101", "13202", "13203", "13303", "05101"]


def publish_instrument(settings: Any, tmp_path: Any) -> Any:
    root = tmp_path / "instrumentos"
    (root / SLUG).mkdir(parents=True)
    (root / SLUG / "v1.yaml").write_text(yaml.safe_dump(INSTRUMENT, allow_unicode=True), encoding="utf-8")
    settings.INSTRUMENTS_DIR = root
    report = services.instruments_publish()
    assert not report.errors, report.errors
    return selectors.instrument_version_get(slug=SLUG, version=1)


def random_answers(instrument: Any, rng: random.Random, overrides: dict[str, Any] | None = None) -> dict[str, Any]:
    """Valid answers (each passes scoring.validate_value) to every question that is shown."""
    values: dict[str, Any] = {}
    overrides = overrides or {}
    for q in instrument.questions:
        if not is_visible(instrument, q, values):
            continue
        if q.id in overrides:
            raw = overrides[q.id]
        elif q.type == "single":
            raw = rng.choice(q.options).id
        elif q.type == "multiple":
            plain = [o.id for o in q.options if not o.exclusive]
            raw = rng.sample(plain, rng.randint(1, len(plain)))
        elif q.type == "scale":
            raw = rng.randint(1, 5)
        elif q.type == "yesno":
            raw = rng.random() < 0.6
        elif q.type == "number":
            raw = rng.randint(0, 40)
        else:
            raw = FREE_TEXT
        value = validate_value(q, raw)
        if value is not None:
            values[q.id] = value
    return values


def build_campaign(
    users: dict[str, Any],
    version: Any,
    codes: list[str],
    *,
    public: bool = True,
    submit: bool = True,
    seed: int = 7,
    overrides: dict[str, dict[str, Any]] | None = None,
    name: str = "Campaña de reportes",
) -> Any:
    orgs = list(directory_selectors.municipalities(codes=codes))
    assert len(orgs) == len(codes)
    now = timezone.now()
    campaign = services.campaign_create(
        actor=users["staff"],
        name=name,
        instrument_version=version,
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=10),
        organizations=orgs,
        results_public=public,
    )
    instrument = selectors.instrument_of(version)
    rng = random.Random(seed)
    for p in selectors.participation_list(campaign=campaign):
        values = random_answers(instrument, rng, (overrides or {}).get(p.commune_code))
        items = [services.AnswerInput(k, v) for k, v in values.items()]
        services.answers_save(allow_unversioned=True, actor=None, participation=p, answers=items)
        if submit:
            services.participation_submit(actor=None, participation=p)
    return campaign


def participation_of(campaign: Any, code: str) -> Any:
    return selectors.participation_list(campaign=campaign).get(commune_code=code)


def pdf_text(pdf: bytes) -> str:
    """The text of a PDF as a reader extracts it (fonts are embedded subsets, so the raw streams
    hold glyph numbers, not letters)."""
    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages)


def struct_tags(pdf: bytes) -> list[str]:
    """The structure types of the PDF's tag tree, depth first (reading order)."""
    from pypdf import PdfReader

    root = PdfReader(io.BytesIO(pdf)).trailer["/Root"]
    out: list[str] = []

    def walk(node: Any) -> None:
        node = node.get_object()
        if isinstance(node, list):
            for child in node:
                walk(child)
            return
        if not hasattr(node, "get"):
            return
        if node.get("/S"):
            out.append(str(node["/S"]))
        kids = node.get("/K")
        if kids is not None:
            walk(kids)

    walk(root["/StructTreeRoot"])
    return out


@pytest.fixture
def version(network, settings, tmp_path):
    return publish_instrument(settings, tmp_path)


@pytest.fixture
def public_campaign(users, version):
    return build_campaign(users, version, CODES)


@pytest.fixture
def private_campaign(users, version):
    return build_campaign(users, version, CODES, public=False, name="Campaña privada", seed=11)


def results_url(p: Any) -> str:
    return reverse("diagnosis:participation_results", kwargs={"pk": p.pk})


# --- Results page ---------------------------------------------------------------------------


def test_published_results_are_open_to_anyone_without_raw_answers(client_for, public_campaign):
    p = participation_of(public_campaign, "13101")
    response = client_for(None).get(results_url(p))
    assert response.status_code == 200
    page = response.content.decode()
    result = selectors.result_of(participation=p)
    assert "Santiago" in page and "reportes-prueba v1" in page
    assert f"{result.overall:.1f}".replace(".", ",") in page
    # The metropolitan group has two members: withheld, said in words.
    assert "grupo muy pequeño para mostrar" in page
    # A chart with a text alternative, no inline styles.
    body = page.split("<body", 1)[1]  # the head's one inline style is the critical CSS, allowed by hash
    assert 'role="img"' in page and "<title" in page and "style=" not in body and "<style" not in body
    # Raw answers and free text are not for the public, nor the button to propose challenges.
    assert FREE_TEXT not in page and "Convertir en desafío" not in page


def test_unpublished_results_stay_with_the_municipality_and_the_hub(client_for, private_campaign):
    p = participation_of(private_campaign, "13101")
    url = results_url(p)
    anon = client_for(None).get(url)
    assert anon.status_code == 302 and "next=" in anon["Location"]
    assert client_for("valparaiso").get(url).status_code == 404
    assert client_for("startup-a").get(url).status_code == 404
    own = client_for("santiago").get(url)
    assert own.status_code == 200
    body = own.content.decode()
    # The municipality sees its answers (free text included) and may propose challenges.
    assert FREE_TEXT in body and "Convertir en desafío" in body
    assert client_for("staff").get(url).status_code == 200
    assert client_for("analista").get(url).status_code == 200


def test_results_before_submission(client_for, users, version):
    campaign = build_campaign(users, version, CODES, submit=False)
    p = participation_of(campaign, "13101")
    assert client_for(None).get(results_url(p)).status_code == 404
    own = client_for("santiago").get(results_url(p))
    assert own.status_code == 302 and own["Location"] == reverse("diagnosis:participation_detail", kwargs={"pk": p.pk})
    assert client_for(None).get(reverse("diagnosis:participation_pdf", kwargs={"pk": p.pk})).status_code == 404


def test_unknown_participation_is_404(client_for, network):
    assert client_for("staff").get(reverse("diagnosis:participation_results", kwargs={"pk": 999999})).status_code == 404


# --- Report content ---------------------------------------------------------------------------


def test_band_for_limits():
    assert reports.band_for(None) == "low"
    assert reports.band_for(39.9) == "low"
    assert reports.band_for(40) == "mid"
    # Bands follow the maturity levels, as the methodology page states.
    assert reports.band_for(59.9) == "mid"
    assert reports.band_for(60) == "high"
    assert reports.band_for(100) == "high"


def test_report_strengths_gaps_and_next_steps(public_campaign):
    p = participation_of(public_campaign, "13101")
    report = reports.build_report(participation=p, result=selectors.result_of(participation=p))
    groups = {g.group: g for g in report.groups}
    assert not groups["typology"].shown and groups["typology"].size == 2
    assert groups["region"].shown and groups["region"].size == 4
    assert groups["nation"].shown and groups["nation"].size == 5
    # Typology withheld, so the nation is the reference.
    assert report.reference is not None and report.reference.group == "nation"
    assert len(report.strengths) == 1 and len(report.gaps) == 2
    assert not {d.id for d in report.strengths} & {d.id for d in report.gaps}
    assert report.gaps[0].delta <= report.gaps[1].delta <= report.strengths[0].delta
    for d in report.dimensions:
        assert d.recommendation == INSTRUMENT["recommendations"][d.id][reports.band_for(d.score)]
        typology_cell = d.peers[0]
        assert not typology_cell.shown and typology_cell.mean is None
    assert {d.id for d in report.other_steps} == {d.id for d in report.strengths}


# --- PDF --------------------------------------------------------------------------------------


def test_pdf_report(client_for, public_campaign):
    p = participation_of(public_campaign, "13101")
    url = reverse("diagnosis:participation_pdf", kwargs={"pk": p.pk})
    response = client_for(None).get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;") and "santiago" in disposition and SLUG in disposition
    pdf = response.content
    assert pdf.startswith(b"%PDF")
    text = pdf_text(pdf)
    result = selectors.result_of(participation=p)
    # The municipality, its dimensions and its scores are text (searchable, read aloud), not drawings.
    assert "Santiago" in text and "Gobernanza digital" in text
    assert f"{result.overall:.1f}".replace(".", ",") in text
    for dim_score in result.dimensions.values():
        assert f"{dim_score:.1f}".replace(".", ",") in text
    # Same data, same bytes (no creation date or random id).
    again = client_for(None).get(url).content
    assert again == pdf


def test_pdf_report_is_tagged(client_for, public_campaign):
    """PDF/UA essentials: a structure tree in reading order, marked content, the document's
    language, a title the viewer shows, table header cells and the chart's alternative text."""
    from pypdf import PdfReader

    p = participation_of(public_campaign, "13101")
    pdf = client_for(None).get(reverse("diagnosis:participation_pdf", kwargs={"pk": p.pk})).content
    reader = PdfReader(io.BytesIO(pdf))
    root = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])
    assert root["/Lang"] == "es-CL"
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])
    assert "Santiago" in reader.metadata.title and "Instrumento de reportes" in reader.metadata.title
    assert b"pdfuaid" in root["/Metadata"].get_data()  # the PDF/UA identification (XMP)
    tags = struct_tags(pdf)
    assert tags[0] == "/Document" and tags[1] == "/H1", tags
    assert tags.count("/Table") == 2 and "/TH" in tags and "/TD" in tags
    # Reading order: title, scores table, chart, then the steps.
    assert tags.index("/H1") < tags.index("/Table") < tags.index("/Figure") < len(tags) - 1
    alts = _struct_values(reader, "/Alt")
    assert any("Puntajes por dimensión de Santiago" in a for a in alts), alts


def _struct_values(reader: Any, key: str) -> list[str]:
    values: list[str] = []

    def walk(node: Any) -> None:
        node = node.get_object()
        if isinstance(node, list):
            for child in node:
                walk(child)
            return
        if not hasattr(node, "get"):
            return
        if key in node:
            values.append(str(node[key]))
        if node.get("/K") is not None:
            walk(node["/K"])

    walk(reader.trailer["/Root"]["/StructTreeRoot"])
    return values


def test_pdf_follows_result_permission(client_for, private_campaign):
    p = participation_of(private_campaign, "13101")
    url = reverse("diagnosis:participation_pdf", kwargs={"pk": p.pk})
    assert client_for("valparaiso").get(url).status_code == 404
    assert client_for("santiago").get(url).content.startswith(b"%PDF")


# --- Proposing a challenge --------------------------------------------------------------------


def test_propose_challenge_once_per_gap(client_for, public_campaign):
    p = participation_of(public_campaign, "13101")
    report = reports.build_report(participation=p, result=selectors.result_of(participation=p))
    gap = report.gaps[0].id
    url = reverse("diagnosis:propose_challenge", kwargs={"pk": p.pk, "dimension": gap})
    santiago = client_for("santiago")
    assert santiago.get(url).status_code == 405
    first = santiago.post(url)
    assert first.status_code == 302 and first["Location"].endswith(results_url(p) + "#desafios")
    assert ProposedChallenge.objects.filter(participation=p, dimension=gap).count() == 1
    second = santiago.post(url, follow=True)
    body = second.content.decode()
    assert "Esta brecha ya tiene un desafío propuesto." in body
    assert ProposedChallenge.objects.filter(participation=p).count() == 1
    # The page lists it, no longer offers the button for that gap, and leads to writing it.
    assert "Desafío propuesto" in body
    assert reverse("innovation:challenge_from_gap") in body
    # Drafts are the municipality's working material: not on the public page.
    title = ProposedChallenge.objects.get(participation=p).title
    public = client_for(None).get(results_url(p)).content.decode()
    assert "Desafío propuesto" not in public and title not in public


def test_propose_challenge_refused_to_others(client_for, public_campaign):
    p = participation_of(public_campaign, "13101")
    url = reverse("diagnosis:propose_challenge", kwargs={"pk": p.pk, "dimension": "datos"})
    assert client_for("valparaiso").post(url).status_code == 403
    assert client_for("startup-a").post(url).status_code == 403
    assert client_for("analista").post(url).status_code == 403
    anon = client_for(None).post(url)
    assert anon.status_code == 302 and "next=" in anon["Location"]
    assert not ProposedChallenge.objects.filter(participation=p).exists()
    assert client_for("staff").post(url).status_code == 302
    assert ProposedChallenge.objects.filter(participation=p).count() == 1


def test_propose_challenge_unknown_dimension_shows_the_error(client_for, public_campaign):
    p = participation_of(public_campaign, "13101")
    url = reverse("diagnosis:propose_challenge", kwargs={"pk": p.pk, "dimension": "no-existe"})
    body = client_for("santiago").post(url, follow=True).content.decode()
    assert "Dimensión desconocida." in body
    assert not ProposedChallenge.objects.filter(participation=p).exists()


# --- Ranking ----------------------------------------------------------------------------------


def ranking(client: Any, **params: Any) -> Any:
    return client.get(reverse("diagnosis:ranking"), params)


def test_ranking_lists_the_campaign_with_filters(client_for, public_campaign):
    anon = client_for(None)
    response = ranking(anon, campana=public_campaign.pk)
    assert response.status_code == 200
    page = response.content.decode()
    assert len(response.context["rows"]) == 5
    ranks = [r["rank"] for r in response.context["rows"]]
    scores = [r["result"].overall for r in response.context["rows"]]
    assert scores == sorted(scores, reverse=True) and ranks[0] == 1
    for i in range(1, len(ranks)):
        assert ranks[i] == (ranks[i - 1] if scores[i] == scores[i - 1] else i + 1)
    assert 'id="grafico-distribucion"' in page
    # The map comes after the page: a slot fetching it (htmx) and a link that draws it in place.
    assert 'id="mapa-indice"' not in page and 'id="ranking-map"' in page and "mapa=1" in page
    with_map = ranking(anon, campana=public_campaign.pk, mapa="1").content.decode()
    assert 'id="mapa-indice"' in with_map
    slot = anon.get(
        reverse("diagnosis:ranking"),
        {"campana": public_campaign.pk, "mapa": "1"},
        headers={"HX-Request": "true", "HX-Target": "ranking-map"},
    )
    fragment = slot.content.decode()
    assert slot.status_code == 200 and fragment.startswith("<figure") and 'id="mapa-indice"' in fragment
    assert "<html" not in fragment and "5 comunas con resultado" in fragment
    body = page.split("<body", 1)[1]  # the head's one inline style is the critical CSS, allowed by hash
    assert "style=" not in body and "<style" not in body
    assert len(response.content) < 200_000
    region = ranking(anon, campana=public_campaign.pk, region="13")
    assert {r["result"].region_code for r in region.context["rows"]} == {"13"}
    assert len(region.context["rows"]) == 4
    # The map ignores the region and typology: its slot asks by campaign only (one cached
    # fragment per campaign), while the no-JavaScript link keeps the page's filters.
    region_page = region.content.decode()
    assert f'hx-get="?campana={public_campaign.pk}&amp;mapa=1"' in region_page
    assert "region=13" in region_page.split('id="ranking-map"', 1)[1].split("</a>", 1)[0]
    rural = ranking(anon, campana=public_campaign.pk, tipologia="rural_semiurbana")
    assert len(rural.context["rows"]) == 3
    assert sum(rural.context["histogram_rows"][i][1] for i in range(10)) == 3


def test_ranking_ignores_unknown_filters_with_a_note(client_for, public_campaign):
    response = ranking(
        client_for(None), campana=public_campaign.pk, region="99", tipologia="gigante", instrumento="nada"
    )
    assert response.status_code == 200
    notes = " ".join(response.context["notes"])
    assert "Región desconocida" in notes and "Tipología desconocida" in notes and "nada" in notes
    assert len(response.context["rows"]) == 5


def test_ranking_hides_unpublished_campaigns_from_outsiders(client_for, public_campaign, private_campaign):
    anon = ranking(client_for(None), campana=private_campaign.pk)
    assert anon.context["campaign"].pk != private_campaign.pk
    assert private_campaign.pk not in [c.pk for c in anon.context["all_campaigns"]]
    assert "Campaña privada" not in anon.content.decode()
    santiago = ranking(client_for("santiago"), campana=private_campaign.pk)
    assert santiago.context["campaign"].pk != private_campaign.pk
    staff = ranking(client_for("analista"), campana=private_campaign.pk)
    assert staff.context["campaign"].pk == private_campaign.pk and len(staff.context["rows"]) == 5


def test_ranking_withholds_small_typology_groups(client_for, public_campaign):
    response = ranking(client_for(None), campana=public_campaign.pk)
    means = {t["key"]: t["stats"] for t in response.context["typology_means"]}
    assert means["metropolitana"] is None  # two municipalities
    assert means["rural_semiurbana"]["n"] == 3
    assert "grupo muy pequeño para mostrar" in response.content.decode()


def test_ranking_default_campaign_and_instrument_filter(client_for, public_campaign):
    response = ranking(client_for(None), instrumento=SLUG)
    assert response.context["campaign"].pk == public_campaign.pk


def test_ranking_htmx_returns_the_rows_only(client_for, public_campaign):
    response = client_for(None).get(
        reverse("diagnosis:ranking"), {"campana": public_campaign.pk}, HTTP_HX_REQUEST="true"
    )
    body = response.content.decode()
    assert response.status_code == 200 and "<html" not in body and "<table" in body


def _count_ranking_queries(client: Any, campaign: Any) -> int:
    with CaptureQueriesContext(connection) as ctx:
        # With the map drawn in place (`mapa=1`): the page's fullest form.
        response = ranking(client, campana=campaign.pk, mapa="1")
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_ranking_queries_do_not_grow_with_results(client_for, users, version):
    small = build_campaign(users, version, CODES, name="Pequeña")
    codes = [o.commune.code for o in directory_selectors.municipalities(region="13")][:30]
    large = build_campaign(users, version, codes, name="Grande", seed=3)
    client = client_for(None)
    _count_ranking_queries(client, small)  # warm caches (instrument parsing, map file)
    n_small = _count_ranking_queries(client, small)
    n_large = _count_ranking_queries(client, large)
    assert n_small == n_large, (n_small, n_large)
    assert n_large <= 12


@pytest.fixture
def aggregate_cache(settings):
    """The campaign aggregates cached as in production, in a cache emptied before and after
    (ids are reused after a rollback on SQLite: no entry may outlive the test)."""
    settings.DIAGNOSIS_AGGREGATE_CACHE = True
    cache.clear()
    yield
    cache.clear()


def test_cached_ranking_page_follows_every_result_change(client_for, users, version, aggregate_cache):
    codes = [o.commune.code for o in directory_selectors.municipalities(region="13")][:30]
    campaign = build_campaign(users, version, codes, name="Grande", seed=3)
    anon = client_for(None)
    first = ranking(anon, campana=campaign.pk, mapa="1")
    assert first.context["page_obj"].paginator.count == 30 and first.context["map_count"] == 30
    rows = first.context["rows"] + ranking(anon, campana=campaign.pk, page=2).context["rows"]
    scores = [r["result"].overall for r in rows]
    assert len(rows) == 30 and scores == sorted(scores, reverse=True)
    assert [r["rank"] for r in rows] == [1 + sum(1 for s in scores if s > x) for x in scores]

    # Warm: nothing is read from the results table, only the campaigns (with their results
    # version) and the regions.
    with CaptureQueriesContext(connection) as ctx:
        again = ranking(anon, campana=campaign.pk, mapa="1")
    assert len(ctx.captured_queries) == 2, [q["sql"] for q in ctx.captured_queries]
    assert again.context["rows"] == first.context["rows"]
    assert again.context["map_svg"] == first.context["map_svg"]
    assert not [q["sql"] for q in ctx.captured_queries if '"diagnosis_result"."overall"' in q["sql"]]

    top = rows[0]["result"]
    services.participation_reopen(
        actor=users["staff"], participation=selectors.participation_get(pk=top.participation_id)
    )
    after = ranking(anon, campana=campaign.pk, mapa="1")
    assert after.context["page_obj"].paginator.count == 29 and after.context["map_count"] == 29
    assert top.commune_code not in [r["result"].commune_code for r in after.context["rows"]]
    assert after.context["rows"][0]["rank"] == 1
    assert sum(n for _, n in after.context["histogram_rows"]) == 29
    assert "29 comunas con resultado en la campaña Grande" in after.content.decode()

    # The campaign's name is drawn in the map's description: renaming it redraws the map.
    Campaign.objects.filter(pk=campaign.pk).update(name="Grande renombrada")
    renamed = ranking(anon, campana=campaign.pk, mapa="1").content.decode()
    assert "29 comunas con resultado en la campaña Grande renombrada" in renamed


def test_results_page_queries_are_bounded(client_for, users, version):
    codes = [o.commune.code for o in directory_selectors.municipalities(region="13")][:30]
    small = build_campaign(users, version, codes[:6], name="Pequeña")
    large = build_campaign(users, version, codes, name="Grande", seed=3)
    client = client_for(None)
    counts = []
    for campaign in (small, large):
        p = participation_of(campaign, codes[0])
        # Same shape of page in both (every peer group shown), so only the sizes differ.
        report = reports.build_report(participation=p, result=selectors.result_of(participation=p))
        assert all(g.shown for g in report.groups)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(results_url(p)).status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1], counts


def test_no_results_yet(client_for, network):
    response = ranking(client_for(None), campana="abc")
    assert response.status_code == 200


# --- Charts -----------------------------------------------------------------------------------


def test_charts_have_text_alternatives_and_no_styles():
    scene = charts.dimension_bars(
        bars=[charts.Bar("Datos <abiertos>", 42.5, {"nation": 50.0}), charts.Bar("Sin puntaje", None)],
        series=[charts.Series("nation", "Media país", "line", "#000000")],
        title="Título & prueba",
        desc="Descripción",
    )
    svg = charts.to_svg(scene, dom_id="x")
    assert svg.startswith("<svg") and 'role="img"' in svg and 'aria-labelledby="x-title x-desc"' in svg
    assert "Título &amp; prueba" in svg and "Datos &lt;abiertos&gt;" in svg
    assert "style" not in svg
    hist = charts.to_svg(charts.histogram(counts=[0, 1, 5, 2, 0, 0, 0, 0, 0, 0], title="t", desc="d"), dom_id="h")
    assert hist.count("<rect") == 10 and "style" not in hist


def test_phone_chart_puts_names_above_full_width_bars():
    bars = [charts.Bar("Atención primaria de salud", 80.0, {"nation": 50.0}), charts.Bar("Seguridad", None)]
    series = [charts.Series("nation", "Media país", "line", "#000000")]
    wide = charts.dimension_bars(bars=bars, series=series, title="t", desc="d", width=900)
    phone = charts.dimension_bars(bars=bars, series=series, title="t", desc="d", width=360, compact=True)
    assert phone.width == 360
    texts = [s for s in phone.shapes if isinstance(s, charts.Text)]
    rects = [s for s in phone.shapes if isinstance(s, charts.Rect) and s.h == 16]
    name = next(t for t in texts if t.text == "Atención primaria de salud")
    bar = rects[0]
    # The name sits above its bar, starting at the same left edge; the bar gets most of the width.
    assert name.y < bar.y and name.x == bar.x
    assert bar.w > 0.7 * (phone.width - 52)
    # Labels at reading size on a 360-px screen (drawn 1:1), never smaller than the wide chart's.
    assert min(t.size for t in texts) >= 12 > min(t.size for t in wide.shapes if isinstance(t, charts.Text))
    svg = charts.to_svg(phone, dom_id="m")
    assert 'viewBox="0 0 360' in svg and "sin puntaje" in svg and "style" not in svg


def test_compact_paths_keep_the_shape():
    original = "M290 158L291 157L292 159L290 159ZM229 455L229 446L226 445Z"
    compact = charts._compact(original)
    assert compact == "M290 158l1-1 1 2-2 0zM229 455l0-9-3-1z"
