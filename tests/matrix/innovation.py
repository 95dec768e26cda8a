"""Permission-matrix rows for the innovation app (see tests/test_permission_matrix.py for the columns).

Demo objects: "Patentes comerciales sin filas ni papeles" (published in municipia-2026, owned by
Santiago and shared with Valparaíso), Santiago's draft adopted from its diagnosis gap (incomplete:
sending it to review is refused with 400), Valparaíso's challenge under review, and per test a
draft call with criteria, a fresh diagnosis gap of Santiago's, the partner's unanswered question
and startup-b's answered one.

Event registration is open to anonymous visitors, so its write rows carry no `audit=` (the matrix
checks the audit actor against a demo account); test_views/test_api check its audit events."""

from __future__ import annotations

from typing import Any

from tests.matrix import LOGIN, Row, row

PUBLISHED = "<innovation: published challenge (Patentes)>"
DRAFT = "<innovation: Santiago's gap draft>"
REVIEW = "<innovation: Valparaíso's challenge in review>"
CURRENT = "<innovation: municipia-2026 slug>"
CURRENT_PK = "<innovation: municipia-2026 id>"
DRAFT_CALL = "<innovation: a draft call slug>"
DRAFT_CALL_PK = "<innovation: a draft call id>"
GAP = "<innovation: a fresh gap of Santiago>"
PENDING = "<innovation: partner's unanswered question>"
ANSWERED = "<innovation: startup-b's answered question>"
EVENT = "<innovation: the demo event>"

NONE: dict[str, Any] = {}
PUB = {"pk": PUBLISHED}
DRF = {"pk": DRAFT}
REV = {"pk": REVIEW}
CUR = {"slug": CURRENT}
CUR_PK = {"pk": CURRENT_PK}
DCALL = {"slug": DRAFT_CALL}
DCALL_PK = {"pk": DRAFT_CALL_PK}
PEND = {"pk": PENDING}
ANS = {"pk": ANSWERED}
EV = {"pk": EVENT}
DATAMUNI = {"slug": "datamuni-spa"}

CALL_FORM = {
    "title": "Convocatoria del matrix",
    "description": "Una convocatoria de prueba.",
    "eligibility": "Startups con RUT.",
    "opens_at": "2030-01-01T09:00",
    "closes_at": "2030-03-01T18:00",
}
CRITERIA_FORM = {"lines": "Pertinencia | 60 | Qué tan bien resuelve el problema\nCosto | 40"}
STATEMENT = {
    "title": "Luminarias apagadas sin seguimiento",
    "area": "digital",
    "problem": "Los reclamos por luminarias apagadas se pierden entre departamentos.",
    "affected": "Vecinos de barrios con poca iluminación.",
    "current_process": "Llamado telefónico y derivación por correo.",
    "success": "90% reparadas en menos de 5 días hábiles.",
}
CHALLENGE_FORM = {**STATEMENT, "owner": "13101", "co_municipalities": "", "budget_min": "", "budget_max": ""}
COMPLETION = {
    "affected": "Vecinos que hacen trámites en línea.",
    "current_process": "Formularios en papel y correos.",
    "success": "La mitad de los trámites en línea en un año.",
}
EDIT_FORM = {**STATEMENT, "co_municipalities": "Valparaíso"}
EVENT_FORM = {
    "title": "Taller de desafíos",
    "description": "Cómo escribir un desafío como problema.",
    "call": "",
    "starts_at": "2030-05-01T09:00",
    "ends_at": "2030-05-01T13:00",
    "place": "Santiago",
    "online_url": "",
    "capacity": "800",
}
REGISTRATION = {"full_name": "Persona del matrix", "email": "matrix@example.cl", "organization_name": ""}
NEW_CHALLENGE = {**STATEMENT, "owner": "municipalidad-santiago"}

# fmt: off
ROWS: list[Row] = [
    #   route                               kwargs    method   anon   staff  anlst  stgo   valpo  st-a   st-b   partner
    # --- web: landing, calls
    row("innovation:index",                 NONE,     "GET",   200,   200,   200,   200,   200,   200,   200,   200),
    row("innovation:call_list",             NONE,     "GET",   200,   200,   200,   200,   200,   200,   200,   200),
    row("innovation:call_create",           NONE,     "GET",   LOGIN, 200,   403,   403,   403,   403,   403,   403),
    row("innovation:call_create",           NONE,     "POST",  LOGIN, 302,   403,   403,   403,   403,   403,   403,
        data=CALL_FORM, audit="innovation.call_create"),
    row("innovation:call_detail",           CUR,      "GET",   200,   200,   200,   200,   200,   200,   200,   200),
    row("innovation:call_detail",           DCALL,    "GET",   404,   200,   200,   404,   404,   404,   404,   404,
        note="a draft call does not exist for the public"),
    row("innovation:call_edit",             DCALL,    "GET",   404,   200,   403,   404,   404,   404,   404,   404),
    row("innovation:call_edit",             DCALL,    "POST",  404,   302,   403,   404,   404,   404,   404,   404,
        data=CALL_FORM, audit="innovation.call_update"),
    row("innovation:call_edit",             CUR,      "GET",   LOGIN, 302,   403,   403,   403,   403,   403,   403,
        note="published: frozen, back to the call page with a message"),
    row("innovation:call_criteria",         DCALL,    "GET",   404,   200,   403,   404,   404,   404,   404,   404),
    row("innovation:call_criteria",         DCALL,    "POST",  404,   302,   403,   404,   404,   404,   404,   404,
        data=CRITERIA_FORM, audit="innovation.call_criteria_set"),
    row("innovation:call_criteria",         CUR,      "POST",  LOGIN, 400,   403,   403,   403,   403,   403,   403,
        data=CRITERIA_FORM, note="published criteria are frozen: 400, nothing written"),
    row("innovation:call_publish",          DCALL,    "GET",   405,   405,   405,   405,   405,   405,   405,   405),
    row("innovation:call_publish",          DCALL,    "POST",  404,   302,   403,   404,   404,   404,   404,   404,
        audit="innovation.call_publish"),
    row("innovation:call_publish",          CUR,      "POST",  LOGIN, 400,   403,   403,   403,   403,   403,   403,
        note="already published"),
    row("innovation:call_extend",           CUR,      "GET",   405,   405,   405,   405,   405,   405,   405,   405),
    row("innovation:call_extend",           CUR,      "POST",  LOGIN, 302,   403,   403,   403,   403,   403,   403,
        data={"closes_at": "2099-12-31T18:00"}, audit="innovation.call_extend_close"),
    row("innovation:call_cancel",           DCALL,    "GET",   405,   405,   405,   405,   405,   405,   405,   405),
    row("innovation:call_cancel",           DCALL,    "POST",  404,   302,   403,   404,   404,   404,   404,   404,
        audit="innovation.call_cancel"),
    # --- web: questions and answers
    row("innovation:question_ask",          CUR,      "GET",   405,   405,   405,   405,   405,   405,   405,   405),
    row("innovation:question_ask",          CUR,      "POST",  LOGIN, 302,   302,   302,   302,   302,   302,   302,
        data={"text": "¿Se puede postular en consorcio?", "anonymous": "on", "challenge": ""},
        audit="innovation.question_ask"),
    row("innovation:question_ask",          DCALL,    "POST",  404,   403,   403,   404,   404,   404,   404,   404,
        data={"text": "¿Cuándo abre?", "anonymous": "on", "challenge": ""},
        note="a draft call takes no questions"),
    row("innovation:question_answer",       PEND,     "GET",   404,   200,   200,   404,   404,   404,   404,   404,
        note="unanswered questions are not public"),
    row("innovation:question_answer",       PEND,     "POST",  404,   302,   302,   404,   404,   404,   404,   404,
        data={"answer": "Sí, el 15 de este mes."}, audit="innovation.question_answer"),
    row("innovation:question_answer",       ANS,      "GET",   LOGIN, 200,   200,   403,   403,   403,   403,   403),
    # --- web: challenges
    row("innovation:challenge_list",        NONE,     "GET",   200,   200,   200,   200,   200,   200,   200,   200),
    row("innovation:challenge_create",      NONE,     "GET",   LOGIN, 200,   403,   200,   200,   403,   403,   403),
    row("innovation:challenge_create",      NONE,     "POST",  LOGIN, 302,   403,   302,   302,   403,   403,   403,
        data=CHALLENGE_FORM, audit="innovation.challenge_create",
        note="officials write for their own municipality (the owner field is the hub's)"),
    row("innovation:challenge_from_gap",    NONE,     "GET",   LOGIN, 403,   403,   200,   200,   403,   403,   403),
    row("innovation:challenge_from_gap",    NONE,     "POST",  LOGIN, 403,   403,   302,   404,   403,   403,   403,
        data={"proposed": GAP}, audit="innovation.challenge_create",
        note="another municipality's gap does not exist for Valparaíso"),
    row("innovation:challenge_detail",      PUB,      "GET",   200,   200,   200,   200,   200,   200,   200,   200),
    row("innovation:challenge_detail",      DRF,      "GET",   404,   200,   200,   200,   404,   404,   404,   404,
        note="a draft exists only for its municipality and the hub"),
    row("innovation:challenge_detail",      REV,      "GET",   404,   200,   200,   404,   200,   404,   404,   404),
    row("innovation:challenge_edit",        DRF,      "GET",   404,   200,   200,   200,   404,   404,   404,   404),
    row("innovation:challenge_edit",        DRF,      "POST",  404,   302,   302,   302,   404,   404,   404,   404,
        data=EDIT_FORM, audit="innovation.challenge_update"),
    row("innovation:challenge_edit",        PUB,      "GET",   LOGIN, 403,   403,   403,   403,   403,   403,   403,
        note="published: frozen"),
    row("innovation:challenge_transition",  PUB,      "GET",   405,   405,   405,   405,   405,   405,   405,   405),
    row("innovation:challenge_transition",  PUB,      "POST",  LOGIN, 302,   403,   403,   403,   403,   403,   403,
        data={"to": "closed"}, audit="innovation.challenge_transition"),
    row("innovation:challenge_transition",  DRF,      "POST",  404,   400,   403,   400,   404,   404,   404,   404,
        data={"to": "in_review"}, note="the gap draft is incomplete: 400, nothing written"),
    row("innovation:challenge_transition",  REV,      "POST",  404,   302,   302,   404,   403,   404,   404,   404,
        data={"to": "draft", "note": "Precise quiénes sufren el problema."}, audit="innovation.challenge_transition"),
    row("innovation:recommended",           NONE,     "GET",   LOGIN, 403,   403,   403,   403,   200,   200,   403),
    # --- web: events
    row("innovation:event_list",            NONE,     "GET",   200,   200,   200,   200,   200,   200,   200,   200),
    row("innovation:event_create",          NONE,     "GET",   LOGIN, 200,   403,   403,   403,   403,   403,   403),
    row("innovation:event_create",          NONE,     "POST",  LOGIN, 302,   403,   403,   403,   403,   403,   403,
        data=EVENT_FORM, audit="innovation.event_create"),
    row("innovation:event_detail",          EV,       "GET",   200,   200,   200,   200,   200,   200,   200,   200),
    row("innovation:event_edit",            EV,       "GET",   LOGIN, 200,   403,   403,   403,   403,   403,   403),
    row("innovation:event_edit",            EV,       "POST",  LOGIN, 302,   403,   403,   403,   403,   403,   403,
        data=EVENT_FORM, audit="innovation.event_update"),
    row("innovation:event_register",        EV,       "GET",   302,   302,   302,   302,   302,   302,   302,   302,
        note="the form lives on the event page"),
    row("innovation:event_register",        EV,       "POST",  302,   302,   302,   302,   302,   302,   302,   302,
        data=REGISTRATION, audit="innovation.event_register", note="anyone registers, even anonymously"),
    row("innovation:event_attendance",      EV,       "GET",   LOGIN, 200,   200,   403,   403,   403,   403,   403,
        note="registrants' personal data: hub team only"),
    row("innovation:event_attendance",      EV,       "POST",  LOGIN, 302,   403,   403,   403,   403,   403,   403,
        audit="innovation.event_set_attendance", note="analysts read, admins record"),
    # --- API
    row("api:challenge_list",               NONE,     "GET",   200,   200,   200,   200,   200,   200,   200,   200),
    row("api:challenge_list",               NONE,     "POST",  401,   201,   403,   201,   403,   403,   403,   403,
        data=NEW_CHALLENGE, audit="innovation.challenge_create", note="valparaiso may not write for Santiago"),
    row("api:challenge_detail",             PUB,      "GET",   200,   200,   200,   200,   200,   200,   200,   200),
    row("api:challenge_detail",             DRF,      "GET",   404,   200,   200,   200,   404,   404,   404,   404),
    row("api:challenge_detail",             DRF,      "PATCH", 404,   200,   200,   200,   404,   404,   404,   404,
        data=COMPLETION, audit="innovation.challenge_update"),
    row("api:challenge_detail",             PUB,      "PATCH", 401,   403,   403,   403,   403,   403,   403,   403,
        data={"title": "Otro"}, note="published: frozen"),
    row("api:challenge_transition",         PUB,      "POST",  401,   200,   403,   403,   403,   403,   403,   403,
        data={"to": "closed"}, audit="innovation.challenge_transition"),
    row("api:challenge_transition",         DRF,      "POST",  404,   400,   403,   400,   404,   404,   404,   404,
        data={"to": "in_review"}, note="incomplete draft"),
    row("api:challenge_matches",            PUB,      "GET",   401,   200,   200,   200,   200,   403,   403,   403,
        note="the buyer's tool: hub and the challenge's municipalities"),
    row("api:challenge_matches",            DRF,      "GET",   404,   200,   200,   200,   404,   404,   404,   404),
    row("api:startup_matches",              DATAMUNI, "GET",   401,   200,   200,   403,   403,   200,   403,   403),
    row("api:call_list",                    NONE,     "GET",   200,   200,   200,   200,   200,   200,   200,   200),
    row("api:call_detail",                  CUR_PK,   "GET",   200,   200,   200,   200,   200,   200,   200,   200),
    row("api:call_detail",                  DCALL_PK, "GET",   404,   200,   200,   404,   404,   404,   404,   404),
    row("api:call_questions",               CUR_PK,   "GET",   200,   200,   200,   200,   200,   200,   200,   200),
    row("api:call_questions",               CUR_PK,   "POST",  401,   201,   201,   201,   201,   201,   201,   201,
        data={"text": "¿Hay sesión informativa?", "anonymous": True}, audit="innovation.question_ask"),
    row("api:event_list",                   NONE,     "GET",   200,   200,   200,   200,   200,   200,   200,   200),
    row("api:event_detail",                 EV,       "GET",   200,   200,   200,   200,   200,   200,   200,   200),
    row("api:event_register",               EV,       "POST",  201,   201,   201,   201,   201,   201,   201,   201,
        data=REGISTRATION, audit="innovation.event_register", note="anyone registers, even anonymously"),
]
# fmt: on


def placeholders(users: dict[str, Any]) -> dict[str, Any]:
    """Placeholder string → value resolved against the demo data (a draft call and a fresh gap
    are created inside the test's transaction)."""
    from datetime import timedelta

    from django.utils import timezone

    from hublocal.diagnosis import selectors as diagnosis_selectors
    from hublocal.diagnosis import services as diagnosis_services
    from hublocal.innovation import selectors, services
    from hublocal.innovation.models import Challenge, Event, Question

    now = timezone.now()
    draft_call = services.call_create(
        actor=users["staff"],
        title="Convocatoria en preparación (matrix)",
        description="Borrador.",
        eligibility="Startups.",
        opens_at=now + timedelta(days=5),
        closes_at=now + timedelta(days=40),
    )
    services.call_criteria_set(
        actor=users["staff"], call=draft_call, criteria=[services.CriterionInput("Pertinencia", 100)]
    )
    current = selectors.call_get_by_slug(slug="municipia-2026")
    santiago = users["santiago"].organization_id
    participation = next(
        p
        for p in diagnosis_selectors.participations_for_organization(organization_id=santiago)
        if p.status == "submitted"
    )
    taken = set(participation.proposed_challenges.values_list("dimension", flat=True))
    instrument = diagnosis_selectors.instrument_of(participation.campaign.instrument_version)
    # The last free dimension: the diagnosis rows propose the first one themselves.
    dimension = [d.id for d in instrument.dimensions if d.id not in taken][-1]
    gap = diagnosis_services.proposed_challenge_create(
        actor=users["santiago"], participation=participation, dimension=dimension
    )
    return {
        PUBLISHED: Challenge.objects.get(title="Patentes comerciales sin filas ni papeles").pk,
        DRAFT: Challenge.objects.get(origin="diagnosis", owner_id=santiago, status="draft", is_demo=True).pk,
        REVIEW: Challenge.objects.get(status="in_review", is_demo=True).pk,
        CURRENT: current.slug,
        CURRENT_PK: current.pk,
        DRAFT_CALL: draft_call.slug,
        DRAFT_CALL_PK: draft_call.pk,
        GAP: str(gap.pk),
        PENDING: Question.objects.get(call=current, answer="").pk,
        ANSWERED: Question.objects.get(call=current, asked_by=users["startup-b"]).pk,
        EVENT: Event.objects.get(title="Muestra de soluciones Municipia 2026").pk,
    }
