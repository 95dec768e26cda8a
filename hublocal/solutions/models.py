"""Startups' profiles and the public catalogue of their solutions."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hublocal.core.areas import Area
from hublocal.core.locking import Versioned


class Stage(models.TextChoices):
    IDEA = "idea", _("Idea / prototipo")
    MVP = "mvp", _("Producto mínimo viable")
    EARLY = "early", _("Primeras ventas")
    SCALING = "scaling", _("En escalamiento")
    CONSOLIDATED = "consolidated", _("Consolidada")


class StartupProfile(Versioned):
    """What the hub needs to know about a GovTech startup beyond its directory entry."""

    organization = models.OneToOneField(
        "directory.Organization", on_delete=models.CASCADE, related_name="startup_profile"
    )
    stage = models.CharField(_("etapa"), max_length=20, choices=Stage.choices, default=Stage.MVP)
    team_size = models.PositiveIntegerField(_("tamaño del equipo"), default=1)
    founded_year = models.PositiveIntegerField(_("año de fundación"), null=True, blank=True)
    team = models.TextField(_("equipo"), blank=True, help_text=_("Personas clave y sus roles."))
    references = models.TextField(_("referencias"), blank=True)
    public_sector_experience = models.TextField(_("experiencia previa con el sector público"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("perfil de startup")
        verbose_name_plural = _("perfiles de startup")

    def __str__(self) -> str:
        return str(self.organization)


class Deployment(models.TextChoices):
    CLOUD = "cloud", _("Nube (SaaS)")
    ON_PREMISE = "on_premise", _("Instalación local")
    HYBRID = "hybrid", _("Híbrido")
    MOBILE = "mobile", _("Aplicación móvil")
    HARDWARE = "hardware", _("Hardware / sensores")


class PricingModel(models.TextChoices):
    SUBSCRIPTION = "subscription", _("Suscripción")
    PER_USER = "per_user", _("Por usuario")
    PER_TRANSACTION = "per_transaction", _("Por transacción")
    LICENSE = "license", _("Licencia")
    PROJECT = "project", _("Proyecto a precio fijo")
    FREE = "free", _("Gratuito / código abierto")


class Solution(Versioned):
    organization = models.ForeignKey("directory.Organization", on_delete=models.CASCADE, related_name="solutions")
    slug = models.SlugField(_("identificador"), max_length=140, unique=True)
    name = models.CharField(_("nombre"), max_length=200)
    summary = models.CharField(_("resumen"), max_length=300)
    problem = models.TextField(_("problema que resuelve"))
    description = models.TextField(_("descripción"), blank=True)
    area = models.CharField(_("área prioritaria"), max_length=20, choices=Area.choices)
    deployment = models.CharField(_("despliegue"), max_length=20, choices=Deployment.choices)
    pricing_model = models.CharField(_("modelo de precio"), max_length=20, choices=PricingModel.choices)
    price_range = models.CharField(_("rango de precio"), max_length=120, blank=True)
    # Typologies the startup says it serves well (metropolitana, mayor, media, rural); empty = all.
    typologies = models.JSONField(_("tipologías"), default=list, blank=True)
    pilots_done = models.PositiveIntegerField(_("pilotos realizados"), default=0)
    evidence = models.TextField(_("evidencia de resultados"), blank=True)
    keywords = models.CharField(_("palabras clave"), max_length=300, blank=True)
    is_published = models.BooleanField(_("publicada en el catálogo"), default=True)
    # Analysed terms (stems after folding, stop words and synonyms) kept beside the text so the
    # matcher's in-memory index loads without re-analysing 50,000 descriptions.
    terms = models.JSONField(default=list, editable=False)
    search_name = models.CharField(max_length=200, db_index=True, editable=False, default="")
    # The same terms as one text, indexed by the database's full-text engine (core.search: a
    # generated tsvector with a GIN index on PostgreSQL, an FTS5 table on SQLite) for the
    # catalogue's search box. Whoever writes `terms` writes this too (bulk loads included).
    search_document = models.TextField(editable=False, default="")
    is_demo = models.BooleanField(default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "id"]
        indexes = [
            models.Index(fields=["is_published", "area"]),
            models.Index(fields=["organization", "is_published"]),
        ]
        verbose_name = _("solución")
        verbose_name_plural = _("soluciones")

    def __str__(self) -> str:
        return self.name


class CatalogueVersion(models.Model):
    """One row, bumped by every catalogue write: the matcher's in-memory index is rebuilt when
    the number it was built from is no longer current (one indexed read per request)."""

    version = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = _("versión del catálogo")


class MatcherIndex(models.Model):
    """The matcher's index of the published catalogue, built by the task queue
    (`solutions.tasks.build_matcher_index`) and shared by every web process: each loads the
    latest row once (`solutions.index.catalogue_index`) instead of building its own. `blob` is
    `Index.to_bytes()`; `version` is the CatalogueVersion it was built from; `build_id` tells
    two builds apart even when a rolled-back transaction reuses a version number."""

    version = models.PositiveBigIntegerField()
    build_id = models.UUIDField(unique=True, editable=False)
    built_at = models.DateTimeField()
    solutions = models.PositiveIntegerField(default=0)
    build_seconds = models.FloatField(default=0)
    blob = models.BinaryField()

    class Meta:
        verbose_name = _("índice del buscador de soluciones")

    def __str__(self) -> str:
        return f"v{self.version} ({self.built_at:%Y-%m-%d %H:%M})"
