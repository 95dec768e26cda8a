"""Finance reads: aggregates per line and period (one query each, whatever the number of
incomes), the principles' check built on them (finance.principles), the public summary other
apps call (public_summary), and the staff lists with their filters."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db.models import (
    Case,
    CharField,
    Count,
    DecimalField,
    F,
    Max,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, ExtractMonth
from django.utils import timezone

from hublocal.core.cache import generations
from hublocal.core.permissions import HUB_STAFF_ROLES
from hublocal.directory import selectors as directory_selectors

from . import principles
from .models import BreachAlert, Budget, ExchangeRate, Income, IncomeKind, MembershipFee, RevenueLine

ZERO = Decimal(0)
MEMBERSHIPS = "memberships"


class MembershipStatus:
    PAID = "paid"
    PENDING = "pending"
    OVERDUE = "overdue"
    ALL = (PAID, PENDING, OVERDUE)


def lines() -> list[RevenueLine]:
    return list(RevenueLine.objects.order_by("order", "code"))


def line_get(*, pk: int) -> RevenueLine | None:
    return RevenueLine.objects.filter(pk=pk).first()


def line_by_code(code: str) -> RevenueLine | None:
    return RevenueLine.objects.filter(code=code).first()


def valid_income() -> QuerySet[Income]:
    """Income that counts: voided records are kept for the audit but count for nothing."""
    return Income.objects.filter(is_void=False)


def _period(start: date, end: date) -> QuerySet[Income]:
    return valid_income().filter(date__gte=start, date__lte=end)


def line_totals(start: date, end: date, *, all_lines: list[RevenueLine] | None = None) -> dict[str, Decimal]:
    """CLP per line code in [start, end], every line present (zero when it had no income)."""
    all_lines = lines() if all_lines is None else all_lines
    totals = {line.code: ZERO for line in all_lines}
    for code, total in _period(start, end).values_list("line__code").annotate(t=Sum("amount_clp")).order_by():
        totals[code] = total or ZERO
    return totals


def _unlinked_commercial(qs: QuerySet[Income]) -> QuerySet[Income]:
    return qs.filter(line__is_commercial=True).filter(Q(agreement__isnull=True) | Q(agreement__is_public=False))


def period_check(start: date, end: date, *, today: date | None = None) -> principles.Check:
    """The principles for one period, in four queries."""
    today = today or timezone.localdate()
    all_lines = lines()
    qs = _period(start, end)
    agg = qs.aggregate(
        recurrent=Coalesce(Sum("amount_clp", filter=Q(kind=IncomeKind.RECURRENT)), ZERO, output_field=DecimalField())
    )
    return principles.evaluate(
        line_totals(start, end, all_lines=all_lines),
        recurrent=agg["recurrent"],
        unlinked_commercial=_unlinked_commercial(qs).count(),
        stale_reviews=[line.code for line in all_lines if principles.needs_review(line.reviewed_on, today)],
    )


def fiscal_check(year: int, *, today: date | None = None) -> principles.Check:
    return period_check(*principles.fiscal_year(year), today=today)


def trailing_check(*, today: date | None = None) -> principles.Check:
    today = today or timezone.localdate()
    return period_check(*principles.trailing_12_months(today), today=today)


def _pct(value: Decimal | None) -> float | None:
    return None if value is None else round(float(value) * 100, 1)


def public_summary(*, year: int) -> dict[str, Any]:
    """Cached until finance or agreements data change (their generations are in the key: any
    committed write to either app makes a new key) or the day turns (reviews go stale by date):
    with 200,000 income records the four aggregates take most of a second, and the public page,
    its API and the annual report all ask for the same figures."""
    if not settings.ANONYMOUS_FRAGMENT_CACHE:
        return _public_summary(year=year)  # nothing would invalidate it (the test settings)
    key = f"finance:public_summary:{year}:{timezone.localdate().isoformat()}:{generations(('finance', 'agreements'))}"
    summary = cache.get(key)
    if summary is None:
        summary = _public_summary(year=year)
        cache.set(key, summary, 3600)
    return summary


def _public_summary(*, year: int) -> dict[str, Any]:
    """The public aggregate of one fiscal (calendar) year: each line's share and status, the
    checks on the shares, the recurrent share and the flags. No client, no amount: safe to
    publish (the annual report and /finanzas/ use it).

    {"year", "period": {"start", "end"}, "has_income",
     "lines": [{"code", "name", "share", "status"}],  # share as a fraction 0..1 (4 decimals)
     "checks": {"share_sum", "diversification", "breaches", "warnings", "warning_above", "breach_above"},
     "recurrent_share", "flags": {"unlinked_commercial", "stale_reviews"}}"""
    start, end = principles.fiscal_year(year)
    check = period_check(start, end)
    names = {line.code: line.name for line in lines()}

    def frac(value: Decimal | None) -> float | None:
        return None if value is None else round(float(value), 4)

    return {
        "year": year,
        "period": {"start": start.isoformat(), "end": end.isoformat()},
        "has_income": check.total > 0,
        "lines": [
            {"code": ls.code, "name": names.get(ls.code, ls.code), "share": frac(ls.share), "status": ls.status}
            for ls in check.lines
        ],
        "checks": {
            "share_sum": frac(check.share_sum),
            "diversification": check.diversification,
            "breaches": check.breaches,
            "warnings": check.warnings,
            "warning_above": float(principles.WARNING_ABOVE),
            "breach_above": float(principles.BREACH_ABOVE),
        },
        "recurrent_share": frac(check.recurrent_share),
        "flags": {"unlinked_commercial": check.unlinked_commercial, "stale_reviews": check.stale_reviews},
    }


def dashboard_figures(*, year: int, today: date) -> tuple[principles.Check, principles.Check, list[Decimal], list[Any]]:
    """The staff dashboard's aggregates: the year's and the trailing 12 months' principles, the
    monthly totals and budget versus actual. Cached like the public summary (the finance and
    agreements generations and the day are in the key), so only the first look after a write
    pays for the aggregates over every income. Only for pages that read: a service that has just
    written in its transaction must ask `fiscal_check` itself (the generations change on commit)."""

    def compute() -> tuple[principles.Check, principles.Check, list[Decimal], list[Any]]:
        return (
            fiscal_check(year, today=today),
            trailing_check(today=today),
            monthly_totals(year),
            budget_vs_actual(year),
        )

    if not settings.ANONYMOUS_FRAGMENT_CACHE:
        return compute()
    key = f"finance:dashboard:{year}:{today.isoformat()}:{generations(('finance', 'agreements'))}"
    figures = cache.get(key)
    if figures is None:
        figures = compute()
        cache.set(key, figures, 3600)
    return figures


def monthly_totals(year: int) -> list[Decimal]:
    """CLP per month of the year (January first), one query."""
    months = [ZERO] * 12
    rows = (
        _period(*principles.fiscal_year(year))
        .annotate(m=ExtractMonth("date"))
        .values("m")
        .annotate(t=Sum("amount_clp"))
        .order_by()
    )
    for r in rows:
        months[r["m"] - 1] = r["t"] or ZERO
    return months


def budget_vs_actual(year: int) -> list[dict[str, Any]]:
    all_lines = lines()
    actual = line_totals(*principles.fiscal_year(year), all_lines=all_lines)
    budgets = {b.line_id: b for b in Budget.objects.filter(year=year)}
    out = []
    for line in all_lines:
        budget = budgets.get(line.pk)
        planned = budget.amount_clp if budget else None
        done = actual[line.code]
        out.append(
            {
                "line": line,
                "budget": planned,
                "budget_obj": budget,
                "actual": done,
                "ratio": principles.ratio(done, planned) if planned else None,
                "ratio_pct": round(float(done / planned) * 100) if planned else None,
                "over": planned is not None and done > planned,
            }
        )
    return out


def income_years() -> list[int]:
    """Every year from the first income to this one (the year pickers). The first and last dates
    come from the date index; listing the distinct years read every income (80 ms at 200,000)."""
    span = valid_income().aggregate(first=Min("date"), last=Max("date"))
    this_year = timezone.localdate().year
    if span["first"] is None:
        return [this_year]
    return list(range(max(span["last"].year, this_year), span["first"].year - 1, -1))


def income_list(
    *, line: str = "", year: int | None = None, currency: str = "", flag: str = "", include_void: bool = True
) -> QuerySet[Income]:
    qs = Income.objects.select_related("line", "client", "agreement")
    if not include_void:
        qs = qs.filter(is_void=False)
    if line:
        qs = qs.filter(line__code=line)
    if year:
        qs = qs.filter(date__year=year)
    if currency:
        qs = qs.filter(currency=currency)
    if flag == "unlinked":
        qs = _unlinked_commercial(qs.filter(is_void=False))
    elif flag == "void":
        qs = qs.filter(is_void=True)
    return qs.order_by("-date", "-id")


def income_get(*, pk: int) -> Income | None:
    return Income.objects.select_related("line", "client", "agreement", "membership").filter(pk=pk).first()


def is_unlinked_commercial(income: Income) -> bool:
    return income.line.is_commercial and (income.agreement is None or not income.agreement.is_public)


def rate_on(currency: str, on: date, *, max_age_days: int) -> ExchangeRate | None:
    """The latest rate on or before `on`, no older than max_age_days (0: that exact day)."""
    qs = ExchangeRate.objects.filter(currency=currency, date__lte=on)
    if max_age_days == 0:
        qs = qs.filter(date=on)
    else:
        qs = qs.filter(date__gte=on - timedelta(days=max_age_days))
    return qs.order_by("-date").first()


def rate_list(*, currency: str = "") -> QuerySet[ExchangeRate]:
    qs = ExchangeRate.objects.all()
    if currency:
        qs = qs.filter(currency=currency)
    return qs.order_by("-date", "currency")


def _membership_annotated(today: date) -> QuerySet[MembershipFee]:
    paid = (
        Income.objects.filter(membership=OuterRef("pk"), is_void=False)
        .order_by()
        .values("membership")
        .annotate(t=Sum("amount_clp"))
        .values("t")
    )
    return MembershipFee.objects.annotate(
        paid_total=Coalesce(Subquery(paid, output_field=DecimalField()), ZERO, output_field=DecimalField()),
    ).annotate(
        status=Case(
            When(paid_total__gte=F("annual_fee"), then=Value(MembershipStatus.PAID)),
            When(due_on__lt=today, then=Value(MembershipStatus.OVERDUE)),
            default=Value(MembershipStatus.PENDING),
            output_field=CharField(),
        )
    )


def membership_list(*, status: str = "", year: int | None = None, today: date | None = None) -> QuerySet[MembershipFee]:
    qs = _membership_annotated(today or timezone.localdate()).select_related("organization")
    if status:
        # `status` is an annotation (computed, never stored).
        qs = qs.filter(**{"status": status})
    if year:
        qs = qs.filter(period_start__year=year)
    return qs.order_by("due_on", "organization__name", "id")


def membership_get(*, pk: int, today: date | None = None) -> MembershipFee | None:
    return _membership_annotated(today or timezone.localdate()).select_related("organization").filter(pk=pk).first()


def membership_status_counts(*, today: date | None = None, year: int | None = None) -> dict[str, int]:
    counts = dict.fromkeys(MembershipStatus.ALL, 0)
    qs = _membership_annotated(today or timezone.localdate())
    if year:
        qs = qs.filter(period_start__year=year)
    for r in qs.values("status").annotate(n=Count("id")).order_by():  # type: ignore[misc]
        counts[r["status"]] = r["n"]
    return counts


def open_memberships(*, today: date) -> list[MembershipFee]:
    """Unpaid memberships (pending or overdue), for the reminders."""
    return list(
        _membership_annotated(today)
        .exclude(**{"status": MembershipStatus.PAID})
        .select_related("organization")
        .order_by("due_on", "id")
    )


def staff_users() -> list[Any]:
    return list(get_user_model().objects.filter(role__in=HUB_STAFF_ROLES, is_active=True).order_by("pk"))


def focal_accounts(*, organization_id: int) -> list[Any]:
    """Who hears about a municipality's membership: its focal point's account, else every active
    account of the municipality (a municipality that named no focal point still gets told)."""
    person = directory_selectors.designation_contact(organization_id=organization_id, role="focal_point")
    user = getattr(person, "user", None) if person else None
    if user is not None and user.is_active:
        return [user]
    return list(get_user_model().objects.filter(organization_id=organization_id, is_active=True).order_by("pk"))


def municipality_choices() -> list[tuple[int, str]]:
    return list(directory_selectors.municipalities().values_list("pk", "commune__name"))


def organization_choices() -> list[tuple[int, str]]:
    return list(directory_selectors.organization_list().order_by("name").values_list("pk", "name"))


def breach_alert_open_periods() -> list[str]:
    return list(BreachAlert.objects.filter(resolved_at__isnull=True).values_list("period", flat=True).distinct())


def breach_alerts_for(*, period: str, open_only: bool = False) -> list[BreachAlert]:
    """The period's alerts, the open ones first (by line), then the closed ones, newest first."""
    alerts = BreachAlert.objects.filter(period=period).select_related("line")
    if open_only:
        alerts = alerts.filter(resolved_at__isnull=True)
    return list(alerts.order_by(F("resolved_at").desc(nulls_first=True), "line__order", "-pk"))
