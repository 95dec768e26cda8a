"""Permission-matrix rows for articulation (see tests/test_permission_matrix.py for the columns).

Round tables are public; their internal documents are for members (the demo security table:
Valparaíso coordinates, Santiago is a member) and the hub; meetings and commitments are kept by
the hub and the table's coordinators. Policy items are public once published; a draft is the
hub's (404 to everyone else). The demo (hublocal/articulation/demo.py) holds the objects;
`placeholders` adds a draft policy item inside each test's transaction."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from tests.matrix import LOGIN, Row, row

TABLE = "<articulation: the demo security round table's slug>"
OWNER = "<articulation: Santiago's membership of the security table>"
COMMITMENT = "<articulation: the pending commitment of Valparaíso at the security table>"
DOCUMENT = "<articulation: the internal document of the security table's first meeting>"
BILL = "<articulation: the published demo bill's slug>"
DRAFT = "<articulation: a draft policy item's slug>"
NEXT_MONTH = "<articulation: in a month>"
MEETING = "<articulation: the security table's meeting with draft minutes>"
OBSERVER = "<articulation: Barrio Seguro Tech's membership of the security table (no commitments)>"
LEAVER = "<articulation: the BID's membership of the security table (no commitments)>"
NEWCOMER = "<articulation: DataMuni, not a member of the security table>"
PILOT = "<articulation: a demo pilot's id>"
APS = "<articulation: the demo primary-care round table's slug>"

NONE: dict[str, Any] = {}
COMMITMENT_FORM = {"what": "Compromiso de la matriz de permisos", "owner": OWNER, "due_on": NEXT_MONTH, "meeting": ""}

TABLE_FORM = {"theme": "Mesa de la matriz", "area": "digital", "description": "Creada en la matriz", "status": "active"}
MEMBER_FORM = {"organization": NEWCOMER, "role": "member", "country": "CL"}
MEETING_FORM = {
    "day": NEXT_MONTH,
    "hour": "10:00",
    "time_zone": "America/Santiago",
    "place": "Sala del Hub",
    "agenda": "Tabla de la matriz",
    "minutes": "Acta de la matriz",
    "minutes_status": "draft",
}
POLICY_FORM = {
    "kind": "policy",
    "title": "Incidencia de la matriz",
    "area": "digital",
    "summary": "Resumen",
    "position": "Posición",
    "outcome": "open",
}
BILL_FORM = {
    "kind": "bill",
    "boletin": "15940-25",
    "title": "Proyecto editado en la matriz",
    "area": "seguridad",
    "summary": "Resumen",
    "position": "Posición",
    "outcome": "open",
    "published": "on",
}
ACTIVITY_FORM = {"kind": "meeting", "happened_on": "2026-06-01", "description": "Reunión de la matriz"}


def _document(role: str) -> dict[str, Any]:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from hublocal.library import demo_files

    pdf = demo_files.build_file("pdf", "Documento de la matriz", "Texto.")
    return {"title": f"Documento de {role}", "file": SimpleUploadedFile("matriz.pdf", pdf), "internal": "on"}


# The hub (staff, analyst) manages tables, members and policy items; the hub and the table's
# coordinator (Valparaíso) keep its meetings; a plain member (Santiago), startups and partners may not.
STAFF_ONLY = (LOGIN, 200, 200, 403, 403, 403, 403, 403)
STAFF_ONLY_W = (LOGIN, 302, 302, 403, 403, 403, 403, 403)
COORD = (LOGIN, 200, 200, 403, 200, 403, 403, 403)
COORD_W = (LOGIN, 302, 302, 403, 302, 403, 403, 403)
POST_ONLY = (405, 405, 405, 405, 405, 405, 405, 405)

# fmt: off
ROWS: list[Row] = [
    # route kwargs method anon staff anlst stgo valpo st-a st-b partner
    row("articulation:table_list", NONE, "GET", 200, 200, 200, 200, 200, 200, 200, 200),
    row("articulation:table_detail", {"slug": TABLE}, "GET", 200, 200, 200, 200, 200, 200, 200, 200,
        note="public record; members also see draft minutes and internal documents"),
    row("articulation:commitment_create", {"slug": TABLE}, "GET", LOGIN, 200, 200, 403, 200, 403, 403, 403,
        note="the hub and the table's coordinator (Valparaíso); a plain member may not"),
    row("articulation:commitment_create", {"slug": TABLE}, "POST", LOGIN, 302, 302, 403, 302, 403, 403, 403,
        data=COMMITMENT_FORM, audit="articulation.commitment_create"),
    row("articulation:commitment_status", {"pk": COMMITMENT}, "GET", 405, 405, 405, 405, 405, 405, 405, 405),
    row("articulation:commitment_status", {"pk": COMMITMENT}, "POST", LOGIN, 302, 302, 403, 302, 403, 403, 403,
        data={"status": "kept", "reason": ""}, audit="articulation.commitment_status"),
    row("articulation:document_file", {"pk": DOCUMENT}, "GET", 404, 200, 200, 200, 200, 404, 404, 404,
        note="an internal document: members and the hub only, missing for everyone else"),
    row("articulation:policy_list", NONE, "GET", 200, 200, 200, 200, 200, 200, 200, 200),
    row("articulation:policy_detail", {"slug": BILL}, "GET", 200, 200, 200, 200, 200, 200, 200, 200),
    row("articulation:policy_detail", {"slug": DRAFT}, "GET", 404, 200, 200, 404, 404, 404, 404, 404,
        note="a draft position is the hub's until published"),
    row("articulation:table_create", NONE, "GET", *STAFF_ONLY),
    row("articulation:table_create", NONE, "POST", *STAFF_ONLY_W, data=TABLE_FORM, audit="articulation.table_create"),
    row("articulation:table_edit", {"slug": TABLE}, "GET", *STAFF_ONLY),
    row("articulation:table_edit", {"slug": TABLE}, "POST", *STAFF_ONLY_W,
        data={**TABLE_FORM, "theme": "Mesa editada en la matriz"}, audit="articulation.table_update"),
    row("articulation:table_members", {"slug": TABLE}, "GET", *STAFF_ONLY,
        note="choosing the members is the hub's; not even the coordinator"),
    row("articulation:table_members", {"slug": TABLE}, "POST", *STAFF_ONLY_W,
        data=MEMBER_FORM, audit="articulation.member_add"),
    row("articulation:member_update", {"pk": OBSERVER}, "GET", *POST_ONLY),
    row("articulation:member_update", {"pk": OBSERVER}, "POST", *STAFF_ONLY_W,
        data={"role": "member", "country": "CL"}, audit="articulation.member_update"),
    row("articulation:member_remove", {"pk": LEAVER}, "GET", *POST_ONLY),
    row("articulation:member_remove", {"pk": LEAVER}, "POST", *STAFF_ONLY_W, audit="articulation.member_remove"),
    row("articulation:meeting_create", {"slug": TABLE}, "GET", *COORD),
    row("articulation:meeting_create", {"slug": TABLE}, "POST", *COORD_W,
        data=MEETING_FORM, audit="articulation.meeting_create"),
    row("articulation:meeting_create", {"slug": APS}, "GET", LOGIN, 200, 200, 403, 403, 403, 403, 200,
        note="the APS table: the partner coordinates it; Valparaíso is only a member there"),
    row("articulation:meeting_edit", {"pk": MEETING}, "GET", *COORD),
    row("articulation:meeting_edit", {"pk": MEETING}, "POST", *COORD_W,
        data={**MEETING_FORM, "minutes_status": "approved"}, audit="articulation.meeting_update"),
    row("articulation:document_add", {"pk": MEETING}, "GET", *COORD),
    row("articulation:document_add", {"pk": MEETING}, "POST", *COORD_W,
        data=_document, per_role_data=True, audit="articulation.document_add"),
    row("articulation:policy_create", NONE, "GET", *STAFF_ONLY),
    row("articulation:policy_create", NONE, "POST", *STAFF_ONLY_W,
        data=POLICY_FORM, audit="articulation.policy_create"),
    row("articulation:policy_edit", {"slug": BILL}, "GET", *STAFF_ONLY),
    row("articulation:policy_edit", {"slug": BILL}, "POST", *STAFF_ONLY_W, data=BILL_FORM,
        audit="articulation.policy_update"),
    row("articulation:policy_edit", {"slug": DRAFT}, "GET", 404, 200, 200, 404, 404, 404, 404, 404,
        note="a draft is missing for whoever may not see it, as on its page"),
    row("articulation:evidence_add", {"slug": BILL}, "GET", *STAFF_ONLY),
    row("articulation:evidence_add", {"slug": BILL}, "POST", *STAFF_ONLY_W,
        data={"kind": "pilot", "ref_id": PILOT}, audit="articulation.evidence_add"),
    row("articulation:activity_add", {"slug": BILL}, "GET", *STAFF_ONLY),
    row("articulation:activity_add", {"slug": BILL}, "POST", *STAFF_ONLY_W,
        data=ACTIVITY_FORM, audit="articulation.activity_add"),
    # --- API
    row("api:articulation_roundtable_list", NONE, "GET", 200, 200, 200, 200, 200, 200, 200, 200),
    row("api:articulation_roundtable_detail", {"slug": TABLE}, "GET", 200, 200, 200, 200, 200, 200, 200, 200),
    row("api:articulation_policy_list", NONE, "GET", 200, 200, 200, 200, 200, 200, 200, 200),
    row("api:articulation_policy_detail", {"slug": BILL}, "GET", 200, 200, 200, 200, 200, 200, 200, 200),
    row("api:articulation_policy_detail", {"slug": DRAFT}, "GET", 404, 200, 200, 404, 404, 404, 404, 404),
]
# fmt: on


def placeholders(users: dict[str, Any]) -> dict[str, Any]:
    from django.utils import timezone

    from hublocal.articulation import services
    from hublocal.articulation.models import Commitment, Meeting, MeetingDocument, Member, PolicyItem, RoundTable
    from hublocal.directory.models import Organization
    from hublocal.pilots.models import Pilot

    table = RoundTable.objects.get(is_demo=True, area="seguridad")
    draft = services.policy_create(
        actor=users["staff"],
        data={
            "kind": "policy",
            "title": "Borrador de la matriz",
            "area": "digital",
            "summary": "Resumen",
            "position": "Posición en borrador",
        },
    )
    return {
        TABLE: table.slug,
        OWNER: str(Member.objects.get(table=table, organization__slug="municipalidad-santiago").pk),
        COMMITMENT: Commitment.objects.get(table=table, status="pending").pk,
        DOCUMENT: MeetingDocument.objects.get(meeting__table=table, internal=True).pk,
        BILL: PolicyItem.objects.get(is_demo=True, kind="bill").slug,
        DRAFT: draft.slug,
        NEXT_MONTH: (timezone.localdate() + timedelta(days=30)).isoformat(),
        MEETING: Meeting.objects.get(table=table, minutes_status="draft").pk,
        OBSERVER: Member.objects.get(table=table, organization__slug="barrio-seguro-tech").pk,
        LEAVER: Member.objects.get(table=table, organization__slug="cooperacion-bid-demo").pk,
        NEWCOMER: str(Organization.objects.get(slug="datamuni-spa").pk),
        APS: RoundTable.objects.get(is_demo=True, area="aps").slug,
        PILOT: str(Pilot.objects.order_by("pk").values_list("pk", flat=True)[0]),
    }
