"""Data-subject requests, consent, blocking, erasure, exports and breaches, at the service level."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from hublocal.privacy import reminders, selectors, services
from hublocal.privacy.models import Consent, DataSubjectRequest, RequestStatus
from tests.helpers import assert_audited, audit_mark

pytestmark = pytest.mark.django_db


def _request(user, kind="access", details="", **kw):
    return services.request_create(user=user, kind=kind, details=details, **kw)


# ----------------------------------------------------------------------------- creating


def test_request_create_sets_deadline_reply_address_and_audits(users, settings):
    settings.PRIVACY_REQUEST_DAYS = 30
    mark = audit_mark()
    r = _request(users["startup-a"], "erasure")
    assert r.status == RequestStatus.RECEIVED
    assert r.due_on == timezone.localdate() + timedelta(days=30)
    assert r.reply_email == "startup-a@demo.hublocal.cl"
    assert_audited(mark, actor=users["startup-a"], action="privacy.request_create")


def test_deadline_follows_the_setting(users, settings):
    settings.PRIVACY_REQUEST_DAYS = 10
    assert _request(users["partner"]).due_on == timezone.localdate() + timedelta(days=10)


def test_unknown_kind_lists_the_valid_ones(users):
    with pytest.raises(ValidationError) as exc:
        _request(users["partner"], "olvido")
    message = exc.value.message_dict["kind"][0]
    for kind in ("access", "rectification", "erasure", "blocking", "objection", "portability"):
        assert kind in message
    assert not DataSubjectRequest.objects.exists()


@pytest.mark.parametrize("kind", ["rectification", "objection"])
def test_details_required_where_the_right_needs_them(users, kind):
    with pytest.raises(ValidationError) as exc:
        _request(users["partner"], kind, "   ")
    assert "details" in exc.value.message_dict
    assert not DataSubjectRequest.objects.exists()


def test_portability_is_answered_at_once(users):
    r = _request(users["partner"], "portability")
    assert r.status == RequestStatus.ANSWERED and r.decided_at is not None and "ZIP" in r.answer


def test_objection_to_a_consent_purpose_withdraws_it_at_once(users):
    user = users["partner"]
    services.consent_give(user=user, purpose="newsletter")
    assert selectors.has_consent(user, "newsletter")
    _request(user, "objection", "No quiero más correos.", purpose="newsletter")
    assert not selectors.has_consent(user, "newsletter")


def test_objection_with_unknown_purpose_is_refused(users):
    with pytest.raises(ValidationError):
        _request(users["partner"], "objection", "motivo", purpose="publicidad")


# ----------------------------------------------------------------------------- handling


def test_start_extend_and_their_limits(users):
    staff = users["staff"]
    r = _request(users["partner"])
    mark = audit_mark()
    r = services.request_start(actor=staff, request=r)
    assert r.status == RequestStatus.IN_PROGRESS
    assert_audited(mark, actor=staff, action="privacy.request_start")
    with pytest.raises(ValidationError):
        services.request_start(actor=staff, request=r)

    with pytest.raises(ValidationError) as exc:
        services.request_extend(actor=staff, request=r, reason="  ")
    assert "reason" in exc.value.message_dict
    due = r.due_on
    r = services.request_extend(actor=staff, request=r, reason="Hay que revisar archivos de 2024.")
    assert r.due_on == due + timedelta(days=30) and r.extended_at is not None
    assert_audited(mark, actor=staff, action="privacy.request_extend")
    with pytest.raises(ValidationError, match="una vez"):
        services.request_extend(actor=staff, request=r, reason="Otra vez")
    r.refresh_from_db()
    assert r.due_on == due + timedelta(days=30)


def test_answer_requires_text_and_happens_once(users, django_capture_on_commit_callbacks):
    staff = users["staff"]
    r = _request(users["partner"])
    with pytest.raises(ValidationError):
        services.request_answer(actor=staff, request=r, approve=True, answer="")
    with django_capture_on_commit_callbacks(execute=True):
        services.request_answer(actor=staff, request=r, approve=True, answer="Adjuntamos sus datos.")
    r.refresh_from_db()
    assert r.status == RequestStatus.ANSWERED and r.decided_by == staff
    assert mail.outbox[-1].to == ["partner@demo.hublocal.cl"]
    with pytest.raises(ValidationError, match="ya fue respondida"):
        services.request_answer(actor=staff, request=r, approve=False, answer="Otra")
    with pytest.raises(ValidationError):
        services.request_extend(actor=staff, request=r, reason="Tarde")


def test_reject_keeps_the_data(users, sample):
    r = _request(users["partner"], "erasure")
    services.request_answer(actor=users["staff"], request=r, approve=False, answer="Hay un convenio vigente.")
    r.refresh_from_db()
    assert r.status == RequestStatus.REJECTED
    assert sample.anonymised == []


def test_approved_erasure_runs_every_anonymiser_and_mails_the_captured_address(
    users, sample, django_capture_on_commit_callbacks
):
    person = users["startup-a"]
    r = _request(person, "erasure", "Ya no trabajo en DataMuni.")
    mark = audit_mark()
    with django_capture_on_commit_callbacks(execute=True):
        services.request_answer(actor=users["staff"], request=r, approve=True, answer="Sus datos fueron suprimidos.")
    assert sample.anonymised == [person.pk]
    person.refresh_from_db()
    assert person.email == "" and not person.is_active  # the accounts declaration ran too
    assert_audited(mark, actor=users["staff"], action="privacy.erasure")
    assert_audited(mark, actor=users["staff"], action="privacy.request_answer")
    assert mail.outbox[-1].to == ["startup-a@demo.hublocal.cl"]
    assert "suprimidos" in mail.outbox[-1].body
    r.refresh_from_db()
    assert r.status == RequestStatus.ANSWERED


def test_failing_anonymiser_undoes_the_whole_erasure(users):
    from hublocal.core import registry

    def boom(user):
        raise RuntimeError("tabla bloqueada")

    registry.register_personal_data(
        registry.PersonalData(
            key="zz_test.boom",
            model="zz_test.Boom",
            fields=(),
            purpose="x",
            legal_basis=registry.LegalBasis.CONSENT,
            retention="x",
            recipients="x",
            export=lambda user: [],
            anonymise=boom,
        )
    )
    try:
        r = _request(users["startup-a"], "erasure")
        with pytest.raises(RuntimeError):
            services.request_answer(actor=users["staff"], request=r, approve=True, answer="Hecho.")
    finally:
        registry._PERSONAL_DATA.pop("zz_test.boom", None)
    users["startup-a"].refresh_from_db()
    r.refresh_from_db()
    assert users["startup-a"].is_active and r.status == RequestStatus.RECEIVED


def test_approved_blocking_restricts_processing(users):
    person = users["valparaiso"]
    assert not selectors.is_restricted(person)
    r = _request(person, "blocking", "Mientras revisan mi rectificación.")
    services.request_answer(actor=users["staff"], request=r, approve=True, answer="Bloqueado.")
    assert selectors.is_restricted(person)
    assert not selectors.is_restricted(users["santiago"])


# ----------------------------------------------------------------------------- consent


def test_consent_give_and_withdraw_are_audited_and_immediate(users):
    user = users["partner"]
    assert not selectors.has_consent(user, "public_profile")
    mark = audit_mark()
    services.consent_give(user=user, purpose="public_profile")
    services.consent_give(user=user, purpose="public_profile")  # again: no second row
    assert selectors.has_consent(user, "public_profile")
    assert_audited(mark, actor=user, action="privacy.consent_give")
    assert services.consent_withdraw(user=user, purpose="public_profile") == 1
    assert not selectors.has_consent(user, "public_profile")
    assert_audited(mark, actor=user, action="privacy.consent_withdraw")
    with pytest.raises(ValidationError):
        services.consent_give(user=user, purpose="no-existe")


def test_published_consent_text_is_immutable(users):
    with pytest.raises(ValidationError, match="publicada"):
        services.consent_text_publish(actor=users["staff"], purpose="newsletter", version=1, title="x", text="y")
    v2 = services.consent_text_publish(
        actor=users["staff"], purpose="newsletter", version=2, title="Noticias", text="Texto nuevo."
    )
    assert selectors.consent_text_current(purpose="newsletter") == v2


# ----------------------------------------------------------------------------- exports


def test_zip_export_has_json_and_one_csv_per_group_and_is_audited(users, sample):
    user = users["startup-a"]
    mark = audit_mark()
    name, content_type, body = services.data_export(user=user, fmt="zip")
    assert name.endswith(".zip") and content_type == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(body))
    names = archive.namelist()
    data = json.loads(archive.read(next(n for n in names if n.endswith("datos.json"))))
    assert any(g["key"] == "zz_test.sample" and g["legal_basis"] == "consent" for g in data)
    sample_csv = archive.read(next(n for n in names if n.endswith("zz_test-sample.csv"))).decode("utf-8-sig")
    assert "'=nota con fórmula" in sample_csv  # formula neutralised
    assert_audited(mark, actor=user, action="privacy.export")
    with pytest.raises(ValidationError):
        services.data_export(user=user, fmt="pdf")


# ----------------------------------------------------------------------------- reminders


def test_daily_reminder_lists_requests_due_soon_or_overdue(users):
    soon = _request(users["partner"])
    late = _request(users["santiago"])
    later = _request(users["valparaiso"])
    today = timezone.localdate()
    DataSubjectRequest.objects.filter(pk=soon.pk).update(due_on=today + timedelta(days=3))
    DataSubjectRequest.objects.filter(pk=late.pk).update(due_on=today - timedelta(days=1))
    DataSubjectRequest.objects.filter(pk=later.pk).update(due_on=today + timedelta(days=20))
    mail.outbox.clear()
    assert reminders.send_request_reminders() == 2
    message = mail.outbox[-1]
    assert "staff@demo.hublocal.cl" in message.to
    assert f"n.º {late.pk}: VENCIDA" in message.body and f"n.º {soon.pk}" in message.body
    assert f"n.º {later.pk}" not in message.body


# ----------------------------------------------------------------------------- breaches


def test_breach_register_and_notification_clock(users, settings):
    settings.BREACH_NOTIFY_HOURS = 72
    detected = timezone.now() - timedelta(hours=80)
    data = {
        "title": "Correo enviado a destinatarios equivocados",
        "description": "Un listado de contactos se adjuntó por error.",
        "detected_at": detected,
        "data_categories": "Nombres y correos",
        "people_affected": 12,
        "measures": "",
        "authority_notified_at": None,
        "people_notified_at": None,
    }
    mark = audit_mark()
    breach = services.breach_create(actor=users["staff"], data=data)
    assert breach.notify_by == detected + timedelta(hours=72)
    assert breach.is_notification_overdue()
    assert_audited(mark, actor=users["staff"], action="privacy.breach_create")
    breach = services.breach_update(
        actor=users["staff"], breach=breach, data={**data, "authority_notified_at": timezone.now()}
    )
    assert not breach.is_notification_overdue()
    assert_audited(mark, actor=users["staff"], action="privacy.breach_update")
    with pytest.raises(ValidationError) as exc:
        services.breach_update(
            actor=users["staff"], breach=breach, data={**data, "people_notified_at": detected - timedelta(days=1)}
        )
    assert "people_notified_at" in exc.value.message_dict
    with pytest.raises(ValidationError):
        services.breach_create(actor=users["staff"], data={**data, "detected_at": timezone.now() + timedelta(days=2)})


# ----------------------------------------------------------------------------- public profile


def test_public_profile_consent_switches_the_directory_flag(users):
    user = users["partner"]
    assert not user.person.is_public
    mark = audit_mark()
    services.consent_give(user=user, purpose="public_profile")
    user.person.refresh_from_db()
    assert user.person.is_public
    assert_audited(mark, actor=user, action="directory.person_set_public")
    services.consent_withdraw(user=user, purpose="public_profile")
    user.person.refresh_from_db()
    assert not user.person.is_public


def test_public_profile_chosen_on_the_directory_form_leaves_the_same_consent_record(users, client_for):
    """The person's own edit page and "Mis datos" are two doors to one choice: both keep the proof."""
    from django.urls import reverse

    user = users["partner"]
    person = user.person
    url = reverse("directory:person_edit", args=[person.pk])
    form = {"full_name": person.full_name, "email": person.email, "phone": person.phone}
    client = client_for("partner")
    response = client.post(url, {**form, "is_public": "on", "row_version": person.row_version})
    assert response.status_code == 302
    assert selectors.has_consent(user, "public_profile")
    person.refresh_from_db()
    response = client.post(url, {**form, "row_version": person.row_version})
    assert response.status_code == 302
    person.refresh_from_db()
    assert not person.is_public and not selectors.has_consent(user, "public_profile")
    assert Consent.objects.filter(user=user, text__purpose="public_profile", withdrawn_at__isnull=False).count() == 1


def test_demo_seeder_records_the_consent_behind_public_demo_profiles(users):
    from hublocal.privacy import demo

    public = users["startup-a"]
    assert public.person.is_public
    Consent.objects.filter(user=public).delete()
    demo.seed(lambda _line: None)
    assert selectors.has_consent(public, "public_profile")
    assert not selectors.has_consent(users["partner"], "public_profile")
    demo.seed(lambda _line: None)  # idempotent
    assert Consent.objects.filter(user=public).count() == 1
