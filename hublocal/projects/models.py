"""Collaborative projects (issue 14, item 4): objectives, partner organisations with their
roles, funding sources, milestones with % progress (the project's % is their weighted mean,
never typed), results with evidence and links to library resources."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hublocal.core.locking import Versioned


class ProjectStatus(models.TextChoices):
    PLANNED = "planned", _("En preparación")
    ACTIVE = "active", _("En ejecución")
    FINISHED = "finished", _("Terminado")


class Currency(models.TextChoices):
    CLP = "CLP", _("Pesos chilenos (CLP)")
    UF = "UF", _("Unidades de fomento (UF)")
    USD = "USD", _("Dólares (USD)")
    EUR = "EUR", _("Euros (EUR)")


class Project(Versioned):
    slug = models.SlugField(_("identificador"), max_length=140, unique=True)
    title = models.CharField(_("título"), max_length=200)
    summary = models.TextField(_("resumen"))
    # One objective per line: a short list a reader scans, not a document.
    objectives = models.TextField(_("objetivos"))
    starts_on = models.DateField(_("inicio"))
    ends_on = models.DateField(_("término"))
    status = models.CharField(_("estado"), max_length=10, choices=ProjectStatus.choices, default=ProjectStatus.ACTIVE)
    contact_name = models.CharField(_("persona de contacto"), max_length=200, blank=True)
    contact_email = models.EmailField(_("correo de contacto"), blank=True)
    library_resources = models.ManyToManyField("library.Resource", blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    is_demo = models.BooleanField(default=False)

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = _("proyecto colaborativo")
        verbose_name_plural = _("proyectos colaborativos")

    def __str__(self) -> str:
        return self.title

    @property
    def objective_list(self) -> list[str]:
        return [line.strip() for line in self.objectives.splitlines() if line.strip()]


class PartnerRole(models.TextChoices):
    LEAD = "lead", _("Coordinación")
    PARTNER = "partner", _("Socio ejecutor")
    FUNDER = "funder", _("Financiamiento")
    ADVISOR = "advisor", _("Asesoría técnica")
    BENEFICIARY = "beneficiary", _("Municipio participante")


class Partner(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="partners")
    organization = models.ForeignKey("directory.Organization", on_delete=models.PROTECT, related_name="+")
    role = models.CharField(_("rol"), max_length=12, choices=PartnerRole.choices)

    class Meta:
        ordering = ["project_id", "role", "id"]
        constraints = [models.UniqueConstraint(fields=["project", "organization"], name="projects_partner_once")]


class FundingSource(models.Model):
    # The funding agreement is linked by the lead once the agreements app is merged (report).
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="funding")
    funder = models.ForeignKey("directory.Organization", on_delete=models.PROTECT, related_name="+")
    amount = models.DecimalField(_("monto"), max_digits=16, decimal_places=2)
    currency = models.CharField(_("moneda"), max_length=3, choices=Currency.choices)
    note = models.CharField(_("nota"), max_length=200, blank=True)

    class Meta:
        ordering = ["project_id", "id"]
        constraints = [models.CheckConstraint(condition=models.Q(amount__gt=0), name="projects_funding_positive")]


class Milestone(Versioned):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="milestones")
    order = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(_("título"), max_length=200)
    description = models.TextField(_("descripción"), blank=True)
    starts_on = models.DateField(_("inicio"))
    due_on = models.DateField(_("fecha comprometida"))
    # Its share of the project's progress (a relative weight: 1–100).
    weight = models.PositiveSmallIntegerField(_("peso"), default=1)
    progress = models.PositiveSmallIntegerField(_("avance (%)"), default=0)

    class Meta:
        ordering = ["project_id", "order", "starts_on", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(progress__lte=100), name="projects_progress_max"),
            models.CheckConstraint(condition=models.Q(weight__gte=1), name="projects_weight_min"),
        ]

    def __str__(self) -> str:
        return self.title


class Result(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="results")
    title = models.CharField(_("título"), max_length=200)
    evidence = models.TextField(_("evidencia"))
    link = models.URLField(_("enlace"), blank=True)
    file = models.FileField(upload_to="projects/%Y/", blank=True)
    file_name = models.CharField(max_length=200, blank=True)
    file_fmt = models.CharField(max_length=8, blank=True)
    file_size = models.PositiveIntegerField(default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    recorded_on = models.DateField(_("fecha"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["project_id", "-recorded_on", "-id"]
