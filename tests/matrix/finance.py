"""Permission-matrix rows for finance (see tests/test_permission_matrix.py for the columns).
The public page and the summary API are for everyone (percentages only); every other page is
the hub team's (administrator and analyst): other roles get 403, anonymous visitors sign in.

The demo (hublocal/finance/demo.py) gives income of this year and last; `placeholders` adds,
inside each test's transaction, one income to edit and void, and points at a revenue line."""

from __future__ import annotations

from typing import Any

from tests.matrix import LOGIN, Row, row

INCOME = "<finance: an income of 2019 recorded for the matrix>"
LINE = "<finance: the events revenue line>"
LINE_ID = "<finance: the events line id as a form value>"
MUNI = "<finance: a municipality id as a form value>"

NONE: dict[str, Any] = {}
INCOME_FORM = {"date": "2019-06-03", "amount": "1000", "currency": "CLP", "kind": "one_off", "line": LINE_ID}

STAFF_GET = (LOGIN, 200, 200, 403, 403, 403, 403, 403)

# fmt: off
ROWS: list[Row] = [
    # route kwargs method anon staff anlst stgo valpo st-a st-b partner
    row("finance:public", NONE, "GET", 200, 200, 200, 200, 200, 200, 200, 200,
        note="shares and principles are public: percentages only"),
    row("finance:dashboard", NONE, "GET", *STAFF_GET),
    row("finance:income_list", NONE, "GET", *STAFF_GET),
    row("finance:income_create", NONE, "GET", *STAFF_GET),
    row("finance:income_create", NONE, "POST", LOGIN, 302, 302, 403, 403, 403, 403, 403,
        data=INCOME_FORM, audit="finance.income_create"),
    row("finance:income_create", NONE, "POST", LOGIN, 400, 400, 403, 403, 403, 403, 403,
        data={**INCOME_FORM, "currency": ""}, note="an income without currency: refused, nothing written"),
    row("finance:income_create", NONE, "POST", LOGIN, 400, 400, 403, 403, 403, 403, 403,
        data={**INCOME_FORM, "currency": "UF", "date": "2001-01-01"}, note="no UF rate that day: refused"),
    row("finance:income_edit", {"pk": INCOME}, "GET", *STAFF_GET),
    row("finance:income_edit", {"pk": INCOME}, "POST", LOGIN, 302, 302, 403, 403, 403, 403, 403,
        data={**INCOME_FORM, "amount": "2000"}, audit="finance.income_update"),
    row("finance:income_void", {"pk": INCOME}, "GET", 405, 405, 405, 405, 405, 405, 405, 405),
    row("finance:income_void", {"pk": INCOME}, "POST", LOGIN, 302, 302, 403, 403, 403, 403, 403,
        data={"reason": "Registrado dos veces."}, audit="finance.income_void"),
    row("finance:income_void", {"pk": INCOME}, "POST", LOGIN, 400, 400, 403, 403, 403, 403, 403,
        data={"reason": ""}, note="voiding without a reason is refused"),
    row("finance:memberships", NONE, "GET", *STAFF_GET),
    row("finance:memberships", NONE, "POST", LOGIN, 302, 302, 403, 403, 403, 403, 403,
        data={"organization": MUNI, "annual_fee": "1000", "period_start": "2012-01-01",
              "period_end": "2012-12-31", "due_on": "2012-03-31"}, audit="finance.membership_create"),
    row("finance:budget", NONE, "GET", *STAFF_GET),
    row("finance:budget", NONE, "POST", LOGIN, 302, 302, 403, 403, 403, 403, 403,
        data={"line": LINE_ID, "year": "2031", "amount_clp": "1000"}, audit="finance.budget_set"),
    row("finance:rates", NONE, "GET", *STAFF_GET),
    row("finance:lines", NONE, "GET", *STAFF_GET),
    row("finance:line_edit", {"pk": LINE}, "GET", *STAFF_GET),
    row("finance:line_edit", {"pk": LINE}, "POST", LOGIN, 302, 302, 403, 403, 403, 403, 403,
        data={"mission_note": "M", "subsidiarity_note": "S", "reviewed_on": "2026-01-05"},
        audit="finance.line_update"),
    # --- API
    row("api:finance_summary", NONE, "GET", 200, 200, 200, 200, 200, 200, 200, 200),
]
# fmt: on


def placeholders(users: dict[str, Any]) -> dict[str, Any]:
    from datetime import date

    from hublocal.finance import selectors, services

    events = selectors.line_by_code("events")
    income = services.income_create(
        actor=users["staff"],
        date=date(2019, 6, 3),
        amount=1000,
        currency="CLP",
        kind="one_off",
        line=events,
        alert=False,
    )
    return {
        INCOME: income.pk,
        LINE: events.pk,
        LINE_ID: str(events.pk),
        MUNI: str(selectors.municipality_choices()[0][0]),
    }
