"""Demo finances (seeder "finance", order 95, after agreements and the directory): demo exchange
rates for last year and this one (UF every day, USD and EUR on weekdays), two years of income
across the nine lines (training near 33% this year, so its warning shows; some income in UF,
USD and EUR), memberships of 20 municipalities (some overdue, some pending), budgets per line
for both years, and one sponsorship without an agreement (flagged). Idempotent: nothing is
seeded when demo income exists."""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from hublocal.agreements import selectors as agreements_selectors
from hublocal.directory import selectors as directory_selectors

from . import selectors, services
from .models import Income, MembershipFee

# Share of each line's yearly total in CLP (millions), this year and last year. Training sits
# at about 33% this year: above the 30% warning, below the 35% limit.
PLAN = {
    "training": (49.5, 38.0),
    "memberships": (0, 0),  # paid by the memberships below
    "technical_assistance": (15.0, 24.0),
    "studies": (12.0, 18.0),
    "saas": (9.0, 10.0),
    "cooperation": (10.0, 14.0),
    "sponsorships": (6.0, 6.0),
    "events": (4.5, 6.0),
    "publications": (2.0, 3.0),
}
CURRENCY = {"technical_assistance": "UF", "cooperation": "USD", "events": "EUR"}
RECURRENT = {"memberships", "saas", "publications"}
MEMBERSHIP_FEE = Decimal(3_000_000)
MUNICIPALITIES = 20


def _uf(d: date) -> Decimal:
    # About 3.5% a year from 38,000 CLP on 1 January 2025, as the real UF moves.
    return Decimal(38_000 * 1.035 ** ((d - date(2025, 1, 1)).days / 365)).quantize(Decimal("0.01"))


def _fx(base: float, d: date) -> Decimal:
    return Decimal(base + 25 * math.sin(d.toordinal() / 40)).quantize(Decimal("0.01"))


def _rates_csv(start: date, end: date) -> str:
    lines = ["currency,date,value"]
    d = start
    while d <= end:
        lines.append(f"UF,{d.isoformat()},{_uf(d)}")
        if d.weekday() < 5:
            lines.append(f"USD,{d.isoformat()},{_fx(945, d)}")
            lines.append(f"EUR,{d.isoformat()},{_fx(1030, d)}")
        d += timedelta(days=1)
    return "\n".join(lines)


def seed(write: Callable[[str], None]) -> None:
    staff = get_user_model().objects.filter(username="staff").first()
    if staff is None:
        write("finance: no staff account, skipped")
        return
    if Income.objects.filter(is_demo=True).exists():
        write("finance: demo already seeded")
        return
    today = timezone.localdate()
    this, last = today.year, today.year - 1
    result = services.rates_import(actor=staff, text=_rates_csv(date(last, 1, 1), today), source="demo")
    if not result.ok:
        write(f"finance: demo rates refused: {result.errors[:3]}")
        return
    munis = list(directory_selectors.municipalities()[:MUNICIPALITIES])
    services.revenue_lines_ensure()
    lines = {line.code: line for line in selectors.lines()}
    public = list(agreements_selectors.agreement_list(user=None))
    saas_agreement = next((a for a in public if a.kind == "commercial"), public[0] if public else None)
    other_agreement = next((a for a in public if a.kind != "commercial"), saas_agreement)
    bid = directory_selectors.organization_get(slug="cooperacion-bid-demo")

    def income(line: str, on: date, clp: float, *, client: Any = None, agreement: Any = "auto", **extra: Any) -> None:
        if on > today:
            return
        currency = CURRENCY.get(line, "CLP")
        rate, _clp = services.convert(amount=Decimal(1), currency=currency, on=on)
        amount = (Decimal(clp) / rate).quantize(Decimal("0.01"))
        if agreement == "auto":
            agreement = (saas_agreement if line == "saas" else other_agreement) if lines[line].is_commercial else None
        services.income_create(
            actor=staff,
            date=on,
            amount=amount,
            currency=currency,
            kind="recurrent" if line in RECURRENT else "one_off",
            line=lines[line],
            client=client.pk if client else None,
            agreement=agreement.pk if agreement else None,
            description=f"Ingreso de demostración ({lines[line].name}).",
            is_demo=True,
            alert=False,
            **extra,
        )

    for year, index in ((last, 1), (this, 0)):
        # Memberships: every municipality last year, all paid; this year 14 paid, 3 overdue and
        # 3 whose period starts in July (due at the end of the year: pending).
        for i, muni in enumerate(munis):
            mid_year = year == this and i >= MUNICIPALITIES - 3
            start = date(year, 7, 1) if mid_year else date(year, 1, 1)
            m = services.membership_create(
                actor=staff,
                organization_id=muni.pk,
                annual_fee=MEMBERSHIP_FEE,
                period_start=start,
                period_end=date(year + 1, 6, 30) if mid_year else date(year, 12, 31),
                due_on=date(year, 12, 31) if mid_year else date(year, 3, 31),
                is_demo=True,
            )
            overdue = year == this and MUNICIPALITIES - 6 <= i < MUNICIPALITIES - 3
            if not mid_year and not overdue:
                income(
                    "memberships",
                    date(year, 3, 1) + timedelta(days=i),
                    float(MEMBERSHIP_FEE),
                    client=muni,
                    membership=m,
                    client_contact_name=f"Tesorería municipal {i + 1} (demo)",
                )
        # The other lines: four payments a year (February, May, August, November).
        for code, totals in PLAN.items():
            total = totals[index] * 1_000_000
            if not total:
                continue
            for k, month in enumerate((2, 5, 8, 11)):
                client = bid if code == "cooperation" else munis[(k * 3 + len(code)) % len(munis)]
                income(code, date(year, month, 10 + k), total / 4, client=client)
        for code, (now, before) in PLAN.items():
            planned = (now if year == this else before) * 1_000_000 or float(MEMBERSHIP_FEE) * MUNICIPALITIES
            services.budget_set(
                actor=staff, line=lines[code], year=year, amount_clp=Decimal(planned * 1.05).quantize(Decimal(1))
            )
    # One sponsorship recorded before its agreement was signed: flagged on the dashboard.
    income(
        "sponsorships",
        min(today, date(this, 9, 15)),
        1_200_000,
        client=munis[1],
        agreement=None,
        invoice_ref="F-DEMO-077",
    )
    for year in (last, this):
        services.breach_alerts_check(year=year)
    # Premium publications' notes were last reviewed more than a year ago: flagged for review.
    pub = lines["publications"]
    services.line_update(
        actor=staff,
        line=pub,
        mission_note=pub.mission_note,
        subsidiarity_note=pub.subsidiarity_note,
        reviewed_on=today - timedelta(days=400),
    )
    write(
        f"finance: {Income.objects.filter(is_demo=True).count()} incomes, "
        f"{MembershipFee.objects.filter(is_demo=True).count()} memberships, {result.created} rates"
    )
