from __future__ import annotations

from django.core import mail
from django.utils import timezone

from hublocal.engagement import tasks
from hublocal.engagement.models import Message

from .conftest import day


def test_periodic_task_runs_escalate_due_at_the_current_time(santiago, open_track, monkeypatch):
    open_track(santiago)
    monkeypatch.setattr(timezone, "now", lambda: day(7))
    assert tasks.escalate_due_hourly.call_local() == 1
    assert Message.objects.get().sent_at == day(7)
    assert len(mail.outbox) == 1
    # The next hour finds nothing new.
    monkeypatch.setattr(timezone, "now", lambda: day(7.04))
    assert tasks.escalate_due_hourly.call_local() == 0


def test_periodic_task_is_scheduled_hourly_at_minute_5():
    validate = tasks.escalate_due_hourly.s().validate_datetime
    assert validate(day(0).replace(minute=5, second=0, tzinfo=None))
    assert not validate(day(0).replace(minute=0, second=0, tzinfo=None))


def test_on_demand_task(santiago, open_track, monkeypatch):
    open_track(santiago)
    monkeypatch.setattr(timezone, "now", lambda: day(14))
    # The test settings run Huey in immediate mode: the task runs now and returns its result.
    assert tasks.escalate_due_now()() == 2
