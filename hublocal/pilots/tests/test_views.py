"""Pilot pages: public reading, forms with bad input (4xx, nothing written), the lock seen
from the browser, downloads, charts and open data."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from hublocal.exports import services as exports_services
from hublocal.innovation.models import Call
from hublocal.pilots import services
from hublocal.pilots.models import IndicatorVersion, Measurement, Rating
from hublocal.pilots.models import PilotAgreement as Agreement
from hublocal.proposals.models import Proposal
from tests.helpers import assert_unchanged, db_state

from . import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def stgo(network):
    return f.org("municipalidad-santiago")


@pytest.fixture
def running(users, stgo):
    pilot = f.running_pilot(users["santiago"], municipality=stgo, startup_org=f.org("datamuni-spa"))
    services.measurement_record(
        actor=users["santiago"], indicator=pilot.indicators.get(), measured_on=f.days_ago(20), value=8
    )
    return pilot


def test_pilot_list_is_public_and_filters(client_for, running):
    client = client_for(None)
    page = client.get(reverse("pilots:pilot_list")).content.decode()
    assert running.title in page
    filtered = client.get(reverse("pilots:pilot_list"), {"status": "finished", "area": "nada", "region": "x" * 500})
    assert filtered.status_code == 200
    assert running.title not in filtered.content.decode()


def test_pilot_detail_shows_lock_chart_and_table(client_for, running):
    page = client_for(None).get(reverse("pilots:pilot_detail", args=[running.pk])).content.decode()
    assert "Indicadores bloqueados desde" in page
    assert "<svg" in page and "<title" in page and "<desc" in page
    assert "style=" not in page.split("<main", 1)[1]
    assert "Mediciones de Tiempo de respuesta" in page
    assert "Registrar medición" not in page  # the public reads, parties act


def test_actions_shown_to_parties_only(client_for, running):
    url = reverse("pilots:pilot_detail", args=[running.pk])
    assert "Pausar" in client_for("santiago").get(url).content.decode()
    assert "Registrar medición" in client_for("startup-a").get(url).content.decode()
    other = client_for("startup-b").get(url).content.decode()
    assert "Pausar" not in other and "Registrar medición" not in other


def test_locked_indicator_edit_is_refused_and_unchanged(client_for, running):
    ind = running.indicators.get()
    client = client_for("santiago")
    page = client.get(reverse("pilots:indicator_edit", args=[ind.pk])).content.decode()
    assert "bloqueado" in page
    before = db_state()
    data = {
        "name": "Cambiado",
        "unit": "días",
        "baseline": "10",
        "target": "1",
        "direction": "decrease",
        "method": "Otro",
        "frequency": "monthly",
        "row_version": str(ind.row_version),
    }
    response = client.post(reverse("pilots:indicator_edit", args=[ind.pk]), data)
    assert response.status_code == 400
    assert "bloqueados" in response.content.decode()
    assert_unchanged(before)
    response = client.post(reverse("pilots:indicator_delete", args=[ind.pk]))
    assert response.status_code == 400
    assert_unchanged(before)


def test_revise_form_requires_a_justification(client_for, running):
    ind = running.indicators.get()
    url = reverse("pilots:indicator_revise", args=[ind.pk])
    data = {
        "name": "Tiempo de respuesta",
        "unit": "días",
        "baseline": "10",
        "target": "6,5",
        "direction": "decrease",
        "method": "Promedio mensual del sistema.",
        "frequency": "monthly",
        "justification": "corta",
        "row_version": str(ind.row_version),
    }
    client = client_for("santiago")
    before = db_state()
    assert client.post(url, data).status_code == 400
    assert_unchanged(before)
    response = client.post(url, {**data, "justification": "El proveedor de datos cambió la forma de medir."})
    assert response.status_code == 302
    assert IndicatorVersion.objects.get(indicator=ind, version=2).target == 6.5
    page = client_for(None).get(reverse("pilots:pilot_detail", args=[running.pk])).content.decode()
    assert "El proveedor de datos cambió la forma de medir." in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"measured_on": "<tomorrow>", "value": "3"}, "futuro"),
        ({"measured_on": "<20 days ago>", "value": "3"}, "Ya hay una medición"),
        ({"measured_on": "2020-01-01", "value": "3"}, "anterior al inicio"),
        ({"measured_on": "no es fecha", "value": "3"}, ""),
        ({"measured_on": "<today>", "value": "inf"}, ""),
        ({"measured_on": "<today>", "value": "1e400"}, ""),
    ],
)
def test_measurement_form_bad_input(client_for, running, data, message):
    today = timezone.localdate()
    dates = {
        "<tomorrow>": today + timedelta(days=1),
        "<20 days ago>": f.days_ago(20),
        "<today>": today,
    }
    body = {"indicator": running.indicators.get().pk, "note": "", **data}
    body["measured_on"] = str(dates.get(body["measured_on"], body["measured_on"]))
    before = db_state()
    response = client_for("startup-a").post(reverse("pilots:measurement_create", args=[running.pk]), body)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert_unchanged(before)


def test_measurement_form_records(client_for, running):
    body = {"indicator": running.indicators.get().pk, "measured_on": str(f.days_ago(1)), "value": "7,5", "note": ""}
    response = client_for("startup-a").post(reverse("pilots:measurement_create", args=[running.pk]), body)
    assert response.status_code == 302
    assert Measurement.objects.filter(indicator__pilot=running, value=7.5).exists()


def test_transition_in_the_wrong_state_is_a_400(client_for, running):
    client = client_for("santiago")
    before = db_state()
    response = client.post(reverse("pilots:pilot_resume", args=[running.pk]))
    assert response.status_code == 400
    assert "pausado puede reanudarse" in response.content.decode()
    assert_unchanged(before)
    response = client.post(reverse("pilots:pilot_cancel", args=[running.pk]), {"reason": "no"})
    assert response.status_code == 400
    assert_unchanged(before)


def test_finish_and_rate_through_the_pages(client_for, running):
    ind = running.indicators.get()
    client = client_for("santiago")
    page = client.get(reverse("pilots:pilot_finish", args=[running.pk])).content.decode()
    assert "Juicio calculado" in page
    before = db_state()
    bad = client.post(
        reverse("pilots:pilot_finish", args=[running.pk]), {f"judgement_{ind.pk}": "met", f"reason_{ind.pk}": ""}
    )
    assert bad.status_code == 400
    assert_unchanged(before)
    done = client.post(
        reverse("pilots:pilot_finish", args=[running.pk]),
        {f"judgement_{ind.pk}": "auto", f"reason_{ind.pk}": "", "summary": "Cerrado."},
    )
    assert done.status_code == 302
    rate = reverse("pilots:rating_create", args=[running.pk])
    assert client_for("startup-a").get(rate).status_code == 403
    form = client.get(rate).content.decode()
    assert "Calidad de la solución" in form and 'type="radio"' in form
    before = db_state()
    missing = client.post(rate, {"c_calidad_solucion": "5", "comment": "x"})
    assert missing.status_code == 400
    assert_unchanged(before)
    out_of_range = client.post(
        rate,
        {
            "c_calidad_solucion": "9",
            "c_cumplimiento_plazos": "4",
            "c_soporte_capacitacion": "4",
            "c_comunicacion": "4",
            "c_costo_beneficio": "4",
        },
    )
    assert out_of_range.status_code == 400
    scores = {
        "c_calidad_solucion": "5",
        "c_cumplimiento_plazos": "4",
        "c_soporte_capacitacion": "4",
        "c_comunicacion": "3",
        "c_costo_beneficio": "4",
        "comment": "Comentario privado del municipio.",
    }
    assert client.post(rate, scores).status_code == 302
    assert Rating.objects.get(pilot=running).average == 4.0
    detail = reverse("pilots:pilot_detail", args=[running.pk])
    assert "Comentario privado del municipio." not in client_for(None).get(detail).content.decode()
    assert "Comentario privado del municipio." in client_for("valparaiso").get(detail).content.decode()
    again = client.get(rate).content.decode()
    assert "ya tiene su calificación" in again and 'type="radio"' not in again  # rated once: no form


def test_agreement_form_from_a_shortlisted_proposal(client_for, users, stgo, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    c = f.challenge(stgo)
    p = f.proposal(c, f.org("tramite-facil-spa"))
    url = reverse("pilots:agreement_create", args=[p.pk])
    assert client_for("valparaiso").get(url).status_code == 404  # the proposal is private to them
    assert client_for("startup-b").get(url).status_code == 403  # its own proposal, but not the buyer
    client = client_for("santiago")
    assert client.get(url).status_code == 200
    today = timezone.localdate()
    data = {
        "municipality": stgo.pk,
        "title": "Convenio por formulario",
        "scope": "Alcance del piloto.",
        "starts_on": str(today),
        "ends_on": str(today - timedelta(days=1)),
        "signed_on": str(today),
        "value_clp": "1000",
        "pilot_title": "",
        "document": SimpleUploadedFile("c.pdf", b"GIF89a not a pdf"),
    }
    before = db_state()
    response = client.post(url, data)
    assert response.status_code == 400
    body = response.content.decode()
    assert "PDF" in body and "anterior al inicio" in body
    assert_unchanged(before)
    data["ends_on"] = str(today + timedelta(days=30))
    data["document"] = SimpleUploadedFile("firmado.pdf", b"%PDF-1.4 contenido", content_type="application/pdf")
    response = client.post(url, data)
    assert response.status_code == 302
    agreement = Agreement.objects.get(proposal=p)
    download = client_for(None).get(reverse("pilots:agreement_document", args=[agreement.pk]))
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith('attachment; filename="firmado.pdf"')
    assert b"".join(download.streaming_content).startswith(b"%PDF-")


def test_agreement_without_document_has_no_download(client_for, running):
    response = client_for(None).get(reverse("pilots:agreement_document", args=[running.agreement_id]))
    assert response.status_code == 404


def test_supplier_detail_hides_details_from_the_public(client_for, users, running):
    services.pilot_finish(actor=users["santiago"], pilot=running)
    services.rating_submit(
        actor=users["santiago"],
        pilot=running,
        scores=dict.fromkeys(
            ["calidad_solucion", "cumplimiento_plazos", "soporte_capacitacion", "comunicacion", "costo_beneficio"], 4
        ),
        comment="Nota reservada para compradores.",
    )
    url = reverse("pilots:supplier_detail", args=["datamuni-spa"])
    for who, sees in [
        (None, False),
        ("startup-b", False),
        ("partner", False),
        ("valparaiso", True),
        ("analista", True),
        ("startup-a", True),
    ]:
        page = client_for(who).get(url).content.decode()
        assert ("Nota reservada para compradores." in page) is sees, who
        assert "Desempeño de" in page
    assert client_for(None).get(reverse("pilots:supplier_detail", args=["municipalidad-santiago"])).status_code == 404
    assert "DataMuni" in client_for(None).get(reverse("pilots:supplier_list")).content.decode()


def test_programme_page_and_bad_call(client_for, running):
    client = client_for(None)
    page = client.get(reverse("pilots:programme")).content.decode()
    assert "Convenios" in page and "Municipios participantes" not in page
    assert "Municipios participantes" in client_for("analista").get(reverse("pilots:programme")).content.decode()
    assert client.get(reverse("pilots:programme"), {"call": "abc"}).status_code == 400
    assert client.get(reverse("pilots:programme"), {"call": "99999999"}).status_code == 404
    call_id = running.agreement.challenge.call_id
    assert client.get(reverse("pilots:programme"), {"call": call_id}).status_code == 200


def _funnel_cell(page: str, label: str) -> str:
    return re.search(rf"<th scope=\"row\">{label}</th><td>(.*?)</td>", page).group(1)


def test_programme_page_says_what_it_counts_and_its_totals_match_the_funnel(client_for, users):
    from hublocal.pilots import selectors

    table = selectors.programme_table(viewer=users["analista"])
    funnel = selectors.programme_funnel(open_figures=True)
    assert table.totals.shared >= 1  # the demo's challenge shared by Santiago and Valparaíso
    assert (table.totals.challenges, table.totals.proposals) == (funnel["challenges"], funnel["proposals"])
    page = client_for("analista").get(reverse("pilots:programme")).content.decode()
    assert "Cada desafío cuenta una vez" in page and "la suma de las filas puede superar el total" in page
    foot = page.split("<tfoot>")[1].split("</tfoot>")[0]
    assert f">{table.totals.challenges} <" in foot and "contado una vez" in foot
    assert f">{table.totals.proposals}</td>" in foot
    # The public sees the funnel and what it counts, not the per-municipality table.
    public = client_for(None).get(reverse("pilots:programme")).content.decode()
    assert "Cada desafío cuenta una vez" in public and "<tfoot>" not in public


def test_programme_hides_proposal_counts_of_an_open_call_from_all_but_the_hub(client_for, users):
    open_call = Call.objects.get(slug="municipia-2026")
    url = reverse("pilots:programme")
    for who in ("startup-b", None, "santiago", "partner"):
        page = client_for(who).get(url, {"call": open_call.pk}).content.decode()
        assert _funnel_cell(page, "Propuestas") == "—", who
        assert _funnel_cell(page, "Sesiones de trabajo realizadas") == "—", who
    hub = client_for("analista").get(url, {"call": open_call.pk}).content.decode()
    assert int(_funnel_cell(hub, "Propuestas")) >= 2
    # The programme's total counts, for the public, only calls already closed.
    now = timezone.now()
    still_open = Proposal.objects.filter(challenge__call__closes_at__gt=now).exclude(status="withdrawn").count()
    public_total = int(_funnel_cell(client_for("startup-b").get(url).content.decode(), "Propuestas"))
    hub_total = int(_funnel_cell(client_for("staff").get(url).content.decode(), "Propuestas"))
    assert still_open >= 2 and hub_total - public_total == still_open


def test_programme_of_a_draft_call_is_404_to_all_but_the_hub(client_for, network):
    draft = f.call(status="draft", closes_at=timezone.now() + timedelta(days=60))
    url = reverse("pilots:programme")
    for who in (None, "startup-b", "santiago"):
        assert client_for(who).get(url, {"call": draft.pk}).status_code == 404, who
    page = client_for("staff").get(url, {"call": draft.pk})
    assert page.status_code == 200 and draft.title in page.content.decode()


@pytest.mark.parametrize("raw", ["²", "١٢", "12a", "-1"])
def test_programme_with_a_non_ascii_number_is_400_not_500(client_for, raw):
    assert client_for(None).get(reverse("pilots:programme"), {"call": raw}).status_code == 400


def test_empty_posts_are_validated_not_shown_as_a_fresh_form(client_for, running):
    # An empty POST is a POST: its form is checked (400 with errors), never a 200 "new form".
    indicator = running.indicators.get()
    client = client_for("santiago")
    before = db_state()
    for name, pk in (
        ("pilots:indicator_create", running.pk),
        ("pilots:indicator_edit", indicator.pk),
        ("pilots:indicator_revise", indicator.pk),
        ("pilots:measurement_create", running.pk),
    ):
        response = client.post(reverse(name, args=[pk]), {})
        assert response.status_code == 400, name
        assert "Este campo es requerido." in response.content.decode(), name
    assert_unchanged(before)


def test_open_data_csv(client_for, running):
    # What the task queue does once a pilots service commits (hublocal/exports).
    exports_services.datasets_refresh(everything=True)
    response = client_for(None).get(reverse("pilots:open_data", args=["pilotos"]))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert text.splitlines()[0].startswith("piloto_id,titulo,estado")
    assert running.title in text
    indicators = b"".join(client_for(None).get(reverse("pilots:open_data", args=["indicadores"])).streaming_content)
    assert b"Tiempo de respuesta" in indicators
    assert client_for(None).get(reverse("pilots:open_data", args=["otra-cosa"])).status_code == 404


def test_municipality_profile_lists_its_pilots(client_for, running):
    page = client_for(None).get(reverse("directory:municipality_detail", args=["13101"])).content.decode()
    assert running.title in page


PAGES = [
    ("pilots:pilot_list", None, None, 5),
    ("pilots:supplier_list", None, None, 5),
    ("pilots:programme", None, "staff", 14),
    ("pilots:supplier_detail", "datamuni-spa", "santiago", 11),
    ("pilots:pilot_detail", "<pilot>", "santiago", 9),
]


@pytest.mark.parametrize(("route", "arg", "viewer", "ceiling"), PAGES)
def test_page_queries_do_not_grow(
    client_for, users, running, route, arg, viewer, ceiling, django_assert_max_num_queries
):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    datamuni = f.org("datamuni-spa")
    url = reverse(route, args=[running.pk if arg == "<pilot>" else arg] if arg else [])
    client = client_for(viewer)

    def count() -> int:
        cache.clear()
        client.get(url)
        cache.clear()
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    small = count()
    ind = running.indicators.get()
    for i in range(2, 14):
        services.measurement_record(actor=users["santiago"], indicator=ind, measured_on=f.days_ago(20 + i), value=i)
    for _ in range(6):
        other = f.running_pilot(users["staff"], municipality=f.org("municipalidad-valparaiso"), startup_org=f.startup())
        services.pilot_finish(actor=users["staff"], pilot=other)
        f.running_pilot(users["staff"], municipality=f.org("municipalidad-santiago"), startup_org=datamuni)
    assert count() == small
    with django_assert_max_num_queries(ceiling):
        client.get(url)
