from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    """Personal data under Ley 21.719: the record of processing activities, the privacy notice,
    data-subject rights, consent, retention and the breach register, all generated from the
    declarations every app makes in `core.registry` (register_personal_data)."""

    name = "hublocal.privacy"
    verbose_name = _("Datos personales")

    def ready(self) -> None:
        # huey autodiscovers only `tasks` modules; the daily requests reminder lives apart.
        from . import personal_data, reminders  # noqa: F401

        personal_data.register()
        from . import home  # its sections of the personal home (/inicio/)

        home.register()

        from hublocal.core import registry

        from . import demo

        # After directory's demo (10), which makes the demo people's profile choices.
        registry.register_seeder("privacy", 12, demo.seed)
        from . import services

        registry.register_consent_recorder(services.consent_record_from_elsewhere)
        for code, label in AUDIT_LABELS.items():
            registry.register_audit_action(code, label)


# What the audit trail shows people instead of the codes.
AUDIT_LABELS = {
    "privacy.export": _("Descarga de datos personales"),
    "privacy.consent_give": _("Consentimiento otorgado"),
    "privacy.consent_withdraw": _("Consentimiento retirado"),
    "privacy.consent_text_publish": _("Texto de consentimiento publicado"),
    "privacy.request_create": _("Solicitud de derechos recibida"),
    "privacy.request_start": _("Solicitud de derechos en trámite"),
    "privacy.request_extend": _("Plazo de solicitud prorrogado"),
    "privacy.request_answer": _("Solicitud de derechos respondida"),
    "privacy.erasure": _("Datos personales suprimidos"),
    "privacy.restriction_set": _("Tratamiento bloqueado"),
    "privacy.retention_run": _("Plazos de conservación aplicados"),
    "privacy.breach_create": _("Brecha de seguridad registrada"),
    "privacy.breach_update": _("Brecha de seguridad actualizada"),
}
