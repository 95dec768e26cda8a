"""Automatic certificates: when a participant's completion becomes met (attendance marked,
checked in or imported, a delivery, the cohort finished) a queue job issues one certificate —
never two — with the day the last rule became met, and the person is told."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from hublocal.audit.models import AuditEvent
from hublocal.certificates.models import Certificate
from hublocal.notifications.models import Notification
from hublocal.training import services
from hublocal.training.models import Attendance

from . import factories as f

pytestmark = pytest.mark.django_db


def _seated(cohort, n=1):
    people = []
    for _i in range(n):
        person = f.official()
        a = services.application_apply(actor=person, cohort=cohort, motivation=f.MOTIVATION)
        services.application_decide(actor=None, application=a, accept=True)
        people.append((person, a))
    return people


def _certs(application):
    return Certificate.objects.filter(
        source="training.cohort", source_id=application.cohort_id, holder_user_id=application.user_id
    )


def _cohort_with_sessions(n_sessions, rules=None):
    now = timezone.now()
    cohort = f.cohort(
        programme_obj=f.programme(rules=rules or {"min_attendance_pct": 75}),
        starts_on=(now - timedelta(days=20)).date(),
        ends_on=(now + timedelta(days=20)).date(),
        applications_open_at=now - timedelta(days=40),
        applications_close_at=now + timedelta(days=1),
    )
    sessions = [f.session(cohort, starts_at=now - timedelta(days=10 - i)) for i in range(n_sessions)]
    return cohort, sessions


def test_marking_the_attendance_that_meets_the_rule_issues_once(network, django_capture_on_commit_callbacks):
    cohort, sessions = _cohort_with_sessions(4)  # 75 % of 4 = 3 sessions
    (person, a), (other, b) = _seated(cohort, 2)
    for s in sessions[:2]:
        with django_capture_on_commit_callbacks(execute=True):
            services.attendance_mark(actor=None, session=s, marks={a.pk: "present", b.pk: "present"})
    assert not _certs(a).exists()
    with django_capture_on_commit_callbacks(execute=True):
        services.attendance_mark(actor=None, session=sessions[2], marks={a.pk: "present", b.pk: "absent"})
    cert = _certs(a).get()
    # The rule became met on the day of the third session, not today nor the last session.
    assert cert.completion_date == timezone.localdate(sessions[2].starts_at)
    assert not _certs(b).exists()
    notice = Notification.objects.get(user=person, kind="certificates.issued")
    assert notice.url  # "Mis certificados", where the PDF and the credential are
    assert AuditEvent.objects.filter(action="training.certificate_auto").count() == 1
    # A fourth session, a re-run of the job and the staff button: still one certificate.
    with django_capture_on_commit_callbacks(execute=True):
        services.attendance_mark(actor=None, session=sessions[3], marks={a.pk: "present"})
    assert services.certificates_issue_on_completion(application_ids=[a.pk]) == 0
    services.certificates_issue_for_cohort(actor=None, cohort=cohort)
    assert _certs(a).count() == 1
    assert _certs(a).get().completion_date == timezone.localdate(sessions[2].starts_at)


def test_check_in_that_completes_issues(network, django_capture_on_commit_callbacks):
    cohort, sessions = _cohort_with_sessions(1, rules={"min_attendance_pct": 100})
    live = f.session(cohort, starts_at=timezone.now() - timedelta(minutes=10))
    ((person, a),) = _seated(cohort)
    services.attendance_mark(actor=None, session=sessions[0], marks={a.pk: "present"})
    assert not _certs(a).exists()
    with django_capture_on_commit_callbacks(execute=True):
        services.attendance_check_in(actor=person, session=live, code=live.checkin_code)
    assert _certs(a).count() == 1


def test_delivery_that_completes_issues_with_its_date(network, django_capture_on_commit_callbacks):
    cohort, sessions = _cohort_with_sessions(1, rules={"min_attendance_pct": 50, "assignments": True})
    module = cohort.programme.modules.first()
    module.assignment_required = True
    module.save()
    ((person, a),) = _seated(cohort)
    with django_capture_on_commit_callbacks(execute=True):
        services.attendance_mark(actor=None, session=sessions[0], marks={a.pk: "present"})
    assert not _certs(a).exists()
    with django_capture_on_commit_callbacks(execute=True):
        services.delivery_record(actor=None, application=a, module=module)
    assert _certs(a).get().completion_date == timezone.localdate()


def test_finishing_the_cohort_runs_the_check_for_everyone(network, django_capture_on_commit_callbacks):
    cohort, sessions = _cohort_with_sessions(1, rules={"min_attendance_pct": 100})
    (_p, a), (_q, b) = _seated(cohort, 2)
    # Attendance written without the hook (as an old import would have): the finish catches it.
    Attendance.objects.create(
        session=sessions[0], application=a, status="present", source="instructor", recorded_at=timezone.now()
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.cohort_set_status(actor=None, cohort=cohort, status="finished")
    assert _certs(a).count() == 1 and not _certs(b).exists()


def test_rolled_back_marking_queues_nothing(network, django_capture_on_commit_callbacks):
    cohort, sessions = _cohort_with_sessions(1, rules={"min_attendance_pct": 100})
    ((_p, a),) = _seated(cohort)
    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(ValidationError):
        services.attendance_mark(actor=None, session=sessions[0], marks={a.pk: "present", 999999: "present"})
    assert not callbacks and not _certs(a).exists()
