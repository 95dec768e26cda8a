"""Training: programmes with modules, cohorts (editions) with sessions, applications with a
waitlist, and attendance. Completion is never stored as typed: it is computed from attendance
and deliveries by completion.evaluate (a pure function) against the programme's rules.

Group projects and training evaluation (issue 13, items 4 and 7) will hang off Cohort and
Application with their own models (FKs to these), so they add tables without changing these."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hublocal.core.locking import Versioned


class ProgrammeStatus(models.TextChoices):
    DRAFT = "draft", _("Borrador")
    PUBLISHED = "published", _("Publicado")
    ARCHIVED = "archived", _("Archivado")


class Coverage(models.TextChoices):
    FEE = "fee", _("Arancel")
    AGREEMENT = "agreement", _("Por convenio")
    SCHOLARSHIP = "scholarship", _("Beca")


class Mode(models.TextChoices):
    VIRTUAL = "virtual", _("Virtual")
    IN_PERSON = "in_person", _("Presencial")
    HYBRID = "hybrid", _("Híbrido")


class Programme(Versioned):
    slug = models.SlugField(max_length=120, unique=True)
    title = models.CharField(_("título"), max_length=200)
    summary = models.CharField(_("resumen"), max_length=400, blank=True)
    objectives = models.TextField(_("objetivos"), blank=True)
    areas = models.JSONField(_("áreas prioritarias"), default=list, blank=True)
    audience = models.TextField(_("público"), blank=True)
    languages = models.JSONField(_("idiomas"), default=list, blank=True)
    partners = models.ManyToManyField("directory.Organization", blank=True, related_name="+")
    instructors = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")
    hours = models.DecimalField(_("horas"), max_digits=6, decimal_places=1)
    coverage = models.CharField(
        _("financiamiento"), max_length=20, choices=Coverage.choices, default=Coverage.AGREEMENT
    )
    fee_clp = models.PositiveIntegerField(_("arancel (CLP)"), null=True, blank=True)
    # [[area, dimension], ...] of the diagnosis: what gaps the programme closes (recommendations).
    dimensions = models.JSONField(default=list, blank=True)
    # {"min_attendance_pct": 75, "assignments": true, "project_presented": false}: see completion.py.
    completion_rules = models.JSONField(default=dict, blank=True)
    # [{"name": ..., "position": ...}] printed on certificates.
    signatories = models.JSONField(default=list, blank=True)
    status = models.CharField(max_length=20, choices=ProgrammeStatus.choices, default=ProgrammeStatus.DRAFT)
    is_demo = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["title"]
        indexes = [models.Index(fields=["status", "title"])]

    def __str__(self) -> str:
        return self.title


class Module(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="modules")
    order = models.PositiveSmallIntegerField(default=1)
    title = models.CharField(_("título"), max_length=200)
    mode = models.CharField(_("modalidad"), max_length=20, choices=Mode.choices, default=Mode.VIRTUAL)
    hours = models.DecimalField(_("horas"), max_digits=5, decimal_places=1, default=0)
    assignment_required = models.BooleanField(_("exige entrega"), default=False)

    class Meta:
        ordering = ["programme", "order"]
        constraints = [models.UniqueConstraint(fields=["programme", "order"], name="training_module_unique_order")]

    def __str__(self) -> str:
        return self.title


class CohortStatus(models.TextChoices):
    DRAFT = "draft", _("En preparación")
    OPEN = "open", _("Postulaciones abiertas")
    RUNNING = "running", _("En curso")
    FINISHED = "finished", _("Finalizada")
    CANCELLED = "cancelled", _("Cancelada")


class Cohort(Versioned):
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="cohorts")
    name = models.CharField(_("nombre"), max_length=200)
    starts_on = models.DateField(_("inicio"))
    ends_on = models.DateField(_("término"))
    # Eligibility: ISO country codes, typology codes, account roles; empty = anyone.
    eligible_countries = models.JSONField(default=list, blank=True)
    eligible_typologies = models.JSONField(default=list, blank=True)
    eligible_roles = models.JSONField(default=list, blank=True)
    capacity = models.PositiveIntegerField(_("cupos"))
    quota_per_municipality = models.PositiveIntegerField(null=True, blank=True)
    quota_per_country = models.PositiveIntegerField(null=True, blank=True)
    applications_open_at = models.DateTimeField()
    applications_close_at = models.DateTimeField()
    status = models.CharField(max_length=20, choices=CohortStatus.choices, default=CohortStatus.DRAFT)
    is_demo = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="training_cohort_dates"),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="training_cohort_capacity"),
        ]

    def __str__(self) -> str:
        return self.name


class Session(Versioned):  # Versioned since staff and instructors edit sessions (authoring)
    module = models.ForeignKey(Module, on_delete=models.PROTECT, related_name="sessions")
    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="sessions")
    title = models.CharField(max_length=200, blank=True)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    # The IANA zone the session is planned in ("America/Montevideo"): shown beside the
    # participant's own zone, and used for the calendar invitation.
    timezone = models.CharField(max_length=64, default="America/Santiago")
    place = models.CharField(max_length=300, blank=True)
    video_url = models.URLField(max_length=500, blank=True)
    materials = models.JSONField(default=list, blank=True)  # library resource ids
    checkin_code = models.CharField(max_length=8)

    class Meta:
        ordering = ["starts_at", "pk"]
        indexes = [models.Index(fields=["cohort", "starts_at"]), models.Index(fields=["starts_at"])]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="training_session_times")
        ]

    def __str__(self) -> str:
        return self.title or self.module.title


class ApplicationStatus(models.TextChoices):
    APPLIED = "applied", _("Postulada")
    ACCEPTED = "accepted", _("Aceptada")
    CONFIRMED = "confirmed", _("Confirmada")
    WAITLISTED = "waitlisted", _("En lista de espera")
    REJECTED = "rejected", _("No seleccionada")
    WITHDRAWN = "withdrawn", _("Retirada")


SEATED = (ApplicationStatus.ACCEPTED, ApplicationStatus.CONFIRMED)


class Application(models.Model):
    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="applications")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    # Snapshots at application time (a person may later change organisation).
    full_name = models.CharField(max_length=200)
    organization = models.ForeignKey(
        "directory.Organization", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    commune = models.ForeignKey("territory.Commune", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    country_code = models.CharField(max_length=2, blank=True)
    motivation = models.TextField(_("motivación"))
    status = models.CharField(max_length=20, choices=ApplicationStatus.choices, default=ApplicationStatus.APPLIED)
    waitlist_position = models.PositiveIntegerField(null=True, blank=True)
    decision_note = models.CharField(max_length=500, blank=True)
    applied_at = models.DateTimeField()
    decided_at = models.DateTimeField(null=True, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    anonymised = models.BooleanField(default=False)

    class Meta:
        ordering = ["applied_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["cohort", "user"], condition=Q(user__isnull=False), name="training_one_application_per_person"
            ),
        ]
        indexes = [models.Index(fields=["cohort", "status"]), models.Index(fields=["user", "status"])]

    def __str__(self) -> str:
        return f"{self.full_name} · {self.cohort_id}"


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("Presente")
    ABSENT = "absent", _("Ausente")
    EXCUSED = "excused", _("Justificada")


class AttendanceSource(models.TextChoices):
    INSTRUCTOR = "instructor", _("Docente")
    CHECKIN = "checkin", _("Código de sesión")
    IMPORT = "import", _("Importado de la videollamada")


class Attendance(models.Model):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendance")
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="attendance")
    status = models.CharField(max_length=20, choices=AttendanceStatus.choices)
    source = models.CharField(max_length=20, choices=AttendanceSource.choices)
    minutes = models.PositiveIntegerField(null=True, blank=True)
    recorded_at = models.DateTimeField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "application"], name="training_one_attendance_per_session")
        ]
        indexes = [models.Index(fields=["application", "status"])]


class Delivery(models.Model):
    """A module's assignment delivered by a participant (the "assignments" completion rule)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="deliveries")
    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="+")
    delivered_at = models.DateTimeField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["application", "module"], name="training_one_delivery")]
