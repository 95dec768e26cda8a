"""The inbox: notify (dedupe, e-mail on commit with the .ics, privacy restriction), reading and
marking from the web and the API (never another person's), the header count, iCalendar events
across the cohorts' time zones, and the personal-data declaration."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from hublocal.audit.models import AuditEvent
from hublocal.core import registry
from hublocal.notifications import selectors, services
from hublocal.notifications.models import Notification
from tests.helpers import api_client

pytestmark = pytest.mark.django_db


def _notify(users, *names, **extra):
    return services.notify(
        users=[users[n] for n in names],
        kind=extra.pop("kind", "tests.kind"),
        title=extra.pop("title", "Su postulación fue aceptada"),
        body=extra.pop("body", "La cohorte comienza el lunes."),
        url=extra.pop("url", "/certificados/mios/"),
        **extra,
    )


def test_notify_creates_one_entry_each_and_mails_on_commit(users, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        created = _notify(users, "santiago", "valparaiso")
    assert len(created) == 2 and mail.outbox == []  # nothing leaves before the commit
    for callback in callbacks:
        callback()
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == sorted(u.email for u in (users["santiago"], users["valparaiso"]))
    assert "http://" in mail.outbox[0].body and "/certificados/mios/" in mail.outbox[0].body
    assert all(n.emailed_at for n in Notification.objects.filter(pk__in=[c.pk for c in created]))
    assert AuditEvent.objects.filter(action="notifications.notify").exists()


def test_dedupe_key_notifies_each_person_once(users):
    assert len(_notify(users, "santiago", dedupe_key="session:1:reminder")) == 1
    assert _notify(users, "santiago", dedupe_key="session:1:reminder") == []
    assert len(_notify(users, "santiago", "valparaiso", dedupe_key="session:1:reminder")) == 1
    assert Notification.objects.filter(dedupe_key="session:1:reminder").count() == 2


def test_no_email_when_asked_or_restricted(users, django_capture_on_commit_callbacks):
    from hublocal.privacy.models import ProcessingRestriction

    with django_capture_on_commit_callbacks(execute=True):
        _notify(users, "santiago", email=False)
    assert mail.outbox == []
    ProcessingRestriction.objects.create(user=users["valparaiso"], reason="Pidió bloquear el tratamiento.")
    with django_capture_on_commit_callbacks(execute=True):
        _notify(users, "valparaiso")
    assert mail.outbox == []
    assert Notification.objects.filter(user=users["valparaiso"]).exists()  # still in the inbox


def test_ics_attachment_with_time_zone(users, django_capture_on_commit_callbacks):
    ics = services.ics_event(
        uid="session-7@hublocal",
        title="Módulo 2: prototipado",
        start=datetime(2026, 4, 14, 10, 0),
        end=datetime(2026, 4, 14, 12, 0),
        tz="America/Asuncion",
        location="Videoconferencia",
        url="https://hublocal.cl/x",
        description="Traer el problema elegido.",
    )
    calendar = Calendar.from_ical(ics)
    event = next(iter(calendar.walk("VEVENT")))
    start = event.decoded("dtstart")
    assert start.tzinfo is not None and str(start.tzinfo) == "America/Asuncion"
    # The same instant wherever the calendar is (Santiago shows it an hour earlier or later).
    assert start == datetime(2026, 4, 14, 10, 0, tzinfo=ZoneInfo("America/Asuncion"))
    assert any(c.name == "VTIMEZONE" for c in calendar.walk())
    assert b"TZID=America/Asuncion" in ics
    with django_capture_on_commit_callbacks(execute=True):
        _notify(users, "santiago", ics=ics)
    (message,) = mail.outbox
    (name, content, mimetype) = message.attachments[0]
    assert name.endswith(".ics") and mimetype.startswith("text/calendar")
    assert "BEGIN:VEVENT" in (content.decode() if isinstance(content, bytes) else content)


def test_ics_converts_aware_times_and_refuses_bad_input():
    start = datetime(2026, 4, 14, 13, 0, tzinfo=ZoneInfo("UTC"))
    ics = services.ics_event(uid="u", title="t", start=start, end=start + timedelta(hours=1), tz="America/Sao_Paulo")
    event = next(iter(Calendar.from_ical(ics).walk("VEVENT")))
    assert event.decoded("dtstart").hour == 10  # 13:00 UTC is 10:00 in São Paulo
    with pytest.raises(ValueError):
        services.ics_event(uid="u", title="t", start=start, end=start, tz="America/Montevideo")
    with pytest.raises(Exception):  # noqa: B017 - zoneinfo raises its own error for a bad name
        services.ics_event(uid="u", title="t", start=start, end=start + timedelta(hours=1), tz="Nowhere/Nada")


def test_inbox_lists_own_and_marks_read(client_for, users):
    (mine,) = _notify(users, "santiago", title="Aviso para Santiago")
    _notify(users, "valparaiso", title="Aviso para Valparaíso")
    client = client_for("santiago")
    html = client.get(reverse("notifications:inbox")).content.decode()
    assert "Aviso para Santiago" in html and "Aviso para Valparaíso" not in html
    assert selectors.unread_count(user=users["santiago"]) == 1
    response = client.post(reverse("notifications:mark_read", kwargs={"pk": mine.pk}), {"next": mine.url})
    assert response.status_code == 302 and response["Location"] == mine.url
    mine.refresh_from_db()
    assert mine.read_at is not None
    assert (
        "Aviso para Santiago"
        not in client.get(reverse("notifications:inbox"), {"filtro": "no-leidos"}).content.decode()
    )


def test_mark_read_refuses_others_and_external_redirects(client_for, users):
    (theirs,) = _notify(users, "valparaiso")
    response = client_for("santiago").post(reverse("notifications:mark_read", kwargs={"pk": theirs.pk}))
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None
    (mine,) = _notify(users, "santiago")
    response = client_for("santiago").post(
        reverse("notifications:mark_read", kwargs={"pk": mine.pk}), {"next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("notifications:inbox")
    assert client_for("santiago").get(reverse("notifications:mark_read", kwargs={"pk": mine.pk})).status_code == 405
    assert client_for(None).post(reverse("notifications:mark_all_read")).status_code == 302


def test_mark_all_read(client_for, users):
    _notify(users, "santiago")
    _notify(users, "santiago", title="Otro")
    _notify(users, "valparaiso")
    response = client_for("santiago").post(reverse("notifications:mark_all_read"))
    assert response.status_code == 302
    assert selectors.unread_count(user=users["santiago"]) == 0
    assert selectors.unread_count(user=users["valparaiso"]) == 1


def test_header_shows_unread_count_in_one_query(client_for, users, django_assert_max_num_queries):
    _notify(users, "santiago")
    _notify(users, "santiago", title="Otro")
    html = client_for("santiago").get(reverse("certificates:mine")).content.decode()
    assert 'href="/avisos/">Avisos <span class="badge">2' in html
    anonymous = client_for(None).get(reverse("certificates:verify_form")).content.decode()
    assert "/avisos/" not in anonymous


def test_api_lists_own_only_and_marks_read(users):
    (mine,) = _notify(users, "santiago", title="Para Santiago")
    (theirs,) = _notify(users, "valparaiso", title="Para Valparaíso")
    client = api_client("santiago")
    body = client.get(reverse("api:notification_list")).json()
    titles = [n["title"] for n in body["results"]]
    assert titles == ["Para Santiago"]
    assert client.get(reverse("api:notification_list"), {"unread": "quizas"}).status_code == 400
    response = client.post(reverse("api:notification_read", kwargs={"pk": mine.pk}))
    assert response.status_code == 200 and response.json()["read_at"]
    assert client.post(reverse("api:notification_read", kwargs={"pk": theirs.pk})).status_code == 404
    assert client.get(reverse("api:notification_list"), {"unread": "true"}).json()["results"] == []


def test_personal_data_export_anonymise_expire(users):
    (old,) = _notify(users, "santiago", title="Antiguo")
    Notification.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=400))
    _notify(users, "santiago", title="Reciente")
    declaration = next(d for d in registry.personal_data() if d.key == "notifications.notification")
    assert {row["title"] for row in declaration.export(users["santiago"])} == {"Antiguo", "Reciente"}
    assert declaration.expire(timezone.now()) == 1
    assert declaration.anonymise(users["santiago"]) == 1
    assert not Notification.objects.filter(user=users["santiago"]).exists()
