"""Every saved answer names the version it edited: web and API never overwrite a colleague's
answer unseen (per-answer versions; see also tests/test_locking_api.py)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from hublocal.diagnosis import services
from hublocal.diagnosis.models import Answer
from tests.helpers import api_client, assert_api_error, send

pytestmark = pytest.mark.django_db


def _section_url(p, dim="a"):
    return f"/diagnostico/p/{p.pk}/seccion/{dim}/"


def test_service_refuses_an_answer_without_version(users, participation):
    with pytest.raises(ValidationError) as exc:
        services.answers_save(
            actor=users["santiago"], participation=participation, answers=[services.AnswerInput("escala", 3)]
        )
    assert "escala" in exc.value.message_dict
    assert not Answer.objects.filter(participation=participation).exists()


def test_internal_callers_may_save_without_versions(participation):
    saved = services.answers_save(
        actor=None,
        participation=participation,
        answers=[services.AnswerInput("escala", 3)],
        allow_unversioned=True,
    )
    assert saved["escala"].version == 1


def test_web_section_without_the_version_field_is_400(client_for, participation):
    response = client_for("santiago").post(_section_url(participation), {"p_escala": "1", "q_escala": "4"})
    assert response.status_code == 400
    assert "Falta la versión" in response.content.decode()
    assert not Answer.objects.filter(participation=participation).exists()


def test_api_answer_without_version_is_400_and_etag_per_answer(users, participation):
    client = api_client("santiago")
    url = reverse("api:diagnosis_participation_answers", kwargs={"pk": participation.pk})
    body = assert_api_error(send(client, "PUT", url, {"answers": {"escala": {"value": 4}}}), 400)
    assert "escala" in body["errors"]
    assert not Answer.objects.filter(participation=participation).exists()
    assert send(client, "PUT", url, {"answers": {"escala": {"value": 4, "version": 0}}}).status_code == 200
    read = client.get(url)
    assert read.json()["answers"]["escala"]["etag"] == 'W/"1"'
    assert read.has_header("ETag")
    stale = send(client, "PATCH", url, {"answers": {"escala": {"value": 2, "version": 0}}})
    assert stale.status_code == 409 and stale.json()["conflicts"]["escala"]["value"] == 4
