"""Open innovation (Municipia): challenges written as problems, calls that group them with
published criteria, public questions and answers, and solution-presentation events."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hublocal.core.areas import Area
from hublocal.core.locking import Versioned


class ChallengeStatus(models.TextChoices):
    DRAFT = "draft", _("Borrador")
    IN_REVIEW = "in_review", _("En revisión")
    PUBLISHED = "published", _("Publicado")
    CLOSED = "closed", _("Cerrado")
    IN_PILOT = "in_pilot", _("En piloto")
    FINISHED = "finished", _("Finalizado")
    ARCHIVED = "archived", _("Archivado")


class ChallengeOrigin(models.TextChoices):
    DIAGNOSIS = "diagnosis", _("Brecha de un diagnóstico")
    DIRECT = "direct", _("Escrito directamente")


class CallStatus(models.TextChoices):
    DRAFT = "draft", _("Borrador")
    PUBLISHED = "published", _("Publicada")
    CANCELLED = "cancelled", _("Cancelada")


class Call(Versioned):
    """A convocatoria: one call serves many municipalities (Startup in Residence). Criteria and
    weights are published with it and frozen from then on (UK Digital Marketplace)."""

    title = models.CharField(_("título"), max_length=200)
    slug = models.SlugField(_("identificador"), max_length=140, unique=True)
    description = models.TextField(_("descripción"))
    eligibility = models.TextField(_("requisitos de postulación"))
    opens_at = models.DateTimeField(_("abre"))
    closes_at = models.DateTimeField(_("cierra"))
    status = models.CharField(max_length=20, choices=CallStatus.choices, default=CallStatus.DRAFT)
    published_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    is_demo = models.BooleanField(default=False)

    class Meta:
        ordering = ["-opens_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(closes_at__gt=models.F("opens_at")), name="call_dates"),
        ]
        verbose_name = _("convocatoria")
        verbose_name_plural = _("convocatorias")

    def __str__(self) -> str:
        return self.title


class Criterion(models.Model):
    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(_("criterio"), max_length=200)
    description = models.TextField(_("qué se evalúa"), blank=True)
    weight = models.PositiveSmallIntegerField(_("ponderación (%)"))
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["call_id", "order", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(weight__gte=1, weight__lte=100), name="criterion_weight_range"),
        ]
        verbose_name = _("criterio de evaluación")
        verbose_name_plural = _("criterios de evaluación")

    def __str__(self) -> str:
        return f"{self.name} ({self.weight}%)"


class Challenge(Versioned):
    """A problem, not a specification: who suffers it, how it is handled today, the constraints
    and what measurable result would count as success."""

    title = models.CharField(_("título"), max_length=200)
    area = models.CharField(_("área prioritaria"), max_length=20, choices=Area.choices)
    # The municipality that wrote it (and may edit it while in draft).
    owner = models.ForeignKey("directory.Organization", on_delete=models.PROTECT, related_name="owned_challenges")
    # Every municipality that shares the problem, the owner included.
    municipalities: models.ManyToManyField[Any, Any] = models.ManyToManyField(
        "directory.Organization", through="ChallengeMunicipality", related_name="challenges"
    )
    problem = models.TextField(_("el problema"))
    # A draft adopted from a diagnosis gap starts without these three; services require them
    # whenever the challenge is written or edited, and before it is sent to review.
    affected = models.TextField(_("quiénes lo sufren"), blank=True)
    current_process = models.TextField(_("cómo se hace hoy"), blank=True)
    constraints = models.TextField(_("restricciones"), blank=True)
    budget_min = models.PositiveBigIntegerField(_("presupuesto mínimo (CLP)"), null=True, blank=True)
    budget_max = models.PositiveBigIntegerField(_("presupuesto máximo (CLP)"), null=True, blank=True)
    connectivity = models.CharField(_("conectividad disponible"), max_length=200, blank=True)
    staff_skills = models.CharField(_("competencias digitales del equipo"), max_length=200, blank=True)
    success = models.TextField(_("cómo se ve el éxito (medible)"), blank=True)
    origin = models.CharField(max_length=20, choices=ChallengeOrigin.choices, default=ChallengeOrigin.DIRECT)
    # The diagnosis gap it came from, when it did.
    proposed_challenge = models.OneToOneField(
        "diagnosis.ProposedChallenge", null=True, blank=True, on_delete=models.SET_NULL, related_name="challenge"
    )
    call = models.ForeignKey(Call, null=True, blank=True, on_delete=models.PROTECT, related_name="challenges")
    status = models.CharField(max_length=20, choices=ChallengeStatus.choices, default=ChallengeStatus.DRAFT)
    review_note = models.TextField(_("observaciones de revisión"), blank=True)
    terms = models.JSONField(default=list, editable=False)
    # Accent-folded title and problem: Spanish search that is identical on SQLite and PostgreSQL.
    search_text = models.TextField(default="", editable=False)
    published_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    is_demo = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "area"]), models.Index(fields=["call", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(budget_min__isnull=True)
                | models.Q(budget_max__isnull=True)
                | models.Q(budget_max__gte=models.F("budget_min")),
                name="challenge_budget_range",
            ),
        ]
        verbose_name = _("desafío")
        verbose_name_plural = _("desafíos")

    def __str__(self) -> str:
        return self.title


class ChallengeMunicipality(models.Model):
    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="memberships")
    organization = models.ForeignKey("directory.Organization", on_delete=models.PROTECT, related_name="+")
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["challenge", "organization"], name="challenge_municipality_unique"),
        ]


class Question(models.Model):
    """A question on a call's public board. The asker may stay anonymous to everyone but the hub;
    the answer is public to all."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="questions")
    challenge = models.ForeignKey(Challenge, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    text = models.TextField(_("pregunta"))
    asked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    anonymous = models.BooleanField(_("preguntar de forma anónima"), default=True)
    answer = models.TextField(_("respuesta"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("pregunta")
        verbose_name_plural = _("preguntas")


class Event(Versioned):
    """A solution-presentation event (the first programme drew 800 people)."""

    title = models.CharField(_("título"), max_length=200)
    description = models.TextField(_("descripción"))
    call = models.ForeignKey(Call, null=True, blank=True, on_delete=models.SET_NULL, related_name="events")
    starts_at = models.DateTimeField(_("inicio"))
    ends_at = models.DateTimeField(_("término"))
    place = models.CharField(_("lugar"), max_length=200, blank=True)
    online_url = models.URLField(_("enlace de transmisión"), blank=True)
    capacity = models.PositiveIntegerField(_("cupos"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    is_demo = models.BooleanField(default=False)

    class Meta:
        ordering = ["-starts_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_at__gt=models.F("starts_at")), name="event_dates"),
        ]
        verbose_name = _("evento")
        verbose_name_plural = _("eventos")

    def __str__(self) -> str:
        return self.title


class EventRegistration(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    full_name = models.CharField(_("nombre"), max_length=200)
    email = models.EmailField(_("correo"))
    organization_name = models.CharField(_("organización"), max_length=200, blank=True)
    attended = models.BooleanField(_("asistió"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["event_id", "created_at"]
        constraints = [models.UniqueConstraint(fields=["event", "email"], name="event_registration_unique")]
