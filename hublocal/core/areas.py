"""The hub's five priority areas (seed 000). Shared by diagnosis, challenges and the catalogue,
so it lives in the kernel rather than in any one domain app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Area(models.TextChoices):
    SEGURIDAD = "seguridad", _("Seguridad pública municipal")
    APS = "aps", _("Atención primaria de salud")
    CAPITAL_HUMANO = "capital_humano", _("Capital humano municipal")
    AMBIENTE = "ambiente", _("Sostenibilidad ambiental")
    DIGITAL = "digital", _("Transformación digital")
