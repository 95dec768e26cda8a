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


# --- Evaluation (issue 13 item 7): survey responses --------------------------------------------


class SurveyKind(models.TextChoices):
    SATISFACTION = "satisfaction", _("Satisfacción con el módulo")
    PRE = "pre", _("Autoevaluación inicial")
    POST = "post", _("Autoevaluación final")


class SurveyResponse(models.Model):
    """One participant's answers to one evaluation survey: satisfaction with a module, or the
    competency self-assessment at the start (pre) or the end (post) of the cohort. Answered once,
    never edited. Reports show only aggregates and unsigned comments (evaluation.py)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="survey_responses")
    # Denormalised from the application: the cohort report reads every response in one query.
    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=SurveyKind.choices)
    module = models.ForeignKey(Module, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    # The instrument (content/training/instruments/<slug>/v<version>.yaml) the answers were given in.
    instrument_slug = models.CharField(max_length=80)
    instrument_version = models.PositiveIntegerField()
    answers = models.JSONField(default=dict)
    submitted_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["application", "kind", "module"],
                condition=Q(module__isnull=False),
                name="training_one_module_survey",
            ),
            models.UniqueConstraint(
                fields=["application", "kind"], condition=Q(module__isnull=True), name="training_one_cohort_survey"
            ),
            models.CheckConstraint(
                condition=(Q(kind="satisfaction") & Q(module__isnull=False))
                | (Q(kind__in=["pre", "post"]) & Q(module__isnull=True)),
                name="training_survey_module_iff_satisfaction",
            ),
        ]
        indexes = [models.Index(fields=["cohort", "kind"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.application_id}"


# --------------------------------------------------------------------------- Group projects
# Issue 13, item 4: a cohort's participants work in groups (across municipalities and countries)
# on one innovation project each, tracked through design-thinking stages and mentored.


class ProjectGroup(models.Model):
    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="project_groups")
    name = models.CharField(_("nombre del grupo"), max_length=120)
    # An instructor of the cohort or a hub staff user (checked by the service).
    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["cohort", "name", "pk"]
        constraints = [models.UniqueConstraint(fields=["cohort", "name"], name="training_group_unique_name")]

    def __str__(self) -> str:
        return self.name


class GroupMember(models.Model):
    group = models.ForeignKey(ProjectGroup, on_delete=models.CASCADE, related_name="members")
    # One application per person per cohort, so one membership per application means a person
    # is in at most one group of a cohort; the database keeps it so under concurrency too.
    application = models.OneToOneField(Application, on_delete=models.CASCADE, related_name="project_membership")

    class Meta:
        ordering = ["group", "application__full_name", "pk"]


class ProjectStage(models.TextChoices):
    IDEA = "idea", _("Idea")
    CONCEPT = "concept", _("Concepto")
    PROTOTYPE = "prototype", _("Prototipo")
    TESTED = "tested", _("Probado")


class GroupProject(Versioned):
    group = models.OneToOneField(ProjectGroup, on_delete=models.CASCADE, related_name="project")
    title = models.CharField(_("título"), max_length=200)
    problem = models.TextField(_("problema"), blank=True)
    local_context = models.TextField(_("contexto local"), blank=True)
    concept = models.TextField(_("concepto"), blank=True)
    prototype = models.TextField(_("descripción del prototipo"), blank=True)
    test_findings = models.TextField(_("resultados de la prueba"), blank=True)
    stage = models.CharField(max_length=20, choices=ProjectStage.choices, default=ProjectStage.IDEA)
    stage_changed_at = models.DateTimeField(null=True, blank=True)
    presented_on = models.DateField(null=True, blank=True)
    presentation_url = models.URLField(max_length=500, blank=True)
    presentation_file = models.FileField(upload_to="training/projects/%Y/", blank=True)
    presentation_file_name = models.CharField(max_length=200, blank=True)
    is_public = models.BooleanField(default=False)
    # Converted once per target kind; ids of the other apps' objects (they own those tables).
    challenge_id = models.PositiveIntegerField(null=True, blank=True)
    resource_id = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["group__cohort", "group__name", "pk"]
        indexes = [models.Index(fields=["is_public", "stage"])]

    def __str__(self) -> str:
        return self.title


class ProjectStageChange(models.Model):
    project = models.ForeignKey(GroupProject, on_delete=models.CASCADE, related_name="stage_changes")
    from_stage = models.CharField(max_length=20, choices=ProjectStage.choices)
    to_stage = models.CharField(max_length=20, choices=ProjectStage.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField()

    class Meta:
        ordering = ["changed_at", "pk"]


class PrototypeVersion(models.Model):
    """One "submit prototype": never edited afterwards (the history of the prototype)."""

    project = models.ForeignKey(GroupProject, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    text = models.TextField()
    file = models.FileField(upload_to="training/projects/%Y/", blank=True)
    file_name = models.CharField(max_length=200, blank=True)
    file_fmt = models.CharField(max_length=10, blank=True)
    file_size = models.PositiveIntegerField(default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField()

    class Meta:
        ordering = ["project", "number"]
        constraints = [models.UniqueConstraint(fields=["project", "number"], name="training_prototype_version_unique")]


class ProjectFeedback(models.Model):
    project = models.ForeignKey(GroupProject, on_delete=models.CASCADE, related_name="feedback")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    stage = models.CharField(max_length=20, choices=ProjectStage.choices)
    version = models.ForeignKey(
        PrototypeVersion, null=True, blank=True, on_delete=models.SET_NULL, related_name="feedback"
    )
    body = models.TextField()
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at", "pk"]
