"""Staff authoring of programmes, modules, cohorts and sessions: the services' rules (fee iff
coverage is a fee, window before start, capacity ≥ seats, quotas ≤ capacity, place or link by
mode, a module with sessions stays), optimistic locking, audit, and the pages' answers."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from hublocal.audit.models import AuditEvent
from hublocal.core.locking import StaleVersion
from hublocal.training import services
from hublocal.training.models import Cohort, Module, Programme, Session

from . import factories as f

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def _cohort_values(**over):
    now = timezone.now()
    values = {
        "name": "Cohorte nueva",
        "starts_on": (now + timedelta(days=30)).date(),
        "ends_on": (now + timedelta(days=60)).date(),
        "capacity": 20,
        "applications_open_at": now,
        "applications_close_at": now + timedelta(days=10),
    }
    values.update(over)
    return values


# --------------------------------------------------------------------------- services


def test_programme_fee_required_iff_coverage_fee(db):
    with pytest.raises(ValidationError) as e:
        services.programme_author_create(actor=None, title="P", hours=10, coverage="fee")
    assert "fee_clp" in e.value.message_dict
    with pytest.raises(ValidationError) as e:
        services.programme_author_create(actor=None, title="P", hours=10, coverage="scholarship", fee_clp=1000)
    assert "fee_clp" in e.value.message_dict
    assert not Programme.objects.filter(title="P").exists()
    p = services.programme_author_create(actor=None, title="P", hours=10, coverage="fee", fee_clp=50_000)
    assert p.fee_clp == 50_000 and p.status == "draft"


def test_programme_update_stale_version_and_audit(db):
    p = f.programme()
    staff = None
    services.programme_update(actor=staff, programme=p, expected_version=1, title="Nuevo título")
    p.refresh_from_db()
    assert p.title == "Nuevo título" and p.row_version == 2
    assert AuditEvent.objects.filter(action="training.programme_update").exists()
    with pytest.raises(StaleVersion):
        services.programme_update(actor=staff, programme=p, expected_version=1, title="Pisado")
    p.refresh_from_db()
    assert p.title == "Nuevo título"
    with pytest.raises(ValidationError):
        services.programme_update(actor=staff, programme=p, expected_version=2, completion_rules={"typo": 1})


def test_publish_needs_a_module_and_archive(db):
    p = services.programme_create(actor=None, title="Sin módulos", hours=5)
    with pytest.raises(ValidationError):
        services.programme_set_status(actor=None, programme=p, status="published", expected_version=1)
    f.module(p)
    p = services.programme_set_status(actor=None, programme=p, status="published", expected_version=1)
    assert p.status == "published"
    p = services.programme_set_status(actor=None, programme=p, status="archived", expected_version=p.row_version)
    assert p.status == "archived"


def test_modules_reorder_and_delete_refused_with_sessions(db):
    c = f.cohort()
    a = f.module(c.programme)
    b = services.module_add(actor=None, programme=c.programme, title="Segundo", mode="in_person", hours=3)
    services.module_move(actor=None, module=b, up=True)
    assert list(c.programme.modules.order_by("order").values_list("title", flat=True)) == ["Segundo", "Módulo"]
    f.session(c)  # on the first module by order: "Segundo"
    first = c.programme.modules.order_by("order").first()
    with pytest.raises(ValidationError, match="sesiones programadas"):
        services.module_delete(actor=None, module=first)
    assert Module.objects.filter(pk=first.pk).exists()
    other = a if first.pk != a.pk else b
    services.module_delete(actor=None, module=other)
    assert not Module.objects.filter(pk=other.pk).exists()


def test_cohort_window_must_close_before_start(db):
    p = f.programme()
    values = _cohort_values()
    values["applications_close_at"] = datetime.combine(
        values["starts_on"], datetime.min.time(), tzinfo=ZoneInfo("UTC")
    ) + timedelta(days=1)
    with pytest.raises(ValidationError) as e:
        services.cohort_author_create(actor=None, programme=p, **values)
    assert "applications_close_at" in e.value.message_dict
    with pytest.raises(ValidationError) as e:
        services.cohort_author_create(actor=None, programme=p, **_cohort_values(quota_per_country=30))
    assert "quota_per_country" in e.value.message_dict
    assert not Cohort.objects.filter(programme=p).exists()
    assert services.cohort_author_create(actor=None, programme=p, **_cohort_values()).status == "draft"


def test_cohort_capacity_not_below_seated(db):
    c = f.cohort(capacity=3)
    for _i in range(2):
        a = services.application_apply(actor=f.official(), cohort=c, motivation=f.MOTIVATION)
        services.application_decide(actor=None, application=a, accept=True)
    with pytest.raises(ValidationError) as e:
        services.cohort_update(actor=None, cohort=c, expected_version=c.row_version, capacity=1)
    assert "capacity" in e.value.message_dict
    c.refresh_from_db()
    assert c.capacity == 3
    c = services.cohort_update(actor=None, cohort=c, expected_version=c.row_version, capacity=2, name="Otra")
    assert (c.capacity, c.name) == (2, "Otra")
    with pytest.raises(StaleVersion):
        services.cohort_update(actor=None, cohort=c, expected_version=1, capacity=5)


def test_session_place_or_link_by_mode(db):
    c = f.cohort()
    virtual = f.module(c.programme, mode="virtual")
    in_person = f.module(c.programme, mode="in_person")
    start = timezone.now() + timedelta(days=3)
    common = {"starts_at": start, "ends_at": start + timedelta(hours=2), "tz": "America/Montevideo"}
    with pytest.raises(ValidationError) as e:
        services.session_author_create(actor=None, cohort=c, module=virtual, **common)
    assert "video_url" in e.value.message_dict
    with pytest.raises(ValidationError) as e:
        services.session_author_create(actor=None, cohort=c, module=in_person, video_url="https://x.example", **common)
    assert "place" in e.value.message_dict
    assert not Session.objects.filter(cohort=c).exists()
    s = services.session_author_create(
        actor=None, cohort=c, module=virtual, video_url="https://meet.example/abc", **common
    )
    assert len(s.checkin_code) == 6 and s.timezone == "America/Montevideo"


def test_session_update_keeps_code_and_checks_version(db):
    c = f.cohort()
    s = f.session(c)
    code = s.checkin_code
    start = timezone.now() + timedelta(days=5)
    kwargs = {
        "module": s.module,
        "starts_at": start,
        "ends_at": start + timedelta(hours=1),
        "tz": "America/Asuncion",
        "video_url": "https://meet.example/x",
    }
    s = services.session_update(actor=None, session=s, expected_version=1, **kwargs)
    assert s.checkin_code == code and s.timezone == "America/Asuncion" and s.row_version == 2
    with pytest.raises(StaleVersion):
        services.session_update(actor=None, session=s, expected_version=1, **kwargs)


# --------------------------------------------------------------------------- pages


def test_staff_creates_programme_module_cohort_session(network, users):
    c = _client(users["staff"])
    r = c.post(
        reverse("training:author_programme_create"),
        {
            "title": "Gestión de datos municipales",
            "hours": "24",
            "coverage": "fee",
            "fee_clp": "",
            "languages": ["es", "pt"],
            "min_attendance_pct": "75",
        },
    )
    assert r.status_code == 400 and "arancel" in r.content.decode()
    assert not Programme.objects.filter(title="Gestión de datos municipales").exists()
    r = c.post(
        reverse("training:author_programme_create"),
        {
            "title": "Gestión de datos municipales",
            "hours": "24",
            "coverage": "scholarship",
            "languages": ["es", "pt"],
            "min_attendance_pct": "80",
            "assignments": "on",
            "instructors": [users["partner"].pk],
            "signatories": "Ana Pérez — Directora\nLuis Soto, Coordinador",
        },
    )
    assert r.status_code == 302
    p = Programme.objects.get(title="Gestión de datos municipales")
    assert p.completion_rules == {"min_attendance_pct": 80, "assignments": True, "project_presented": False}
    assert p.signatories == [
        {"name": "Ana Pérez", "position": "Directora"},
        {"name": "Luis Soto", "position": "Coordinador"},
    ]
    assert list(p.instructors.all()) == [users["partner"]]
    for title, mode in (("Datos abiertos", "virtual"), ("Taller presencial", "in_person")):
        r = c.post(
            reverse("training:author_module_create", kwargs={"pk": p.pk}), {"title": title, "mode": mode, "hours": "4"}
        )
        assert r.status_code == 302
    start = timezone.localdate() + timedelta(days=30)
    cohort_data = {
        "name": "Cohorte 2027",
        "starts_on": start.isoformat(),
        "ends_on": (start + timedelta(days=30)).isoformat(),
        "capacity": "30",
        "applications_open_at": f"{timezone.localdate().isoformat()}T09:00",
        "applications_close_at": f"{(start + timedelta(days=2)).isoformat()}T18:00",
        "eligible_countries": ["CL", "UY"],
    }
    r = c.post(reverse("training:author_cohort_create", kwargs={"pk": p.pk}), cohort_data)
    assert r.status_code == 400 and "antes del inicio" in r.content.decode()
    assert not Cohort.objects.filter(programme=p).exists()
    cohort_data["applications_close_at"] = f"{(start - timedelta(days=5)).isoformat()}T18:00"
    r = c.post(reverse("training:author_cohort_create", kwargs={"pk": p.pk}), cohort_data)
    assert r.status_code == 302
    cohort = Cohort.objects.get(programme=p)
    assert cohort.eligible_countries == ["CL", "UY"]
    virtual = p.modules.get(mode="virtual")
    session_data = {
        "module": virtual.pk,
        "timezone": "America/Montevideo",
        "starts_at": f"{start.isoformat()}T10:00",
        "ends_at": f"{start.isoformat()}T12:00",
        "place": "",
        "video_url": "",
    }
    r = c.post(reverse("training:author_session_create", kwargs={"pk": cohort.pk}), session_data)
    assert r.status_code == 400 and "enlace de la videollamada" in r.content.decode()
    assert not Session.objects.filter(cohort=cohort).exists()
    session_data["video_url"] = "https://meet.example/datos"
    r = c.post(reverse("training:author_session_create", kwargs={"pk": cohort.pk}), session_data)
    assert r.status_code == 302
    s = Session.objects.get(cohort=cohort)
    # 10:00 in Montevideo (UTC−3) is 13:00 UTC.
    assert s.starts_at.astimezone(ZoneInfo("UTC")).hour == 13
    assert s.starts_at.astimezone(ZoneInfo("America/Montevideo")).hour == 10
    page = c.get(reverse("training:author_session", kwargs={"pk": s.pk})).content.decode()
    assert f'value="{start.isoformat()}T10:00"' in page


def test_instructor_edits_own_sessions_only(network, users):
    partner = users["partner"]
    mine = f.cohort(programme_obj=f.programme(instructors=[partner]))
    theirs = f.cohort()
    s_mine, s_theirs = f.session(mine), f.session(theirs)
    c = _client(partner)
    assert c.get(reverse("training:author_session", kwargs={"pk": s_mine.pk})).status_code == 200
    assert c.get(reverse("training:author_session", kwargs={"pk": s_theirs.pk})).status_code == 403
    assert c.get(reverse("training:author_programme", kwargs={"pk": mine.programme_id})).status_code == 403
    start = timezone.localdate() + timedelta(days=3)
    r = c.post(
        reverse("training:author_session", kwargs={"pk": s_mine.pk}),
        {
            "row_version": "1",
            "module": s_mine.module_id,
            "timezone": "America/Sao_Paulo",
            "starts_at": f"{start.isoformat()}T09:00",
            "ends_at": f"{start.isoformat()}T11:00",
            "video_url": "https://meet.example/nuevo",
        },
    )
    assert r.status_code == 302
    s_mine.refresh_from_db()
    assert s_mine.timezone == "America/Sao_Paulo" and s_mine.video_url == "https://meet.example/nuevo"
    # A second save from the same (now stale) form: 409 and the colleague's change stays.
    r = c.post(
        reverse("training:author_session", kwargs={"pk": s_mine.pk}),
        {
            "row_version": "1",
            "module": s_mine.module_id,
            "timezone": "America/Santiago",
            "starts_at": f"{start.isoformat()}T09:00",
            "ends_at": f"{start.isoformat()}T11:00",
            "video_url": "https://meet.example/pisado",
        },
    )
    assert r.status_code == 409 and "Otra persona guardó cambios" in r.content.decode()
    s_mine.refresh_from_db()
    assert s_mine.video_url == "https://meet.example/nuevo"


def test_module_delete_with_sessions_page_says_why(network, users):
    c = f.cohort()
    s = f.session(c)
    r = _client(users["staff"]).post(reverse("training:author_module_delete", kwargs={"pk": s.module_id}))
    assert r.status_code == 400 and "sesiones programadas" in r.content.decode()


@pytest.mark.parametrize("n", [2, 8])
def test_authoring_pages_query_bounds(network, users, n):
    p = f.programme()
    for _i in range(n):
        f.module(p)
        c = f.cohort(programme_obj=p)
        f.session(c)
    client = _client(users["staff"])
    for url in (
        reverse("training:author_programmes"),
        reverse("training:author_programme", kwargs={"pk": p.pk}),
        reverse("training:author_cohort", kwargs={"pk": c.pk}),
    ):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        assert len(ctx.captured_queries) <= 40, (url, len(ctx.captured_queries))
