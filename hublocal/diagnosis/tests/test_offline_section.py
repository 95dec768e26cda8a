"""A diagnosis section prepared for answering offline (issue 17, item 4): only a section the
person may answer is marked for the device to keep, and each question carries the version of
its saved answer, which answers sent later are based on."""

from __future__ import annotations

import re

from hublocal.core.offline_views import OFFLINE_CACHE_HEADER
from hublocal.diagnosis import services

from .conftest import answer_all


def _section_url(p, dim="a"):
    return f"/diagnostico/p/{p.pk}/seccion/{dim}/"


def _version(page: str, qid: str) -> str:
    match = re.search(rf'data-question="{qid}" data-type="[a-z]+" data-version="(\d+)"', page)
    assert match, qid
    return match.group(1)


def test_officials_open_section_is_kept_for_offline_use(client_for, participation):
    response = client_for("santiago").get(_section_url(participation))
    assert response.status_code == 200
    assert response[OFFLINE_CACHE_HEADER] == "private"
    assert response["Cache-Control"] == "private, no-cache"
    page = response.content.decode()
    assert f'data-answers-url="/api/v1/diagnosis/participations/{participation.pk}/answers/"' in page
    assert 'id="offline-status" class="offline-status" role="status" aria-live="polite"' in page
    assert "/static/js/offline-answers.js" in page
    assert "Enviar ahora" in page
    assert _version(page, "portal") == "0"


def test_each_question_carries_the_version_of_its_saved_answer(client_for, participation, users):
    answer_all(participation, users["santiago"])
    page = client_for("santiago").get(_section_url(participation)).content.decode()
    assert _version(page, "portal") == "1"
    services.answers_save(
        actor=users["santiago"],
        participation=participation,
        answers=[services.AnswerInput("portal", False, expected_version=1)],
    )
    page = client_for("santiago").get(_section_url(participation)).content.decode()
    assert _version(page, "portal") == "2"
    assert 'name="v_portal" value="2"' in page


def test_read_only_section_is_not_kept(client_for, participation):
    # Hub staff may read the answers but never answer for a municipality.
    response = client_for("staff").get(_section_url(participation))
    assert response.status_code == 200
    assert OFFLINE_CACHE_HEADER not in response
    assert "offline-answers.js" not in response.content.decode()


def test_submitted_section_is_no_longer_kept(client_for, participation, users):
    answer_all(participation, users["santiago"])
    services.participation_submit(actor=users["santiago"], participation=participation)
    response = client_for("santiago").get(_section_url(participation))
    assert response.status_code == 200
    assert OFFLINE_CACHE_HEADER not in response
    # Answers still waiting on the official's device are shown there, to be copied.
    assert "offline-answers.js" in response.content.decode()


def test_autosaved_fragment_is_not_kept_in_place_of_the_page(client_for, participation):
    response = client_for("santiago").get(_section_url(participation), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert OFFLINE_CACHE_HEADER not in response
