from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hublocal.core.areas import Area


class InstrumentVersion(models.Model):
    """A published questionnaire version. Immutable: its content and checksum never change;
    answers and results point at the version they were given in."""

    slug = models.SlugField(max_length=80)
    version = models.PositiveIntegerField()
    area = models.CharField(max_length=20, choices=Area.choices)
    title = models.CharField(max_length=200)
    content = models.JSONField()
    checksum = models.CharField(max_length=64)
    question_count = models.PositiveIntegerField(default=0)
    published_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["slug", "-version"]
        constraints = [models.UniqueConstraint(fields=["slug", "version"], name="instrument_version_unique")]
        verbose_name = _("versión de instrumento")
        verbose_name_plural = _("versiones de instrumentos")

    def __str__(self) -> str:
        return f"{self.title} (v{self.version})"


class Campaign(models.Model):
    name = models.CharField(_("nombre"), max_length=200)
    instrument_version = models.ForeignKey(InstrumentVersion, on_delete=models.PROTECT, related_name="campaigns")
    opens_at = models.DateTimeField(_("abre"))
    closes_at = models.DateTimeField(_("cierra"))
    remind_after_days = models.PositiveSmallIntegerField(_("recordar tras (días sin actividad)"), default=7)
    escalate_admin_after_days = models.PositiveSmallIntegerField(_("escalar al administrador tras"), default=14)
    escalate_mayor_after_days = models.PositiveSmallIntegerField(_("escalar a alcaldía tras"), default=21)
    results_public = models.BooleanField(_("publicar puntajes"), default=True)
    # Bumped whenever a result of the campaign changes: cached aggregates (ranking, peers,
    # histogram, map) are keyed by it, so every process sees fresh figures after a submission.
    results_version = models.PositiveIntegerField(default=0, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    is_demo = models.BooleanField(default=False)

    class Meta:
        ordering = ["-opens_at", "-id"]
        verbose_name = _("campaña")
        verbose_name_plural = _("campañas")
        constraints = [
            models.CheckConstraint(condition=models.Q(closes_at__gt=models.F("opens_at")), name="campaign_dates"),
        ]

    def __str__(self) -> str:
        return self.name


class ParticipationStatus(models.TextChoices):
    INVITED = "invited", _("Invitado")
    CONFIRMED = "confirmed", _("Confirmado")
    IN_PROGRESS = "in_progress", _("En curso")
    SUBMITTED = "submitted", _("Enviado")


class Participation(models.Model):
    """One municipality in one campaign. Typology and region are copied at invitation so that
    peer groups stay those of the campaign's time even if the classification changes later."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="participations")
    organization = models.ForeignKey("directory.Organization", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=20, choices=ParticipationStatus.choices, default=ParticipationStatus.INVITED)
    focal_point = models.ForeignKey(
        "directory.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    commune_code = models.CharField(max_length=32)
    commune_name = models.CharField(max_length=120)
    region_code = models.CharField(max_length=8, blank=True)
    typology = models.CharField(max_length=20)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    last_activity_at = models.DateTimeField(null=True, blank=True)
    # Set by staff when reopening after the close: the municipality may answer until then.
    extended_until = models.DateTimeField(null=True, blank=True)
    # Bumped on every saved answer: lets a page tell whether what it shows is still current.
    revision = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["campaign_id", "commune_code"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "organization"], name="participation_unique"),
        ]
        indexes = [models.Index(fields=["organization", "status"])]
        verbose_name = _("participación")
        verbose_name_plural = _("participaciones")

    def __str__(self) -> str:
        return f"{self.commune_name} · {self.campaign}"


class Answer(models.Model):
    participation = models.ForeignKey(Participation, on_delete=models.CASCADE, related_name="answers")
    question_id = models.CharField(max_length=40)
    value = models.JSONField()
    # Per-answer version for optimistic concurrency: a save must name the version it edited.
    version = models.PositiveIntegerField(default=1)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["participation", "question_id"], name="answer_unique")]
        verbose_name = _("respuesta")
        verbose_name_plural = _("respuestas")


class AnswerChange(models.Model):
    """History: who changed which answer to what, and when."""

    participation = models.ForeignKey(Participation, on_delete=models.CASCADE, related_name="changes")
    question_id = models.CharField(max_length=40)
    value = models.JSONField(null=True)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-changed_at", "-id"]
        indexes = [models.Index(fields=["participation", "question_id"])]


class Result(models.Model):
    """Scores of a submitted participation, computed with its instrument version's method."""

    participation = models.OneToOneField(Participation, on_delete=models.CASCADE, related_name="result")
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="results")
    instrument_version = models.ForeignKey(InstrumentVersion, on_delete=models.PROTECT, related_name="+")
    organization = models.ForeignKey("directory.Organization", on_delete=models.PROTECT, related_name="+")
    commune_code = models.CharField(max_length=32, db_index=True)
    commune_name = models.CharField(max_length=120)
    region_code = models.CharField(max_length=8, blank=True)
    typology = models.CharField(max_length=20)
    overall = models.FloatField(null=True)
    level = models.PositiveSmallIntegerField(null=True)
    dimensions = models.JSONField(default=dict)
    computed_at = models.DateTimeField()

    class Meta:
        indexes = [
            models.Index(fields=["campaign", "overall"]),
            models.Index(fields=["campaign", "typology", "overall"]),
            models.Index(fields=["campaign", "region_code", "overall"]),
            models.Index(fields=["commune_code", "computed_at"]),
        ]


class DimensionScore(models.Model):
    """One row per result and dimension, denormalised so peer percentiles are index scans."""

    result = models.ForeignKey(Result, on_delete=models.CASCADE, related_name="dimension_scores")
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="+")
    dimension = models.CharField(max_length=40)
    score = models.FloatField()
    typology = models.CharField(max_length=20)
    region_code = models.CharField(max_length=8, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["campaign", "dimension", "score"]),
            models.Index(fields=["campaign", "dimension", "typology", "score"]),
            models.Index(fields=["campaign", "dimension", "region_code", "score"]),
        ]


class ProposedChallenge(models.Model):
    """A gap turned into a draft challenge with one action; the open-innovation app will
    adopt these drafts."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Borrador")
        ADOPTED = "adopted", _("Convertido en desafío")
        DISCARDED = "discarded", _("Descartado")

    participation = models.ForeignKey(Participation, on_delete=models.CASCADE, related_name="proposed_challenges")
    organization = models.ForeignKey("directory.Organization", on_delete=models.CASCADE, related_name="+")
    area = models.CharField(max_length=20, choices=Area.choices)
    dimension = models.CharField(max_length=40)
    title = models.CharField(_("título"), max_length=200)
    problem = models.TextField(_("problema"))
    score = models.FloatField(null=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["participation", "dimension"], name="one_proposal_per_gap"),
        ]
