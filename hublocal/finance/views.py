"""Finance pages: the public page (/finanzas/: shares as percentages and the principles' status,
never a client or an amount per client) and the hub team's pages under /finanzas/gestion/:
dashboard with its charts, income list and form (create, edit, void), memberships, budgets,
exchange rates and the revenue lines' notes."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hublocal.agreements import selectors as agreements_selectors
from hublocal.core.locking import StaleVersion
from hublocal.core.web import add_service_errors, paginate, posted, require

from . import charts, principles, selectors, services
from .forms import BudgetForm, IncomeForm, LineForm, MembershipForm, VoidForm
from .models import Currency
from .permissions import Action, can

PAGE_SIZE = 25
MONTHS = ("ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sep", "oct", "nov", "dic")


def _year(request: HttpRequest) -> int:
    """?year=, within 2000..2100; anything else (absent, garbage, out of range) is this year."""
    raw = request.GET.get("year", "")
    if raw.isascii() and raw.isdigit() and 2000 <= int(raw) <= 2100:
        return int(raw)
    return timezone.localdate().year


def _status_label(status: str) -> str:
    return {
        principles.OK: _("Cumple"),
        principles.WARNING: _("Alerta: sobre 30%"),
        principles.BREACH: _("Incumple: sobre 35%"),
        principles.NO_DATA: _("Sin ingresos"),
    }[status]


def _pct(share: Any) -> float | None:
    return None if share is None else round(float(share) * 100, 1)


def _share_rows(check: principles.Check, names: dict[str, str]) -> list[dict[str, Any]]:
    return [
        {
            "code": ls.code,
            "name": names.get(ls.code, ls.code),
            "share": ls.share,
            "total": ls.total,
            "status": ls.status,
            "status_label": _status_label(ls.status),
        }
        for ls in check.lines
    ]


@require_GET
def public(request: HttpRequest) -> HttpResponse:
    require(request, can, Action.VIEW_PUBLIC)
    year = _year(request)
    summary = selectors.public_summary(year=year)
    rows = [{**r, "status_label": _status_label(r["status"])} for r in summary["lines"]]
    context = {
        "year": year,
        "years": selectors.income_years(),
        "summary": summary,
        "chart": charts.share_bars(rows),
        "diversification_label": _status_label(summary["checks"]["diversification"]),
        "recurrent_pct": None if summary["recurrent_share"] is None else round(summary["recurrent_share"] * 100, 1),
    }
    return render(request, "finance/public.html", context)


@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    require(request, can, Action.VIEW)
    year = _year(request)
    today = timezone.localdate()
    all_lines = selectors.lines()
    names = {line.code: line.name for line in all_lines}
    fiscal, trailing, months, budget = selectors.dashboard_figures(year=year, today=today)
    counts = selectors.membership_status_counts(today=today)
    status_names = {"paid": _("Pagada"), "pending": _("Pendiente"), "overdue": _("Vencida")}
    membership_rows = [(status_names[s], n) for s, n in counts.items()]
    alerts = selectors.breach_alerts_for(period=str(year))
    context = {
        "year": year,
        "years": selectors.income_years(),
        "fiscal": fiscal,
        "trailing": trailing,
        "trailing_period": principles.trailing_12_months(today),
        "line_rows": [
            {**r, "pct": _pct(r["share"]), "trailing_pct": _pct(t.share)}
            for r, t in zip(_share_rows(fiscal, names), trailing.lines, strict=True)
        ],
        "fiscal_recurrent": _pct(fiscal.recurrent_share),
        "trailing_recurrent": _pct(trailing.recurrent_share),
        "share_chart": charts.share_bars(_share_rows(fiscal, names)),
        "months": list(zip(MONTHS, months, strict=True)),
        "month_chart": charts.value_bars(list(zip(MONTHS, months, strict=True))),
        "budget_chart": charts.paired_bars(budget),
        "membership_chart": charts.value_bars([(label, n) for label, n in membership_rows], height=120),
        "membership_rows": membership_rows,
        "stale_lines": [line for line in all_lines if principles.needs_review(line.reviewed_on, today)],
        "open_alerts": [a for a in alerts if a.resolved_at is None],
        "closed_alerts": [a for a in alerts if a.resolved_at is not None],
        "status_label": _status_label,
        "fiscal_label": _status_label(fiscal.diversification),
        "trailing_label": _status_label(trailing.diversification),
    }
    return render(request, "finance/dashboard.html", context)


def _int(raw: str) -> int | None:
    return int(raw) if raw.isascii() and raw.isdigit() and len(raw) < 10 else None


@require_GET
def income_list(request: HttpRequest) -> HttpResponse:
    require(request, can, Action.VIEW)
    codes = {line.code: line.name for line in selectors.lines()}
    line = request.GET.get("line", "")
    line = line if line in codes else ""
    currency = request.GET.get("currency", "")
    currency = currency if currency in Currency.values else ""
    flag = request.GET.get("flag", "")
    flag = flag if flag in ("unlinked", "void") else ""
    year = _int(request.GET.get("year", ""))
    year = year if year and 2000 <= year <= 2100 else None
    qs = selectors.income_list(line=line, year=year, currency=currency, flag=flag)
    page = paginate(request, qs, PAGE_SIZE)
    rows = [{"income": i, "unlinked": not i.is_void and selectors.is_unlinked_commercial(i)} for i in page.object_list]
    context = {
        "page_obj": page,
        "rows": rows,
        "params": {"line": line, "currency": currency, "flag": flag, "year": year or ""},
        "lines": list(codes.items()),
        "currencies": Currency.values,
        "years": selectors.income_years(),
    }
    return render(request, "finance/income_list.html", context)


def _income_form(request: HttpRequest, initial: dict[str, Any] | None = None, *, bound: bool = True) -> IncomeForm:
    staff_agreements = agreements_selectors.visible(user=request.user).order_by("-starts_on", "-id")
    return IncomeForm(
        posted(request) if bound else None,
        initial=initial,
        lines=[(line.pk, line.name) for line in selectors.lines()],
        organizations=selectors.organization_choices(),
        agreements=[
            (pk, title if public else _("%(t)s (no público)") % {"t": title})
            for pk, title, public in staff_agreements.values_list("pk", "title", "is_public")
        ],
        memberships=[(m.pk, f"{m.organization.name} {m.period_start:%Y}") for m in selectors.membership_list()],
    )


def _income_kwargs(form: IncomeForm) -> dict[str, Any]:
    d = form.cleaned_data
    membership = selectors.membership_get(pk=int(d["membership"])) if d.get("membership") else None
    return {
        "date": d["date"],
        "amount": d["amount"],
        "currency": d["currency"],
        "kind": d["kind"],
        "line": selectors.line_get(pk=int(d["line"])),
        "client": int(d["client"]) if d.get("client") else None,
        "agreement": int(d["agreement"]) if d.get("agreement") else None,
        "membership": membership,
        "client_contact_name": d.get("client_contact_name", ""),
        "client_contact_email": d.get("client_contact_email", ""),
        "client_contact_phone": d.get("client_contact_phone", ""),
        "invoice_ref": d.get("invoice_ref", ""),
        "description": d.get("description", ""),
    }


def _breach_messages(request: HttpRequest, year: int, before: set[str]) -> None:
    """Tell the person who recorded the income, on the spot, that a line went above 35%."""
    check = selectors.fiscal_check(year)
    names = {line.code: line.name for line in selectors.lines()}
    for ls in check.lines:
        if ls.status == principles.BREACH and ls.code not in before and ls.share is not None:
            messages.warning(
                request,
                _("Alerta: la línea «%(l)s» supera el 35%% de los ingresos de %(y)s (%(p)s%%). Se avisó al equipo.")
                % {"l": names[ls.code], "y": year, "p": f"{float(ls.share) * 100:.1f}".replace(".", ",")},
            )


@require_http_methods(["GET", "POST"])
def income_create(request: HttpRequest) -> HttpResponse:
    require(request, can, Action.MANAGE)
    form = _income_form(request, initial={"date": timezone.localdate(), "currency": "CLP"})
    if request.method == "POST" and form.is_valid():
        kwargs = _income_kwargs(form)
        before = set(selectors.fiscal_check(kwargs["date"].year).breaches)
        try:
            income = services.income_create(actor=request.user, **kwargs)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request, _("Ingreso registrado: %(a)s CLP.") % {"a": f"{income.amount_clp:,.0f}".replace(",", ".")}
            )
            _breach_messages(request, income.date.year, before)
            return redirect("finance:income_list")
    return render(
        request, "finance/income_form.html", {"form": form, "income": None}, status=400 if form.errors else 200
    )


def _income_initial(income: Any) -> dict[str, Any]:
    return {
        "date": income.date,
        "amount": income.amount,
        "currency": income.currency,
        "kind": income.kind,
        "line": income.line_id,
        "client": income.client_id or "",
        "agreement": income.agreement_id or "",
        "membership": income.membership_id or "",
        "client_contact_name": income.client_contact_name,
        "client_contact_email": income.client_contact_email,
        "client_contact_phone": income.client_contact_phone,
        "invoice_ref": income.invoice_ref,
        "description": income.description,
        "row_version": income.row_version,
    }


def _income_or_404(pk: int) -> Any:
    income = selectors.income_get(pk=pk)
    if income is None:
        raise Http404
    return income


@require_http_methods(["GET", "POST"])
def income_edit(request: HttpRequest, pk: int) -> HttpResponse:
    require(request, can, Action.MANAGE)
    income = _income_or_404(pk)
    form = _income_form(request, initial=_income_initial(income))
    status = 200
    if request.method == "POST" and form.is_valid():
        kwargs = _income_kwargs(form)
        before = set(selectors.fiscal_check(kwargs["date"].year).breaches)
        try:
            services.income_update(
                actor=request.user, income=income, expected_version=form.cleaned_data.get("row_version"), **kwargs
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            status = 409 if isinstance(exc, StaleVersion) else 400
        else:
            messages.success(request, _("Ingreso modificado."))
            _breach_messages(request, kwargs["date"].year, before)
            return redirect("finance:income_list")
    if form.errors and status == 200:
        status = 400
    context = {"form": form, "income": income, "void_form": VoidForm(initial={"row_version": income.row_version})}
    return render(request, "finance/income_form.html", context, status=status)


@require_POST
def income_void(request: HttpRequest, pk: int) -> HttpResponse:
    require(request, can, Action.MANAGE)
    income = _income_or_404(pk)
    raw = request.POST.get("row_version", "")
    try:
        services.income_void(
            actor=request.user,
            income=income,
            reason=request.POST.get("reason", ""),
            expected_version=int(raw) if raw.isascii() and raw.isdigit() and len(raw) < 10 else None,
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        form = _income_form(request, initial=_income_initial(income), bound=False)
        context = {
            "form": form,
            "income": income,
            "void_form": VoidForm(request.POST),
        }
        return render(
            request, "finance/income_form.html", context, status=409 if isinstance(exc, StaleVersion) else 400
        )
    messages.success(request, _("Ingreso anulado: ya no cuenta en los totales."))
    return redirect("finance:income_list")


@require_http_methods(["GET", "POST"])
def memberships(request: HttpRequest) -> HttpResponse:
    require(request, can, Action.VIEW)
    if request.method == "POST":
        require(request, can, Action.MANAGE)
    status = request.GET.get("status", "")
    status = status if status in selectors.MembershipStatus.ALL else ""
    year = _int(request.GET.get("year", ""))
    year = year if year and 2000 <= year <= 2100 else None
    form = MembershipForm(posted(request), municipalities=selectors.municipality_choices())
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.membership_create(
                actor=request.user,
                organization_id=int(d["organization"]),
                annual_fee=d["annual_fee"],
                period_start=d["period_start"],
                period_end=d["period_end"],
                due_on=d["due_on"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Membresía registrada."))
            return redirect("finance:memberships")
    qs = selectors.membership_list(status=status, year=year)
    context = {
        "page_obj": paginate(request, qs, PAGE_SIZE),
        "params": {"status": status, "year": year or ""},
        "statuses": [("paid", _("Pagada")), ("pending", _("Pendiente")), ("overdue", _("Vencida"))],
        "form": form,
        "counts": selectors.membership_status_counts(),
    }
    return render(request, "finance/memberships.html", context, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def budget(request: HttpRequest) -> HttpResponse:
    require(request, can, Action.VIEW)
    if request.method == "POST":
        require(request, can, Action.MANAGE)
    year = _year(request)
    all_lines = selectors.lines()
    form = BudgetForm(posted(request), lines=[(line.pk, line.name) for line in all_lines], initial={"year": year})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        line = selectors.line_get(pk=int(d["line"]))
        try:
            services.budget_set(actor=request.user, line=line, year=d["year"], amount_clp=d["amount_clp"])  # type: ignore[arg-type]
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Presupuesto guardado."))
            return redirect(f"{request.path}?year={d['year']}")
    rows = selectors.budget_vs_actual(year)
    context = {"year": year, "years": selectors.income_years(), "rows": rows, "form": form}
    return render(request, "finance/budget.html", context, status=400 if form.errors else 200)


@require_GET
def rates(request: HttpRequest) -> HttpResponse:
    require(request, can, Action.VIEW)
    currency = request.GET.get("currency", "")
    currency = currency if currency in ("UF", "USD", "EUR") else ""
    context = {
        "page_obj": paginate(request, selectors.rate_list(currency=currency), 50),
        "params": {"currency": currency},
        "currencies": ("UF", "USD", "EUR"),
    }
    return render(request, "finance/rates.html", context)


@require_GET
def lines(request: HttpRequest) -> HttpResponse:
    require(request, can, Action.VIEW)
    today = timezone.localdate()
    rows = [{"line": line, "stale": principles.needs_review(line.reviewed_on, today)} for line in selectors.lines()]
    return render(request, "finance/lines.html", {"rows": rows})


@require_http_methods(["GET", "POST"])
def line_edit(request: HttpRequest, pk: int) -> HttpResponse:
    require(request, can, Action.MANAGE)
    line = selectors.line_get(pk=pk)
    if line is None:
        raise Http404
    form = LineForm(
        posted(request),
        initial={
            "mission_note": line.mission_note,
            "subsidiarity_note": line.subsidiarity_note,
            "reviewed_on": line.reviewed_on or timezone.localdate(),
            "row_version": line.row_version,
        },
    )
    status = 200
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        reviewed: date = d["reviewed_on"]
        try:
            services.line_update(
                actor=request.user,
                line=line,
                mission_note=d["mission_note"],
                subsidiarity_note=d["subsidiarity_note"],
                reviewed_on=reviewed,
                expected_version=d.get("row_version"),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            status = 409 if isinstance(exc, StaleVersion) else 400
        else:
            messages.success(request, _("Notas de la línea guardadas."))
            return redirect("finance:lines")
    if form.errors and status == 200:
        status = 400
    return render(request, "finance/line_form.html", {"form": form, "line": line}, status=status)
