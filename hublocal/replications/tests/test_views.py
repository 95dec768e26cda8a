"""Replication pages, the API, "como el mío", the profile panel and the diagnosis next steps."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from hublocal.diagnosis import neighbours
from hublocal.replications import services
from hublocal.replications.models import Replication, Status


@pytest.fixture
def implemented(users, santiago_org, resource):
    r = services.replication_record(
        actor=users["santiago"],
        municipality=santiago_org,
        mode="adopt",
        resource_id=resource.pk,
        contact_name="Ana Pérez Contacto",
        contact_email="ana.contacto@example.cl",
    )
    r = services.replication_transition(actor=users["santiago"], replication=r, status=Status.IMPLEMENTING)
    services.result_add(
        actor=users["santiago"], replication=r, label="Horas ahorradas", value=120, measured_on=timezone.localdate()
    )
    return services.replication_transition(actor=users["santiago"], replication=r, status=Status.IMPLEMENTED)


def test_list_detail_and_contact_visibility(client_for, implemented):
    page = client_for(None).get(reverse("replications:replication_list")).content.decode()
    assert implemented.target_title in page
    url = reverse("replications:replication_detail", args=[implemented.pk])
    anon = client_for(None).get(url).content.decode()
    assert "Horas ahorradas" in anon and "ana.contacto@example.cl" not in anon
    assert "ana.contacto@example.cl" in client_for("valparaiso").get(url).content.decode()
    assert "ana.contacto@example.cl" not in client_for("startup-a").get(url).content.decode()
    # The owner sees the forms; another municipality does not; staff may confirm.
    assert "Registrar un resultado" in client_for("santiago").get(url).content.decode()
    assert "Registrar un resultado" not in client_for("valparaiso").get(url).content.decode()
    assert "Confirmar la replicación" in client_for("staff").get(url).content.decode()


def test_record_through_the_form_and_refusals(client_for, resource, retired):
    client = client_for("santiago")
    url = reverse("replications:replicate_resource", args=[resource.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"mode": "adapt", "changes": "Menos personal.", "started_on": ""})
    r = Replication.objects.get(resource_id=resource.pk)
    assert response.status_code == 302 and response["Location"] == r.get_absolute_url()
    # A retired resource: a clear message, nothing written.
    bad = client.post(reverse("replications:replicate_resource", args=[retired.pk]), {"mode": "adopt"})
    assert bad.status_code == 400 and "retirado" in bad.content.decode()
    assert not Replication.objects.filter(resource_id=retired.pk).exists()
    # Startups do not record replications.
    assert client_for("startup-a").get(url).status_code == 403


def test_transition_form_requires_a_reason_to_abandon(client_for, users, santiago_org, resource):
    r = services.replication_record(
        actor=users["santiago"], municipality=santiago_org, mode="adopt", resource_id=resource.pk
    )
    url = reverse("replications:replication_transition", args=[r.pk])
    response = client_for("santiago").post(url, {"status": "abandoned", "reason": ""})
    assert response.status_code == 400 and "por qué se abandonó" in response.content.decode()
    r.refresh_from_db()
    assert r.status == Status.PLANNING
    assert client_for("valparaiso").post(url, {"status": "implementing"}).status_code == 403


def test_resource_page_has_map_and_table(client_for, implemented, resource):
    response = client_for(None).get(reverse("replications:resource_replications", args=[resource.slug]))
    page = response.content.decode()
    assert response.status_code == 200 and "<svg" in page and "Municipalidad de Santiago" in page
    assert "Horas ahorradas" in page
    assert client_for(None).get(reverse("replications:resource_replications", args=["no-existe"])).status_code == 404


def test_like_mine_for_a_municipal_user_and_any_visitor(client_for, implemented):
    own = client_for("santiago").get(reverse("replications:like_mine"))
    assert own.status_code == 200 and "municipios como Santiago" in own.content.decode()
    page = client_for(None).get(reverse("replications:like_mine") + "?municipio=05101").content.decode()
    assert "municipios como Valparaíso" in page and "Por qué se parece" in page
    assert client_for(None).get(reverse("replications:like_mine") + "?municipio=xx").status_code == 404


def test_api_replications_and_peers(client_for, implemented, resource):
    api = client_for(None)
    data = api.get("/api/v1/replications/", {"resource": resource.pk}).json()
    row = data["results"][0]
    assert row["id"] == implemented.pk and row["contact"] is None and row["results"][0]["label"] == "Horas ahorradas"
    staff_row = client_for("staff").get("/api/v1/replications/", {"resource": resource.pk}).json()["results"][0]
    assert staff_row["contact"]["email"] == "ana.contacto@example.cl"
    assert api.get("/api/v1/replications/", {"status": "nope"}).status_code == 400
    assert api.get("/api/v1/replications/", {"resource": "abc"}).status_code == 400
    assert api.get("/api/v1/replications/", {"unknown": "1"}).status_code == 400
    peers = api.get("/api/v1/communes/13101/peers/", {"k": 5}).json()
    assert peers["code"] == "13101" and len(peers["peers"]) == 5
    assert all(p["reasons"] is not None for p in peers["peers"])
    assert api.get("/api/v1/communes/99999/peers/").status_code == 404
    assert api.get("/api/v1/communes/99999/peers/").json()["detail"]
    assert api.get("/api/v1/communes/13101/peers/", {"k": 0}).status_code == 400
    assert api.get("/api/v1/communes/13101/peers/", {"k": 51}).status_code == 400


def test_diagnosis_results_recommend_next_steps_from_peers(client_for, users, network):
    """Santiago's demo diagnosis lists next steps from the registry; diagnosis only asks it."""
    from hublocal.diagnosis.models import Result
    from hublocal.replications.tests.conftest import make_resource

    result = Result.objects.filter(commune_code="13101", campaign__results_public=True).first()
    assert result is not None
    peer = neighbours.peers(commune_code="13101", k=3).peers[0]
    from hublocal.directory import selectors as directory_selectors

    peer_org = next(iter(directory_selectors.municipalities(codes=[peer.code])))
    model = make_resource("modelo-de-un-par-de-santiago", evidence=3, organization=peer_org)
    model.areas = [result.instrument_version.area]
    model.save()
    page = client_for(None).get(reverse("diagnosis:participation_results", args=[result.participation_id]))
    body = page.content.decode()
    assert page.status_code == 200
    assert "Qué leer y reutilizar" in body and model.title in body and peer.name in body
    pdf = client_for(None).get(reverse("diagnosis:participation_pdf", args=[result.participation_id]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_profile_panel_on_the_municipality_page(client_for, implemented):
    page = client_for(None).get(reverse("directory:municipality_detail", args=["13101"])).content.decode()
    assert "Replicaciones de este municipio" in page and implemented.target_title in page


def test_open_dataset_has_results_and_no_contact_data(implemented):
    from hublocal.replications import open_data

    rows = list(open_data.rows())
    assert rows[0][0] == "replicacion_id" and "correo" not in " ".join(rows[0])
    mine = [r for r in rows[1:] if r[0] == implemented.pk]
    assert mine and mine[0][12] == "Horas ahorradas"
    assert "ana.contacto@example.cl" not in repr(rows)
