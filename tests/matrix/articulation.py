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

NONE: dict[str, Any] = {}
COMMITMENT_FORM = {"what": "Compromiso de la matriz de permisos", "owner": OWNER, "due_on": NEXT_MONTH, "meeting": ""}

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
    from hublocal.articulation.models import Commitment, MeetingDocument, Member, PolicyItem, RoundTable

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
    }
