"""Finance writes: income (create, edit, void: never deleted), the exchange-rate import, a
line's notes, budgets, memberships, the 35% breach alert and the membership reminders.

Every function is atomic and audited; bad input raises ValidationError naming the field and
writes nothing.

Conversion to CLP uses the rates table only (rates are imported from a file, never fetched):
- UF: the Banco Central publishes the UF for every calendar day (known in advance), so the
  rate of the income's exact day must be in the table; a missing day is a gap in the import.
- USD and EUR: the dólar/euro observado is published only on banking days, so a weekend or a
  holiday uses the last published value; but never one older than 7 days, which would mean
  the table is out of date rather than a holiday.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from hublocal.agreements import selectors as agreements_selectors
from hublocal.audit.services import audit_record
from hublocal.core.locking import check_and_bump
from hublocal.directory import selectors as directory_selectors
from hublocal.notifications import services as notifications

from . import principles, selectors
from .models import BreachAlert, Budget, Currency, ExchangeRate, Income, IncomeKind, MembershipFee, RevenueLine
from .permissions import Action, can

MAX_AMOUNT = Decimal("1e15")
MAX_TEXT = 5_000
MAX_RATE_AGE = {Currency.UF: 0, Currency.USD: 7, Currency.EUR: 7}
MAX_IMPORT_LINES = 20_000
REMINDER_DAYS = (30, 7)


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def _require(actor: Any) -> None:
    if not can(actor, Action.MANAGE):
        raise ValidationError(_("Solo el equipo del Hub registra las finanzas."))


def _text(value: Any, field_name: str, *, required: bool = False, maximum: int = MAX_TEXT) -> str:
    text = str(value or "").replace("\x00", "").strip()
    if required and not text:
        raise ValidationError({field_name: [_("Este campo es obligatorio.")]})
    if len(text) > maximum:
        raise ValidationError({field_name: [_("Máximo %(n)s caracteres.") % {"n": maximum}]})
    return text


def _decimal(value: Any, field_name: str, *, positive: bool = True) -> Decimal:
    try:
        number = Decimal(str(value).strip().replace(",", "."))
    except (InvalidOperation, ValueError):
        raise ValidationError({field_name: [_("Escriba un número (use punto o coma para los decimales).")]}) from None
    if not number.is_finite() or number >= MAX_AMOUNT or (number <= 0 if positive else number < 0):
        raise ValidationError({field_name: [_("Debe ser un número positivo razonable.")]})
    return number


# --- Conversion -------------------------------------------------------------------------------


def convert(*, amount: Decimal, currency: str, on: date) -> tuple[Decimal, Decimal]:
    """(rate, amount in CLP rounded to the peso) at the rate of `on`; ValidationError when the
    table has no usable rate for that day (see the module's docstring)."""
    if currency == Currency.CLP:
        return Decimal(1), amount.quantize(Decimal(1), rounding=ROUND_HALF_UP)
    if currency not in MAX_RATE_AGE:
        raise ValidationError({"currency": [_("Elija la moneda: CLP, UF, USD o EUR.")]})
    age = MAX_RATE_AGE[Currency(currency)]
    rate = selectors.rate_on(currency, on, max_age_days=age)
    if rate is None:
        if age == 0:
            message = _(
                "No hay valor de la UF para el %(d)s en la tabla de tipos de cambio: impórtelo antes de registrar "
                "este ingreso."
            ) % {"d": on.strftime("%d-%m-%Y")}
        else:
            message = _(
                "No hay tipo de cambio %(c)s del %(d)s ni de los %(n)s días anteriores: importe los tipos de cambio "
                "antes de registrar este ingreso."
            ) % {"c": currency, "d": on.strftime("%d-%m-%Y"), "n": age}
        raise ValidationError({"date": [message]}, code="no_rate")
    return rate.value, (amount * rate.value).quantize(Decimal(1), rounding=ROUND_HALF_UP)


# --- Income -----------------------------------------------------------------------------------

INCOME_FIELDS = (
    "date",
    "amount",
    "currency",
    "kind",
    "line",
    "client",
    "client_contact_name",
    "client_contact_email",
    "client_contact_phone",
    "agreement",
    "membership",
    "invoice_ref",
    "description",
)


def _clean_income(data: dict[str, Any]) -> dict[str, Any]:
    """Every field checked, all errors reported together."""
    errors: dict[str, list[str]] = {}
    clean: dict[str, Any] = {}

    def attempt(key: str, check: Any) -> None:
        try:
            clean[key] = check()
        except ValidationError as exc:
            for k, v in exc.message_dict.items():
                errors.setdefault(k, []).extend(v)

    on = data.get("date")
    if not isinstance(on, date):
        errors["date"] = [_("Indique la fecha del ingreso.")]
    elif on > timezone.localdate():
        errors["date"] = [_("Un ingreso no puede tener fecha futura.")]
    else:
        clean["date"] = on
    currency = data.get("currency") or ""
    if currency not in Currency.values:
        errors["currency"] = [_("Elija la moneda: CLP, UF, USD o EUR.")]
    else:
        clean["currency"] = currency
    attempt("amount", lambda: _decimal(data.get("amount"), "amount").quantize(Decimal("0.01")))
    if data.get("kind") not in IncomeKind.values:
        errors["kind"] = [_("Indique si el ingreso es recurrente o puntual.")]
    else:
        clean["kind"] = data["kind"]
    line = data.get("line")
    if not isinstance(line, RevenueLine):
        errors["line"] = [_("Elija la línea de ingreso.")]
    else:
        clean["line"] = line
    client_id = data.get("client")
    clean["client_id"] = None
    if client_id:
        if not directory_selectors.organizations_with_commune(ids=[client_id]):
            errors["client"] = [_("No existe esa organización en el directorio.")]
        else:
            clean["client_id"] = client_id
    agreement_id = data.get("agreement")
    clean["agreement_id"] = None
    if agreement_id:
        if agreements_selectors.agreement_get(pk=agreement_id) is None:
            errors["agreement"] = [_("No existe ese convenio.")]
        else:
            clean["agreement_id"] = agreement_id
    membership = data.get("membership")
    clean["membership"] = None
    if membership is not None:
        if not isinstance(membership, MembershipFee):
            errors["membership"] = [_("No existe esa membresía.")]
        elif isinstance(line, RevenueLine) and line.code != selectors.MEMBERSHIPS:
            errors["membership"] = [_("Solo un ingreso de la línea de membresías paga una membresía.")]
        else:
            clean["membership"] = membership
    attempt("client_contact_name", lambda: _text(data.get("client_contact_name"), "client_contact_name", maximum=200))
    attempt(
        "client_contact_email", lambda: _text(data.get("client_contact_email"), "client_contact_email", maximum=254)
    )
    attempt("client_contact_phone", lambda: _text(data.get("client_contact_phone"), "client_contact_phone", maximum=30))
    attempt("invoice_ref", lambda: _text(data.get("invoice_ref"), "invoice_ref", maximum=60))
    attempt("description", lambda: _text(data.get("description"), "description"))
    if not errors:
        try:
            clean["rate"], clean["amount_clp"] = convert(amount=clean["amount"], currency=currency, on=on)  # type: ignore[arg-type]
        except ValidationError as exc:
            errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    return clean


def _terms(i: Income) -> dict[str, Any]:
    return {
        "date": i.date.isoformat(),
        "amount": str(i.amount),
        "currency": i.currency,
        "rate": str(i.rate),
        "amount_clp": str(i.amount_clp),
        "kind": i.kind,
        "line": i.line.code,
        "client": i.client_id,
        "agreement": i.agreement_id,
        "membership": i.membership_id,
        "invoice_ref": i.invoice_ref,
    }


@transaction.atomic
def income_create(*, actor: Any, is_demo: bool = False, alert: bool = True, **data: Any) -> Income:
    """Record an income in CLP at the rate of its date; refused when the rate is missing. When it
    pushes its line above 35% of the year's income, the staff are alerted (once while it stays above).
    `alert=False` is for loading a history (the demo) whose first incomes would each be 100% of
    their year: the caller checks once at the end."""
    _require(actor)
    clean = _clean_income(data)
    income = Income.objects.create(**clean, created_by=_user(actor), is_demo=is_demo)
    audit_record(actor=actor, action="finance.income_create", obj=income, after=_terms(income))
    if alert:
        breach_alerts_check(year=income.date.year)
    return income


@transaction.atomic
def income_update(*, actor: Any, income: Income, expected_version: int | None = None, **data: Any) -> Income:
    _require(actor)
    locked = Income.objects.select_for_update().select_related("line").get(pk=income.pk)
    if locked.is_void:
        raise ValidationError(_("Un ingreso anulado no se modifica."), code="void")
    clean = _clean_income(data)
    before = _terms(locked)
    check_and_bump(locked, expected_version)
    old_year = locked.date.year
    for key, value in clean.items():
        setattr(locked, key, value)
    locked.save()
    audit_record(actor=actor, action="finance.income_update", obj=locked, before=before, after=_terms(locked))
    for year in sorted({old_year, locked.date.year}):  # an income moved to another year changes both
        breach_alerts_check(year=year)
    return locked


@transaction.atomic
def income_void(*, actor: Any, income: Income, reason: str, expected_version: int | None = None) -> Income:
    """An income is never deleted: voiding keeps it, with who, when and why, and it stops counting."""
    _require(actor)
    locked = Income.objects.select_for_update().select_related("line").get(pk=income.pk)
    if locked.is_void:
        raise ValidationError(_("Este ingreso ya está anulado."), code="void")
    reason = _text(reason, "reason", required=True)
    check_and_bump(locked, expected_version)
    locked.is_void, locked.void_reason, locked.voided_at, locked.voided_by = True, reason, timezone.now(), _user(actor)
    locked.save()
    audit_record(
        actor=actor,
        action="finance.income_void",
        obj=locked,
        before={"is_void": False},
        after={"is_void": True, "reason": reason},
    )
    breach_alerts_check(year=locked.date.year)  # the line's share may have fallen back
    return locked


# --- Breach alert -----------------------------------------------------------------------------


# Key of the PostgreSQL advisory lock that makes the checks of one year run one at a time (any
# constant unique in the project; the year is the lock's second key).
BREACH_CHECK_LOCK = 35_0001


def _one_check_per_year(year: int) -> None:
    """Wait until no other transaction is checking `year`, and hold that until this one commits.

    Under PostgreSQL's READ COMMITTED two checks could otherwise each compute the shares before
    the other committed: one closes an alert because its line fell back, the other, still seeing
    the line above 35%, opens a new one and tells the staff of a breach that is over. Taken
    before the shares are read, so they include every earlier check's income. SQLite runs one
    writing transaction at a time already."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [BREACH_CHECK_LOCK, year])


@transaction.atomic
def breach_alerts_check(*, year: int) -> list[BreachAlert]:
    """Bring the fiscal year's alerts in line with its income; the alerts opened now.

    Each line above 35% of the year's income has one open alert, and the staff are told once when
    it opens (checks of a year run one at a time; the partial unique constraint and the
    notifications' dedupe key hold as well). An open alert whose line is back at 35% or less is
    closed, with the share it fell to; if the line goes above again, a new alert opens and the
    staff are told again. Run after every change to an income of the year, and daily for the
    years with an open alert (tasks.py)."""
    _one_check_per_year(year)
    check = selectors.fiscal_check(year)
    period = str(year)
    status = {ls.code: ls for ls in check.lines}
    now = timezone.now()
    # of=self: lock the alerts only, not their lines (which income_update and income_void lock
    # with the income they change).
    for alert in (
        BreachAlert.objects.select_for_update(of=("self",))
        .filter(period=period, resolved_at__isnull=True)
        .select_related("line")
    ):
        ls = status.get(alert.line.code)
        if ls is not None and ls.status == principles.BREACH:
            continue
        share = ls.share if ls is not None and ls.share is not None else Decimal(0)
        alert.resolved_at = now
        alert.resolved_share = share.quantize(Decimal("0.0001"))
        alert.save(update_fields=["resolved_at", "resolved_share"])
        audit_record(
            actor=None,
            action="finance.breach_resolved",
            obj=alert.line,
            before={"period": period, "share": str(alert.share)},
            after={"period": period, "share": str(alert.resolved_share)},
        )
    if not check.breaches:
        return []
    created = []
    by_code = {line.code: line for line in selectors.lines()}
    for ls in check.lines:
        if ls.status != principles.BREACH or ls.share is None:
            continue
        line = by_code[ls.code]
        alert, is_new = BreachAlert.objects.get_or_create(
            line=line, period=period, resolved_at=None, defaults={"share": ls.share.quantize(Decimal("0.0001"))}
        )
        if not is_new:
            continue
        pct = f"{float(ls.share) * 100:.1f}".replace(".", ",")
        notifications.notify(
            users=selectors.staff_users(),
            kind="finance.breach",
            title=_("La línea «%(l)s» supera el 35%% de los ingresos de %(y)s (%(p)s%%)")
            % {"l": line.name, "y": year, "p": pct},
            body=_(
                "Principio de diversificación: ninguna línea de ingreso supera el 35%% del total. Revise la "
                "cartera de ingresos de %(y)s."
            )
            % {"y": year},
            url=reverse("finance:dashboard") + f"?year={year}",
            # One notice per alert: a line that falls back and goes above again is news again.
            dedupe_key=f"finance.breach:{line.code}:{period}:{alert.pk}",
        )
        audit_record(
            actor=None, action="finance.breach_alert", obj=line, after={"period": period, "share": str(alert.share)}
        )
        created.append(alert)
    return created


def breach_alerts_recheck() -> dict[str, int]:
    """Check again this year and every year with an open alert: the daily safety net for a change
    that did not pass through income_create/update/void (a restored backup, an alert opened
    before alerts could close). The alerts opened and the years checked."""
    years = {timezone.localdate().year}
    years.update(int(p) for p in selectors.breach_alert_open_periods() if p.isdigit())
    opened = sum(len(breach_alerts_check(year=year)) for year in sorted(years))
    return {"years": len(years), "opened": opened}


# --- Exchange rates ---------------------------------------------------------------------------


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[str] = field(default_factory=list)
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors


def _parse_rates(text: str) -> tuple[list[tuple[str, date, Decimal]], list[str]]:
    """Rows of `currency,date,value` (a header line is optional); every bad line is reported
    with its number and why."""
    rows: list[tuple[str, date, Decimal]] = []
    errors: list[str] = []
    seen: dict[tuple[str, date], int] = {}
    reader = csv.reader(io.StringIO(text))
    for number, raw in enumerate(reader, start=1):
        if number > MAX_IMPORT_LINES:
            errors.append(_("El archivo tiene más de %(n)s líneas.") % {"n": MAX_IMPORT_LINES})
            break
        cells = [c.strip() for c in raw]
        if not any(cells):
            continue
        if number == 1 and cells[0].lower() in ("currency", "moneda"):
            continue
        if len(cells) != 3:
            errors.append(_("Línea %(n)s: se esperan 3 columnas (moneda, fecha, valor).") % {"n": number})
            continue
        cur, day, value = cells
        cur = cur.upper()
        if cur not in MAX_RATE_AGE:
            errors.append(
                _("Línea %(n)s: moneda «%(c)s» desconocida (use UF, USD o EUR).") % {"n": number, "c": cur[:10]}
            )
            continue
        try:
            on = date.fromisoformat(day)
        except ValueError:
            errors.append(_("Línea %(n)s: fecha «%(d)s» inválida (use AAAA-MM-DD).") % {"n": number, "d": day[:20]})
            continue
        try:
            rate = Decimal(value.replace(",", "."))
        except InvalidOperation:
            rate = Decimal(-1)
        if not rate.is_finite() or rate <= 0 or rate >= Decimal("1e9"):
            errors.append(
                _("Línea %(n)s: valor «%(v)s» inválido (un número positivo en CLP).") % {"n": number, "v": value[:20]}
            )
            continue
        key = (cur, on)
        if key in seen:
            errors.append(
                _("Línea %(n)s: %(c)s del %(d)s ya aparece en la línea %(m)s.")
                % {"n": number, "c": cur, "d": on.isoformat(), "m": seen[key]}
            )
            continue
        seen[key] = number
        rows.append((cur, on, rate.quantize(Decimal("0.0001"))))
    return rows, errors


@transaction.atomic
def rates_import(*, actor: Any, text: str, dry_run: bool = False, source: str = "") -> ImportResult:
    """Import a rates file, all or nothing: one bad line and nothing is written. A rate already
    in the table with another value is replaced (a correction), and said so in the audit."""
    rows, errors = _parse_rates(text)
    result = ImportResult(errors=errors, dry_run=dry_run)
    if not rows and not errors:
        result.errors.append(_("El archivo no tiene tipos de cambio."))
    if result.errors:
        return result
    existing = {
        (r.currency, r.date): r
        for r in ExchangeRate.objects.filter(
            currency__in={c for c, _d, _v in rows},
            date__gte=min(d for _c, d, _v in rows),
            date__lte=max(d for _c, d, _v in rows),
        )
    }
    to_create, changed = [], []
    for cur, on, value in rows:
        old = existing.get((cur, on))
        if old is None:
            to_create.append(ExchangeRate(currency=cur, date=on, value=value))
        elif old.value != value:
            changed.append((old, value))
        else:
            result.unchanged += 1
    result.created, result.updated = len(to_create), len(changed)
    if dry_run:
        return result
    ExchangeRate.objects.bulk_create(to_create)
    for old, value in changed:
        ExchangeRate.objects.filter(pk=old.pk).update(value=value)
    audit_record(
        actor=actor,
        action="finance.rates_import",
        object_type="finance.exchangerate",
        object_repr=(source or "tipos de cambio")[:255],
        after={
            "created": result.created,
            "updated": result.updated,
            "unchanged": result.unchanged,
            "corrections": [
                {"currency": o.currency, "date": o.date.isoformat(), "before": str(o.value), "after": str(v)}
                for o, v in changed[:200]
            ],
        },
    )
    return result


# --- Lines, budgets, memberships --------------------------------------------------------------


@transaction.atomic
def line_update(
    *,
    actor: Any,
    line: RevenueLine,
    mission_note: str,
    subsidiarity_note: str,
    reviewed_on: date | None,
    expected_version: int | None = None,
) -> RevenueLine:
    """A line's coherence and subsidiarity notes, with the date they were reviewed."""
    _require(actor)
    locked = RevenueLine.objects.select_for_update().get(pk=line.pk)
    errors: dict[str, list[str]] = {}
    try:
        mission_note = _text(mission_note, "mission_note", required=True)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    try:
        subsidiarity_note = _text(subsidiarity_note, "subsidiarity_note", required=True)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if not isinstance(reviewed_on, date):
        errors["reviewed_on"] = [_("Indique la fecha de la revisión.")]
    elif reviewed_on > timezone.localdate():
        errors["reviewed_on"] = [_("La revisión no puede tener fecha futura.")]
    if errors:
        raise ValidationError(errors)
    before = {
        "mission_note": locked.mission_note,
        "subsidiarity_note": locked.subsidiarity_note,
        "reviewed_on": str(locked.reviewed_on),
    }
    check_and_bump(locked, expected_version)
    locked.mission_note, locked.subsidiarity_note, locked.reviewed_on = mission_note, subsidiarity_note, reviewed_on
    locked.save()
    audit_record(
        actor=actor,
        action="finance.line_update",
        obj=locked,
        before=before,
        after={"mission_note": mission_note, "subsidiarity_note": subsidiarity_note, "reviewed_on": str(reviewed_on)},
    )
    return locked


@transaction.atomic
def budget_set(*, actor: Any, line: RevenueLine, year: int, amount_clp: Any) -> Budget:
    _require(actor)
    if not isinstance(year, int) or not 2000 <= year <= 2100:
        raise ValidationError({"year": [_("Indique un año entre 2000 y 2100.")]})
    amount = _decimal(amount_clp, "amount_clp", positive=False).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    budget = Budget.objects.select_for_update().filter(line=line, year=year).first()
    before = {"amount_clp": str(budget.amount_clp)} if budget else None
    if budget is None:
        budget = Budget.objects.create(line=line, year=year, amount_clp=amount)
    else:
        budget.amount_clp = amount
        budget.row_version += 1
        budget.save()
    audit_record(
        actor=actor,
        action="finance.budget_set",
        obj=budget,
        object_repr=f"{line.name} {year}",
        before=before,
        after={"line": line.code, "year": year, "amount_clp": str(amount)},
    )
    return budget


@transaction.atomic
def membership_create(
    *,
    actor: Any,
    organization_id: int,
    annual_fee: Any,
    period_start: date | None,
    period_end: date | None,
    due_on: date | None,
    is_demo: bool = False,
) -> MembershipFee:
    _require(actor)
    errors: dict[str, list[str]] = {}
    municipalities = {pk for pk, _name in selectors.municipality_choices()}
    if organization_id not in municipalities:
        errors["organization"] = [_("Elija un municipio del directorio.")]
    try:
        fee = _decimal(annual_fee, "annual_fee").quantize(Decimal("0.01"))
    except ValidationError as exc:
        errors.update(exc.message_dict)
    for key, value in (("period_start", period_start), ("period_end", period_end), ("due_on", due_on)):
        if not isinstance(value, date):
            errors[key] = [_("Indique la fecha.")]
    if not errors and period_end < period_start:  # type: ignore[operator]
        errors["period_end"] = [_("El término del periodo no puede ser anterior al inicio.")]
    if (
        not errors
        and period_start is not None
        and MembershipFee.objects.filter(organization_id=organization_id, period_start=period_start).exists()
    ):
        errors["period_start"] = [_("Ese municipio ya tiene una membresía que empieza esa fecha.")]
    if errors or period_start is None or period_end is None or due_on is None:
        raise ValidationError(errors)
    m = MembershipFee.objects.create(
        organization_id=organization_id,
        annual_fee=fee,
        period_start=period_start,
        period_end=period_end,
        due_on=due_on,
        is_demo=is_demo,
    )
    audit_record(
        actor=actor,
        action="finance.membership_create",
        obj=m,
        after={
            "organization": organization_id,
            "annual_fee": str(fee),
            "period": [str(period_start), str(period_end)],
            "due_on": str(due_on),
        },
    )
    return m


def membership_reminders_send(*, today: date | None = None) -> dict[str, int]:
    """Reminders to the municipality's focal contacts 30 and 7 days before the due date, and once
    when overdue. Idempotent: every notice has a dedupe key (membership, step)."""
    today = today or timezone.localdate()
    counts = {"due": 0, "overdue": 0}
    for m in selectors.open_memberships(today=today):
        days = (m.due_on - today).days
        if getattr(m, "status", "") == selectors.MembershipStatus.OVERDUE:
            kind, key, step = "finance.membership_overdue", f"finance.membership_overdue:{m.pk}", "overdue"
            title = _("La cuota de membresía %(y)s del Hub está vencida") % {"y": m.period_start.year}
        elif days in REMINDER_DAYS:
            kind, key, step = "finance.membership_due", f"finance.membership_due:{m.pk}:{days}", "due"
            title = _("La cuota de membresía %(y)s del Hub vence en %(d)s días") % {"y": m.period_start.year, "d": days}
        else:
            continue
        body = _("Cuota anual: %(f)s CLP; fecha de pago: %(d)s. Si ya pagó, ignore este aviso.") % {
            "f": f"{m.annual_fee:,.0f}".replace(",", "."),
            "d": m.due_on.strftime("%d-%m-%Y"),
        }
        with transaction.atomic():
            sent = notifications.notify(
                users=selectors.focal_accounts(organization_id=m.organization_id),
                kind=kind,
                title=title,
                body=body,
                dedupe_key=key,
            )
        counts[step] += len(sent)
    return counts


def revenue_lines_ensure() -> None:
    """The nine lines of seed 002, created when missing (as the data migration does): a database
    emptied after migrating (a test that truncates tables) must still get them for the demo."""
    from . import lines

    lines.ensure(RevenueLine)
