"""Permission-matrix rows for the network page, AMUCH membership and international networks.
See tests/test_permission_matrix.py for the columns. (The units map and roadmap rows are in
tests/matrix/projects.py.)

/red/ and the networks API are public; only hub staff (administrator and analyst) set a
municipality's AMUCH membership or create and edit networks: a municipality cannot declare
itself a member, and the hub's international links are its own."""

from __future__ import annotations

from typing import Any

from tests.matrix import LOGIN, Row, row

SANTIAGO = {"slug": "municipalidad-santiago"}
STARTUP = {"slug": "datamuni-spa"}
CGLU = {"slug": "cglu"}
NONE: dict[str, Any] = {}

MEMBERSHIP_FORM = {"member_since": "2005-01-01", "status": "suspended"}
NETWORK_FORM = {
    "name": "Ciudades y Gobiernos Locales Unidos (CGLU / UCLG)",
    "description": "Red mundial de gobiernos locales.",
    "url": "https://www.uclg.org/",
    "countries": "CL Chile\nUY Uruguay",
    "communes": "13101",
}
NEW_NETWORK_FORM = {**NETWORK_FORM, "name": "Red de la matriz", "row_version": "0"}
UNIT = "<network: the first demo unit's slug>"
UNIT_VERSION = "<network: the first demo unit's row_version>"
UNIT_FORM = {"name": "Unidad de la matriz", "kind": "centre", "mission": "Misión de la matriz.", "order": "5"}

# fmt: off
ROWS: list[Row] = [
    row("network:network", NONE, "GET", 200, 200, 200, 200, 200, 200, 200, 200),
    row("network:membership_edit", SANTIAGO, "GET", LOGIN, 200, 200, 403, 403, 403, 403, 403),
    row("network:membership_edit", STARTUP, "GET", LOGIN, 404, 404, 403, 403, 403, 403, 403,
        note="only a municipality can be a member"),
    row("network:membership_edit", SANTIAGO, "POST", LOGIN, 302, 302, 403, 403, 403, 403, 403,
        data=MEMBERSHIP_FORM, audit="network.membership_set",
        note="AMUCH's register of members is kept by the hub, not by the municipality itself"),
    row("network:membership_edit", SANTIAGO, "POST", LOGIN, 400, 400, 403, 403, 403, 403, 403,
        data={**MEMBERSHIP_FORM, "member_since": "2999-01-01"}, note="member since in the future: refused"),
    row("network:membership_edit", SANTIAGO, "POST", LOGIN, 400, 400, 403, 403, 403, 403, 403,
        data={**MEMBERSHIP_FORM, "status": "honoraria"}, note="unknown status: refused"),
    row("network:network_create", NONE, "GET", LOGIN, 200, 200, 403, 403, 403, 403, 403),
    row("network:network_create", NONE, "POST", LOGIN, 302, 302, 403, 403, 403, 403, 403,
        data=NEW_NETWORK_FORM, audit="network.network_save"),
    row("network:network_create", NONE, "POST", LOGIN, 400, 400, 403, 403, 403, 403, 403,
        data={**NEW_NETWORK_FORM, "countries": "Uruguay"}, note="a country without its ISO code: refused"),
    row("network:network_edit", CGLU, "GET", LOGIN, 200, 200, 403, 403, 403, 403, 403),
    row("network:network_edit", {"slug": "no-existe"}, "GET", LOGIN, 404, 404, 403, 403, 403, 403, 403),
    row("network:network_edit", CGLU, "POST", LOGIN, 302, 302, 403, 403, 403, 403, 403,
        data=NETWORK_FORM, audit="network.network_save"),
    row("network:network_edit", CGLU, "POST", LOGIN, 400, 400, 403, 403, 403, 403, 403,
        data={**NETWORK_FORM, "communes": "99999"}, note="an unknown commune code: refused"),
    # Units of the hub (issue 14): kept by the hub's staff, like the roadmap.
    row("network:unit_create", NONE, "GET", LOGIN, 200, 200, 403, 403, 403, 403, 403),
    row("network:unit_create", NONE, "POST", LOGIN, 302, 302, 403, 403, 403, 403, 403,
        data=UNIT_FORM, audit="network.unit_save", note="the units map says what the hub is: its staff keep it"),
    row("network:unit_create", NONE, "POST", LOGIN, 400, 400, 403, 403, 403, 403, 403,
        data={**UNIT_FORM, "kind": "planeta"}, note="an unknown kind: refused, nothing written"),
    row("network:unit_edit", {"slug": UNIT}, "GET", LOGIN, 200, 200, 403, 403, 403, 403, 403),
    row("network:unit_edit", {"slug": "no-existe"}, "GET", LOGIN, 404, 404, 403, 403, 403, 403, 403),
    row("network:unit_edit", {"slug": UNIT}, "POST", LOGIN, 302, 302, 403, 403, 403, 403, 403,
        data={**UNIT_FORM, "row_version": UNIT_VERSION}, audit="network.unit_save"),
    row("network:unit_edit", {"slug": UNIT}, "POST", LOGIN, 400, 400, 403, 403, 403, 403, 403,
        data={**UNIT_FORM, "mission": "", "row_version": UNIT_VERSION}, note="a unit without mission: refused"),
    # --- API
    row("api:network_network_list", NONE, "GET", 200, 200, 200, 200, 200, 200, 200, 200),
]
# fmt: on


def placeholders(users: dict[str, Any]) -> dict[str, Any]:
    from hublocal.network.models import Unit

    unit = Unit.objects.order_by("order", "pk").first()
    return {UNIT: unit.slug, UNIT_VERSION: str(unit.row_version)}
