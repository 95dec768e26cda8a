import re
from datetime import timedelta

from django.utils import timezone

from hublocal.diagnosis.models import Answer, Campaign, Participation

from .conftest import answer_all


def _section_url(p, dim="a"):
    return f"/diagnostico/p/{p.pk}/seccion/{dim}/"


def _post_a(client, p, **extra):
    data = {"p_portal": "1", "v_portal": "0", "q_portal": "si", "p_escala": "1", "v_escala": "0", "q_escala": "4"}
    data.update(extra)
    return client.post(_section_url(p), data)


def test_official_answers_a_section_and_finds_it_after_reload(client_for, participation):
    santiago = client_for("santiago")
    response = _post_a(santiago, participation, next="1")
    assert response.status_code == 302 and response["Location"].endswith("/seccion/b/")
    page = santiago.get(_section_url(participation)).content.decode()
    assert 'value="si" checked' in page and 'value="4" checked' in page
    # The conditional question appears once "yes" is saved.
    assert "¿En qué formatos publica?" in page


def test_conditional_question_hidden_until_its_condition_holds(client_for, participation):
    page = client_for("santiago").get(_section_url(participation)).content.decode()
    assert "¿En qué formatos publica?" not in page


def test_bad_value_shows_errors_and_saves_nothing(client_for, participation):
    response = _post_a(client_for("santiago"), participation, q_escala="9")
    assert response.status_code == 400
    assert "Elija un valor entre 1 y 5." in response.content.decode()
    assert not Answer.objects.filter(participation=participation).exists()


def test_stale_page_gets_a_conflict_not_a_silent_overwrite(client_for, participation):
    _post_a(client_for("santiago"), participation)
    # A colleague still has the page loaded with version 0 and chooses another value.
    response = _post_a(client_for("santiago"), participation, q_escala="2")
    assert response.status_code == 409
    assert "Alguien más cambió estas respuestas" in response.content.decode()
    assert Answer.objects.get(participation=participation, question_id="escala").value == 4


def test_htmx_autosave_returns_the_form_fragment(client_for, participation):
    response = client_for("santiago").post(
        _section_url(participation),
        {"p_escala": "1", "v_escala": "0", "q_escala": "3"},
        HTTP_HX_REQUEST="true",
    )
    body = response.content.decode()
    assert response.status_code == 200 and body.startswith("<form") and "Guardado a las" in body


def test_other_municipality_cannot_see_or_answer(client_for, participation):
    valpo = client_for("valparaiso")
    assert valpo.get(f"/diagnostico/p/{participation.pk}/").status_code == 404
    assert valpo.get(_section_url(participation)).status_code == 404
    assert _post_a(valpo, participation).status_code == 404
    assert client_for("startup-a").get(_section_url(participation)).status_code == 404
    assert client_for(None).get(_section_url(participation)).status_code == 302


def test_staff_can_read_but_not_answer(client_for, participation):
    staff = client_for("staff")
    assert staff.get(_section_url(participation)).status_code == 200
    assert _post_a(staff, participation).status_code == 403


def test_submit_page_lists_missing_then_submits(client_for, participation, users):
    santiago = client_for("santiago")
    body = santiago.get(f"/diagnostico/p/{participation.pk}/enviar/").content.decode()
    assert "Faltan 4 preguntas obligatorias" in body
    answer_all(participation, users["santiago"])
    response = santiago.post(f"/diagnostico/p/{participation.pk}/enviar/")
    assert response.status_code == 302
    assert Participation.objects.get(pk=participation.pk).status == "submitted"


def test_submit_preview_of_a_partial_diagnosis_is_provisional_and_says_what_is_missing(
    client_for, participation, users
):
    # Dimension A fully answered (it would alone give level 5), dimension B not at all.
    answer_all(participation, users["santiago"], {"portal": True, "formatos": "csv", "escala": 5})
    body = client_for("santiago").get(f"/diagnostico/p/{participation.pk}/enviar/").content.decode()
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body))
    assert "Puntaje provisional: falta 1 dimensión" in text
    assert "Índice general provisional" in text and "nivel provisional 5" in text
    assert "calculado con 1 de 2 dimensiones" in text
    assert not re.search(r"· nivel \d", text)  # never a level announced as if it were final
    section_b = f"/diagnostico/p/{participation.pk}/seccion/b/"
    assert f'href="{section_b}"' in body and f'href="{section_b}#q-canales"' in body
    assert "Responder Dimensión B" in text and "Faltan 2 preguntas obligatorias" in text


def test_submit_preview_of_a_complete_diagnosis_is_not_provisional(client_for, participation, users):
    answer_all(participation, users["santiago"])
    text = client_for("santiago").get(f"/diagnostico/p/{participation.pk}/enviar/").content.decode()
    assert "provisional" not in text and "Todas las preguntas obligatorias están respondidas." in text


def test_only_the_focal_point_submits(client_for, participation, users):
    answer_all(participation, users["santiago"])
    # santiago is the designated focal point; staff cannot submit for the municipality.
    assert client_for("staff").post(f"/diagnostico/p/{participation.pk}/enviar/").status_code == 403


def test_staff_creates_a_campaign_and_sees_the_dashboard(client_for, tiny_version):
    staff = client_for("staff")
    now = timezone.localtime()
    data = {
        "name": "Campaña web",
        "instrument": str(tiny_version.pk),
        "opens_at": now.strftime("%Y-%m-%dT%H:%M"),
        "closes_at": (now + timedelta(days=9)).strftime("%Y-%m-%dT%H:%M"),
        "region": "",
        "typology": "",
        "codes": "13101, 05101",
        "remind_after_days": 7,
        "escalate_admin_after_days": 14,
        "escalate_mayor_after_days": 21,
        "results_public": "on",
    }
    response = staff.post("/diagnostico/campanas/nueva/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    campaign = Campaign.objects.get(name="Campaña web")
    assert campaign.participations.count() == 2
    page = staff.get(f"/diagnostico/campanas/{campaign.pk}/").content.decode()
    assert "Santiago" in page and "Valparaíso" in page


def test_campaign_form_errors(client_for, tiny_version):
    staff = client_for("staff")
    now = timezone.localtime()
    data = {
        "name": "X",
        "instrument": str(tiny_version.pk),
        "opens_at": now.strftime("%Y-%m-%dT%H:%M"),
        "closes_at": (now - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"),
        "codes": "99999 abc",
        "remind_after_days": 7,
        "escalate_admin_after_days": 14,
        "escalate_mayor_after_days": 21,
    }
    response = staff.post("/diagnostico/campanas/nueva/", data)
    assert response.status_code == 400
    assert "Códigos inválidos" in response.content.decode()
    assert not Campaign.objects.filter(name="X").exists()
    assert client_for("santiago").get("/diagnostico/campanas/nueva/").status_code == 403
    assert client_for("analista").get("/diagnostico/campanas/").status_code == 200


def test_municipality_profile_shows_published_scores(client_for, participation, users):
    answer_all(participation, users["santiago"])
    services_result = client_for("santiago").post(f"/diagnostico/p/{participation.pk}/enviar/")
    assert services_result.status_code == 302
    body = client_for(None).get("/municipios/13101/").content.decode()
    assert "Instrumento de prueba" in body and "índice 100" in body


def test_history_shows_changes_made_without_an_account(client_for, participation):
    # Imports and demo data save answers with no acting account; the page must still render.
    answer_all(participation, None)
    for who in ("staff", "santiago"):
        body = client_for(who).get(f"/diagnostico/p/{participation.pk}/").content.decode()
        assert "Últimos cambios" in body and "sistema" in body
