"""The engagements API (same permissions as the pages, strict parameters, OpenAPI), the pages'
visibility per role and their query bounds, the next step on the diagnosis results, the profile
panel and the home sections."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from hublocal.assistance import recommend, services
from hublocal.assistance.models import Engagement
from hublocal.core import registry
from tests.helpers import api_client

from .factories import PROBLEM, engagement

pytestmark = pytest.mark.django_db
URL = "/api/v1/assistance/engagements/"


def _ids(response) -> set[int]:
    data = response.json()
    return {row["id"] for row in data.get("results", data)}


def test_api_shows_each_role_only_its_own(users):
    own = engagement(users)
    all_ids = set(Engagement.objects.values_list("pk", flat=True))
    santiago_ids = set(
        Engagement.objects.filter(organization__slug="municipalidad-santiago").values_list("pk", flat=True)
    )
    assert _ids(api_client("staff").get(URL)) == all_ids
    assert _ids(api_client("santiago").get(URL)) == santiago_ids and own.pk in santiago_ids
    assert own.pk not in _ids(api_client("valparaiso").get(URL))
    assert _ids(api_client("partner").get(URL)) == set(
        Engagement.objects.filter(team__user=users["partner"]).values_list("pk", flat=True)
    )
    assert api_client(None).get(URL).status_code == 401
    assert api_client("startup-a").get(URL).status_code == 403


def test_api_filters_and_strict_parameters(users):
    closed = api_client("staff").get(URL + "?status=closed").json()
    rows = closed.get("results", closed)
    assert rows and all(r["status"] == "closed" for r in rows)
    assert api_client("staff").get(URL + "?status=lost").status_code == 400
    assert api_client("staff").get(URL + "?area=mars").status_code == 400
    assert api_client("staff").get(URL + "?colour=red").status_code == 400


def test_api_is_in_the_openapi_document(client):
    schema = client.get("/api/v1/openapi.json").content.decode()
    assert "/api/v1/assistance/engagements/" in schema


def test_next_step_links_to_the_prefilled_form(users, client_for):
    steps = recommend.recommend("13101", [("digital", "gobernanza"), ("aps", "x")], 6)
    assert len(steps) == 1 and "area=digital" in steps[0].url and "dimension=gobernanza" in steps[0].url
    assert any(s.url == steps[0].url for s in registry.next_steps("13101", [("digital", "gobernanza")], 8))
    page = client_for("santiago").get(steps[0].url)
    assert page.status_code == 200
    assert 'value="digital" selected' in page.content.decode()


def test_profile_panel_counts_public_details_private(users, client_for):
    anon = client_for(None).get("/municipios/05101/").content.decode()
    assert "Asistencia técnica recibida" in anon
    assert "Protocolo de continuidad operativa" not in anon
    own = client_for("valparaiso").get("/municipios/05101/").content.decode()
    assert "Protocolo de continuidad operativa" in own


def test_home_sections(users, client_for):
    e = engagement(users)
    d = e.deliverables.get()
    services.deliverable_submit(actor=users["partner"], deliverable=d, text="Entregable para revisar.")
    assert "Revisar el entregable" in client_for("santiago").get("/inicio/").content.decode()
    assert "Capacitación en ciberseguridad" in client_for("staff").get("/inicio/").content.decode()
    assert "Corregir el entregable devuelto" in client_for("partner").get("/inicio/").content.decode()


def _grow(users, n: int) -> None:
    today = timezone.localdate()
    for i in range(n):
        r = services.request_create(
            actor=users["santiago"], title=f"Solicitud {i}", problem=PROBLEM, area="aps", urgency="low"
        )
        services.request_decide(actor=users["staff"], request=r, decision="accept")
        e = services.engagement_create(
            actor=users["staff"],
            request=r,
            title=f"Asistencia {i}",
            objective=PROBLEM,
            hours=5,
            fee_clp=0,
            team=[users["analista"], users["partner"]],
            plan=[{"title": f"E{j}", "due_on": today + timedelta(days=5)} for j in range(3)],
        )
        for d in e.deliverables.all()[:2]:
            services.deliverable_submit(actor=users["partner"], deliverable=d, text="Versión uno del entregable.")
            services.deliverable_review(
                actor=users["santiago"], deliverable=d, decision="returned", comment="Faltan anexos."
            )
            services.deliverable_submit(actor=users["partner"], deliverable=d, text="Versión dos del entregable.")


def _count(client, url: str) -> int:
    cache.clear()
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx)


@pytest.mark.parametrize("viewer", ["staff", "santiago", "partner"])
def test_list_and_detail_queries_are_bounded(users, client_for, viewer):
    client = client_for(viewer)
    running = Engagement.objects.get(is_demo=True, organization__slug="municipalidad-santiago")
    urls = ["/asistencia/", f"/asistencia/{running.pk}/"]
    small = [_count(client, u) for u in urls]
    _grow(users, 4)
    # The detail page grows with the plan, not per version: add versions to the demo engagement too.
    d = running.deliverables.get(status="pending")
    services.deliverable_submit(actor=users["partner"], deliverable=d, text="Versión uno del tablero.")
    services.deliverable_review(actor=users["santiago"], deliverable=d, decision="returned", comment="Falta el manual.")
    services.deliverable_submit(actor=users["partner"], deliverable=d, text="Versión dos del tablero.")
    big = [_count(client, u) for u in urls]
    assert big == small, (urls, small, big)
    assert max(big) <= 30
    api = api_client(viewer)
    with CaptureQueriesContext(connection) as ctx:
        assert api.get(URL).status_code == 200
    assert len(ctx) <= 12


def test_openapi_declares_the_filters(client):
    import json

    schema = json.loads(client.get("/api/v1/openapi.json").content)
    params = {p["name"] for p in schema["paths"]["/api/v1/assistance/engagements/"]["get"]["parameters"]}
    assert {"status", "area"} <= params
