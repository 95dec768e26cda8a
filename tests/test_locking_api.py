"""Optimistic locking through the API (hublocal/core/locking.py): GET answers an ETag, PATCH
without If-Match is 428, with a stale one 412 carrying the current representation, with the
fresh one 200 and the next ETag. Diagnosis answers name their version in the body instead."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from hublocal.directory import selectors as directory_selectors
from hublocal.directory import services as directory_services
from hublocal.solutions import selectors as solutions_selectors
from tests.helpers import api_client, assert_api_error, send

pytestmark = pytest.mark.django_db


def _etag(response: Any) -> str:
    assert response.status_code == 200, response.content[:300]
    return response["ETag"]


def test_organization_etag_and_if_match(users):
    client = api_client("startup-b")
    url = reverse("api:organization_detail", kwargs={"slug": "tramite-facil-spa"})
    tag = _etag(client.get(url))
    assert tag.startswith('W/"')

    # No If-Match: 428 with the JSON error contract, nothing saved.
    missing = assert_api_error(send(client, "PATCH", url, {"description": "Sin etiqueta"}), 428)
    assert "If-Match" in missing["detail"]
    assert directory_selectors.organization_get(slug="tramite-facil-spa").description != "Sin etiqueta"

    # A malformed one is a 400 that says what to send.
    assert_api_error(send(client, "PATCH", url, {"description": "X"}, {"If-Match": "cualquiera"}), 400)

    ok = send(client, "PATCH", url, {"description": "Primera"}, {"If-Match": tag})
    assert ok.status_code == 200 and ok.json()["description"] == "Primera"
    new_tag = ok["ETag"]
    assert new_tag != tag

    # Someone who read before that save gets 412, the saved state, and the current ETag.
    stale = send(client, "PATCH", url, {"description": "Encima"}, {"If-Match": tag})
    body = assert_api_error(stale, 412)
    assert body["current"]["description"] == "Primera"
    assert stale["ETag"] == new_tag
    assert directory_selectors.organization_get(slug="tramite-facil-spa").description == "Primera"

    # An ETag without W/ or quotes is understood as well.
    bare = new_tag.removeprefix("W/").strip('"')
    assert send(client, "PATCH", url, {"description": "Segunda"}, {"If-Match": bare}).status_code == 200


def test_organization_service_stale_version_changes_nothing(users):
    from hublocal.core.locking import StaleVersion

    org = directory_selectors.organization_get(slug="tramite-facil-spa")
    version = org.row_version
    directory_services.organization_update(
        actor=users["staff"], organization=org, data={"description": "Colega"}, expected_version=version
    )
    with pytest.raises(StaleVersion) as exc:
        directory_services.organization_update(
            actor=users["staff"], organization=org, data={"description": "Mía"}, expected_version=version
        )
    assert exc.value.current.description == "Colega"
    fresh = directory_selectors.organization_get(slug="tramite-facil-spa")
    assert (fresh.description, fresh.row_version) == ("Colega", version + 1)


def test_solution_etag_and_if_match(users):
    client = api_client("startup-a")
    url = reverse("api:solution_detail", kwargs={"slug": "patentes-en-linea"})
    tag = _etag(client.get(url))
    assert_api_error(send(client, "PATCH", url, {"summary": "Sin etiqueta"}), 428)
    ok = send(client, "PATCH", url, {"summary": "Resumen nuevo"}, {"If-Match": tag})
    assert ok.status_code == 200 and ok["ETag"] != tag
    stale = assert_api_error(send(client, "PATCH", url, {"summary": "Encima"}, {"If-Match": tag}), 412)
    assert stale["current"]["summary"] == "Resumen nuevo"
    assert solutions_selectors.solution_get_by_slug(slug="patentes-en-linea").summary == "Resumen nuevo"


def test_startup_profile_etag_and_if_match(users):
    client = api_client("startup-a")
    url = reverse("api:startup_detail", kwargs={"slug": "datamuni-spa"})
    tag = _etag(client.get(url))
    assert_api_error(send(client, "PATCH", url, {"team_size": 12}), 428)
    ok = send(client, "PATCH", url, {"team_size": 12}, {"If-Match": tag})
    assert ok.status_code == 200 and ok["ETag"] != tag
    stale = assert_api_error(send(client, "PATCH", url, {"team_size": 99}, {"If-Match": tag}), 412)
    assert stale["current"]["team_size"] == 12


def test_startup_without_profile_has_version_zero(users):
    org = directory_services.organization_create(actor=users["staff"], name="Startup Sin Perfil", kind="startup")
    url = reverse("api:startup_detail", kwargs={"slug": org.slug})
    staff = api_client("staff")
    if staff.get(url).status_code != 200:
        pytest.skip("a startup without profile is not listed by this API")
    assert staff.get(url)["ETag"] == 'W/"0"'
    created = send(staff, "PATCH", url, {"stage": "idea", "team_size": 2}, {"If-Match": 'W/"0"'})
    assert created.status_code == 200 and created["ETag"] == 'W/"1"'
    # A second client that also saw "no profile" must not overwrite the one just created.
    assert_api_error(send(staff, "PATCH", url, {"team_size": 5}, {"If-Match": 'W/"0"'}), 412)
    profile = solutions_selectors.startup_profile_of(organization_id=org.pk)
    assert profile is not None and profile.team_size == 2


def test_openapi_documents_if_match_and_the_new_statuses(users):
    schema = api_client(None).get(reverse("api:openapi"), {"format": "json"}).json()
    operation = schema["paths"]["/api/v1/organizations/{slug}/"]["patch"]
    headers = [p for p in operation["parameters"] if p["in"] == "header"]
    assert any(p["name"] == "If-Match" and p["required"] for p in headers)
    assert {"412", "428"} <= set(operation["responses"])
    assert "ETag" in schema["paths"]["/api/v1/organizations/{slug}/"]["get"]["responses"]["200"].get("headers", {})


# --------------------------------------------------------------------------- diagnosis answers


def _valparaiso_answers(client: Any) -> tuple[str, dict[str, Any]]:
    from hublocal.diagnosis.models import Campaign, Participation

    p = Participation.objects.get(
        campaign=Campaign.objects.get(is_demo=True), organization__slug="municipalidad-valparaiso"
    )
    url = reverse("api:diagnosis_participation_answers", kwargs={"pk": p.pk})
    response = client.get(url)
    assert response.status_code == 200
    return url, response.json()["answers"]


def test_answers_expose_an_etag_per_answer(users):
    client = api_client("valparaiso")
    _url, answers = _valparaiso_answers(client)
    assert answers, "the demo participation has answers"
    for item in answers.values():
        assert item["etag"] == f'W/"{item["version"]}"'


@pytest.mark.parametrize("item", [{"value": "aprobado"}, {"value": "aprobado", "version": None}])
def test_answer_without_version_is_400_and_saves_nothing(users, item):
    from hublocal.diagnosis.models import Answer

    client = api_client("valparaiso")
    url, _answers = _valparaiso_answers(client)
    before = list(Answer.objects.order_by("pk").values_list("pk", "value", "version"))
    body = assert_api_error(send(client, "PATCH", url, {"answers": {"dd_estrategia": item}}), 400)
    assert "dd_estrategia" in body["errors"] and "version" in " ".join(body["errors"]["dd_estrategia"])
    assert list(Answer.objects.order_by("pk").values_list("pk", "value", "version")) == before


def test_stale_answer_version_is_409_with_the_saved_value(users):
    client = api_client("valparaiso")
    url, answers = _valparaiso_answers(client)
    saved = answers["dd_estrategia"]
    other = "no_existe" if saved["value"] == "aprobado" else "aprobado"
    fresh = send(client, "PATCH", url, {"answers": {"dd_estrategia": {"value": other, "version": saved["version"]}}})
    assert fresh.status_code == 200
    stale = send(
        client, "PATCH", url, {"answers": {"dd_estrategia": {"value": saved["value"], "version": saved["version"]}}}
    )
    assert stale.status_code == 409
    assert stale.json()["conflicts"]["dd_estrategia"]["value"] == other
