"""Permission-matrix rows for technical assistance (see tests/test_permission_matrix.py for the
columns). Everything is private: a municipality sees only its own requests and engagements, an
expert (the demo `partner`, on the demo teams with `analista`) only the engagements they work on,
hub staff all; an outsider gets 404, an anonymous visitor the sign-in page.

The demo (hublocal/assistance/demo.py) gives Santiago's engagement in progress (first deliverable
returned, second pending) and Valparaíso's closed, rated and published one. `placeholders` adds,
inside each test's transaction, Santiago objects at the stages the demo has no reason to hold."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from tests.matrix import LOGIN, Row, row

RUNNING = "<assistance: Santiago's demo engagement in progress>"
CLOSED = "<assistance: Valparaíso's closed, published demo engagement>"
AGREED = "<assistance: Valparaíso's agreed demo engagement>"
STGO_REQ = "<assistance: a submitted request of Santiago>"
STGO_SCOPING = "<assistance: an accepted request of Santiago, being scoped>"
DELIVERED = "<assistance: a delivered engagement of Santiago, not rated>"
STGO_CLOSED = "<assistance: a closed engagement of Santiago, not published>"
PENDING = "<assistance: the pending deliverable of Santiago's demo engagement>"
SUBMITTED = "<assistance: a deliverable of Santiago waiting for review>"
VERSION = "<assistance: the returned version (with a PDF) of Santiago's demo deliverable>"
PARTNER_ID = "<assistance: the partner expert's account id>"
NEXT_MONTH = "<assistance: in a month>"

NONE: dict[str, Any] = {}
REQUEST_FORM = {
    "title": "Apoyo para ordenar la OIRS",
    "area": "digital",
    "dimension": "",
    "problem": "Las solicitudes ciudadanas llegan por cinco canales y nadie sabe cuántas quedan sin respuesta.",
    "urgency": "medium",
}
ENGAGEMENT_FORM = {
    "title": "Asistencia de la matriz",
    "objective": "Ordenar el registro de solicitudes ciudadanas en un solo canal con seguimiento.",
    "hours": "20",
    "fee_clp": "0",
    "team": PARTNER_ID,
    "d1_title": "Diagnóstico de canales",
    "d1_due": NEXT_MONTH,
}
RATING_FORM = {"quality": "5", "relevance": "4", "timeliness": "4", "communication": "5", "comment": ""}

# fmt: off
ROWS: list[Row] = [
    # route kwargs method anon staff anlst stgo valpo st-a st-b partner
    row("assistance:index", NONE, "GET", LOGIN, 200, 200, 200, 200, 403, 403, 200,
        note="each sees their own: a municipality its engagements, an expert their team's, staff all"),
    row("assistance:request_create", NONE, "GET", LOGIN, 403, 403, 200, 200, 403, 403, 403),
    row("assistance:request_create", NONE, "POST", LOGIN, 403, 403, 302, 302, 403, 403, 403,
        data=REQUEST_FORM, audit="assistance.request_create", note="a municipality asks for itself only"),
    row("assistance:request_detail", {"pk": STGO_REQ}, "GET", LOGIN, 200, 200, 200, 404, 404, 404, 404),
    row("assistance:request_decide", {"pk": STGO_REQ}, "GET", 405, 405, 405, 405, 405, 405, 405, 405),
    row("assistance:request_decide", {"pk": STGO_REQ}, "POST", LOGIN, 302, 302, 403, 404, 404, 404, 404,
        data={"decision": "accept"}, audit="assistance.request_accept"),
    row("assistance:request_decide", {"pk": STGO_REQ}, "POST", LOGIN, 400, 400, 403, 404, 404, 404, 404,
        data={"decision": "decline", "reason": ""}, note="declining without a reason is refused"),
    row("assistance:engagement_create", {"pk": STGO_SCOPING}, "GET", LOGIN, 200, 200, 403, 404, 404, 404, 404),
    row("assistance:engagement_create", {"pk": STGO_SCOPING}, "POST", LOGIN, 302, 302, 403, 404, 404, 404, 404,
        data=ENGAGEMENT_FORM, audit="assistance.engagement_create"),
    row("assistance:engagement_detail", {"pk": RUNNING}, "GET", LOGIN, 200, 200, 200, 404, 404, 404, 200),
    row("assistance:engagement_detail", {"pk": CLOSED}, "GET", LOGIN, 200, 200, 404, 200, 404, 404, 200,
        note="another municipality's engagement does not exist for santiago"),
    row("assistance:engagement_transition", {"pk": AGREED}, "GET", 405, 405, 405, 405, 405, 405, 405, 405),
    row("assistance:engagement_transition", {"pk": AGREED}, "POST", LOGIN, 302, 302, 404, 403, 404, 404, 302,
        data={"action": "start"}, audit="assistance.engagement_start", note="the team or the hub starts"),
    row("assistance:engagement_transition", {"pk": DELIVERED}, "POST", LOGIN, 302, 302, 403, 404, 404, 404, 403,
        data={"action": "close"}, audit="assistance.engagement_close", note="only the hub closes"),
    row("assistance:engagement_transition", {"pk": RUNNING}, "POST", LOGIN, 400, 400, 403, 404, 404, 404, 403,
        data={"action": "close"}, note="not delivered yet: refused, nothing written"),
    row("assistance:deliverable_submit", {"pk": PENDING}, "GET", LOGIN, 200, 200, 403, 404, 404, 404, 200),
    row("assistance:deliverable_submit", {"pk": PENDING}, "POST", LOGIN, 302, 302, 403, 404, 404, 404, 302,
        data={"text": "Primera versión del tablero."}, audit="assistance.deliverable_submit"),
    row("assistance:deliverable_review", {"pk": SUBMITTED}, "GET", 405, 405, 405, 405, 405, 405, 405, 405),
    row("assistance:deliverable_review", {"pk": SUBMITTED}, "POST", LOGIN, 403, 403, 302, 404, 404, 404, 403,
        data={"decision": "accepted", "comment": ""}, audit="assistance.deliverable_accept",
        note="the municipality judges what it received, never the team"),
    row("assistance:deliverable_review", {"pk": SUBMITTED}, "POST", LOGIN, 403, 403, 400, 404, 404, 404, 403,
        data={"decision": "returned", "comment": ""}, note="returning without comments is refused"),
    row("assistance:version_file", {"pk": VERSION}, "GET", LOGIN, 200, 200, 200, 404, 404, 404, 200),
    row("assistance:rating_create", {"pk": DELIVERED}, "GET", LOGIN, 403, 403, 200, 404, 404, 404, 403),
    row("assistance:rating_create", {"pk": DELIVERED}, "POST", LOGIN, 403, 403, 302, 404, 404, 404, 403,
        data=RATING_FORM, audit="assistance.rating_submit"),
    row("assistance:rating_create", {"pk": DELIVERED}, "POST", LOGIN, 403, 403, 400, 404, 404, 404, 403,
        data={**RATING_FORM, "quality": "9"}, note="a score out of 1–5 is refused"),
    row("assistance:publish", {"pk": STGO_CLOSED}, "GET", 405, 405, 405, 405, 405, 405, 405, 405),
    row("assistance:publish", {"pk": STGO_CLOSED}, "POST", LOGIN, 302, 302, 403, 404, 404, 404, 403,
        audit="assistance.publish_library"),
    row("assistance:publish", {"pk": CLOSED}, "POST", LOGIN, 400, 400, 404, 403, 404, 404, 403,
        note="already in the library: refused"),
    # --- API
    row("api:assistance_engagement_list", NONE, "GET", 401, 200, 200, 200, 200, 403, 403, 200),
]
# fmt: on


def placeholders(users: dict[str, Any]) -> dict[str, Any]:
    from django.utils import timezone

    from hublocal.assistance import services
    from hublocal.assistance.models import Deliverable, DeliverableVersion, Engagement

    today = timezone.localdate()
    staff, stgo, partner = users["staff"], users["santiago"], users["partner"]
    problem = "Problema creado para la matriz de permisos, con detalle suficiente para validarse."

    def req() -> Any:
        return services.request_create(
            actor=stgo, title="Solicitud de la matriz", problem=problem, area="aps", urgency="low"
        )

    def engaged(n: int = 1) -> Any:
        r = req()
        services.request_decide(actor=staff, request=r, decision="accept")
        return services.engagement_create(
            actor=staff,
            request=r,
            title="Asistencia de la matriz",
            objective=problem,
            hours=10,
            fee_clp=0,
            team=[users["analista"], partner],
            plan=[{"title": f"Entregable {i}", "due_on": today + timedelta(days=20)} for i in range(n)],
        )

    def delivered() -> Any:
        e = engaged()
        d = e.deliverables.get()
        services.deliverable_submit(actor=partner, deliverable=d, text="Entregable completo de la matriz.")
        services.deliverable_review(actor=stgo, deliverable=d, decision="accepted")
        e.refresh_from_db()
        return e

    running = Engagement.objects.get(is_demo=True, organization__slug="municipalidad-santiago")
    scoping = req()
    services.request_decide(actor=staff, request=scoping, decision="accept")
    waiting = engaged()
    to_review = waiting.deliverables.get()
    services.deliverable_submit(actor=partner, deliverable=to_review, text="Entregable para revisar en la matriz.")
    closed = delivered()
    services.engagement_transition(actor=staff, engagement=closed, action="close")
    return {
        RUNNING: running.pk,
        CLOSED: Engagement.objects.get(is_demo=True, status="closed").pk,
        AGREED: Engagement.objects.get(is_demo=True, status="agreed").pk,
        STGO_REQ: req().pk,
        STGO_SCOPING: scoping.pk,
        DELIVERED: delivered().pk,
        STGO_CLOSED: closed.pk,
        PENDING: Deliverable.objects.get(engagement=running, status="pending").pk,
        SUBMITTED: to_review.pk,
        VERSION: DeliverableVersion.objects.filter(deliverable__engagement=running).exclude(file="").first().pk,
        PARTNER_ID: partner.pk,
        NEXT_MONTH: (today + timedelta(days=30)).isoformat(),
    }
