"""Certificate pages and the public API: verification (valid, revoked, withheld, unknown,
malformed), the credential and public key, the holder's downloads, the staff register and
revocation with bad input."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from hublocal.audit.models import AuditEvent
from hublocal.certificates import codes, services, signing
from hublocal.certificates.models import Certificate
from tests.helpers import assert_unchanged, db_state

from . import factories as f

pytestmark = pytest.mark.django_db

REASON = "Se detectó un error en el registro de asistencia."


@pytest.fixture
def cert(users, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        certificate = f.issue(actor=users["staff"], holder=users["valparaiso"], holder_name="Valentina Rojas (prueba)")
    certificate.refresh_from_db()
    return certificate


def users_named_in(html: str) -> set[str]:
    """Account names of the demo that the public page must never show (issuer, holder's account)."""
    main = html.split('id="contenido"', 1)[1]
    return {name for name in ("staff", "valparaiso") if f">{name}<" in main}


def _verify(code: str) -> str:
    return reverse("certificates:verify", kwargs={"code": code})


def test_verify_page_valid_shows_only_the_certificate(client_for, cert):
    response = client_for(None).get(_verify(cert.code))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Válido" in html and "Valentina Rojas (prueba)" in html and cert.title in html
    assert codes.display(cert.code) in html
    # Nothing about the account behind it: no e-mail, no username, no organisation.
    holder = cert.holder_user
    assert holder.email and holder.email not in html
    assert "ISSUED_BY" not in html and users_named_in(html) == set()


def test_verify_normalises_typed_codes(client_for, cert):
    typed = codes.display(cert.code).lower()
    response = client_for(None).get(_verify(typed))
    assert response.status_code == 301 and response["Location"] == _verify(cert.code)
    form = client_for(None).get(reverse("certificates:verify_form"), {"codigo": f"  {typed} "})
    assert form.status_code == 302 and form["Location"] == _verify(cert.code)


def test_verify_unknown_and_malformed_are_friendly_404s(client_for, network):
    unknown = client_for(None).get(_verify("ZZZZZZZZZZ"))
    assert unknown.status_code == 404
    assert "No existe un certificado con ese código" in unknown.content.decode()
    malformed = client_for(None).get(_verify("hola<b>"))
    assert malformed.status_code == 404
    assert "no tiene el formato" in malformed.content.decode()
    bad_form = client_for(None).get(reverse("certificates:verify_form"), {"codigo": "0000"})
    assert bad_form.status_code == 400 and "no se usan 0, O, 1 ni I" in bad_form.content.decode()
    empty = client_for(None).get(reverse("certificates:verify_form"))
    assert empty.status_code == 200


def test_api_status_valid_revoked_unknown(client_for, users, cert):
    client = client_for(None)
    url = reverse("api:certificate_verify", kwargs={"code": cert.code})
    body = client.get(url).json()
    assert body["status"] == "valid" and body["holder_name"] == "Valentina Rojas (prueba)"
    assert body["revoked_at"] is None and body["reason"] is None and body["hours"] == "40.0"

    services.certificate_revoke(actor=users["staff"], certificate=cert, reason=REASON)
    body = client.get(url).json()
    assert body["status"] == "revoked" and body["reason"] == REASON and body["revoked_at"]

    unknown = client.get(reverse("api:certificate_verify", kwargs={"code": "ZZZZZZZZZZ"}))
    assert unknown.status_code == 404 and unknown.json()["status"] == "unknown"
    malformed = client.get(reverse("api:certificate_verify", kwargs={"code": "x"}))
    assert malformed.status_code == 404 and "formato" in malformed.json()["detail"]


def test_revoked_page_says_when_and_why(client_for, users, cert):
    services.certificate_revoke(actor=users["staff"], certificate=cert, reason=REASON)
    html = client_for(None).get(_verify(cert.code)).content.decode()
    assert "Revocado el" in html and REASON in html


def test_withheld_holder_is_valid_with_name_reserved(client_for, users, cert):
    services.certificate_withhold_holder(certificate=cert)
    html = client_for(None).get(_verify(cert.code)).content.decode()
    assert "Válido — nombre del titular reservado" in html
    assert "Valentina" not in html
    body = client_for(None).get(reverse("api:certificate_verify", kwargs={"code": cert.code})).json()
    assert body["status"] == "valid" and body["holder_name"] is None and body["holder_name_withheld"] is True


def test_credential_download_is_the_signed_credential(client_for, cert):
    response = client_for(None).get(reverse("certificates:credential", kwargs={"code": cert.code}))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    document = json.loads(response.content)
    assert document == cert.credential and signing.verify(document)
    missing = client_for(None).get(reverse("certificates:credential", kwargs={"code": "ZZZZZZZZZZ"}))
    assert missing.status_code == 404


def test_public_key_is_published(client_for, cert):
    document = client_for(None).get(reverse("certificates:public_key")).json()
    assert document["id"] == signing.did_key()
    assert document["verificationMethod"][0]["id"] == cert.credential["proof"]["verificationMethod"]
    assert document["jwk"]["crv"] == "Ed25519"


def test_pdf_for_the_holder_and_the_hub_only(client_for, cert):
    url = reverse("certificates:pdf", kwargs={"code": cert.code})
    for username in ("valparaiso", "staff", "analista"):
        response = client_for(username).get(url)
        assert response.status_code == 200, username
        assert b"".join(response.streaming_content)[:5] == b"%PDF-"
    for username in ("santiago", "startup-a", "partner"):
        assert client_for(username).get(url).status_code == 403, username
    assert client_for(None).get(url).status_code == 302


def test_pdf_not_yet_built_says_so(client_for, users):
    certificate = f.issue(actor=users["staff"], holder=users["valparaiso"])  # no commit: no PDF yet
    response = client_for("valparaiso").get(reverse("certificates:pdf", kwargs={"code": certificate.code}))
    assert response.status_code == 503 and response["Retry-After"]


def test_mine_lists_only_ones_own(client_for, users, cert):
    other = f.issue(actor=users["staff"], holder=users["santiago"], title="Ciberseguridad municipal")
    html = client_for("valparaiso").get(reverse("certificates:mine")).content.decode()
    assert cert.title in html and other.title not in html
    assert reverse("certificates:pdf", kwargs={"code": cert.code}) in html


def test_staff_list_filters(client_for, users, cert):
    f.issue(actor=users["staff"], holder=users["santiago"], title="Ciberseguridad municipal")
    client = client_for("staff")
    assert "Ciberseguridad municipal" in client.get(reverse("certificates:list")).content.decode()
    html = client.get(reverse("certificates:list"), {"q": "valentina"}).content.decode()
    assert "Valentina Rojas (prueba)" in html and "Ciberseguridad municipal" not in html
    by_code = client.get(reverse("certificates:list"), {"q": codes.display(cert.code).lower()}).content.decode()
    assert "Valentina Rojas (prueba)" in by_code
    revoked = client.get(reverse("certificates:list"), {"estado": "revoked"}).content.decode()
    assert "Valentina Rojas (prueba)" not in revoked
    assert client.get(reverse("certificates:list"), {"estado": "nada", "page": "x"}).status_code == 200
    # Analysts read the register but get no revoke link.
    assert "/revocar/" not in client_for("analista").get(reverse("certificates:list")).content.decode()


def test_revoke_bad_input_changes_nothing(client_for, users, cert):
    url = reverse("certificates:revoke", kwargs={"code": cert.code})
    before = db_state()
    response = client_for("staff").post(url, {"reason": ""})
    assert response.status_code == 400 and "Este campo es requerido" in response.content.decode()
    assert client_for("staff").post(url, {"reason": "corto"}).status_code == 400
    assert client_for("analista").post(url, {"reason": REASON}).status_code == 403
    assert client_for("valparaiso").post(url, {"reason": REASON}).status_code == 403
    assert_unchanged(before)
    cert.refresh_from_db()
    assert cert.revoked_at is None


def test_revoke_then_twice(client_for, users, cert):
    url = reverse("certificates:revoke", kwargs={"code": cert.code})
    response = client_for("staff").post(url, {"reason": REASON})
    assert response.status_code == 302 and response["Location"] == _verify(cert.code)
    cert.refresh_from_db()
    assert cert.revoked_at is not None
    again = client_for("staff").post(url, {"reason": REASON + " bis"})
    assert again.status_code == 400 and "ya fue revocado" in again.content.decode()
    assert AuditEvent.objects.filter(action="certificates.revoke", object_id=str(cert.pk)).count() == 1
    assert Certificate.objects.get(pk=cert.pk).revocation_reason == REASON
    assert client_for("staff").get(reverse("certificates:revoke", kwargs={"code": "ZZZZZZZZZZ"})).status_code == 404
