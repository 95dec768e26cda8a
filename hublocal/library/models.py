"""The knowledge library: resources (studies, protocols, replicable models...), their versions,
files, evidence assessments, reviews, reviewer appointments, the staff-maintained mapping from
diagnosis dimensions to resources, and monthly usage counts (no personal data)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from hublocal.core.locking import Versioned


class Kind(models.TextChoices):
    APPLIED_STUDY = "applied_study", _("Estudio aplicado")
    TERRITORIAL_DIAGNOSIS = "territorial_diagnosis", _("Diagnóstico territorial")
    SECTORAL_REPORT = "sectoral_report", _("Informe sectorial")
    COMPARATIVE_ANALYSIS = "comparative_analysis", _("Análisis comparado")
    MANAGEMENT_PROTOCOL = "management_protocol", _("Protocolo de gestión")
    REPLICABLE_MODEL = "replicable_model", _("Modelo replicable")
    GOOD_PRACTICE = "good_practice", _("Buena práctica")
    TOOL_TEMPLATE = "tool_template", _("Herramienta o plantilla")
    POLICY_BRIEF = "policy_brief", _("Minuta de política")


# Kinds that describe a practice someone can adopt: they carry an evidence level.
PRACTICE_KINDS = frozenset({Kind.REPLICABLE_MODEL, Kind.GOOD_PRACTICE, Kind.MANAGEMENT_PROTOCOL})


class Status(models.TextChoices):
    DRAFT = "draft", _("Borrador")
    IN_REVIEW = "in_review", _("En revisión")
    PUBLISHED = "published", _("Publicado")
    RETIRED = "retired", _("Retirado")


class Licence(models.TextChoices):
    CC_BY = "CC-BY-4.0", _("CC BY 4.0 (atribución)")
    CC_BY_SA = "CC-BY-SA-4.0", _("CC BY-SA 4.0 (atribución, compartir igual)")
    CC_BY_NC = "CC-BY-NC-4.0", _("CC BY-NC 4.0 (atribución, no comercial)")
    CC0 = "CC0-1.0", _("CC0 1.0 (dominio público)")
    RESERVED = "all-rights-reserved", _("Todos los derechos reservados")


class Language(models.TextChoices):
    ES = "es", _("Español")
    PT = "pt", _("Portugués")
    EN = "en", _("Inglés")


class Resource(Versioned):
    """A library entry. Its content lives in ResourceVersion rows; the current published
    version's title, summary and facets are copied here so lists and filters need no join."""

    slug = models.SlugField(_("identificador"), max_length=140, unique=True)
    kind = models.CharField(_("tipo"), max_length=30, choices=Kind.choices)
    status = models.CharField(_("estado"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    organization = models.ForeignKey(
        "directory.Organization", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    evidence_level = models.PositiveSmallIntegerField(_("nivel de evidencia"), default=0)
    # The version the public sees (None until the first approval).
    current_version = models.ForeignKey(
        "ResourceVersion", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    title = models.CharField(_("título"), max_length=250)
    summary = models.TextField(_("resumen"), blank=True)
    areas = models.JSONField(default=list, blank=True)
    typologies = models.JSONField(default=list, blank=True)
    countries = models.JSONField(default=list, blank=True)
    tags = models.JSONField(default=list, blank=True)
    language = models.CharField(max_length=5, choices=Language.choices, default=Language.ES)
    year = models.PositiveIntegerField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    retired_at = models.DateTimeField(null=True, blank=True)
    retired_reason = models.TextField(_("motivo del retiro"), blank=True)
    # Analysed text of the current published version and its files (core.search).
    search_document = models.TextField(editable=False, default="")
    is_demo = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-published_at", "-id"]
        indexes = [
            models.Index(fields=["status", "-published_at"]),
            models.Index(fields=["status", "kind"]),
            models.Index(fields=["organization", "status"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(evidence_level__gte=0, evidence_level__lte=5), name="library_evidence_range"
            ),
        ]
        verbose_name = _("recurso")
        verbose_name_plural = _("recursos")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("library:resource_detail", kwargs={"slug": self.slug})

    @property
    def kind_label(self) -> str:
        return str(Kind(self.kind).label)

    @property
    def is_practice(self) -> bool:
        return self.kind in PRACTICE_KINDS


class VersionState(models.TextChoices):
    DRAFT = "draft", _("Borrador")
    IN_REVIEW = "in_review", _("En revisión")
    APPROVED = "approved", _("Aprobada")
    SUPERSEDED = "superseded", _("Reemplazada")


class ResourceVersion(models.Model):
    """One version of a resource's content. Approved versions never change; an edit to a
    published resource is a new version that goes through review while the current one stays
    public."""

    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    state = models.CharField(max_length=20, choices=VersionState.choices, default=VersionState.DRAFT)
    title = models.CharField(_("título"), max_length=250)
    summary = models.TextField(_("resumen"))
    body = models.TextField(_("contenido (Markdown)"), blank=True)
    areas = models.JSONField(_("áreas prioritarias"), default=list, blank=True)
    typologies = models.JSONField(_("tipologías"), default=list, blank=True)
    countries = models.JSONField(_("países"), default=list, blank=True)
    language = models.CharField(_("idioma"), max_length=5, choices=Language.choices, default=Language.ES)
    licence = models.CharField(_("licencia"), max_length=30, choices=Licence.choices, default=Licence.CC_BY)
    published_on = models.DateField(_("fecha de publicación"), null=True, blank=True)
    organizations = models.ManyToManyField("directory.Organization", blank=True, related_name="+")
    # Author names as they are cited (free text: people outside the directory write studies too).
    authors = models.JSONField(_("autores"), default=list, blank=True)
    related_solutions = models.JSONField(default=list, blank=True)
    related_challenges = models.JSONField(default=list, blank=True)
    related_pilots = models.JSONField(default=list, blank=True)
    dimensions = models.JSONField(default=list, blank=True)  # [[area, dimension], ...]
    tags = models.JSONField(_("etiquetas"), default=list, blank=True)
    # The replicable-model template (services.MODEL_SCHEMA); {} for other kinds.
    model = models.JSONField(default=dict, blank=True)
    change_note = models.TextField(_("nota de cambios"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    approved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["resource_id", "number"]
        constraints = [models.UniqueConstraint(fields=["resource", "number"], name="library_version_unique")]
        verbose_name = _("versión de recurso")
        verbose_name_plural = _("versiones de recursos")

    def __str__(self) -> str:
        return f"{self.title} v{self.number}"

    def get_absolute_url(self) -> str:
        return reverse("library:version_detail", kwargs={"slug": self.resource.slug, "number": self.number})


class Extraction(models.TextChoices):
    PENDING = "pending", _("Pendiente")
    OK = "ok", _("Texto extraído")
    FAILED = "failed", _("No se pudo leer")


class ResourceFile(models.Model):
    version = models.ForeignKey(ResourceVersion, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(upload_to="library/%Y/")
    name = models.CharField(_("nombre"), max_length=200)
    fmt = models.CharField(_("formato"), max_length=10)
    size = models.PositiveIntegerField(default=0)
    sha256 = models.CharField(max_length=64)
    text = models.TextField(blank=True, editable=False)
    extraction = models.CharField(max_length=10, choices=Extraction.choices, default=Extraction.PENDING)
    extraction_reason = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["version_id", "id"]
        verbose_name = _("archivo de recurso")

    def __str__(self) -> str:
        return self.name


class EvidenceAssessment(models.Model):
    """Each setting of a resource's evidence level, kept as history; the latest is current."""

    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="assessments")
    level = models.PositiveSmallIntegerField()
    justification = models.TextField(_("justificación"))
    evidence = models.JSONField(default=list, blank=True)  # [{"kind", "ref", "label"}]
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    set_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["resource_id", "-set_at", "-id"]


class ReviewerAppointment(models.Model):
    """A partner's person appointed by staff to review proposals (all areas when `areas` is [])."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    areas = models.JSONField(default=list, blank=True)
    appointed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    appointed_at = models.DateTimeField(auto_now_add=True)
    active = models.BooleanField(default=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user"], name="library_one_appointment_per_user")]


class Decision(models.TextChoices):
    APPROVE = "approve", _("Aprobar y publicar")
    RETURN = "return", _("Devolver con observaciones")


class Review(models.Model):
    version = models.ForeignKey(ResourceVersion, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    decision = models.CharField(max_length=10, choices=Decision.choices)
    comment = models.TextField(_("comentario"), blank=True)
    criteria_version = models.PositiveIntegerField()
    checklist = models.JSONField(default=dict)  # {criterion id: bool}
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["version_id", "-created_at", "-id"]


class DimensionLink(models.Model):
    """Staff-maintained: this resource addresses this diagnosis dimension."""

    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="dimension_links")
    area = models.CharField(max_length=20)
    dimension = models.CharField(max_length=60)
    note = models.CharField(_("nota"), max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["area", "dimension", "id"]
        constraints = [
            models.UniqueConstraint(fields=["resource", "area", "dimension"], name="library_dimension_link_unique")
        ]
        indexes = [models.Index(fields=["area", "dimension"])]


class UsageMonth(models.Model):
    """Views and downloads of a resource in a month: counts only, nothing about who."""

    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="usage")
    month = models.DateField()  # first day of the month
    views = models.PositiveIntegerField(default=0)
    downloads = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["resource_id", "month"]
        constraints = [models.UniqueConstraint(fields=["resource", "month"], name="library_usage_month_unique")]
