"""Personal data held by replications (Ley 21.719): the contact person a municipality names for
its replication and the accounts that recorded and confirmed it.

A replication is kept as the hub's evidence that a practice travels; an erasure removes the
contact details and cuts the link to the accounts. Declared in ReplicationsConfig.ready()."""

from __future__ import annotations

from typing import Any

from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from hublocal.core.registry import (
    LegalBasis,
    PersonalData,
    register_personal_data,
    row_export,
    scrub,
    subject_identifiers,
)

from .models import Replication

FIELDS = ("contact_name", "contact_email", "contact_phone", "recorded_by", "confirmed_by")
# Written about the replication, but free text may name the people involved.
FREE_TEXT = ("changes", "abandon_reason", "confirmation_note")


def _mine(user: Any) -> Q:
    names, emails = subject_identifiers(user)
    q = Q(recorded_by_id=user.pk) | Q(confirmed_by_id=user.pk)
    for email in emails:
        q |= Q(contact_email__iexact=email)
    for name in names:
        q |= Q(contact_name__iexact=name)
    return q


def export(user: Any) -> list[dict]:
    return [
        row_export(r, ("target_title", "status", *FIELDS, *FREE_TEXT)) for r in Replication.objects.filter(_mine(user))
    ]


def anonymise(user: Any) -> int:
    names, emails = subject_identifiers(user)
    touched = 0
    touched += Replication.objects.filter(recorded_by_id=user.pk).update(
        recorded_by=None, row_version=F("row_version") + 1
    )
    touched += Replication.objects.filter(confirmed_by_id=user.pk).update(
        confirmed_by=None, row_version=F("row_version") + 1
    )
    contact = Q(pk__in=[])
    for email in emails:
        contact |= Q(contact_email__iexact=email)
    for name in names:
        contact |= Q(contact_name__iexact=name)
    touched += Replication.objects.filter(contact).update(
        contact_name="", contact_email="", contact_phone="", row_version=F("row_version") + 1
    )
    needles = names + emails
    mentioned = Q(pk__in=[])
    for needle in needles:
        for name in FREE_TEXT:
            mentioned |= Q(**{f"{name}__icontains": needle})
    rows = list(Replication.objects.filter(mentioned))
    for row in rows:
        for name in FREE_TEXT:
            setattr(row, name, scrub(getattr(row, name), needles))
    Replication.objects.bulk_update(rows, list(FREE_TEXT))
    return touched + len(rows)


def register() -> None:
    register_personal_data(
        PersonalData(
            key="replications.replication",
            model="replications.Replication",
            fields=FIELDS,
            free_text_fields=FREE_TEXT,
            purpose=_(
                "Registrar qué municipios replican un recurso o piloto, con una persona de contacto para que "
                "otros municipios aprendan de su experiencia, y quién registró y confirmó la replicación."
            ),
            # Public function: the municipality reports on the management of its own programmes.
            legal_basis=LegalBasis.PUBLIC_FUNCTION,
            retention=_(
                "La replicación se conserva como evidencia; a pedido de la persona se borran sus datos de "
                "contacto y se corta el vínculo con su cuenta."
            ),
            recipients=_(
                "La replicación es pública; los datos de contacto solo los ven el equipo del Hub, el propio "
                "municipio y funcionarios municipales."
            ),
            export=export,
            anonymise=anonymise,
        )
    )
