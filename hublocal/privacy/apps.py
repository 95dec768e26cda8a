from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    """Personal data under Ley 21.719: the record of processing activities, the privacy notice,
    data-subject rights, consent, retention and the breach register, all generated from the
    declarations every app makes in `core.registry` (register_personal_data)."""

    name = "hublocal.privacy"
    verbose_name = _("Datos personales")
