"""Units map, roadmap and the about page: public pages with their text equivalents, staff-only
stage edits with clear errors and nothing saved, the units API."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hublocal.network import selectors, services
from hublocal.network.models import Stage, Unit

pytestmark = pytest.mark.django_db


def test_roadmap_shows_eight_stages_with_evidence(client_for):
    body = client_for(None).get(reverse("network:roadmap")).content.decode()
    assert Stage.objects.count() == 8
    for stage in Stage.objects.all():
        assert stage.title in body
    assert "Mapa de unidades integradas" in body  # evidence of stage 2
    assert "Actualizar la etapa" not in body


def test_about_page_summarises_the_roadmap(client_for):
    body = client_for(None).get(reverse("core:about")).content.decode()
    assert "Ocho etapas" in body and reverse("network:roadmap") in body
    assert "Definición estratégica" in body and "Lograda" in body


def test_units_map_has_svg_and_table(client_for):
    body = client_for(None).get(reverse("network:unit_map")).content.decode()
    assert "<svg" in body and "<table" in body
    assert "Observatorio de Seguridad" in body and "Centro de Riesgos" in body
    assert body.count("<line") == 4


def test_units_map_layout_is_deterministic():
    units = selectors.units()
    first, second = selectors.units_map(units), selectors.units_map(units)
    assert [(n.x, n.y) for n in first.nodes] == [(n.x, n.y) for n in second.nodes]
    assert len(first.edges) == 4


def test_staff_edits_a_stage_bad_dates_are_refused(client_for, users):
    stage = Stage.objects.get(number=8)
    url = reverse("network:stage_edit", kwargs={"pk": stage.pk})
    assert client_for("santiago").get(url).status_code == 403
    client = client_for("staff")
    bad = {"status": "done", "starts_on": "2026-05-01", "ends_on": "2026-04-01", "row_version": str(stage.row_version)}
    response = client.post(url, bad)
    assert response.status_code == 400 and "antes de empezar" in response.content.decode()
    assert Stage.objects.get(pk=stage.pk).status == "pending"
    response = client.post(url, {**bad, "ends_on": "2026-06-01"})
    assert response.status_code == 302
    assert Stage.objects.get(pk=stage.pk).status == "done"


def test_done_stage_needs_dates(users):
    stage = Stage.objects.get(number=7)
    with pytest.raises(Exception) as exc:
        services.stage_update(actor=users["staff"], stage=stage, status="done", starts_on=None, ends_on=None)
    assert "ends_on" in exc.value.message_dict  # type: ignore[attr-defined]


def test_units_api(client_for):
    data = client_for(None).get(reverse("api:network_unit_list")).json()
    rows = data["results"] if isinstance(data, dict) else data
    assert {r["slug"] for r in rows} >= {"observatorio-seguridad", "centro-innovacion-local"}
    assert any(r["relations"] for r in rows)


@pytest.mark.parametrize("name", ["network:unit_map", "network:roadmap"])
def test_queries_do_not_grow_with_data(client_for, users, name):
    def count() -> int:
        client = client_for("staff")
        client.get(reverse(name))
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse(name)).status_code == 200
        return len(ctx.captured_queries)

    small = count()
    for i in range(5):
        unit = services.unit_upsert(
            actor=users["staff"],
            slug=f"u-{i}",
            name=f"Unidad {i}",
            kind="centre",
            mission="Misión",
            products=[("tool", "T", "")],
        )
        services.relation_add(actor=users["staff"], source=unit, target=Unit.objects.first(), kind="joint")
        services.evidence_add(
            actor=users["staff"], stage=Stage.objects.get(number=1), kind="page", title=f"E{i}", url="/"
        )
    assert count() <= small
