"""The finance pages run the same number of queries with a few incomes and memberships as
with hundreds: every total is an aggregate, every list a page."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hublocal.finance import selectors
from hublocal.finance.models import Income, MembershipFee

pytestmark = pytest.mark.django_db
PAGES = [
    ("/finanzas/", None),
    ("/finanzas/gestion/", "staff"),
    ("/finanzas/gestion/ingresos/", "staff"),
    ("/finanzas/gestion/membresias/", "staff"),
    ("/finanzas/gestion/presupuesto/", "staff"),
    ("/api/v1/finance/summary/", None),
]


def _grow(n: int, start: int) -> None:
    lines = selectors.lines()
    munis = [pk for pk, _name in selectors.municipality_choices()[:50]]
    today = date.today()
    Income.objects.bulk_create(
        Income(
            date=date(today.year, 1 + i % max(today.month, 1), 1),
            amount=D(1000 + i),
            currency="CLP",
            rate=D(1),
            amount_clp=D(1000 + i),
            kind="one_off",
            line=lines[i % len(lines)],
            client_id=munis[i % len(munis)],
        )
        for i in range(start, start + n)
    )
    MembershipFee.objects.bulk_create(
        MembershipFee(
            organization_id=munis[i % len(munis)],
            annual_fee=D(1000),
            period_start=date(1990 + i, 1, 1),
            period_end=date(1990 + i, 12, 31),
            due_on=date(1990 + i, 3, 31),
        )
        for i in range(start % 30, start % 30 + min(n, 30))
    )


def _count(client, url: str) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(("url", "who"), PAGES)
def test_finance_pages_do_not_grow(url, who, client_for):
    client = client_for(who)
    _grow(3, 0)
    small = _count(client, url)
    _grow(300, 3)
    assert _count(client, url) == small
