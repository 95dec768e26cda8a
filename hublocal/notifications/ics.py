"""iCalendar (RFC 5545) attachments: one event with its time zone, so a session at 10:00 in
Asunción shows at the right hour in Santiago, Montevideo or São Paulo calendars."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event


def ics_event(
    *,
    uid: str,
    title: str,
    start: datetime,
    end: datetime,
    tz: str,
    location: str = "",
    url: str = "",
    description: str = "",
) -> bytes:
    """One VEVENT with DTSTART/DTEND in the zone `tz` (an IANA name such as
    "America/Asuncion"), its VTIMEZONE included. Naive datetimes are read as wall time in `tz`;
    aware ones are converted to it. Raises ValueError for an unknown zone or an end before the start."""
    zone = ZoneInfo(tz)
    start = start.replace(tzinfo=zone) if start.tzinfo is None else start.astimezone(zone)
    end = end.replace(tzinfo=zone) if end.tzinfo is None else end.astimezone(zone)
    if end <= start:
        raise ValueError("end must be after start")
    calendar = Calendar()
    calendar.add("prodid", "-//Hub Local//Avisos//ES")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    event = Event()
    event.add("uid", uid)
    event.add("summary", title)
    event.add("dtstart", start)
    event.add("dtend", end)
    event.add("dtstamp", datetime.now(tz=ZoneInfo("UTC")))
    if location:
        event.add("location", location)
    if url:
        event.add("url", url)
    if description:
        event.add("description", description)
    calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
