"""Engagement tracks: one per (process, subject, organisation), and the log of every reminder.

A track is how any process (a diagnosis campaign, later challenges and pilots) tells this app
"this organisation is expected to act here". The app then notices silence and escalates along
the municipality's designated chain: focal point → municipal administrator → mayor (seed 000)."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class TrackStatus(models.TextChoices):
    INVITED = "invited", _("Invitada")
    CONFIRMED = "confirmed", _("Confirmada")
    IN_PROGRESS = "in_progress", _("En curso")
    DONE = "done", _("Completada")
    SILENT = "silent", _("Sin respuesta")


class EscalationLevel(models.IntegerChoices):
    NONE = 0, _("Sin escalamiento")
    FOCAL_POINT = 1, _("Recordatorio al punto focal")
    ADMINISTRATOR = 2, _("Aviso al administrador/a municipal")
    MAYOR = 3, _("Aviso al alcalde/sa")


class MessageRole(models.TextChoices):
    """Same values as directory.models.DesignationRole: a message goes to a designated role."""

    FOCAL_POINT = "focal_point", _("Punto focal")
    ADMINISTRATOR = "administrator", _("Administrador/a municipal")
    MAYOR = "mayor", _("Alcalde/sa")


class MessageOutcome(models.TextChoices):
    SENT = "sent", _("Enviado")
    NO_CONTACT = "no_contact", _("Sin contacto designado")
    FAILED = "failed", _("Falló el envío")


class Track(models.Model):
    process = models.CharField(_("proceso"), max_length=60, help_text=_("Por ejemplo: diagnosis.campaign."))
    subject_key = models.CharField(_("objeto"), max_length=100, help_text=_("Por ejemplo: campaign:12."))
    organization = models.ForeignKey(
        "directory.Organization", on_delete=models.CASCADE, related_name="engagement_tracks"
    )
    label = models.CharField(_("nombre del proceso"), max_length=200)
    url = models.CharField(_("enlace"), max_length=300, blank=True, help_text=_("Dónde actúa la organización."))
    status = models.CharField(_("estado"), max_length=20, choices=TrackStatus.choices, default=TrackStatus.INVITED)
    last_activity_at = models.DateTimeField(_("última actividad"), null=True, blank=True)
    escalation_level = models.PositiveSmallIntegerField(
        _("nivel de escalamiento"), choices=EscalationLevel.choices, default=EscalationLevel.NONE
    )
    remind_after_days = models.PositiveSmallIntegerField(_("recordar al punto focal tras (días)"), default=7)
    escalate_admin_after_days = models.PositiveSmallIntegerField(_("avisar al administrador tras (días)"), default=14)
    escalate_mayor_after_days = models.PositiveSmallIntegerField(_("avisar al alcalde tras (días)"), default=21)
    # When the next escalation level falls due; None once done or after the mayor. Kept by the
    # services so the hourly scan is one indexed range query instead of date arithmetic per row.
    next_due_at = models.DateTimeField(null=True, blank=True, editable=False)
    # A default rather than auto_now_add so a simulated clock (tests, back-filled processes) can set it.
    created_at = models.DateTimeField(_("creado"), default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    closed_at = models.DateTimeField(_("cerrado"), null=True, blank=True)

    class Meta:
        ordering = ["process", "subject_key", "organization_id"]
        verbose_name = _("seguimiento")
        verbose_name_plural = _("seguimientos")
        constraints = [
            models.UniqueConstraint(fields=["process", "subject_key", "organization"], name="engagement_track_unique"),
            models.CheckConstraint(
                condition=models.Q(escalation_level__gte=0, escalation_level__lte=3),
                name="engagement_track_level_range",
            ),
        ]
        indexes = [
            models.Index(fields=["next_due_at"], name="engagement_track_due"),
            models.Index(fields=["process", "subject_key", "status"], name="engagement_track_funnel"),
            models.Index(fields=["organization", "status"], name="engagement_track_org"),
        ]

    def __str__(self) -> str:
        return f"{self.label} · {self.organization_id}"

    @property
    def reference_at(self) -> datetime:
        """Silence is counted from the last activity, or from the invitation if there was none."""
        return self.last_activity_at or self.created_at

    def thresholds(self) -> dict[int, int]:
        """Days of silence after which each escalation level is due."""
        return {
            EscalationLevel.FOCAL_POINT: self.remind_after_days,
            EscalationLevel.ADMINISTRATOR: self.escalate_admin_after_days,
            EscalationLevel.MAYOR: self.escalate_mayor_after_days,
        }

    def inactive_days(self, now: datetime) -> int:
        return max(0, int((now - self.reference_at) // timedelta(days=1)))

    def compute_next_due_at(self) -> datetime | None:
        if self.status == TrackStatus.DONE or self.escalation_level >= EscalationLevel.MAYOR:
            return None
        days = self.thresholds()[self.escalation_level + 1]
        return self.reference_at + timedelta(days=days)


class Message(models.Model):
    """Every escalation attempt, including those that reached nobody: the log is how the hub
    sees that a chain is broken (no one designated, no e-mail, mail server down)."""

    track = models.ForeignKey(Track, on_delete=models.CASCADE, related_name="messages")
    level = models.PositiveSmallIntegerField(_("nivel"), choices=EscalationLevel.choices)
    role = models.CharField(_("destinatario (rol)"), max_length=20, choices=MessageRole.choices)
    recipient_name = models.CharField(_("destinatario"), max_length=200, blank=True)
    recipient_email = models.EmailField(_("correo del destinatario"), blank=True)
    subject = models.CharField(_("asunto"), max_length=255)
    body = models.TextField(_("mensaje"))
    days_inactive = models.PositiveIntegerField(_("días sin actividad"), default=0)
    sent_at = models.DateTimeField(_("fecha"), db_index=True)
    outcome = models.CharField(_("resultado"), max_length=20, choices=MessageOutcome.choices)
    error = models.CharField(_("error"), max_length=300, blank=True)

    class Meta:
        ordering = ["-sent_at", "-id"]
        verbose_name = _("mensaje de seguimiento")
        verbose_name_plural = _("mensajes de seguimiento")
        indexes = [models.Index(fields=["track", "sent_at"], name="engagement_message_track")]

    def __str__(self) -> str:
        return self.subject
