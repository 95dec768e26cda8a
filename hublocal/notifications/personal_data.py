"""Personal data held by the inbox (Ley 21.719): the notices addressed to one account. Declared
in NotificationsConfig.ready(); read by the privacy app (record, notice, rights, retention)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils.translation import gettext_lazy as _

from hublocal.core.registry import LegalBasis, PersonalData, register_personal_data, row_export

from .models import Notification

FIELDS = ("user", "kind", "title", "url", "created_at", "read_at", "emailed_at")
TEXT = ("body",)
RETENTION_DAYS = 365


def export(user: Any) -> list[dict]:
    return [row_export(n, (*FIELDS, *TEXT)) for n in Notification.objects.filter(user_id=user.pk)]


def anonymise(user: Any) -> int:
    # A notice exists only for its person: nothing is kept once they ask for erasure.
    count, _by_model = Notification.objects.filter(user_id=user.pk).delete()
    return count


def expire(now: Any) -> int:
    count, _by_model = Notification.objects.filter(created_at__lt=now - timedelta(days=RETENTION_DAYS)).delete()
    return count


def register() -> None:
    register_personal_data(
        PersonalData(
            key="notifications.notification",
            model="notifications.Notification",
            fields=FIELDS,
            free_text_fields=TEXT,
            purpose=_(
                "Avisar a cada persona, en su bandeja y por correo, de lo que la concierne en el Hub "
                "(decisiones sobre postulaciones, recordatorios de sesiones, certificados emitidos, entregables "
                "por revisar)."
            ),
            # Public function: the notices are part of running the hub's programmes for the person.
            legal_basis=LegalBasis.PUBLIC_FUNCTION,
            retention=_("Un año desde el aviso; luego se borra. A pedido de la persona se borran todos sus avisos."),
            recipients=_("Solo la persona destinataria."),
            export=export,
            anonymise=anonymise,
            retention_days=RETENTION_DAYS,
            expire=expire,
        )
    )
