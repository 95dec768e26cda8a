"""Permission-matrix rows for events (see tests/test_permission_matrix.py for the columns).
Published events, their calendar files and the awards are public; drafts are the hub's (404 for
everyone else); the hub manages events, registrants, pitches and awards; any signed-in person
registers themself; a startup pitches its own solutions and never sees another startup's
application (404); municipalities mark interest in pitches and nominate themselves; only the
jury scores, never a nomination of its own organisation.

The demo (hublocal/events/demo.py): a full congress (Valparaíso, the partner and startup-a
seated; startup-b and the analyst waiting), a demo day (Santiago registered; DataMuni's pitch
selected with Santiago's interest, Trámite Fácil's applied), this year's award in judging (jury:
analyst, partner, Valparaíso) and last year's with its winners published. `placeholders` adds a
draft event and an award edition taking nominations."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from tests.matrix import LOGIN, Row, row

CONGRESS = "<events: the demo congress slug>"
CONGRESS_ID = "<events: the demo congress id>"
DEMO_DAY = "<events: the demo day slug>"
DEMO_DAY_ID = "<events: the demo day id>"
DRAFT = "<events: a draft event slug>"
DRAFT_ID = "<events: a draft event id>"
DRAFT_VERSION = "<events: the draft's row version>"
PITCH_A = "<events: DataMuni's selected pitch>"
PITCH_B = "<events: Trámite Fácil's applied pitch>"
PITCH_B_VERSION = "<events: Trámite Fácil's pitch row version>"
SOLUTION_B = "<events: a Trámite Fácil solution not yet pitched>"
PAID_SEAT = "<events: startup-a's congress registration>"
CURRENT = "<events: this year's award (judging)>"
CURRENT_ID = "<events: this year's award id>"
PAST_ID = "<events: last year's award id (published)>"
OPEN = "<events: an award taking nominations>"
OPEN_CATEGORY = "<events: the open award's category>"
STGO_ID = "<events: Santiago's organisation id>"
NOM_FREE = "<events: Concepción's nomination, scored by nobody>"
NOM_VALPO = "<events: Valparaíso's nomination scored by the analyst>"
START = "<events: start in ten days>"
END = "<events: end in ten days and two hours>"
OPENS = "<events: registrations opened yesterday>"
CLOSES = "<events: registrations close in nine days>"

NONE: dict[str, Any] = {}
EVENT_FORM = {
    "kind": "workshop",
    "title": "Taller de la matriz",
    "description": "Un taller.",
    "starts_at": START,
    "ends_at": END,
    "timezone": "America/Santiago",
    "place": "Sala 1",
    "online_url": "",
    "capacity": "30",
    "registration_opens_at": OPENS,
    "registration_closes_at": CLOSES,
    "fee_municipal": "0",
    "fee_startup": "0",
    "fee_partner": "0",
    "fee_public": "0",
}
SCORE_FORM = {
    "c_impacto": "4",
    "c_novedad": "3",
    "c_replicabilidad": "5",
    "c_sostenibilidad": "2",
    "no_conflict": "on",
}
HUB = (LOGIN, 200, 200, 403, 403, 403, 403, 403)
HUB_W = (LOGIN, 302, 302, 403, 403, 403, 403, 403)
ALL = (200,) * 8
NOT_ALLOWED = (405,) * 8
DRAFT_ONLY_HUB = (404, 200, 200, 404, 404, 404, 404, 404)
JURY = (LOGIN, 403, 200, 403, 200, 403, 403, 200)

# fmt: off
ROWS: list[Row] = [
    # route kwargs method anon staff anlst stgo valpo st-a st-b partner
    row("events:list", NONE, "GET", *ALL, note="the hub's public agenda"),
    row("events:create", NONE, "GET", *HUB),
    row("events:create", NONE, "POST", *HUB_W, data=EVENT_FORM, audit="events.event_create"),
    row("events:create", NONE, "POST", LOGIN, 400, 400, 403, 403, 403, 403, 403,
        data={**EVENT_FORM, "ends_at": START, "starts_at": END}, note="ends before it starts: refused"),
    row("events:detail", {"slug": CONGRESS}, "GET", *ALL),
    row("events:detail", {"slug": DRAFT}, "GET", *DRAFT_ONLY_HUB, note="a draft is the hub's until published"),
    row("events:edit", {"slug": DRAFT}, "GET", *DRAFT_ONLY_HUB),
    row("events:edit", {"slug": DRAFT}, "POST", 404, 302, 302, 404, 404, 404, 404, 404,
        data={**EVENT_FORM, "row_version": DRAFT_VERSION}, audit="events.event_update"),
    row("events:edit", {"slug": DRAFT}, "POST", 404, 409, 409, 404, 404, 404, 404, 404,
        data={**EVENT_FORM, "row_version": "999"}, note="a stale version: the conflict is shown"),
    row("events:status", {"slug": DRAFT}, "GET", *NOT_ALLOWED),
    row("events:status", {"slug": DRAFT}, "POST", 404, 302, 302, 404, 404, 404, 404, 404,
        data={"status": "published"}, audit="events.event_status"),
    row("events:status", {"slug": DRAFT}, "POST", 404, 400, 400, 404, 404, 404, 404, 404,
        data={"status": "held"}, note="a draft is not held"),
    row("events:ics", {"slug": CONGRESS}, "GET", *ALL),
    row("events:ics", {"slug": DRAFT}, "GET", *DRAFT_ONLY_HUB),
    row("events:register", {"slug": DEMO_DAY}, "GET", *NOT_ALLOWED),
    row("events:register", {"slug": DEMO_DAY}, "POST", LOGIN, 302, 302, 400, 302, 302, 302, 302,
        data=NONE, audit="events.registration_create", note="Santiago is already registered"),
    row("events:cancel", {"slug": CONGRESS}, "GET", *NOT_ALLOWED),
    row("events:cancel", {"slug": CONGRESS}, "POST", LOGIN, 404, 302, 404, 302, 302, 302, 302,
        data=NONE, audit="events.registration_cancel", note="only one's own registration"),
    row("events:registrants", {"slug": CONGRESS}, "GET", *HUB, note="registrants are personal data"),
    row("events:registrants_export", {"slug": CONGRESS}, "GET", *NOT_ALLOWED),
    row("events:registrants_export", {"slug": CONGRESS}, "POST", *HUB_W, data=NONE, audit="exports.job_request"),
    row("events:payment", {"pk": PAID_SEAT}, "GET", *NOT_ALLOWED),
    row("events:payment", {"pk": PAID_SEAT}, "POST", *HUB_W, data={"payment_status": "waived"},
        audit="events.payment_status"),
    row("events:payment", {"pk": PAID_SEAT}, "POST", LOGIN, 400, 400, 403, 403, 403, 403, 403,
        data={"payment_status": "free"}),
    row("events:pitch_apply", {"slug": DEMO_DAY}, "GET", LOGIN, 403, 403, 403, 403, 200, 200, 403),
    row("events:pitch_apply", {"slug": DEMO_DAY}, "POST", LOGIN, 403, 403, 403, 403, 400, 302, 403,
        data={"solution": SOLUTION_B, "summary": "Mostraremos la solución en un caso municipal real."},
        audit="events.pitch_apply", note="a startup pitches only its own solution"),
    row("events:pitches", {"slug": DEMO_DAY}, "GET", *HUB),
    row("events:pitch_detail", {"pk": PITCH_A}, "GET", 404, 200, 200, 404, 404, 200, 404, 404,
        note="startup-b never sees startup-a's application"),
    row("events:pitch_detail", {"pk": PITCH_B}, "GET", 404, 200, 200, 404, 404, 404, 200, 404),
    row("events:pitch_decide", {"pk": PITCH_B}, "GET", *NOT_ALLOWED),
    row("events:pitch_decide", {"pk": PITCH_B}, "POST", 404, 302, 302, 404, 404, 404, 403, 404,
        data={"status": "selected", "agenda_order": "2", "row_version": PITCH_B_VERSION}, audit="events.pitch_decide"),
    row("events:pitch_interest", {"pk": PITCH_A}, "GET", *NOT_ALLOWED),
    row("events:pitch_interest", {"pk": PITCH_A}, "POST", LOGIN, 403, 403, 400, 302, 403, 403, 403,
        data=NONE, audit="events.pitch_interest", note="Santiago already marked interest"),
    row("events:award_list", NONE, "GET", *ALL),
    row("events:award_create", NONE, "GET", *HUB),
    row("events:award_create", NONE, "POST", *HUB_W,
        data={"title": "Premio de la matriz", "year": "2031", "description": "", "rubric": "municipal-innovation:1"},
        audit="events.edition_create"),
    row("events:award_detail", {"slug": CURRENT}, "GET", *ALL),
    row("events:award_manage", {"slug": CURRENT}, "GET", *HUB),
    row("events:award_manage", {"slug": CURRENT}, "POST", *HUB_W,
        data={"action": "category", "name": "Categoría de la matriz", "description": ""}, audit="events.category_add"),
    row("events:award_manage", {"slug": CURRENT}, "POST", LOGIN, 400, 400, 403, 403, 403, 403, 403,
        data={"action": "juror", "username": "nadie-con-este-nombre"}),
    row("events:nominate", {"slug": CURRENT}, "GET", LOGIN, 403, 403, 403, 403, 403, 403, 403,
        note="nominations are closed while the jury scores"),
    row("events:nominate", {"slug": OPEN}, "GET", LOGIN, 200, 200, 200, 200, 403, 403, 403),
    row("events:nominate", {"slug": OPEN}, "POST", LOGIN, 302, 302, 302, 302, 403, 403, 403,
        data={"category": OPEN_CATEGORY, "organization": STGO_ID, "title": "Innovación de la matriz",
              "description": "Descripción de la innovación.", "evidence_url": "", "pilot": "", "resource": ""},
        audit="events.nomination_create", note="a municipality nominates itself; the hub any municipality"),
    row("events:jury", {"slug": CURRENT}, "GET", *JURY, note="only the jury"),
    row("events:score", {"pk": NOM_FREE}, "GET", *JURY),
    row("events:score", {"pk": NOM_FREE}, "POST", LOGIN, 403, 302, 403, 302, 403, 403, 302,
        data=SCORE_FORM, audit="events.score_submit"),
    row("events:score", {"pk": NOM_VALPO}, "POST", LOGIN, 403, 400, 403, 400, 403, 403, 302,
        data=SCORE_FORM, audit="events.score_submit",
        note="Valparaíso's juror may not score Valparaíso (conflict of interest); the analyst already scored it"),
    # --- API
    row("api:events_list", NONE, "GET", *ALL),
    row("api:events_detail", {"pk": CONGRESS_ID}, "GET", *ALL),
    row("api:events_detail", {"pk": DRAFT_ID}, "GET", *DRAFT_ONLY_HUB),
    row("api:events_registration", {"pk": DEMO_DAY_ID}, "POST", 401, 201, 201, 400, 201, 201, 201, 201,
        data=NONE, audit="events.registration_create"),
    row("api:events_registration", {"pk": CONGRESS_ID}, "DELETE", 401, 404, 200, 404, 200, 200, 200, 200,
        data=NONE, audit="events.registration_cancel"),
    row("api:awards_results", {"pk": PAST_ID}, "GET", *ALL, note="public once the winners are published"),
    row("api:awards_results", {"pk": CURRENT_ID}, "GET", 404, 200, 200, 404, 404, 404, 404, 404),
]
# fmt: on


def placeholders(users: dict[str, Any]) -> dict[str, Any]:
    from django.utils import timezone

    from hublocal.events import services
    from hublocal.events.models import AwardEdition, AwardStatus, Event, Nomination, Pitch, Registration
    from hublocal.solutions import selectors as solution_selectors

    staff = users["staff"]
    now = timezone.localtime().replace(second=0, microsecond=0, tzinfo=None)
    fmt = "%Y-%m-%dT%H:%M"
    draft = services.event_create(
        actor=staff,
        data={
            "kind": "workshop",
            "title": "Borrador de la matriz",
            "timezone": "America/Santiago",
            "starts_at": now + timedelta(days=5),
            "ends_at": now + timedelta(days=5, hours=2),
            "registration_opens_at": now,
            "registration_closes_at": now + timedelta(days=4),
            "place": "Sala 2",
            "capacity": 10,
        },
    )
    open_award = services.edition_create(actor=staff, title="Premio abierto de la matriz", year=2032)
    category = services.category_add(actor=staff, edition=open_award, name="General")
    congress = Event.objects.get(is_demo=True, kind="congress")
    demo_day = Event.objects.get(is_demo=True, kind="demo_day")
    current = AwardEdition.objects.get(is_demo=True, status=AwardStatus.JUDGING)
    past = AwardEdition.objects.get(is_demo=True, status=AwardStatus.PUBLISHED)
    pitch_b = Pitch.objects.get(event=demo_day, organization__slug="tramite-facil-spa")
    pitched = set(Pitch.objects.filter(event=demo_day).values_list("solution_id", flat=True))
    solution_b = next(
        s
        for s in solution_selectors.solutions_of(organization_id=users["startup-b"].organization_id)
        if s.pk not in pitched
    )
    noms = list(Nomination.objects.filter(category__edition=current).order_by("pk"))
    return {
        CONGRESS: congress.slug,
        CONGRESS_ID: congress.pk,
        DEMO_DAY: demo_day.slug,
        DEMO_DAY_ID: demo_day.pk,
        DRAFT: draft.slug,
        DRAFT_ID: draft.pk,
        DRAFT_VERSION: str(draft.row_version),
        PITCH_A: Pitch.objects.get(event=demo_day, organization__slug="datamuni-spa").pk,
        PITCH_B: pitch_b.pk,
        PITCH_B_VERSION: str(pitch_b.row_version),
        SOLUTION_B: str(solution_b.pk),
        PAID_SEAT: Registration.objects.get(event=congress, user=users["startup-a"]).pk,
        CURRENT: current.slug,
        CURRENT_ID: current.pk,
        PAST_ID: past.pk,
        OPEN: open_award.slug,
        OPEN_CATEGORY: str(category.pk),
        STGO_ID: str(users["santiago"].organization_id),
        NOM_FREE: next(
            n for n in noms if n.organization.slug not in ("municipalidad-santiago", "municipalidad-valparaiso")
        ).pk,
        NOM_VALPO: next(n for n in noms if n.organization.slug == "municipalidad-valparaiso").pk,
        START: (now + timedelta(days=10)).strftime(fmt),
        END: (now + timedelta(days=10, hours=2)).strftime(fmt),
        OPENS: (now - timedelta(days=1)).strftime(fmt),
        CLOSES: (now + timedelta(days=9)).strftime(fmt),
    }
