"""The five financial principles of seed 002, computed (never typed) from aggregates.

Pure functions: they take totals per line (CLP, voided income already left out by the caller)
and return shares and statuses, so they are tested without a database.

- Diversification: "ninguna línea de ingreso supera 35% del total". A share above 35% is a
  breach; above 30% a warning, so the team sees it coming. Exactly 35% does not "supera": it
  is a warning, not a breach (and exactly 30% is fine).
- Recurrence: the recurrent share of income (memberships, subscriptions, licences).
- Transparency: commercial income with no public agreement is flagged (counted by the caller).
- Coherence and subsidiarity: each line's notes are reviewed at least yearly.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

WARNING_ABOVE = Decimal("0.30")
BREACH_ABOVE = Decimal("0.35")
REVIEW_EVERY_DAYS = 365

OK, WARNING, BREACH, NO_DATA = "ok", "warning", "breach", "no_data"
STATUS_CHOICES = [(OK, "ok"), (WARNING, "warning"), (BREACH, "breach"), (NO_DATA, "no_data")]
ZERO = Decimal(0)


def status_of(share: Decimal | None) -> str:
    """ok, warning (above 30%) or breach (above 35%); no_data when there is no income."""
    if share is None:
        return NO_DATA
    if share > BREACH_ABOVE:
        return BREACH
    if share > WARNING_ABOVE:
        return WARNING
    return OK


def shares(totals: Mapping[str, Decimal]) -> dict[str, Decimal | None]:
    """Each line's share of the total. A negative total (a correction larger than the income
    of the period) counts as zero: a line cannot hold less than nothing of the income, and
    letting it would push the others' shares above 100%. With no positive income every share
    is None (no data), never a division by zero."""
    clean = {code: max(value, ZERO) for code, value in totals.items()}
    total = sum(clean.values(), ZERO)
    if total <= 0:
        return dict.fromkeys(clean)
    return {code: value / total for code, value in clean.items()}


def ratio(part: Decimal, total: Decimal) -> Decimal | None:
    """part / total, bounded to [0, 1]; None when there is no income."""
    if total <= 0:
        return None
    return min(max(part, ZERO) / total, Decimal(1))


@dataclass(frozen=True)
class LineStatus:
    code: str
    total: Decimal
    share: Decimal | None
    status: str


@dataclass(frozen=True)
class Check:
    lines: list[LineStatus]
    total: Decimal
    recurrent_share: Decimal | None
    diversification: str  # the worst line's status
    breaches: list[str]
    warnings: list[str]
    unlinked_commercial: int
    stale_reviews: list[str]

    @property
    def share_sum(self) -> Decimal | None:
        """The shares add up to 100% (a check the public summary exposes)."""
        known = [line.share for line in self.lines if line.share is not None]
        return sum(known, ZERO) if known else None


RANK = {NO_DATA: 0, OK: 1, WARNING: 2, BREACH: 3}


def evaluate(
    totals: Mapping[str, Decimal],
    *,
    recurrent: Decimal = ZERO,
    unlinked_commercial: int = 0,
    stale_reviews: Iterable[str] = (),
) -> Check:
    """Every principle's state for one period's aggregates."""
    by_line = shares(totals)
    lines = [LineStatus(code, totals[code], share, status_of(share)) for code, share in by_line.items()]
    total = sum((max(v, ZERO) for v in totals.values()), ZERO)
    worst = max((line.status for line in lines), key=lambda s: RANK[s], default=NO_DATA)
    return Check(
        lines=lines,
        total=total,
        recurrent_share=ratio(recurrent, total),
        diversification=worst,
        breaches=[line.code for line in lines if line.status == BREACH],
        warnings=[line.code for line in lines if line.status == WARNING],
        unlinked_commercial=unlinked_commercial,
        stale_reviews=list(stale_reviews),
    )


def needs_review(reviewed_on: date | None, today: date) -> bool:
    """A line's coherence and subsidiarity notes are reviewed at least every 12 months."""
    return reviewed_on is None or reviewed_on < today - timedelta(days=REVIEW_EVERY_DAYS)


def trailing_12_months(today: date) -> tuple[date, date]:
    """The 12 months ending today: from the same day a year before (exclusive) to today."""
    try:
        start = today.replace(year=today.year - 1)
    except ValueError:  # 29 February
        start = today.replace(year=today.year - 1, day=28)
    return start + timedelta(days=1), today


def fiscal_year(year: int) -> tuple[date, date]:
    """The fiscal year is the calendar year (Chilean public bodies' budget year)."""
    return date(year, 1, 1), date(year, 12, 31)
