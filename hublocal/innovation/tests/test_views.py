"""Open-innovation pages: forms refuse bad input and write nothing; private things stay private;
list pages run a bounded number of queries."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse

from hublocal.audit.models import AuditEvent
from hublocal.innovation import selectors, services
from hublocal.innovation.models import Call, Challenge, Criterion, Event, EventRegistration, Question
from tests.helpers import write_event_count

from .conftest import STATEMENT

FORM = {**STATEMENT, "owner": "13101", "co_municipalities": "Valparaíso, 13112", "budget_min": "", "budget_max": ""}


def _event():
    from hublocal.innovation.models import Event

    return Event.objects.get(title="Muestra de soluciones Municipia 2026")


def test_landing_shows_open_calls_and_challenges(client_for):
    body = client_for(None).get(reverse("innovation:index")).content.decode()
    assert "Municipia 2026" in body and "Patentes comerciales sin filas ni papeles" in body
    assert "Municipia 2025" not in body


def test_official_writes_a_challenge_for_their_municipality(client_for, users):
    response = client_for("santiago").post(reverse("innovation:challenge_create"), FORM)
    assert response.status_code == 302
    challenge = Challenge.objects.get(title=STATEMENT["title"])
    assert challenge.owner.slug == "municipalidad-santiago"
    assert {m.organization.commune.code for m in challenge.memberships.select_related("organization__commune")} == {
        "13101",
        "05101",
        "13112",
    }


@pytest.mark.parametrize(
    "change",
    [
        {"affected": ""},
        {"budget_min": "9000", "budget_max": "10"},
        {"budget_min": "muchos"},
        {"area": "espacio"},
        {"co_municipalities": "Gotham"},
        {"problem": "x\x00y"},
    ],
)
def test_bad_challenge_input_is_a_400_and_writes_nothing(client_for, change):
    before = (Challenge.objects.count(), write_event_count())
    response = client_for("santiago").post(reverse("innovation:challenge_create"), {**FORM, **change})
    assert response.status_code == 400
    assert "Revise los siguientes datos" in response.content.decode()
    assert (Challenge.objects.count(), write_event_count()) == before


def test_drafts_are_private(client_for, draft):
    url = reverse("innovation:challenge_detail", args=[draft.pk])
    for who in (None, "valparaiso", "startup-a", "partner"):
        assert client_for(who).get(url).status_code == 404, who
    assert client_for("santiago").get(url).status_code == 200
    listing = client_for("startup-a").get(reverse("innovation:challenge_list")).content.decode()
    assert draft.title not in listing


def test_the_workflow_in_the_browser(client_for, draft, call):
    url = reverse("innovation:challenge_transition", args=[draft.pk])
    assert client_for("santiago").post(url, {"to": "in_review"}).status_code == 302
    # Publishing without a call: refused on the page, nothing changes.
    response = client_for("staff").post(url, {"to": "published"})
    assert response.status_code == 400 and "convocatoria" in response.content.decode()
    assert Challenge.objects.get(pk=draft.pk).status == "in_review"
    assert client_for("staff").post(url, {"to": "published", "call": str(call.pk)}).status_code == 302
    assert Challenge.objects.get(pk=draft.pk).status == "published"
    assert client_for("santiago").post(url, {"to": "closed"}).status_code == 403
    assert client_for("staff").post(url, {"to": "bogus"}).status_code == 400


def test_matches_panel_is_for_the_buyer_side(client_for):
    challenge = Challenge.objects.get(title="Patentes comerciales sin filas ni papeles")
    url = reverse("innovation:challenge_detail", args=[challenge.pk])
    assert "Soluciones que calzan" in client_for("valparaiso").get(url).content.decode()
    assert "Soluciones que calzan" in client_for("analista").get(url).content.decode()
    for who in ("startup-a", None):
        assert "Soluciones que calzan" not in client_for(who).get(url).content.decode()


def test_pages_say_recommendations_are_being_prepared_before_the_first_index(client_for, monkeypatch):
    """Right after a deployment the task queue has not built the matcher's index yet: the pages
    must not claim that nothing fits."""
    from hublocal.solutions import index as solutions_index
    from hublocal.solutions import selectors as solution_selectors

    pending = solutions_index.Index.from_documents([])
    pending.pending = True
    monkeypatch.setattr(solution_selectors, "catalogue_index", lambda: pending)
    challenge = Challenge.objects.get(title="Patentes comerciales sin filas ni papeles")
    preparing = "Las recomendaciones se están preparando"
    page = client_for("valparaiso").get(reverse("innovation:challenge_detail", args=[challenge.pk])).content.decode()
    assert preparing in page and "Ninguna solución del catálogo calza" not in page
    page = client_for("startup-a").get(reverse("innovation:recommended")).content.decode()
    assert preparing in page
    monkeypatch.undo()
    page = client_for("valparaiso").get(reverse("innovation:challenge_detail", args=[challenge.pk])).content.decode()
    assert preparing not in page


def test_gap_adoption_in_one_click(client_for, users):
    from .test_services import _fresh_gap

    gap = _fresh_gap(users, users["santiago"].organization)
    page = client_for("santiago").get(reverse("innovation:challenge_from_gap")).content.decode()
    assert gap.title in page
    response = client_for("santiago").post(reverse("innovation:challenge_from_gap"), {"proposed": str(gap.pk)})
    challenge = Challenge.objects.get(proposed_challenge_id=gap.pk)
    assert response["Location"] == reverse("innovation:challenge_edit", args=[challenge.pk])
    # Twice: a clear refusal, no second challenge.
    again = client_for("santiago").post(reverse("innovation:challenge_from_gap"), {"proposed": str(gap.pk)})
    assert again.status_code == 400
    assert Challenge.objects.filter(proposed_challenge_id=gap.pk).count() == 1
    bogus = client_for("santiago").post(reverse("innovation:challenge_from_gap"), {"proposed": "9" * 30})
    assert bogus.status_code == 404


def test_criteria_editor_validates_and_writes_all_or_nothing(client_for, draft_call):
    url = reverse("innovation:call_criteria", args=[draft_call.slug])
    staff = client_for("staff")
    for lines in ("A | 50\nB | 40", "A | cincuenta\nB | 50", "solo un nombre", "A | 0\nB | 100"):
        response = staff.post(url, {"lines": lines})
        assert response.status_code == 400, lines
        assert not Criterion.objects.filter(call=draft_call).exists()
    assert staff.post(url, {"lines": "A | 60 | Pertinencia\nB | 40"}).status_code == 302
    assert list(Criterion.objects.filter(call=draft_call).values_list("name", "weight", "description")) == [
        ("A", 60, "Pertinencia"),
        ("B", 40, ""),
    ]
    assert staff.post(reverse("innovation:call_publish", args=[draft_call.slug])).status_code == 302
    assert Call.objects.get(pk=draft_call.pk).status == "published"
    # Frozen from now on.
    assert staff.post(url, {"lines": "C | 100"}).status_code == 400
    assert Criterion.objects.filter(call=draft_call).count() == 2


def test_call_page_shows_criteria_and_weights(client_for):
    body = client_for(None).get(reverse("innovation:call_detail", args=["municipia-2026"])).content.decode()
    assert "Pertinencia para el problema" in body and "35%" in body
    assert "Quiénes pueden postular" in body


def test_anonymous_questions_never_name_the_asker_to_the_public(client_for):
    url = reverse("innovation:call_detail", args=["municipia-2026"])
    for who in (None, "startup-b", "santiago", "partner"):
        body = client_for(who).get(url).content.decode()
        assert "API del sistema de rentas" in body, who  # startup-a's anonymous question, answered
        assert "Valentina" not in body and "DataMuni" not in body, who
        assert "Ignacio Pérez" in body, who  # startup-b asked openly
    staff = client_for("staff").get(url).content.decode()
    assert "Valentina Muñoz" in staff


def test_pending_questions_only_for_the_hub_and_the_asker(client_for):
    url = reverse("innovation:call_detail", args=["municipia-2026"])
    pending = "sesión informativa en línea"
    assert pending in client_for("partner").get(url).content.decode()
    assert pending in client_for("analista").get(url).content.decode()
    assert pending not in client_for("startup-a").get(url).content.decode()


def test_asking_a_question(client_for, users):
    url = reverse("innovation:question_ask", args=["municipia-2026"])
    assert client_for("startup-b").post(url, {"text": "", "anonymous": "on"}).status_code == 400
    response = client_for("startup-b").post(url, {"text": "¿Se financia el piloto?", "anonymous": "on"})
    assert response.status_code == 302
    question = Question.objects.get(text="¿Se financia el piloto?")
    assert question.anonymous and question.asked_by == users["startup-b"]


def test_event_registration_anonymous_duplicate_and_audit(client_for):
    event = _event()
    url = reverse("innovation:event_register", args=[event.pk])
    data = {"full_name": "Rosa Vecina", "email": "rosa@example.cl", "organization_name": ""}
    assert client_for(None).post(url, data).status_code == 302
    registration = EventRegistration.objects.get(event=event, email="rosa@example.cl")
    assert AuditEvent.objects.filter(action="innovation.event_register", object_id=str(registration.pk)).exists()
    again = client_for(None).post(url, {**data, "email": "ROSA@example.cl"})
    assert again.status_code == 400 and "ya está inscrito" in again.content.decode()
    bad = client_for(None).post(url, {**data, "email": "no-es-correo"})
    assert bad.status_code == 400
    assert EventRegistration.objects.filter(event=event, email="rosa@example.cl").count() == 1


def test_registrants_only_for_the_hub(client_for):
    event = _event()
    url = reverse("innovation:event_attendance", args=[event.pk])
    assert "jorge.catrileo@demo.hublocal.cl" in client_for("analista").get(url).content.decode()
    assert client_for("startup-a").get(url).status_code == 403
    detail = client_for("startup-a").get(reverse("innovation:event_detail", args=[event.pk])).content.decode()
    assert "jorge.catrileo" not in detail


def test_attendance_recorded(client_for):
    event = _event()
    registration = event.registrations.order_by("pk").first()
    url = reverse("innovation:event_attendance", args=[event.pk])
    assert client_for("staff").post(url, {f"r{registration.pk}": "yes"}).status_code == 302
    assert EventRegistration.objects.get(pk=registration.pk).attended is True
    assert client_for("staff").post(url, {f"r{registration.pk}": "tal vez"}).status_code == 400


def test_recommended_page_for_startups(client_for):
    response = client_for("startup-a").get(reverse("innovation:recommended"))
    assert response.status_code == 200
    rows = response.context["rows"]
    assert rows and all(m.reasons for m, _ in rows)
    # startup-a applied to the licences challenge in the demo: it links to that proposal and is
    # not offered again; the others still offer to apply.
    applied = {m.challenge.title: proposal_pk for m, proposal_pk in rows}
    assert applied["Patentes comerciales sin filas ni papeles"] is not None
    body = response.content.decode()
    assert reverse("proposals:detail", args=[applied["Patentes comerciales sin filas ni papeles"]]) in body
    patentes = next(m.challenge for m, _ in rows if m.challenge.title.startswith("Patentes"))
    assert reverse("proposals:apply", args=[patentes.pk]) not in body
    assert any(pk is None for pk in applied.values())


def test_profile_panel_on_municipality_page(client_for):
    body = client_for(None).get(reverse("directory:municipality_detail", args=["13101"])).content.decode()
    assert "Desafíos de innovación abierta" in body and "Patentes comerciales sin filas ni papeles" in body


def _grow(n: int, users) -> None:
    """More challenges, calls, questions and registrations on the measured pages."""
    from datetime import timedelta

    from django.utils import timezone

    from hublocal.directory import selectors as directory_selectors

    owners = list(directory_selectors.municipalities()[:n])
    current = selectors.call_get_by_slug(slug="municipia-2026")
    now = timezone.now()
    for i, owner in enumerate(owners):
        c = services.challenge_create(actor=users["staff"], owner=owner, **{**STATEMENT, "title": f"Desafío {i}"})
        Challenge.objects.filter(pk=c.pk).update(status="published", call=current, published_at=now)
        q = services.question_ask(actor=users["partner"], call=current, text=f"Pregunta {i}", anonymous=bool(i % 2))
        services.question_answer(actor=users["staff"], question=q, answer="Respuesta.")
        services.event_register(actor=None, event=_event(), full_name=f"Persona {i}", email=f"p{i}@example.cl")
        call = services.call_create(
            actor=users["staff"],
            title=f"Convocatoria {i}",
            description="d",
            eligibility="e",
            opens_at=now,
            closes_at=now + timedelta(days=3),
        )
        services.call_criteria_set(actor=users["staff"], call=call, criteria=[services.CriterionInput("Todo", 100)])
        services.call_publish(actor=users["staff"], call=call)


PAGES = [
    ("/innovacion/", 12),
    ("/innovacion/desafios/", 12),
    ("/innovacion/desafios/?area=digital&region=13&q=patentes", 12),
    ("/innovacion/convocatorias/", 10),
    ("/innovacion/convocatorias/municipia-2026/", 14),
    ("/innovacion/eventos/", 10),
    ("/api/v1/challenges/", 8),
    ("/api/v1/calls/", 8),
    ("/api/v1/calls/{call}/questions/", 8),
]


@pytest.mark.parametrize(("url", "ceiling"), PAGES)
@pytest.mark.parametrize("viewer", [None, "staff", "santiago"])
def test_query_counts_do_not_grow(client_for, users, url, ceiling, viewer):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.helpers import api_client

    url = url.format(call=selectors.call_get_by_slug(slug="municipia-2026").pk)
    client = api_client(viewer) if url.startswith("/api/") else client_for(viewer)

    def count() -> int:
        client.get(url)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    small = count()
    _grow(25, users)
    large = count()
    assert large == small, (small, large)
    assert large <= ceiling, large


def test_gap_adoption_with_a_non_ascii_number_is_404_not_500(client_for):
    # "²".isdigit() is True, int("²") raises: a malformed id names no gap.
    response = client_for("santiago").post(reverse("innovation:challenge_from_gap"), {"proposed": "²"})
    assert response.status_code == 404


def test_criteria_weight_with_a_non_ascii_digit_is_a_form_error(client_for, draft_call):
    url = reverse("innovation:call_criteria", args=[draft_call.slug])
    response = client_for("staff").post(url, {"lines": "A | ²\nB | 100"})
    assert response.status_code == 400
    assert "la ponderación debe ser un número entero" in response.content.decode()
    assert not Criterion.objects.filter(call=draft_call).exists()


def test_events_present_only_published_calls(client_for, users, draft_call):
    published = Call.objects.get(slug="municipia-2026")
    form = client_for("staff").get(reverse("innovation:event_create")).content.decode()
    assert published.title in form and draft_call.title not in form
    data = {
        "title": "Encuentro",
        "description": "Presentación.",
        "call": str(draft_call.pk),
        "starts_at": "2030-01-10T10:00",
        "ends_at": "2030-01-10T12:00",
        "place": "Sala",
        "online_url": "",
        "capacity": "20",
    }
    before = Event.objects.count()
    assert client_for("staff").post(reverse("innovation:event_create"), data).status_code == 400
    assert Event.objects.count() == before


def test_event_page_does_not_name_a_draft_call_to_the_public(client_for, users, draft_call):
    # An event linked to a draft call before this rule existed: the public page keeps it quiet.
    event = services.event_create(
        actor=users["staff"],
        title="Encuentro previo",
        description="Presentación.",
        starts_at=draft_call.opens_at,
        ends_at=draft_call.opens_at + timedelta(hours=2),
        capacity=50,
        place="Sala del Hub",
        call=draft_call,
    )
    url = reverse("innovation:event_detail", args=[event.pk])
    for who in (None, "startup-a", "santiago"):
        assert draft_call.title not in client_for(who).get(url).content.decode(), who
    assert draft_call.title in client_for("staff").get(url).content.decode()
