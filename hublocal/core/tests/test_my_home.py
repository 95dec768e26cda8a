"""The personal home (/inicio/): what awaits each demo role, only theirs, every link opens, and
a bounded number of queries whatever the data size."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from hublocal.core import registry
from hublocal.core.registry import HomeItem, HomeUrgency

HOME = "/inicio/"
ROLES = ["staff", "analista", "santiago", "valparaiso", "startup-a", "startup-b", "partner"]


def _participation(slug: str) -> Any:
    from hublocal.diagnosis.models import Participation

    return Participation.objects.get(organization__slug=slug, campaign__is_demo=True)


def _proposal(startup_slug: str, challenge_title: str) -> Any:
    from hublocal.proposals.models import Proposal

    return Proposal.objects.get(organization__slug=startup_slug, challenge__title__startswith=challenge_title)


def _items(user: Any) -> list[HomeItem]:
    return [item for block in registry.home_blocks(user) for item in block.items]


def _text(response: Any) -> str:
    return response.content.decode()


@pytest.mark.django_db
def test_anonymous_is_sent_to_sign_in(client_for):
    response = client_for(None).get(HOME)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert "next=/inicio/" in response["Location"]


@pytest.mark.django_db
def test_sign_in_without_next_lands_on_the_personal_home(client):
    response = client.post(
        reverse("accounts:login"), {"username": "partner", "password": settings.DEMO_PASSWORD}, REMOTE_ADDR="10.9.8.7"
    )
    assert response.status_code == 302
    assert response["Location"] == HOME


@pytest.mark.django_db
def test_sign_in_with_next_keeps_it(client):
    response = client.post(
        reverse("accounts:login") + "?next=/pilotos/",
        {"username": "partner", "password": settings.DEMO_PASSWORD},
        REMOTE_ADDR="10.9.8.6",
    )
    assert response["Location"] == "/pilotos/"


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_every_role_gets_its_page_with_a_nav_link(role, client_for):
    response = client_for(role).get(HOME)
    assert response.status_code == 200
    html = _text(response)
    assert "<h1>Hola, " in html
    # The main navigation's "Inicio" points to the personal home for signed-in people.
    assert f'href="{HOME}" aria-current="page">Inicio</a>' in html


@pytest.mark.django_db
def test_hub_staff_see_open_campaign_and_challenges_to_review(client_for):
    valpo_review = "Microbasurales denunciados por la comunidad"
    campaign_id = _participation("municipalidad-santiago").campaign_id
    campaign_url = reverse("diagnosis:campaign_detail", kwargs={"pk": campaign_id})
    for role in ("staff", "analista"):
        html = _text(client_for(role).get(HOME))
        assert "Campaña abierta: Diagnóstico de madurez digital 2026 (demo)" in html
        assert "municipios aún no envían sus respuestas" in html
        assert f"Revisar el desafío «{valpo_review}»" in html
        assert campaign_url in html


@pytest.mark.django_db
def test_santiago_sees_its_own_items_and_never_valparaisos(client_for):
    html = _text(client_for("santiago").get(HOME))
    own = _participation("municipalidad-santiago")
    valpo = _participation("municipalidad-valparaiso")
    assert reverse("diagnosis:participation_results", kwargs={"pk": own.pk}) in html
    assert "Terminar el desafío «Abierto por defecto en Santiago» y enviarlo a revisión" in html
    assert "Registrar mediciones del piloto «OIRS digital sin filas en Santiago»" in html
    # Valparaíso's participation, its challenge under review and its reminders are not Santiago's.
    assert f"/diagnostico/p/{valpo.pk}/" not in html
    assert "Microbasurales" not in html
    assert "Recibió un recordatorio sobre «Diagnóstico" not in html
    assert "municipalidad-valparaiso" not in html
    # Its own reminder: the overdue commitment it owns at the security round table.
    assert "Recibió un recordatorio sobre «Compromiso en la mesa" in html


@pytest.mark.django_db
def test_valparaiso_sees_its_diagnosis_to_complete_review_and_reminder(client_for):
    html = _text(client_for("valparaiso").get(HOME))
    own = _participation("municipalidad-valparaiso")
    santiago = _participation("municipalidad-santiago")
    assert "Completar y enviar el diagnóstico «Diagnóstico de madurez digital 2026 (demo)»" in html
    assert reverse("diagnosis:participation_detail", kwargs={"pk": own.pk}) in html
    assert "Desafío en revisión del Hub: «Microbasurales denunciados por la comunidad»" in html
    assert "Recibió un recordatorio sobre «Diagnóstico de madurez digital 2026 (demo)»" in html
    assert "Atrasado" in html  # the challenge's track: its reminder date has passed
    assert "Requiere atención" in html  # the diagnosis track: silent, escalated to the focal point
    assert f"/diagnostico/p/{santiago.pk}/" not in html
    assert "Abierto por defecto en Santiago" not in html


@pytest.mark.django_db
def test_startups_see_their_own_proposals_open_calls_and_pilot(client_for):
    a_proposal = _proposal("datamuni-spa", "Patentes comerciales")
    b_proposal = _proposal("tramite-facil-spa", "Patentes comerciales")
    html_a = _text(client_for("startup-a").get(HOME))
    html_b = _text(client_for("startup-b").get(HOME))
    detail = "proposals:detail"
    assert reverse(detail, kwargs={"pk": a_proposal.pk}) in html_a
    assert reverse(detail, kwargs={"pk": b_proposal.pk}) not in html_a
    assert reverse(detail, kwargs={"pk": b_proposal.pk}) in html_b
    assert reverse(detail, kwargs={"pk": a_proposal.pk}) not in html_b
    assert "Su propuesta a «Patentes comerciales sin filas ni papeles»: Enviada" in html_a
    for html in (html_a, html_b):
        assert "Convocatoria abierta: Municipia 2026" in html
        assert reverse("innovation:recommended") in html
    # DataMuni runs Santiago's pilot; Trámite Fácil's pilot is finished.
    assert "Registrar mediciones del piloto «OIRS digital sin filas en Santiago»" in html_a
    assert "Registrar mediciones" not in html_b


@pytest.mark.django_db
def test_partner_gets_next_steps(client_for):
    html = _text(client_for("partner").get(HOME))
    assert "Active la verificación en dos pasos" in html
    assert reverse("innovation:challenge_list") in html
    assert "Campaña abierta" not in html and "Su propuesta" not in html


@pytest.mark.django_db
def test_empty_state_tells_what_to_do_next(users, client_for):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from hublocal.assistance.models import TeamMember
    from hublocal.events.models import Juror, Registration

    TOTPDevice.objects.create(user=users["partner"], name="app", confirmed=True)
    # The demo makes `partner` an expert with deliverables due, a juror of the current award and
    # a registrant of the congress; without that, nothing awaits it.
    TeamMember.objects.filter(user=users["partner"]).delete()
    Juror.objects.filter(user=users["partner"]).delete()
    Registration.objects.filter(user=users["partner"]).delete()
    response = client_for("partner").get(HOME)
    html = _text(response)
    assert "No tiene asuntos pendientes" in html
    assert "Qué puede hacer ahora" in html
    assert reverse("pilots:pilot_list") in html


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_every_item_and_next_step_opens_for_that_person(role, users, client_for):
    client = client_for(role)
    items = _items(users[role])
    assert items, f"{role} has no demo item"
    for item in items:
        assert client.get(item.url).status_code == 200, (role, item.title, item.url)
    html = _text(client.get(HOME))
    steps = html.split('id="inicio-siguiente"', 1)[1]
    for href in [part.split('"', 1)[0] for part in steps.split('href="')[1:]]:
        if href.startswith("/") and "/salir/" not in href:
            assert client.get(href).status_code == 200, (role, href)


# --- Items the demo has no reason to contain ------------------------------------------------


@pytest.mark.django_db
def test_privacy_requests_for_the_person_and_the_hub(users, client_for):
    from hublocal.privacy import services as privacy_services

    request = privacy_services.request_create(user=users["santiago"], kind="access", details="Quiero ver mis datos.")
    own = [i for i in _items(users["santiago"]) if i.url == reverse("privacy:my_request", kwargs={"pk": request.pk})]
    assert len(own) == 1 and own[0].due == request.due_on
    queue = [i for i in _items(users["staff"]) if i.url == reverse("privacy:request_detail", kwargs={"pk": request.pk})]
    assert len(queue) == 1
    assert not [i for i in _items(users["valparaiso"]) if "privacy" in i.url or "mis-datos" in i.url]
    assert client_for("santiago").get(own[0].url).status_code == 200
    assert client_for("staff").get(queue[0].url).status_code == 200
    assert client_for("analista").get(queue[0].url).status_code == 200


@pytest.mark.django_db
def test_committee_members_see_proposals_to_score_after_the_close(users, client_for):
    from hublocal.innovation.models import Call

    call = _proposal("datamuni-spa", "Patentes comerciales").challenge.call
    assert not [i for i in _items(users["staff"]) if "evaluacion" in i.url]  # still open
    Call.objects.filter(pk=call.pk).update(closes_at=timezone.now() - timedelta(hours=1))
    items = [i for i in _items(users["staff"]) if i.url == reverse("proposals:evaluation", kwargs={"call_pk": call.pk})]
    assert len(items) == 1 and items[0].count == 2
    assert items[0].title == "Evaluar 2 propuestas de la convocatoria «Municipia 2026»"
    assert client_for("staff").get(items[0].url).status_code == 200
    # Not on the committee: nothing to score, even for the buyer.
    assert not [i for i in _items(users["santiago"]) if "evaluacion" in i.url]


@pytest.mark.django_db
def test_scheduled_session_pilot_to_rate_and_agreement_to_register(users, client_for):
    from hublocal.pilots.models import Pilot
    from hublocal.proposals.models import Proposal, SessionParticipant, WorkingSession

    a_shortlisted = Proposal.objects.get(organization__slug="datamuni-spa", status="shortlisted")
    session = WorkingSession.objects.create(
        challenge=a_shortlisted.challenge,
        municipality=a_shortlisted.challenge.owner,
        starts_at=timezone.now() + timedelta(days=2),
        place="Sala de reuniones, piso 3",
    )
    SessionParticipant.objects.create(session=session, proposal=a_shortlisted)
    session_url = reverse("proposals:session_detail", kwargs={"pk": session.pk})
    for role in ("santiago", "startup-a"):
        found = [i for i in _items(users[role]) if i.url == session_url]
        assert len(found) == 1 and found[0].urgency == HomeUrgency.SOON
        assert client_for(role).get(session_url).status_code == 200
    for role in ("valparaiso", "startup-b", "partner"):
        assert not [i for i in _items(users[role]) if i.url == session_url]

    pilot = Pilot.objects.get(agreement__municipality__slug="municipalidad-santiago", status="running")
    Pilot.objects.filter(pk=pilot.pk).update(status="finished", finished_at=timezone.now())
    rate_url = reverse("pilots:rating_create", kwargs={"pk": pilot.pk})
    assert [i for i in _items(users["santiago"]) if i.url == rate_url]
    assert client_for("santiago").get(rate_url).status_code == 200
    for role in ("startup-a", "staff", "valparaiso"):
        assert not [i for i in _items(users[role]) if i.url == rate_url]

    b_patentes = _proposal("tramite-facil-spa", "Patentes comerciales")
    Proposal.objects.filter(pk=b_patentes.pk).update(status="shortlisted")
    agreement_url = reverse("pilots:agreement_create", kwargs={"proposal_pk": b_patentes.pk})
    for role in ("santiago", "valparaiso"):  # the challenge is shared by both municipalities
        assert [i for i in _items(users[role]) if i.url == agreement_url]
        assert client_for(role).get(agreement_url).status_code == 200
    for role in ("startup-a", "startup-b", "partner"):
        assert not [i for i in _items(users[role]) if i.url == agreement_url]


@pytest.mark.django_db
def test_api_token_expiring_soon(users, client_for):
    from hublocal.accounts.models import ApiToken

    ApiToken.objects.create(
        user=users["startup-b"],
        digest=ApiToken.hash("x" * 40),
        prefix="xxxxxxxx",
        name="script de carga",
        expires_at=timezone.now() + timedelta(days=3),
    )
    found = [i for i in _items(users["startup-b"]) if "script de carga" in str(i.title)]
    assert len(found) == 1 and found[0].urgency == HomeUrgency.SOON
    assert client_for("startup-b").get(found[0].url).status_code == 200
    assert not [i for i in _items(users["startup-a"]) if "script de carga" in str(i.title)]


# --- Queries do not grow with the data --------------------------------------------------------


def _count(client: Any) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(HOME).status_code == 200
    return len(ctx.captured_queries)


def _grow(users: dict, n: int = 25) -> None:
    """Many more rows of every kind the collectors read, for the demo's roles."""
    from hublocal.diagnosis.models import Campaign, Participation
    from hublocal.directory.models import Organization
    from hublocal.engagement.models import Track
    from hublocal.innovation.models import Challenge
    from hublocal.privacy import services as privacy_services

    santiago = users["santiago"].organization
    campaign = Campaign.objects.get(is_demo=True)
    now = timezone.now()
    for i in range(n):
        Challenge.objects.create(title=f"Borrador {i}", area="digital", owner=santiago, problem="Un problema.")
        Challenge.objects.create(
            title=f"Revisión {i}", area="digital", owner=santiago, problem="Un problema.", status="in_review"
        )
        Track.objects.create(
            process="test.process",
            subject_key=f"x:{i}",
            organization=santiago,
            label=f"Proceso {i}",
            status="silent",
            escalation_level=1,
            next_due_at=now - timedelta(days=1),
        )
        privacy_services.request_create(user=users["santiago"], kind="access", details=f"Pedido {i}")
    others = Organization.objects.filter(kind="municipality").exclude(
        pk__in=Participation.objects.filter(campaign=campaign).values("organization_id")
    )[:n]
    for org in others:
        Participation.objects.create(
            campaign=campaign, organization=org, commune_code=f"T{org.pk}", commune_name=org.name, typology="x"
        )


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_query_count_is_bounded_and_does_not_grow(role, users, client_for, django_assert_max_num_queries):
    client = client_for(role)
    client.get(HOME)  # warm per-process caches (instrument parsing, sessions)
    before = _count(client)
    _grow(users)
    after = _count(client)
    assert after == before, f"{role}: {before} queries at demo size, {after} after growth"
    # A few queries per app that registers home sections; 30 since the demo seats valparaiso in a
    # running training cohort (its course's progress, sessions and group project are real work);
    # 36 since the articulation issue: the surveys open to a participant, the commitments of the
    # round tables an organisation sits at and the obligations of its agreements are sections too;
    # 38 with the hub's events (the person's registrations, a juror's nominations to score).
    # What matters is above: the count does not grow with the data.
    with django_assert_max_num_queries(38):
        client.get(HOME)


# --- The registry itself ----------------------------------------------------------------------


def test_sections_are_ordered_by_urgency_then_registration(monkeypatch):
    sections = {
        "a": registry.HomeSection("a", 1, "A", lambda u: [HomeItem("a1", "/a/")]),
        "b": registry.HomeSection("b", 2, "B", lambda u: [HomeItem("b1", "/b/", urgency=HomeUrgency.OVERDUE)]),
        "c": registry.HomeSection("c", 3, "C", lambda u: []),
        "d": registry.HomeSection(
            "d",
            4,
            "D",
            lambda u: [
                HomeItem("d-later", "/d/", due=timezone.localdate() + timedelta(days=3), urgency=HomeUrgency.SOON),
                HomeItem("d-first", "/d/", due=timezone.localdate() + timedelta(days=1), urgency=HomeUrgency.SOON),
            ],
        ),
    }
    monkeypatch.setattr(registry, "_HOME_SECTIONS", sections)
    blocks = registry.home_blocks(object())
    assert [b.section.key for b in blocks] == ["b", "d", "a"]  # the empty section is left out
    assert [i.title for i in blocks[1].items] == ["d-first", "d-later"]
    assert blocks[0].overdue == 1 and blocks[1].soon == 2


def test_urgency_label_tells_the_reason():
    today = timezone.localdate()
    assert HomeItem("x", "/", due=today - timedelta(days=1), urgency=HomeUrgency.OVERDUE).urgency_label == "Atrasado"
    assert HomeItem("x", "/", urgency=HomeUrgency.OVERDUE).urgency_label == "Requiere atención"
    assert HomeItem("x", "/", due=today, urgency=HomeUrgency.SOON).urgency_label == "Vence pronto"
    assert HomeItem("x", "/", due=today + timedelta(days=30), urgency=HomeUrgency.SOON).urgency_label == "Prioritario"
    assert HomeItem("x", "/").urgency_label == ""


def test_urgency_of_a_due_date():
    today = timezone.localdate()
    assert HomeUrgency.of(None) == HomeUrgency.NORMAL
    assert HomeUrgency.of(today - timedelta(days=1)) == HomeUrgency.OVERDUE
    assert HomeUrgency.of(today) == HomeUrgency.SOON
    assert HomeUrgency.of(today + timedelta(days=7)) == HomeUrgency.SOON
    assert HomeUrgency.of(today + timedelta(days=8)) == HomeUrgency.NORMAL
    assert HomeUrgency.of(timezone.now() + timedelta(days=30)) == HomeUrgency.NORMAL
