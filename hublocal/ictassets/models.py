"""The ICT asset register of municipalities (OECD Digital Government Study of Chile: a database of
ICT assets and supplier performance) and the register of open-source solutions municipalities
publish or adopt. An asset's details are its municipality's and the hub's; the public sees only
aggregates (selectors.public_*)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    FINANCE = "finance", _("Finanzas y contabilidad")
    PERMITS = "permits", _("Permisos y patentes")
    CIVIL_REGISTRY = "civil_registry", _("Registro de población y certificados")
    HR = "hr", _("Personas y remuneraciones")
    DOCUMENTS = "documents", _("Gestión documental y oficina de partes")
    TRANSPARENCY = "transparency", _("Transparencia y acceso a la información")
    HEALTH = "health", _("Salud primaria (APS)")
    EDUCATION = "education", _("Educación municipal")
    SECURITY = "security", _("Seguridad y cámaras")
    GIS = "gis", _("Información geográfica (SIG)")
    PORTAL = "portal", _("Portal de atención ciudadana")
    ERP = "erp", _("ERP municipal integrado")
    OTHER = "other", _("Otro")


class LicenceType(models.TextChoices):
    OPEN_SOURCE = "open_source", _("Código abierto")
    PROPRIETARY = "proprietary", _("Propietaria")
    SAAS = "saas", _("Servicio en la nube (SaaS)")


class Hosting(models.TextChoices):
    ON_PREMISES = "on_premises", _("Servidores propios del municipio")
    VENDOR_CLOUD = "vendor_cloud", _("Nube del proveedor")
    PUBLIC_CLOUD = "public_cloud", _("Nube pública contratada por el municipio")
    HUB = "hub", _("Infraestructura del Hub")


class PersonalDataCategory(models.TextChoices):
    IDENTIFICATION = "identification", _("Identificación (nombre, RUT)")
    CONTACT = "contact", _("Contacto (dirección, correo, teléfono)")
    FINANCIAL = "financial", _("Financieros o tributarios")
    HEALTH = "health", _("Salud (dato sensible)")
    SOCIAL = "social", _("Socioeconómicos (Registro Social de Hogares)")
    IMAGES = "images", _("Imágenes de personas (cámaras)")
    EMPLOYMENT = "employment", _("Laborales")
    LOCATION = "location", _("Ubicación")
    MINORS = "minors", _("Datos de niños, niñas y adolescentes")


class IctAsset(models.Model):
    municipality = models.ForeignKey("directory.Organization", on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("nombre del sistema"), max_length=200)
    purpose = models.TextField(_("para qué se usa"), blank=True)
    category = models.CharField(_("categoría"), max_length=20, choices=Category.choices)
    # A vendor in the directory when it exists; its name is copied to vendor_name at every save so
    # the public aggregates group by one column without a join.
    vendor = models.ForeignKey(
        "directory.Organization", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    vendor_name = models.CharField(_("proveedor"), max_length=200, blank=True)
    product = models.CharField(_("producto"), max_length=200, blank=True)
    licence_type = models.CharField(_("tipo de licencia"), max_length=20, choices=LicenceType.choices)
    spdx_id = models.CharField(_("licencia SPDX"), max_length=60, blank=True)
    contract_value = models.PositiveBigIntegerField(_("valor del contrato (CLP)"), null=True, blank=True)
    starts_on = models.DateField(_("inicio del contrato"), null=True, blank=True)
    ends_on = models.DateField(_("término del contrato"), null=True, blank=True)
    hosting = models.CharField(_("alojamiento"), max_length=20, choices=Hosting.choices)
    has_api = models.BooleanField(_("ofrece API"), default=False)
    standards = models.CharField(_("estándares de interoperabilidad"), max_length=300, blank=True)
    pisee = models.BooleanField(_("integrado a PISEE"), default=False)
    claveunica = models.BooleanField(_("integrado a ClaveÚnica"), default=False)
    personal_data = models.JSONField(_("categorías de datos personales"), default=list, blank=True)
    owner_name = models.CharField(_("responsable del activo"), max_length=200, blank=True)
    owner_email = models.EmailField(_("correo del responsable"), blank=True)
    satisfaction = models.PositiveSmallIntegerField(_("satisfacción (1 a 5)"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    is_demo = models.BooleanField(default=False)

    class Meta:
        ordering = ["municipality_id", "name", "id"]
        indexes = [
            models.Index(fields=["category"]),
            models.Index(fields=["licence_type"]),
            models.Index(fields=["ends_on"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(starts_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="ictassets_asset_dates",
            ),
            models.CheckConstraint(
                condition=models.Q(satisfaction__isnull=True) | models.Q(satisfaction__gte=1, satisfaction__lte=5),
                name="ictassets_asset_satisfaction",
            ),
        ]
        verbose_name = _("activo TIC")
        verbose_name_plural = _("activos TIC")

    def __str__(self) -> str:
        return self.name

    def personal_data_labels(self) -> list[str]:
        labels = dict(PersonalDataCategory.choices)
        return [str(labels.get(code, code)) for code in self.personal_data]


class OpenSourceSolution(models.Model):
    name = models.CharField(_("nombre"), max_length=200)
    slug = models.SlugField(max_length=120, unique=True)
    description = models.TextField(_("descripción"), blank=True)
    repository_url = models.URLField(_("repositorio"), max_length=300)
    spdx_id = models.CharField(_("licencia SPDX"), max_length=60)
    maintainer = models.ForeignKey(
        "directory.Organization", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # A library resource (replicable model) it implements, read through library.selectors; its
    # replications count as adoptions.
    library_resource_id = models.PositiveBigIntegerField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    is_demo = models.BooleanField(default=False)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("solución de código abierto")
        verbose_name_plural = _("soluciones de código abierto")

    def __str__(self) -> str:
        return self.name


class AdoptionStatus(models.TextChoices):
    EVALUATING = "evaluating", _("En evaluación")
    PILOTING = "piloting", _("En piloto")
    IN_USE = "in_use", _("En uso")
    ABANDONED = "abandoned", _("Abandonada")


class Adoption(models.Model):
    solution = models.ForeignKey(OpenSourceSolution, on_delete=models.CASCADE, related_name="adoptions")
    municipality = models.ForeignKey("directory.Organization", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("estado"), max_length=20, choices=AdoptionStatus.choices)
    declared_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["solution_id", "municipality_id"]
        constraints = [
            models.UniqueConstraint(fields=["solution", "municipality"], name="ictassets_adoption_once"),
        ]
