"""Finance services on top of the demo: conversion, refused income without a rate, voiding,
the idempotent breach alert, the all-or-nothing rates import, memberships and reminders.

The tests that count shares use 2019, a year the demo leaves empty."""

from __future__ import annotations

from datetime import UTC, date, timedelta
from decimal import Decimal as D
from io import StringIO
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from hublocal.audit.models import AuditEvent
from hublocal.core.cache import bump
from hublocal.finance import selectors, services
from hublocal.finance.models import BreachAlert, ExchangeRate, Income
from hublocal.notifications.models import Notification

pytestmark = pytest.mark.django_db
Y = 2019


def _line(code: str):
    return selectors.line_by_code(code)


def _income(staff, code: str, amount, *, currency: str = "CLP", on: date = date(Y, 6, 3), **extra):
    return services.income_create(
        actor=staff, date=on, amount=D(amount), currency=currency, kind="one_off", line=_line(code), **extra
    )


@pytest.fixture
def rates(network):
    ExchangeRate.objects.bulk_create(
        [
            ExchangeRate(currency="UF", date=date(Y, 6, 3), value=D("27800.50")),
            ExchangeRate(currency="USD", date=date(Y, 5, 31), value=D("700.00")),  # a Friday
            ExchangeRate(currency="EUR", date=date(Y, 6, 3), value=D("780.25")),
        ]
    )


def test_conversion_uf_exact_day_usd_last_published(users, rates):
    staff = users["staff"]
    uf = _income(staff, "technical_assistance", "10", currency="UF")
    assert uf.rate == D("27800.50") and uf.amount_clp == D("278005")
    # Monday 3 June uses Friday 31 May's dólar observado.
    usd = _income(staff, "cooperation", "100.5", currency="USD")
    assert usd.rate == D("700") and usd.amount_clp == D("70350")
    clp = _income(staff, "events", "1000.4")
    assert clp.rate == 1 and clp.amount_clp == D("1000")
    assert AuditEvent.objects.filter(action="finance.income_create", object_id=str(uf.pk)).exists()


def test_missing_rate_refused_with_a_clear_message(users, rates):
    staff = users["staff"]
    before = Income.objects.count()
    with pytest.raises(ValidationError) as exc:
        _income(staff, "technical_assistance", "10", currency="UF", on=date(Y, 6, 4))
    assert "UF" in exc.value.message_dict["date"][0] and "04-06-2019" in exc.value.message_dict["date"][0]
    # USD older than 7 days: refused too.
    with pytest.raises(ValidationError) as exc:
        _income(staff, "cooperation", "10", currency="USD", on=date(Y, 6, 10))
    assert "7 días" in exc.value.message_dict["date"][0]
    assert Income.objects.count() == before


def test_bad_input_all_reported_nothing_written(users):
    before = Income.objects.count()
    with pytest.raises(ValidationError) as exc:
        services.income_create(actor=users["staff"], date=None, amount="x", currency="", kind="", line=None)
    assert {"date", "amount", "currency", "kind", "line"} <= set(exc.value.message_dict)
    with pytest.raises(ValidationError):
        _income(users["staff"], "events", "10", on=date.today() + timedelta(days=3))
    assert Income.objects.count() == before


def test_only_staff_record_income(users):
    with pytest.raises(ValidationError):
        _income(users["santiago"], "events", "100")


def test_void_keeps_the_record_and_stops_counting(users, rates):
    staff = users["staff"]
    i = _income(staff, "events", "5000")
    assert selectors.line_totals(date(Y, 1, 1), date(Y, 12, 31))["events"] == D(5000)
    services.income_void(actor=staff, income=i, reason="Factura emitida dos veces.", expected_version=i.row_version)
    i.refresh_from_db()
    assert i.is_void and i.void_reason and i.voided_by == staff
    assert selectors.line_totals(date(Y, 1, 1), date(Y, 12, 31))["events"] == 0
    assert AuditEvent.objects.filter(action="finance.income_void", object_id=str(i.pk)).exists()
    with pytest.raises(ValidationError):
        services.income_void(actor=staff, income=i, reason="otra vez")
    with pytest.raises(ValidationError):
        services.income_update(
            actor=staff, income=i, date=date(Y, 6, 3), amount=1, currency="CLP", kind="one_off", line=_line("events")
        )


def test_void_needs_a_reason_and_current_version(users):
    staff = users["staff"]
    i = _income(staff, "events", "5000")
    with pytest.raises(ValidationError):
        services.income_void(actor=staff, income=i, reason="  ")
    with pytest.raises(ValidationError):
        services.income_void(actor=staff, income=i, reason="x", expected_version=i.row_version + 5)
    i.refresh_from_db()
    assert not i.is_void


def test_breach_alert_sent_once_per_line_and_year(users):
    staff = users["staff"]
    # Three lines at a third each: warnings, no breach.
    # (Loaded without the alert: the first income of a year alone is 100% of it.)
    for code in ("events", "studies", "saas"):
        _income(staff, code, "1000", alert=False)
    assert services.breach_alerts_check(year=Y) == []
    assert not BreachAlert.objects.filter(period=str(Y)).exists()
    _income(staff, "events", "1000")  # events 50%: breach
    alerts = BreachAlert.objects.filter(period=str(Y))
    assert [a.line.code for a in alerts] == ["events"]
    sent = Notification.objects.filter(kind="finance.breach", dedupe_key=f"finance.breach:events:{Y}:{alerts[0].pk}")
    staff_count = len(selectors.staff_users())
    assert sent.count() == staff_count >= 2
    _income(staff, "events", "1000")  # still above: no second alert
    services.breach_alerts_check(year=Y)
    assert BreachAlert.objects.filter(period=str(Y)).count() == 1
    assert sent.count() == staff_count
    assert AuditEvent.objects.filter(action="finance.breach_alert").count() >= 1


def test_breach_alert_closes_when_the_line_falls_back_and_reopens_when_it_goes_above_again(users):
    staff = users["staff"]
    for code in ("events", "studies", "saas"):
        _income(staff, code, "1000", alert=False)
    surge = _income(staff, "events", "1000")  # events 2/4 = 50%: alert opened
    first = BreachAlert.objects.get(period=str(Y))
    assert first.resolved_at is None and first.share == D("0.5")
    staff_count = len(selectors.staff_users())
    assert Notification.objects.filter(kind="finance.breach").count() == staff_count

    # Voiding the surge brings events back to a third: the alert is closed with the share it fell
    # to, audited, and the staff's home no longer claims a breach.
    services.income_void(actor=staff, income=surge, reason="Ingreso duplicado por error")
    first.refresh_from_db()
    assert first.resolved_at is not None
    assert first.resolved_share == D("0.3333")
    closed = AuditEvent.objects.get(action="finance.breach_resolved", before__period=str(Y))
    assert closed.before["share"] == "0.5000" and closed.after["share"] == "0.3333"
    assert selectors.breach_alerts_for(period=str(Y), open_only=True) == []
    assert services.breach_alerts_check(year=Y) == []  # nothing new, nothing closed twice
    assert AuditEvent.objects.filter(action="finance.breach_resolved", before__period=str(Y)).count() == 1

    # Above again: a new alert, and the staff are told again (news, not a repeat).
    _income(staff, "events", "2000")  # events 3/5 = 60%
    alerts = selectors.breach_alerts_for(period=str(Y))
    assert [(a.resolved_at is None, a.line.code) for a in alerts] == [(True, "events"), (False, "events")]
    assert alerts[0].pk != first.pk and alerts[0].share == D("0.6")
    assert Notification.objects.filter(kind="finance.breach").count() == 2 * staff_count
    assert Notification.objects.filter(dedupe_key=f"finance.breach:events:{Y}:{alerts[0].pk}").count() == staff_count


def test_an_income_moved_to_another_year_rechecks_both_years(users):
    staff = users["staff"]
    for code in ("events", "studies", "saas"):
        _income(staff, code, "1000", alert=False)
    moved = _income(staff, "events", "1000")  # 50% of 2019: alert
    assert BreachAlert.objects.filter(period=str(Y), resolved_at__isnull=True).count() == 1
    services.income_update(
        actor=staff,
        income=moved,
        date=date(Y - 1, 6, 3),
        amount=D("1000"),
        currency="CLP",
        kind="one_off",
        line=_line("events"),
    )
    # 2019 is back at a third per line; 2018 holds only this income (100% of its year).
    assert not BreachAlert.objects.filter(period=str(Y), resolved_at__isnull=True).exists()
    assert BreachAlert.objects.filter(period=str(Y - 1), resolved_at__isnull=True, line__code="events").exists()


def test_the_daily_recheck_closes_an_alert_left_open_and_checks_this_year(users):
    # An alert left open by a change that did not pass through the income services (here: the
    # income voided straight in the table, as a restored backup might leave it).
    staff = users["staff"]
    for code in ("events", "studies", "saas"):
        _income(staff, code, "1000", alert=False)
    surge = _income(staff, "events", "1000")
    Income.objects.filter(pk=surge.pk).update(is_void=True)
    assert BreachAlert.objects.filter(period=str(Y), resolved_at__isnull=True).exists()
    assert str(Y) in selectors.breach_alert_open_periods()
    done = services.breach_alerts_recheck()
    assert done["years"] >= 2  # 2019 and the current year
    assert not BreachAlert.objects.filter(period=str(Y), resolved_at__isnull=True).exists()
    assert str(Y) not in selectors.breach_alert_open_periods()


def test_the_recheck_runs_daily_on_the_queue(network):
    from datetime import datetime

    from hublocal.finance import tasks

    validate = tasks.recheck_breach_alerts.s().validate_datetime
    assert validate(datetime(2026, 3, 2, 7, 25))
    assert not validate(datetime(2026, 3, 2, 7, 26))
    assert tasks.recheck_breach_alerts.call_local()["years"] >= 1


def test_checks_of_one_year_run_one_at_a_time_on_postgresql(users):
    """The check holds a per-year lock until its transaction ends, so a concurrent check waits
    and then reads the shares with this one's income committed (no alert reopened on stale data)."""
    import psycopg
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("SQLite runs one writing transaction at a time")
    services.breach_alerts_check(year=Y)  # inside the test's transaction: the lock is held now
    db = connection.settings_dict
    params = {"host": db["HOST"], "port": db["PORT"], "user": db["USER"], "dbname": db["NAME"]}
    with psycopg.connect(**{k: v for k, v in params.items() if v}, autocommit=True) as other:
        try_lock = "SELECT pg_try_advisory_lock(%s, %s)"
        assert other.execute(try_lock, [services.BREACH_CHECK_LOCK, Y]).fetchone()[0] is False
        assert other.execute(try_lock, [services.BREACH_CHECK_LOCK, Y + 1]).fetchone()[0] is True  # other years free


def test_alerts_of_a_year_list_open_ones_by_line_then_closed_ones_newest_first(network):
    from datetime import datetime

    by_order = sorted(selectors.lines(), key=lambda line: line.order)
    first, second, third, fourth = by_order[:4]
    BreachAlert.objects.create(line=second, period="2019", share=D("0.4"))
    BreachAlert.objects.create(line=first, period="2019", share=D("0.4"))
    older = datetime(2019, 3, 1, tzinfo=UTC)
    newer = datetime(2019, 9, 1, tzinfo=UTC)
    BreachAlert.objects.create(line=third, period="2019", share=D("0.4"), resolved_at=older, resolved_share=D("0.3"))
    BreachAlert.objects.create(line=fourth, period="2019", share=D("0.4"), resolved_at=newer, resolved_share=D("0.3"))
    listed = [a.line for a in selectors.breach_alerts_for(period="2019")]
    assert listed == [first, second, fourth, third]
    assert [a.line for a in selectors.breach_alerts_for(period="2019", open_only=True)] == [first, second]


def test_only_one_open_alert_per_line_and_year(network):
    from django.db import IntegrityError, transaction

    line = _line("events")
    BreachAlert.objects.create(line=line, period="2019", share=D("0.5"))
    with pytest.raises(IntegrityError), transaction.atomic():
        BreachAlert.objects.create(line=line, period="2019", share=D("0.6"))
    BreachAlert.objects.filter(line=line, period="2019").update(resolved_at="2019-07-01T00:00:00Z")
    BreachAlert.objects.create(line=line, period="2019", share=D("0.6"))  # the closed one does not count


def test_the_staff_home_lists_open_alerts_of_the_year_only(users):
    from django.utils import timezone

    from hublocal.finance import home

    staff, year = users["staff"], str(timezone.localdate().year)
    BreachAlert.objects.filter(period=year).delete()
    alert = BreachAlert.objects.create(line=_line("saas"), period=year, share=D("0.41"))
    BreachAlert.objects.create(line=_line("events"), period=str(Y), share=D("0.5"))  # another year
    items = home.collect_breaches(staff)
    assert [i.title for i in items] == [f"La línea «{alert.line.name}» supera el 35% de los ingresos de {year}"]
    alert.resolved_at, alert.resolved_share = timezone.now(), D("0.30")
    alert.save()
    assert home.collect_breaches(staff) == []
    assert home.collect_breaches(users["santiago"]) == []  # not the hub's finance team


def test_unlinked_commercial_flagged_and_agreement_checked(users):
    staff = users["staff"]
    _income(staff, "sponsorships", "1000")
    _income(staff, "memberships", "1000")  # not commercial: not flagged
    check = selectors.fiscal_check(Y)
    assert check.unlinked_commercial == 1
    with pytest.raises(ValidationError) as exc:
        _income(staff, "sponsorships", "1000", agreement=10**9)
    assert "agreement" in exc.value.message_dict


def test_public_summary_shape(users):
    _income(users["staff"], "events", "3000", alert=False)
    _income(users["staff"], "memberships", "7000", alert=False)
    s = selectors.public_summary(year=Y)
    by = {line["code"]: line for line in s["lines"]}
    assert by["memberships"]["share"] == 0.7 and by["memberships"]["status"] == "breach"
    assert by["events"]["share"] == 0.3 and by["events"]["status"] == "ok"
    assert by["saas"]["share"] == 0
    assert s["checks"]["share_sum"] == 1.0 and s["checks"]["breaches"] == ["memberships"]
    assert s["recurrent_share"] == 0.0
    assert len(s["lines"]) == 9
    assert "amount" not in str(s) and "client" not in str(s)
    empty = selectors.public_summary(year=1950)
    assert empty["has_income"] is False and empty["checks"]["diversification"] == "no_data"


def test_public_summary_is_cached_until_finance_data_change(users, settings):
    # Production caches the summary and the dashboard's aggregates (over every income of the
    # year) under the finance and agreements generations, which every committed write to those
    # apps replaces (core.page_cache's write watcher, tested in core). Inside this test's
    # transaction nothing commits, so the test replaces the generation as the commit would.
    settings.ANONYMOUS_FRAGMENT_CACHE = True
    _income(users["staff"], "events", "3000", alert=False)
    bump("finance")
    first = selectors.public_summary(year=Y)
    assert {line["code"]: line["share"] for line in first["lines"]}["events"] == 1.0
    _income(users["staff"], "memberships", "1000", alert=False)
    assert selectors.public_summary(year=Y) == first  # still the cached figures
    bump("finance")
    after = {line["code"]: line["share"] for line in selectors.public_summary(year=Y)["lines"]}
    assert after["events"] == 0.75 and after["memberships"] == 0.25
    fiscal, _trailing, months, _budget = selectors.dashboard_figures(year=Y, today=date(Y, 12, 31))
    assert fiscal.total == D("4000") and months[5] == D("4000")
    _income(users["staff"], "events", "500", alert=False)
    bump("agreements")  # a change to an agreement (public or not) changes the flags too
    fiscal, _trailing, months, _budget = selectors.dashboard_figures(year=Y, today=date(Y, 12, 31))
    assert fiscal.total == D("4500") and months[5] == D("4500")


GOOD = 'currency,date,value\nUF,2018-01-01,26800.10\nUSD,2018-01-02,615.5\nEUR,2018-01-02,"740,25"\n'


def test_import_all_or_nothing_with_line_errors(users):
    bad = GOOD + "XYZ,2018-01-03,1\nUF,2018-02-30,1\nUSD,2018-01-04,-3\nUF,2018-01-01,26800.10\nUF,2018-01-05\n"
    result = services.rates_import(actor=users["staff"], text=bad)
    assert not result.ok
    joined = "\n".join(result.errors)
    for n in (5, 6, 7, 8, 9):
        assert f"Línea {n}:" in joined
    assert "ya aparece en la línea 2" in joined
    assert not ExchangeRate.objects.filter(date__year=2018).exists()


def test_import_dry_run_then_real_then_correction(users):
    dry = services.rates_import(actor=users["staff"], text=GOOD, dry_run=True)
    assert dry.ok and dry.created == 3
    assert not ExchangeRate.objects.filter(date__year=2018).exists()
    real = services.rates_import(actor=users["staff"], text=GOOD)
    assert real.created == 3 and ExchangeRate.objects.get(currency="EUR", date=date(2018, 1, 2)).value == D("740.25")
    again = services.rates_import(actor=users["staff"], text=GOOD.replace("615.5", "616"))
    assert (again.created, again.updated, again.unchanged) == (0, 1, 2)
    event = AuditEvent.objects.filter(action="finance.rates_import").order_by("-pk").first()
    assert event.after["corrections"][0]["before"] == "615.5000"


def test_import_command(users, tmp_path: Path):
    f = tmp_path / "rates.csv"
    f.write_text(GOOD, encoding="utf-8")
    out = StringIO()
    call_command("import_rates", str(f), "--dry-run", stdout=out)
    assert "Simulación" in out.getvalue() and not ExchangeRate.objects.filter(date__year=2018).exists()
    call_command("import_rates", str(f), stdout=out)
    assert ExchangeRate.objects.filter(date__year=2018).count() == 3
    f.write_text("UF,2018-13-01,1\n", encoding="utf-8")
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("import_rates", str(f), stderr=err)
    assert "Línea 1" in err.getvalue()
    with pytest.raises(CommandError):
        call_command("import_rates", str(tmp_path / "missing.csv"))


def test_membership_status_and_reminders(users):
    staff = users["staff"]
    muni = selectors.municipality_choices()[0][0]
    today = date.today()
    m = services.membership_create(
        actor=staff,
        organization_id=muni,
        annual_fee=D(1000),
        period_start=date(2010, 1, 1),
        period_end=date(2010, 12, 31),
        due_on=date(2010, 3, 31),
    )
    assert selectors.membership_get(pk=m.pk).status == "overdue"
    first = services.membership_reminders_send(today=today)
    assert first["overdue"] >= 0
    keyed = Notification.objects.filter(dedupe_key=f"finance.membership_overdue:{m.pk}")
    n = keyed.count()
    services.membership_reminders_send(today=today)
    assert keyed.count() == n  # idempotent
    _income(staff, "memberships", "1000", on=date(2010, 4, 2), membership=m)
    assert selectors.membership_get(pk=m.pk).status == "paid"
    with pytest.raises(ValidationError):
        services.membership_create(
            actor=staff,
            organization_id=muni,
            annual_fee=D(1000),
            period_start=date(2010, 1, 1),
            period_end=date(2010, 12, 31),
            due_on=date(2010, 3, 31),
        )
    with pytest.raises(ValidationError):
        _income(staff, "events", "1000", on=date(2010, 4, 2), membership=m)


def test_reminders_reach_focal_accounts(users):
    stgo = users["santiago"]
    m = services.membership_create(
        actor=users["staff"],
        organization_id=stgo.organization_id,
        annual_fee=D(1000),
        period_start=date(2011, 1, 1),
        period_end=date(2011, 12, 31),
        due_on=date.today() + timedelta(days=30),
    )
    services.membership_reminders_send()
    assert Notification.objects.filter(dedupe_key=f"finance.membership_due:{m.pk}:30").exists()
    assert set(
        Notification.objects.filter(dedupe_key=f"finance.membership_due:{m.pk}:30").values_list(
            "user__organization_id", flat=True
        )
    ) == {stgo.organization_id}


def test_budget_and_line_update(users):
    staff = users["staff"]
    line = _line("events")
    b = services.budget_set(actor=staff, line=line, year=Y, amount_clp="2000")
    services.budget_set(actor=staff, line=line, year=Y, amount_clp="3000")
    b.refresh_from_db()
    assert b.amount_clp == 3000
    with pytest.raises(ValidationError):
        services.budget_set(actor=staff, line=line, year=1800, amount_clp="1")
    row = next(r for r in selectors.budget_vs_actual(Y) if r["line"].code == "events")
    assert row["budget"] == 3000
    services.line_update(
        actor=staff,
        line=line,
        mission_note="M",
        subsidiarity_note="S",
        reviewed_on=date.today(),
        expected_version=line.row_version,
    )
    with pytest.raises(ValidationError):
        services.line_update(actor=staff, line=line, mission_note="", subsidiarity_note="S", reviewed_on=None)
    assert AuditEvent.objects.filter(action="finance.line_update").exists()
