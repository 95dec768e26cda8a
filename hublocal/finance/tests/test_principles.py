"""finance.principles: pure functions, no database."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

from hublocal.finance import principles as p


def test_status_thresholds_exactly_30_and_35():
    assert p.status_of(D("0.30")) == p.OK  # "above 30%" only
    assert p.status_of(D("0.3001")) == p.WARNING
    assert p.status_of(D("0.35")) == p.WARNING  # exactly 35% does not "supera" the limit
    assert p.status_of(D("0.3501")) == p.BREACH
    assert p.status_of(None) == p.NO_DATA


def test_zero_income_gives_no_data_not_a_division_by_zero():
    check = p.evaluate({"a": D(0), "b": D(0)}, recurrent=D(0))
    assert check.total == 0
    assert [line.share for line in check.lines] == [None, None]
    assert check.diversification == p.NO_DATA
    assert check.recurrent_share is None
    assert check.share_sum is None
    assert check.breaches == [] and check.warnings == []


def test_empty_mapping():
    check = p.evaluate({})
    assert check.lines == [] and check.diversification == p.NO_DATA


def test_exactly_35_percent_is_a_warning_not_a_breach():
    check = p.evaluate({"a": D(35), "b": D(65)})
    assert check.lines[0].share == D("0.35")
    assert check.lines[0].status == p.WARNING
    assert check.lines[1].status == p.BREACH  # 65%
    assert check.breaches == ["b"] and check.warnings == ["a"]
    assert check.diversification == p.BREACH


def test_shares_add_up_to_one():
    check = p.evaluate({"a": D(1), "b": D(1), "c": D(1), "d": D(1)})
    assert abs(check.share_sum - 1) < D("1e-20")
    assert all(line.status == p.OK for line in check.lines)  # 25% each
    thirds = p.evaluate({"a": D(1), "b": D(1), "c": D(1)})
    assert thirds.warnings == ["a", "b", "c"]  # 33.3% each: above 30%


def test_negative_line_total_counts_as_zero():
    check = p.evaluate({"a": D(-50), "b": D(100), "c": D(100)})
    shares = {line.code: line.share for line in check.lines}
    assert shares["a"] == 0
    assert shares["b"] == D("0.5") and shares["c"] == D("0.5")
    assert check.total == D(200)


def test_all_negative_is_no_data():
    check = p.evaluate({"a": D(-1)}, recurrent=D(-5))
    assert check.diversification == p.NO_DATA and check.recurrent_share is None


def test_recurrent_share_bounded():
    assert p.evaluate({"a": D(100)}, recurrent=D(40)).recurrent_share == D("0.4")
    assert p.ratio(D(150), D(100)) == 1
    assert p.ratio(D(-1), D(100)) == 0
    assert p.ratio(D(1), D(0)) is None


def test_flags_passed_through():
    check = p.evaluate({"a": D(1)}, unlinked_commercial=2, stale_reviews=["x"])
    assert check.unlinked_commercial == 2 and check.stale_reviews == ["x"]


def test_review_yearly():
    today = date(2026, 6, 1)
    assert p.needs_review(None, today)
    assert not p.needs_review(date(2025, 6, 1), today)  # 365 days: still within the year
    assert p.needs_review(date(2025, 5, 31), today)


def test_periods():
    assert p.fiscal_year(2026) == (date(2026, 1, 1), date(2026, 12, 31))
    assert p.trailing_12_months(date(2026, 3, 15)) == (date(2025, 3, 16), date(2026, 3, 15))
    assert p.trailing_12_months(date(2028, 2, 29)) == (date(2027, 3, 1), date(2028, 2, 29))
