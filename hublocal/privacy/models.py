"""Data-subject requests, processing restrictions, consent and the breach register (Ley 21.719).

Rows are written only through services.py; reads go through selectors.py."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class RequestKind(models.TextChoices):
    ACCESS = "access", _("Acceso")
    RECTIFICATION = "rectification", _("Rectificación")
    ERASURE = "erasure", _("Supresión")
    BLOCKING = "blocking", _("Bloqueo temporal")
    OBJECTION = "objection", _("Oposición")
    PORTABILITY = "portability", _("Portabilidad")


class RequestStatus(models.TextChoices):
    RECEIVED = "received", _("Recibida")
    IN_PROGRESS = "in_progress", _("En curso")
    ANSWERED = "answered", _("Respondida")
    REJECTED = "rejected", _("Rechazada")


OPEN_STATUSES = (RequestStatus.RECEIVED, RequestStatus.IN_PROGRESS)


class DataSubjectRequest(models.Model):
    """A person exercising a right over their data. The request outlives an erasure (it is the
    proof that the hub answered in time), so the account link may become empty."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="privacy_requests"
    )
    kind = models.CharField(_("derecho"), max_length=20, choices=RequestKind.choices)
    details = models.TextField(_("detalle"), blank=True, max_length=4000)
    # Consent purpose named by an objection, withdrawn at once when the request is made.
    purpose = models.CharField(_("finalidad"), max_length=50, blank=True)
    # Where the answer goes, captured when the request is made: after an erasure the account
    # no longer holds it.
    reply_email = models.EmailField(_("correo para la respuesta"), blank=True)
    status = models.CharField(_("estado"), max_length=20, choices=RequestStatus.choices, default=RequestStatus.RECEIVED)
    received_at = models.DateTimeField(_("recibida"), default=timezone.now)
    due_on = models.DateField(_("plazo"))
    started_at = models.DateTimeField(_("en curso desde"), null=True, blank=True)
    extended_at = models.DateTimeField(_("prorrogada"), null=True, blank=True)
    extension_reason = models.TextField(_("motivo de la prórroga"), blank=True, max_length=2000)
    answer = models.TextField(_("respuesta"), blank=True, max_length=8000)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("decidida"), null=True, blank=True)

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("solicitud de derechos")
        verbose_name_plural = _("solicitudes de derechos")
        indexes = [models.Index(fields=["status", "due_on"], name="privacy_request_open_due")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def is_overdue(self, today: date | None = None) -> bool:
        return self.is_open and (today or timezone.localdate()) > self.due_on


class ProcessingRestriction(models.Model):
    """Blocking (art. 8 ter): while active, apps must not use the person's data except to keep it.
    Other apps ask `privacy.selectors.is_restricted(user)`."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    since = models.DateTimeField(_("desde"), default=timezone.now)
    reason = models.TextField(_("motivo"), max_length=2000)
    request = models.ForeignKey(DataSubjectRequest, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    lifted_at = models.DateTimeField(_("levantado"), null=True, blank=True)

    class Meta:
        ordering = ["-since", "id"]
        verbose_name = _("bloqueo de tratamiento")
        verbose_name_plural = _("bloqueos de tratamiento")


class ConsentText(models.Model):
    """The exact words a person agrees to. Immutable once published: a change is a new version,
    so every consent can show what was accepted."""

    purpose = models.CharField(_("finalidad"), max_length=50)
    version = models.PositiveIntegerField(_("versión"))
    title = models.CharField(_("título"), max_length=200)
    text = models.TextField(_("texto"))
    published_at = models.DateTimeField(_("publicado"), default=timezone.now)

    class Meta:
        ordering = ["purpose", "-version"]
        verbose_name = _("texto de consentimiento")
        verbose_name_plural = _("textos de consentimiento")
        constraints = [models.UniqueConstraint(fields=["purpose", "version"], name="consent_text_version_unique")]

    def __str__(self) -> str:
        return f"{self.purpose} v{self.version}"


class Consent(models.Model):
    """One giving of consent to one text version; withdrawal closes it (never deletes it)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    text = models.ForeignKey(ConsentText, on_delete=models.PROTECT, related_name="consents")
    given_at = models.DateTimeField(_("otorgado"), default=timezone.now)
    withdrawn_at = models.DateTimeField(_("retirado"), null=True, blank=True)

    class Meta:
        ordering = ["-given_at", "-id"]
        verbose_name = _("consentimiento")
        verbose_name_plural = _("consentimientos")
        indexes = [models.Index(fields=["user", "withdrawn_at"], name="privacy_consent_active")]


class Breach(models.Model):
    """A security incident affecting personal data (Ley 21.719 art. 14 sexies): the record the
    Agency may ask for, and the internal clock for notifying it."""

    title = models.CharField(_("título"), max_length=200)
    description = models.TextField(_("qué ocurrió"), max_length=8000)
    detected_at = models.DateTimeField(_("detectada"))
    data_categories = models.TextField(_("categorías de datos afectadas"), max_length=2000)
    people_affected = models.PositiveIntegerField(_("personas afectadas"))
    measures = models.TextField(_("medidas adoptadas"), blank=True, max_length=8000)
    authority_notified_at = models.DateTimeField(_("comunicada a la Agencia"), null=True, blank=True)
    people_notified_at = models.DateTimeField(_("comunicada a las personas"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-detected_at", "-id"]
        verbose_name = _("brecha de seguridad")
        verbose_name_plural = _("brechas de seguridad")

    def __str__(self) -> str:
        return self.title

    @property
    def notify_by(self) -> datetime:
        return self.detected_at + timedelta(hours=breach_notify_hours())

    def is_notification_overdue(self, now: datetime | None = None) -> bool:
        return self.authority_notified_at is None and (now or timezone.now()) > self.notify_by


def request_days() -> int:
    """Calendar days to answer a request (Ley 21.719 art. 11: 30 days, extendable once)."""
    return int(getattr(settings, "PRIVACY_REQUEST_DAYS", 30))


def breach_notify_hours() -> int:
    """The hub's internal target for telling the Agency about a breach ("sin dilación indebida")."""
    return int(getattr(settings, "BREACH_NOTIFY_HOURS", 72))
