"""Certificates: what a person achieved (a programme of so many hours, completed on a date),
issued by the hub with a public code, a PDF with a QR code and an Open Badges 3.0 credential
signed with the hub's key. Generic: the issuing app (training today) passes the facts and its
source key; this app never looks at programmes or attendance.

A certificate is never edited: it is issued, and perhaps revoked (with a date and a reason)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Certificate(models.Model):
    code = models.CharField(_("código"), max_length=10, unique=True)
    holder_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="certificates",
        verbose_name=_("cuenta de la persona titular"),
    )
    holder_name = models.CharField(_("nombre de la persona titular"), max_length=200)
    # Kept when an erasure request withholds the name: verification then says so.
    holder_erased = models.BooleanField(_("nombre reservado"), default=False)
    # The holder's organisation when issued (a municipality's record shows who was trained).
    organization_id = models.IntegerField(_("organización"), null=True, blank=True)
    title = models.CharField(_("programa"), max_length=300)
    hours = models.DecimalField(_("horas"), max_digits=6, decimal_places=1)
    start_date = models.DateField(_("inicio"))
    end_date = models.DateField(_("término"))
    completion_date = models.DateField(_("fecha de aprobación"))
    issuer = models.CharField(_("institución emisora"), max_length=300)
    # [{"name": ..., "position": ...}]: the people who sign in their public office.
    signatories = models.JSONField(_("firmantes"), default=list, blank=True)
    source = models.CharField(_("origen"), max_length=60)
    source_id = models.BigIntegerField(_("id en el origen"))
    language = models.CharField(_("idioma"), max_length=10, default="es")
    issued_at = models.DateTimeField(_("emitido"), default=timezone.now)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("emitido por"),
    )
    revoked_at = models.DateTimeField(_("revocado"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("revocado por"),
    )
    revocation_reason = models.TextField(_("motivo de la revocación"), blank=True)
    pdf = models.FileField(_("PDF"), upload_to="certificados/", blank=True, max_length=200)
    # The signed Open Badges 3.0 credential, exactly as issued (re-signed only to withhold a name).
    credential = models.JSONField(_("credencial firmada"), default=dict, blank=True)

    class Meta:
        ordering = ["-issued_at", "-pk"]
        verbose_name = _("certificado")
        verbose_name_plural = _("certificados")
        constraints = [
            # Issuing twice for the same thing to the same person gives the same certificate.
            models.UniqueConstraint(
                fields=["source", "source_id", "holder_user"],
                condition=Q(holder_user__isnull=False),
                name="cert_unique_per_source_holder",
            ),
            models.CheckConstraint(condition=Q(end_date__gte=models.F("start_date")), name="cert_dates_ordered"),
            models.CheckConstraint(condition=Q(hours__gt=0), name="cert_hours_positive"),
        ]
        indexes = [
            models.Index(fields=["source", "source_id"], name="cert_source"),
            models.Index(fields=["organization_id", "-issued_at"], name="cert_org"),
        ]

    def __str__(self) -> str:
        return f"{self.code} · {self.title}"

    @property
    def display_code(self) -> str:
        from .codes import display

        return display(self.code)

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None
