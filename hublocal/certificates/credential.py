"""The Open Badges 3.0 credential of a certificate (W3C Verifiable Credentials Data Model 2.0),
built from the certificate's own facts and signed with the hub's key (signing.py).

Revocation is not written into the signed document (it stays as issued): `credentialStatus`
points to the public verification API, which answers valid, revoked (with date and reason) or
unknown, as Verifiable Credentials check status."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any
from urllib.parse import urljoin

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from . import signing

CONTEXT = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
]
STATUS_TYPE = "HubLocalVerificationStatus"
WITHHELD = "Nombre reservado a pedido de la persona titular"


def site_url() -> str:
    return (getattr(settings, "SITE_URL", "") or "http://127.0.0.1:8000").rstrip("/")


def absolute(path: str) -> str:
    return urljoin(site_url() + "/", path.lstrip("/"))


def verify_path(code: str) -> str:
    # Always the Spanish address: a QR on paper must not depend on the language of whoever issued it.
    with translation.override(settings.LANGUAGE_CODE):
        return reverse("certificates:verify", kwargs={"code": code})


def mine_path() -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return reverse("certificates:mine")


def verify_url(code: str) -> str:
    return absolute(verify_path(code))


def credential_url(code: str) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return absolute(reverse("certificates:credential", kwargs={"code": code}))


def status_url(code: str) -> str:
    return absolute(reverse("api:certificate_verify", kwargs={"code": code}))


def _utc(dt: datetime) -> str:
    return dt.astimezone(UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def _hours(hours: Decimal) -> int | float:
    value = Decimal(hours)
    return int(value) if value == value.to_integral_value() else float(value)


def build(certificate: Any) -> dict[str, Any]:
    """The unsigned credential of a certificate (JSON data: strings, integers, short decimals)."""
    code = certificate.code
    page = verify_url(code)
    hours = _hours(certificate.hours)
    narrative = (
        f"Aprobó «{certificate.title}» ({hours} horas, del {certificate.start_date.isoformat()} al "
        f"{certificate.end_date.isoformat()}); fecha de aprobación {certificate.completion_date.isoformat()}."
    )
    signed_by = "; ".join(
        f"{s.get('name', '')} ({s.get('position', '')})" if s.get("position") else str(s.get("name", ""))
        for s in certificate.signatories
    )
    if signed_by:
        narrative = f"{narrative} Firman: {signed_by}."
    achievement: dict[str, Any] = {
        "id": f"{page}#logro",
        "type": ["Achievement"],
        "achievementType": "Certificate",
        "name": certificate.title,
        "description": narrative,
        "criteria": {"narrative": narrative},
        "creditsAvailable": hours,
        "inLanguage": certificate.language,
    }
    return {
        "@context": list(CONTEXT),
        "id": credential_url(code),
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": certificate.title,
        "issuer": {"id": site_url() + "/", "type": ["Profile"], "name": certificate.issuer, "url": site_url() + "/"},
        "validFrom": _utc(certificate.issued_at),
        "awardedDate": f"{certificate.completion_date.isoformat()}T00:00:00Z",
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "name": WITHHELD if certificate.holder_erased else certificate.holder_name,
            "achievement": achievement,
            "creditsEarned": hours,
            "activityStartDate": f"{certificate.start_date.isoformat()}T00:00:00Z",
            "activityEndDate": f"{certificate.end_date.isoformat()}T00:00:00Z",
        },
        "evidence": [{"type": ["Evidence"], "id": page, "name": "Página pública de verificación"}],
        "credentialStatus": {"id": status_url(code), "type": STATUS_TYPE},
    }


def signed(certificate: Any, *, at: datetime) -> dict[str, Any]:
    return signing.sign(build(certificate), created=_utc(at))
