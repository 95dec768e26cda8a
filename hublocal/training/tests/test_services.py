from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.utils import timezone

from hublocal.certificates import selectors as certificate_selectors
from hublocal.notifications.models import Notification
from hublocal.training import completion, selectors, services
from hublocal.training.models import Application, ApplicationStatus, Attendance, CohortStatus

from . import factories as f

pytestmark = pytest.mark.django_db


def _apply(user, cohort):
    return services.application_apply(actor=user, cohort=cohort, motivation=f.MOTIVATION)


def test_apply_eligible_person_is_applied(network):
    cohort = f.cohort()
    a = _apply(f.official(), cohort)
    assert a.status == ApplicationStatus.APPLIED and a.country_code == "CL" and a.organization_id


def test_apply_outside_window_refused_and_nothing_written(network):
    cohort = f.cohort(
        applications_open_at=timezone.now() - timedelta(days=10),
        applications_close_at=timezone.now() - timedelta(days=1),
    )
    with pytest.raises(ValidationError, match="cerraron"):
        _apply(f.official(), cohort)
    assert not Application.objects.filter(cohort=cohort).exists()


def test_apply_not_eligible_country_role(network, users):
    cohort = f.cohort(eligible_countries=["UY"])
    with pytest.raises(ValidationError) as exc:
        _apply(users["startup-a"], cohort)
    text = " ".join(exc.value.messages)
    assert "municipales" in text and "UY" in text
    assert not Application.objects.filter(cohort=cohort).exists()


def test_apply_typology(network):
    cohort = f.cohort(eligible_typologies=["rural_semiurbana"])
    with pytest.raises(ValidationError, match="tipología"):
        _apply(f.official("13101"), cohort)  # Santiago is metropolitan


def test_second_application_refused_with_message(network):
    cohort, user = f.cohort(), f.official()
    _apply(user, cohort)
    with pytest.raises(ValidationError, match="Ya postuló"):
        _apply(user, cohort)
    assert Application.objects.filter(cohort=cohort, user=user).count() == 1


def test_short_motivation_refused(network):
    with pytest.raises(ValidationError):
        services.application_apply(actor=f.official(), cohort=f.cohort(), motivation="corta")


def test_capacity_waitlist_and_promotion_on_withdrawal(network, users):
    cohort = f.cohort(capacity=2)
    people = [f.official() for _i in range(4)]
    apps = [_apply(u, cohort) for u in people]
    staff = users["staff"]
    a0 = services.application_decide(actor=staff, application=apps[0], accept=True)
    a1 = services.application_decide(actor=staff, application=apps[1], accept=True)
    a2 = services.application_decide(actor=staff, application=apps[2], accept=True)
    assert (a0.status, a1.status, a2.status) == ("accepted", "accepted", "waitlisted")
    assert a2.waitlist_position == 1
    late = _apply(f.official(), cohort)  # full: straight to the waitlist
    assert late.status == "waitlisted" and late.waitlist_position == 2
    services.application_confirm(actor=people[0], application=a0)
    services.application_withdraw(actor=people[1], application=a1)
    a2.refresh_from_db()
    assert a2.status == "accepted" and a2.waitlist_position is None
    assert Notification.objects.filter(user=people[2], kind="training.waitlist_promoted").exists()
    assert selectors.seats_taken(cohort=cohort) == 2


def test_confirm_only_accepted(network):
    cohort, user = f.cohort(), f.official()
    a = _apply(user, cohort)
    with pytest.raises(ValidationError):
        services.application_confirm(actor=user, application=a)


def test_quota_per_municipality(network, users):
    cohort = f.cohort(capacity=5, quota_per_municipality=1)
    a = _apply(f.official("05101"), cohort)
    b = _apply(f.official("05101"), cohort)
    services.application_decide(actor=users["staff"], application=a, accept=True)
    with pytest.raises(ValidationError, match="por municipio"):
        services.application_decide(actor=users["staff"], application=b, accept=True)


def test_decision_notifies(network, users):
    cohort, user = f.cohort(), f.official()
    a = _apply(user, cohort)
    services.application_decide(actor=users["staff"], application=a, accept=False, note="Muchas postulaciones.")
    n = Notification.objects.get(user=user, kind="training.application_decided")
    assert "no fue seleccionada" in n.title


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite serialises writers: no real concurrency")
@pytest.mark.django_db(transaction=True)
def test_concurrent_enrolments_never_exceed_capacity(network):
    cohort = f.cohort(capacity=3)
    people = [f.official() for _i in range(10)]
    errors = []

    def enrol(user):
        try:
            services.application_enrol(actor=None, cohort=cohort, user=user)
        except ValidationError:
            pass
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=enrol, args=(u,)) for u in people]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert selectors.seats_taken(cohort=cohort) == 3


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite serialises writers: no real concurrency")
@pytest.mark.django_db(transaction=True)
def test_concurrent_acceptances_go_to_waitlist(network):
    cohort = f.cohort(capacity=2)
    apps = [_apply(f.official(), cohort) for _i in range(8)]
    barrier = threading.Barrier(len(apps))

    def accept(a):
        barrier.wait()
        try:
            services.application_decide(actor=None, application=a, accept=True)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=accept, args=(a,)) for a in apps]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert selectors.seats_taken(cohort=cohort) == 2
    assert Application.objects.filter(cohort=cohort, status="waitlisted").count() == 6


# --------------------------------------------------------------------------- attendance


def _seated(cohort, n=2):
    people = [f.official() for _i in range(n)]
    apps = [services.application_enrol(actor=None, cohort=cohort, user=u) for u in people]
    return people, apps


def test_check_in_valid_window_and_code(network):
    cohort = f.cohort(capacity=5)
    start = timezone.now() + timedelta(minutes=10)
    session = f.session(cohort, starts_at=start)
    people, apps = _seated(cohort)
    row = services.attendance_check_in(actor=people[0], session=session, code=session.checkin_code.lower())
    assert row.status == "present" and row.source == "checkin"


@pytest.mark.parametrize(
    ("offset_minutes", "code_ok", "message"),
    [(-30, True, "15 minutos"), (200, True, "expiró"), (0, False, "no corresponde")],
)
def test_check_in_refused(network, offset_minutes, code_ok, message):
    cohort = f.cohort(capacity=5)
    start = timezone.now() + timedelta(minutes=60)
    session = f.session(cohort, starts_at=start)
    people, _apps = _seated(cohort)
    now = start + timedelta(minutes=offset_minutes)
    code = session.checkin_code if code_ok else "ZZZZZZ"
    with pytest.raises(ValidationError, match=message):
        services.attendance_check_in(actor=people[0], session=session, code=code, now=now)
    assert not Attendance.objects.filter(session=session).exists()


def test_check_in_not_a_participant(network):
    cohort = f.cohort(capacity=5)
    session = f.session(cohort, starts_at=timezone.now())
    with pytest.raises(ValidationError, match="participante"):
        services.attendance_check_in(actor=f.official(), session=session, code=session.checkin_code)


def test_attendance_mark_all_or_nothing(network):
    cohort = f.cohort(capacity=5)
    session = f.session(cohort)
    _people, apps = _seated(cohort)
    with pytest.raises(ValidationError):
        services.attendance_mark(actor=None, session=session, marks={apps[0].pk: "present", 999999: "present"})
    assert not Attendance.objects.filter(session=session).exists()
    assert (
        services.attendance_mark(actor=None, session=session, marks={apps[0].pk: "present", apps[1].pk: "absent"}) == 2
    )


ZOOM = """Nombre (nombre original),Correo electrónico del usuario,Hora de ingreso,Hora de salida,Duración (minutos)
{n0},{e0},2026-03-02 10:00:00,2026-03-02 11:00:00,60
{n0},{e0},2026-03-02 11:10:00,2026-03-02 11:30:00,20
Otra Persona,{e1},2026-03-02 10:00:00,2026-03-02 10:20:00,20
Desconocida,nadie@example.org,2026-03-02 10:00:00,2026-03-02 11:00:00,60
"""


def test_csv_import_good_preview_then_write(network):
    cohort = f.cohort(capacity=5)
    session = f.session(cohort)
    people, apps = _seated(cohort)
    text = ZOOM.format(n0=apps[0].full_name, e0=people[0].email.upper(), e1=people[1].email)
    report = services.attendance_import_check(session=session, content=text.encode(), min_minutes=45)
    assert report.ok and report.matched[apps[0].pk][1:] == (80, True)
    assert report.matched[apps[1].pk][1:] == (20, False)
    assert [r.email for r in report.unmatched] == ["nadie@example.org"]
    assert not Attendance.objects.filter(session=session).exists()  # preview writes nothing
    services.attendance_import(actor=None, session=session, content=text, min_minutes=45)
    got = dict(Attendance.objects.filter(session=session).values_list("application_id", "status"))
    assert got == {apps[0].pk: "present", apps[1].pk: "absent"}


def test_csv_import_teams_summary_and_semicolons(network):
    cohort = f.cohort(capacity=5)
    session = f.session(cohort)
    people, apps = _seated(cohort)
    text = (
        "1. Summary\nMeeting title;Clase\n\nFull Name;Email;First Join;Last Leave;In-Meeting Duration\n"
        f"{apps[0].full_name};{people[0].email};3/2/2026 10:00:00 AM;3/2/2026 11:00:00 AM;1h 0m\n"
    )
    report = services.attendance_import_check(session=session, content=text, min_minutes=30)
    assert report.ok, report.errors
    assert report.matched[apps[0].pk][1] == 60


@pytest.mark.parametrize(
    "text",
    [
        "Foo,Bar\n1,2\n",  # no name/email column
        "Email,Duración\nx@example.cl,mucho\n",  # unreadable duration
        "Email,Join time,Leave time\nx@example.cl,ayer,hoy\n",  # unreadable times
        "",  # empty
    ],
)
def test_csv_import_bad_writes_nothing(network, text):
    cohort = f.cohort(capacity=5)
    session = f.session(cohort)
    _seated(cohort)
    with pytest.raises(ValidationError):
        services.attendance_import(actor=None, session=session, content=text, min_minutes=30)
    assert not Attendance.objects.filter(session=session).exists()


# --------------------------------------------------------------------------- completion


def test_completion_function():
    rules = {"min_attendance_pct": 75, "assignments": True}
    out = completion.evaluate(rules, completion.Facts(8, 4, 2, 1))
    assert not out.complete
    assert out.missing[0].startswith("2 sesiones de asistencia") and "1 entrega de módulo" in out.missing
    assert completion.evaluate(rules, completion.Facts(8, 6, 2, 2)).complete
    assert completion.evaluate({"project_presented": True}, completion.Facts(1, 1)).missing == [
        "presentar el proyecto grupal"
    ]
    assert completion.validate_rules({"min_attendance_pct": 150, "typo": 1})


def test_completion_drives_certificates(network, users):
    docente = users["partner"]
    p = f.programme(instructors=[docente])
    cohort = f.cohort(programme_obj=p, capacity=5)
    sessions = [f.session(cohort, starts_at=timezone.now() + timedelta(days=i + 1)) for i in range(4)]
    people, apps = _seated(cohort)
    for s in sessions:
        services.attendance_mark(actor=docente, session=s, marks={apps[0].pk: "present", apps[1].pk: "absent"})
    progress = {pr.application.pk: pr for pr in selectors.cohort_progress(cohort=cohort)}
    assert progress[apps[0].pk].outcome.complete
    assert progress[apps[1].pk].outcome.missing == ["3 sesiones de asistencia (mínimo 75%)"]
    assert services.certificates_issue_for_cohort(actor=users["staff"], cohort=cohort) == 1
    assert services.certificates_issue_for_cohort(actor=users["staff"], cohort=cohort) == 0  # idempotent
    cert = certificate_selectors.certificates_for_source("training.cohort", cohort.pk).get()
    assert cert.holder_user_id == people[0].pk and cert.issuer == services.ISSUER and cert.hours == p.hours


def test_session_rejects_naive_times_bad_zone_and_unknown_materials(network):
    cohort = f.cohort()
    module = f.module(cohort.programme)
    start = timezone.now()
    with pytest.raises(ValidationError) as exc:
        services.session_create(
            actor=None,
            cohort=cohort,
            module=module,
            starts_at=start,
            ends_at=start + timedelta(hours=1),
            tz="Marte/Olympus",
            materials=[987654],
        )
    assert {"timezone", "materials"} <= set(exc.value.message_dict)


def test_reminders_idempotent_with_ics(network):
    cohort = f.cohort(capacity=5)
    f.session(cohort, starts_at=timezone.now() + timedelta(hours=30), tz="America/Asuncion")
    people, _apps = _seated(cohort)
    assert services.session_reminders_send() == 2
    assert services.session_reminders_send() == 0
    assert Notification.objects.filter(kind="training.session_reminder", user=people[0]).count() == 1


def test_demo_seeded(network):
    from hublocal.training.models import Cohort

    finished = Cohort.objects.get(programme__slug="innovacion-como-herramienta-para-el-buen-gobierno")
    assert finished.status == CohortStatus.FINISHED
    assert selectors.seats_taken(cohort=finished) == 60
    assert {a.country_code for a in finished.applications.all()} == {"CL", "UY", "BR", "PY"}
    certs = certificate_selectors.certificates_for_source("training.cohort", finished.pk)
    assert certs.count() == 54 and certs.filter(revoked_at__isnull=False).count() == 1
    open_cohort = Cohort.objects.get(name="Ciberseguridad municipal · cohorte 1")
    assert selectors.seats_taken(cohort=open_cohort) == open_cohort.capacity
    assert open_cohort.applications.filter(status="waitlisted").count() == 2
