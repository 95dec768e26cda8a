"""What this app's codes are called in words: audit actions and notification kinds."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from hublocal.core import registry

AUDIT_LABELS = {
    "events.event_create": _("Evento creado"),
    "events.event_update": _("Evento editado"),
    "events.event_status": _("Estado de un evento cambiado"),
    "events.registration_create": _("Inscripción a un evento"),
    "events.registration_cancel": _("Inscripción a un evento cancelada"),
    "events.waitlist_promote": _("Inscripción en lista de espera pasa a cupo"),
    "events.payment_status": _("Pago de una inscripción registrado"),
    "events.pitch_apply": _("Postulación de pitch a un demo day"),
    "events.pitch_decide": _("Pitch seleccionado o no seleccionado"),
    "events.pitch_interest": _("Municipio interesado en un pitch"),
    "events.edition_create": _("Edición de premio creada"),
    "events.category_add": _("Categoría de premio agregada"),
    "events.juror_appoint": _("Integrante del jurado nombrado"),
    "events.edition_status": _("Etapa de un premio cambiada"),
    "events.nomination_create": _("Nominación a un premio"),
    "events.score_submit": _("Evaluación del jurado enviada"),
    "events.winners_publish": _("Ganadores de un premio publicados"),
}

NOTIFICATION_KINDS = {
    "events.registration_confirmed": _("Inscripción a un evento confirmada"),
    "events.event_cancelled": _("Evento cancelado"),
    "events.pitch_decided": _("Resultado de una postulación de pitch"),
    "events.pitch_interest": _("Municipio interesado en un pitch"),
    "events.juror_appointed": _("Nombramiento en un jurado"),
}


def register() -> None:
    for code, label in AUDIT_LABELS.items():
        registry.register_audit_action(code, label)
    for code, label in NOTIFICATION_KINDS.items():
        registry.register_notification_kind(code, label)
