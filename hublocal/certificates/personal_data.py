"""Personal data held by certificates (Ley 21.719): the holder's name on each certificate (and in
its signed credential and PDF), who issued and who revoked it, and the public reason of a
revocation. Declared in CertificatesConfig.ready(); read by the privacy app."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hublocal.core.registry import (
    LegalBasis,
    PersonalData,
    register_personal_data,
    row_export,
    scrub,
    subject_identifiers,
)

from . import services
from .models import Certificate

FIELDS = ("holder_user", "holder_name", "issued_by", "revoked_by", "credential", "pdf")
TEXT = ("revocation_reason",)
EXPORTED = ("code", "title", "hours", "completion_date", "issued_at", "revoked_at", *FIELDS, *TEXT)


def export(user: Any) -> list[dict]:
    rows = Certificate.objects.filter(Q(holder_user_id=user.pk) | Q(issued_by_id=user.pk) | Q(revoked_by_id=user.pk))
    return [row_export(c, EXPORTED) for c in rows]


def anonymise(user: Any) -> int:
    names, emails = subject_identifiers(user)
    touched = 0
    for certificate in Certificate.objects.filter(holder_user_id=user.pk):
        # Still verifiable, as "valid, holder's name withheld": whoever relied on it keeps a check.
        services.certificate_withhold_holder(certificate=certificate)
        touched += 1
    touched += Certificate.objects.filter(issued_by_id=user.pk).update(issued_by=None)
    touched += Certificate.objects.filter(revoked_by_id=user.pk).update(revoked_by=None)
    mentioned = Q()
    for needle in names + emails:
        mentioned |= Q(revocation_reason__icontains=needle)
    if names or emails:
        rows = list(Certificate.objects.filter(mentioned))
        for row in rows:
            row.revocation_reason = scrub(row.revocation_reason, names + emails)
        Certificate.objects.bulk_update(rows, ["revocation_reason"])
        touched += len(rows)
    return touched


def register() -> None:
    register_personal_data(
        PersonalData(
            key="certificates.certificate",
            model="certificates.Certificate",
            fields=FIELDS,
            free_text_fields=TEXT,
            purpose=_(
                "Acreditar que una persona aprobó un programa de formación del Hub, con un certificado que "
                "cualquiera puede verificar por su código."
            ),
            # Public function: certifying training is part of the hub's capacity-building mandate.
            legal_basis=LegalBasis.PUBLIC_FUNCTION,
            retention=_(
                "Se conserva mientras el certificado pueda presentarse (sin plazo). A pedido de la persona se "
                "reserva su nombre: el certificado sigue verificable como «válido, nombre del titular reservado» y "
                "se borra el PDF."
            ),
            recipients=_(
                "La persona titular y el equipo del Hub; quien tenga el código ve el nombre, el programa y el estado."
            ),
            export=export,
            anonymise=anonymise,
        )
    )
