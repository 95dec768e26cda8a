"""Issuing, idempotency, bad facts, the PDF on the task queue, revocation and the erasure that
keeps a certificate verifiable."""

from __future__ import annotations

from datetime import date

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from hublocal.audit.models import AuditEvent
from hublocal.certificates import codes, selectors, services, signing
from hublocal.certificates.models import Certificate
from hublocal.core import registry
from hublocal.notifications.models import Notification

from . import factories as f

pytestmark = pytest.mark.django_db


def test_issue_signs_builds_pdf_and_notifies_the_holder(users, django_capture_on_commit_callbacks):
    holder = users["valparaiso"]
    with django_capture_on_commit_callbacks(execute=True):
        certificate = f.issue(actor=users["staff"], holder=holder)
    certificate.refresh_from_db()
    assert codes.is_valid(certificate.code)
    assert certificate.organization_id == holder.organization_id
    assert certificate.pdf.name.startswith("certificados/certificado-")
    with certificate.pdf.open("rb") as handle:
        assert handle.read(5) == b"%PDF-"
    assert signing.verify(certificate.credential)
    assert AuditEvent.objects.filter(action="certificates.issue", object_id=str(certificate.pk)).exists()
    notice = Notification.objects.get(user=holder, kind="certificates.issued")
    assert codes.display(certificate.code) in notice.body
    assert notice.url == "/certificados/mios/"
    assert [m.to for m in mail.outbox] == ([[holder.email]] if holder.email else [])


def test_issue_is_idempotent_per_source_and_holder(users):
    first = f.issue(actor=users["staff"], holder=users["valparaiso"], source_id=991)
    again = f.issue(actor=users["staff"], holder=users["valparaiso"], source_id=991, title="Otro título")
    assert again.pk == first.pk and again.title == first.title
    other = f.issue(actor=users["staff"], holder=users["santiago"], source_id=991)
    assert other.pk != first.pk
    assert set(selectors.certificates_for_source("tests.cohort", 991)) == {first, other}


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"holder_name": "  "}, "holder_name"),
        ({"title": ""}, "title"),
        ({"hours": 0}, "hours"),
        ({"hours": "muchas"}, "hours"),
        ({"end_date": date(2026, 1, 1)}, "end_date"),
        ({"completion_date": date(2025, 12, 31)}, "completion_date"),
        ({"issuer_name": ""}, "issuer_name"),
        ({"signatories": [{"position": "Sin nombre"}]}, "signatories"),
    ],
)
def test_issue_refuses_bad_facts_and_writes_nothing(users, overrides, field):
    before = Certificate.objects.count()
    with pytest.raises(ValidationError) as exc:
        f.issue(actor=users["staff"], holder=users["valparaiso"], **overrides)
    assert field in exc.value.message_dict
    assert Certificate.objects.count() == before


def test_codes_normalise_and_refuse_lookalikes():
    assert codes.normalise(" abcde-fgh23 ") == "ABCDEFGH23"
    assert codes.is_valid("ABCDEFGH23")
    assert not codes.is_valid("ABCDEFGH20")  # 0 is not in the alphabet
    assert not codes.is_valid("ABCDEFGHI3")  # nor I
    assert not codes.is_valid("ABCDE")
    assert codes.display("ABCDEFGH23") == "ABCDE-FGH23"
    assert all(codes.is_valid(codes.new_code()) for _ in range(50))


def test_selector_finds_typed_codes(users):
    certificate = f.issue(actor=users["staff"], holder=users["valparaiso"])
    typed = codes.display(certificate.code).lower().replace("-", " - ")
    assert selectors.certificate_by_code(typed) == certificate
    assert selectors.certificate_by_code("ZZZZZZZZZZ") is None
    assert selectors.certificate_by_code("<script>") is None


def test_revoke_requires_a_reason_and_happens_once(users, django_capture_on_commit_callbacks):
    certificate = f.issue(actor=users["staff"], holder=users["valparaiso"])
    with pytest.raises(ValidationError) as exc:
        services.certificate_revoke(actor=users["staff"], certificate=certificate, reason="  ")
    assert "reason" in exc.value.message_dict
    certificate.refresh_from_db()
    assert certificate.revoked_at is None

    reason = "Se detectó un error en el registro de asistencia."
    with django_capture_on_commit_callbacks(execute=True):
        services.certificate_revoke(actor=users["staff"], certificate=certificate, reason=reason)
    certificate.refresh_from_db()
    assert certificate.revoked_at is not None and certificate.revocation_reason == reason
    event = AuditEvent.objects.get(action="certificates.revoke", object_id=str(certificate.pk))
    assert event.after["revocation_reason"] == reason and event.before["revoked_at"] is None
    assert Notification.objects.filter(user=users["valparaiso"], kind="certificates.revoked").exists()
    # The credential stays as signed; its status is what changes.
    assert signing.verify(certificate.credential)

    with pytest.raises(ValidationError):
        services.certificate_revoke(actor=users["staff"], certificate=certificate, reason=reason + " (bis)")
    assert AuditEvent.objects.filter(action="certificates.revoke", object_id=str(certificate.pk)).count() == 1


def test_erasure_keeps_the_certificate_verifiable_without_the_name(users, django_capture_on_commit_callbacks):
    holder = users["valparaiso"]
    with django_capture_on_commit_callbacks(execute=True):
        certificate = f.issue(actor=users["staff"], holder=holder, holder_name="Valentina Rojas (prueba)")
    certificate.refresh_from_db()
    assert certificate.pdf
    declaration = next(d for d in registry.personal_data() if d.key == "certificates.certificate")
    exported = declaration.export(holder)
    assert exported and exported[0]["holder_name"] == "Valentina Rojas (prueba)"
    with django_capture_on_commit_callbacks(execute=True):
        assert declaration.anonymise(holder) >= 1
    certificate.refresh_from_db()
    assert certificate.holder_erased and certificate.holder_user_id is None
    assert "Valentina" not in certificate.holder_name
    assert not certificate.pdf
    assert certificate.credential["credentialSubject"]["name"].startswith("Nombre reservado")
    assert "Valentina" not in str(certificate.credential)
    assert signing.verify(certificate.credential)
    assert selectors.certificate_by_code(certificate.code) == certificate


def test_pdf_prints_the_facts_and_draws_the_qr_code(users):
    import io
    import re

    from pypdf import PdfReader

    from hublocal.certificates import credential, pdf

    certificate = f.issue(actor=users["staff"], holder=users["valparaiso"], holder_name="Valentina Rojas (prueba)")
    reader = PdfReader(io.BytesIO(pdf.render(certificate)))
    (page,) = reader.pages
    text = " ".join(page.extract_text().split())
    for expected in (
        "Valentina Rojas (prueba)",
        certificate.title,
        "Horas 40",
        "del 2 de marzo de 2026 al 26 de junio de 2026",
        "3 de julio de 2026",
        "Hub Nacional de Gobierno Local · AMUCH",
        "María Soto (demo)",
        codes.display(certificate.code),
    ):
        assert expected in text, expected
    # The QR code is drawn as vector paths: one move per run of dark modules (hundreds).
    content = page.get_contents().get_data().decode("latin1")
    assert len(re.findall(r" m\b", content)) > 100
    assert pdf.qr_svg_data_uri(credential.verify_url(certificate.code)).startswith("data:image/svg+xml")
    assert reader.trailer["/Root"]["/MarkInfo"]["/Marked"]  # tagged (PDF/UA-1)
