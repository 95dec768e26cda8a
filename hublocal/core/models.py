"""The platform's own records: messages people send the hub from the contact page."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ContactTopic(models.TextChoices):
    DIAGNOSIS = "diagnosis", _("Diagnóstico municipal")
    INNOVATION = "innovation", _("Desafíos, convocatorias y propuestas")
    ACCOUNT = "account", _("Mi cuenta y acceso")
    DATA = "data", _("Datos abiertos y API")
    PRIVACY = "privacy", _("Datos personales")
    OTHER = "other", _("Otro tema")


class ContactMessage(models.Model):
    """A message to the hub's team from the contact form. Kept so the team can answer and so a
    message the mail server lost is not lost with it; deleted after CONTACT_RETENTION_DAYS
    (core/personal_data.py)."""

    name = models.CharField(_("nombre"), max_length=120)
    email = models.EmailField(_("correo electrónico"), max_length=254)
    organization_name = models.CharField(_("organización"), max_length=200, blank=True)
    topic = models.CharField(_("tema"), max_length=20, choices=ContactTopic.choices)
    message = models.TextField(_("mensaje"), max_length=5000)
    created_at = models.DateTimeField(auto_now_add=True)
    # When the e-mail to the hub left (the task queue sends it); empty while it waits or failed.
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["created_at"], name="core_contact_created_idx")]

    def __str__(self) -> str:
        return f"{self.get_topic_display()} · {self.created_at:%Y-%m-%d}"
