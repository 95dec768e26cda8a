"""Personal data in the audit trail (Ley 21.719): who did what, from which address.

Declared in AuditConfig.ready(); read by the privacy app (record, notice, rights, retention)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.utils.translation import gettext_lazy as _

from hublocal.core.registry import LegalBasis, PersonalData, pseudonym, register_personal_data, row_export

from . import services
from .appendonly import ANONYMISED_PREFIX
from .models import AuditEvent

FIELDS = ("actor", "actor_username", "action", "object_type", "object_id", "object_repr", "created_at")
# before/after hold the changed values of the object (a person's name when a person was edited)
# and, for sign-in events, the client address: free text about people, kept like the rest.
FREE_TEXT = ("before", "after")
RETENTION_DAYS = 6 * 365


def export(user: Any) -> list[dict]:
    return [row_export(event, FIELDS + FREE_TEXT) for event in AuditEvent.objects.filter(actor_id=user.pk)]


def anonymise(user: Any) -> int:
    """The events stay (the trail is append-only and the hub must be able to show what was done);
    their author becomes a stable pseudonym, so one person's actions still read as one person's."""
    return services.audit_anonymise_actor(user_id=user.pk, replacement=pseudonym(user.pk))


def expire(now: datetime) -> int:
    """Six years on, events lose their author: the same change `services.audit_anonymise_actor`
    makes (actor to NULL, actor_username to the pseudonym), the only one the append-only
    triggers let through, limited to events older than the period. One statement per author,
    so each keeps one pseudonym across all of their old events."""
    old = AuditEvent._base_manager.filter(created_at__lt=now - timedelta(days=RETENTION_DAYS))
    pending = old.exclude(actor_username="").exclude(actor_username__startswith=ANONYMISED_PREFIX)
    authors = pending.values_list("actor_id", "actor_username").distinct()
    changed = 0
    for actor_id, username in list(authors):
        rows = pending.filter(actor_id=actor_id, actor_username=username)
        # The same pseudonym an erasure of that account would give; an author already gone is
        # known only by the name it had.
        changed += rows.update(actor=None, actor_username=pseudonym(actor_id if actor_id else username))
    return changed


def register() -> None:
    register_personal_data(
        PersonalData(
            key="audit.auditevent",
            model="audit.AuditEvent",
            fields=FIELDS,
            free_text_fields=FREE_TEXT,
            purpose=_(
                "Registro de auditoría: saber quién hizo cada cambio, cada ingreso y cada acceso "
                "rechazado, para responder por el uso de los datos y detectar abusos."
            ),
            # Legal obligation: Ley 21.719 requires showing that data were processed lawfully and
            # securely (accountability); the trail is that proof.
            legal_basis=LegalBasis.LEGAL_OBLIGATION,
            retention=_(
                "6 años; luego, y antes si la persona pide la supresión, su nombre de usuario se reemplaza "
                "por un seudónimo. El registro mismo no se borra."
            ),
            recipients=_("Equipo del Hub (administración); la autoridad de control si lo requiere."),
            export=export,
            anonymise=anonymise,
            retention_days=RETENTION_DAYS,
            expire=expire,
            # Runs after the other declarations: their own audit events are recorded by then.
            erase_order=95,
        )
    )
