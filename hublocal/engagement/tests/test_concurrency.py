"""Two workers escalating at once must not message the same track twice (PostgreSQL only:
SQLite has no row locks and serialises writers instead)."""

from __future__ import annotations

import threading

import pytest
from django.conf import settings
from django.db import connection, transaction

from hublocal.engagement import services
from hublocal.engagement.models import Message, Track

from .conftest import day


# Skipped at collection on SQLite: a transactional test flushes the shared test database at
# the end, so it must not even set up where it cannot run.
@pytest.mark.skipif(
    "postgresql" not in settings.DATABASES["default"]["ENGINE"], reason="row locks with SKIP LOCKED need PostgreSQL"
)
@pytest.mark.django_db(transaction=True)
def test_a_track_locked_by_another_worker_is_skipped(santiago, valparaiso, open_track):
    busy = open_track(santiago)
    open_track(valparaiso)
    locked, release = threading.Event(), threading.Event()

    def other_worker() -> None:
        try:
            with transaction.atomic():
                Track.objects.select_for_update().get(pk=busy.pk)
                locked.set()
                release.wait(10)
        finally:
            connection.close()

    worker = threading.Thread(target=other_worker)
    worker.start()
    assert locked.wait(10)
    try:
        sent = services.escalate_due(now=day(7))
    finally:
        release.set()
        worker.join(10)
    # The busy track was left to the worker holding it; the other one was handled.
    assert [m.track.organization_id for m in sent] == [valparaiso.pk]
    assert [m.track.organization_id for m in services.escalate_due(now=day(7))] == [santiago.pk]
    assert Message.objects.count() == 2
