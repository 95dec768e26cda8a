from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hublocal.core.locking import Versioned


class OrganizationKind(models.TextChoices):
    MUNICIPALITY = "municipality", _("Municipalidad")
    STARTUP = "startup", _("Startup / empresa")
    UNIVERSITY = "university", _("Universidad / centro de investigación")
    CENTRAL_STATE = "central_state", _("Organismo del Estado central")
    COOPERATION = "cooperation", _("Cooperación internacional")
    CIVIL_SOCIETY = "civil_society", _("Sociedad civil")
    HUB = "hub", _("Hub Nacional de Gobierno Local")


class Position(models.TextChoices):
    ALCALDE = "alcalde", _("Alcalde/sa")
    ADMINISTRADOR = "administrador", _("Administrador/a municipal")
    SECPLA = "secpla", _("Secretaría Comunal de Planificación (SECPLA)")
    DIDECO = "dideco", _("Dirección de Desarrollo Comunitario (DIDECO)")
    DOM = "dom", _("Dirección de Obras Municipales (DOM)")
    TI = "ti", _("Encargado/a de informática (TI)")
    SALUD = "salud", _("Dirección de Salud / APS")
    SEGURIDAD = "seguridad", _("Dirección de Seguridad Pública")
    MEDIO_AMBIENTE = "medio_ambiente", _("Dirección de Medio Ambiente")
    PERSONAL = "personal", _("Recursos humanos / personal")
    CONCEJAL = "concejal", _("Concejal/a")
    FUNDADOR = "fundador", _("Fundador/a o gerente")
    INVESTIGADOR = "investigador", _("Investigador/a o académico/a")
    PROFESIONAL = "profesional", _("Profesional")
    OTRO = "otro", _("Otro cargo")


class Organization(Versioned):
    kind = models.CharField(_("tipo"), max_length=20, choices=OrganizationKind.choices, db_index=True)
    name = models.CharField(_("nombre"), max_length=200)
    search_name = models.CharField(max_length=200, db_index=True, editable=False)
    slug = models.SlugField(_("identificador"), max_length=120, unique=True)
    rut = models.CharField(_("RUT"), max_length=12, blank=True, help_text=_("Formato 76.123.456-7."))
    # One municipality organisation per commune, enforced below.
    commune = models.ForeignKey(
        "territory.Commune", null=True, blank=True, on_delete=models.PROTECT, related_name="organizations"
    )
    description = models.TextField(_("descripción"), blank=True)
    website = models.URLField(_("sitio web"), blank=True)
    email = models.EmailField(_("correo de contacto"), blank=True)
    is_demo = models.BooleanField(_("dato de demostración"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["search_name", "id"]
        verbose_name = _("organización")
        verbose_name_plural = _("organizaciones")
        constraints = [
            models.UniqueConstraint(
                fields=["commune"],
                condition=models.Q(kind="municipality"),
                name="one_municipality_per_commune",
            ),
            models.UniqueConstraint(fields=["rut"], condition=~models.Q(rut=""), name="organization_unique_rut"),
        ]
        indexes = [models.Index(fields=["kind", "search_name"])]

    def __str__(self) -> str:
        return self.name


class Person(Versioned):
    full_name = models.CharField(_("nombre completo"), max_length=200)
    search_name = models.CharField(max_length=200, db_index=True, editable=False)
    email = models.EmailField(_("correo"), blank=True)
    phone = models.CharField(_("teléfono"), max_length=30, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="person"
    )
    is_public = models.BooleanField(
        _("perfil público"),
        default=False,
        help_text=_("Solo con el consentimiento de la persona: si es falso, solo su organización y el Hub la ven."),
    )
    is_demo = models.BooleanField(_("dato de demostración"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["search_name", "id"]
        verbose_name = _("persona")
        verbose_name_plural = _("personas")

    def __str__(self) -> str:
        return self.full_name


class Membership(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="memberships")
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="memberships")
    position = models.CharField(_("cargo"), max_length=20, choices=Position.choices, default=Position.PROFESIONAL)
    title = models.CharField(_("cargo (texto libre)"), max_length=200, blank=True)
    is_active = models.BooleanField(_("vigente"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organization_id", "position", "id"]
        verbose_name = _("membresía")
        verbose_name_plural = _("membresías")
        constraints = [
            models.UniqueConstraint(fields=["person", "organization", "position"], name="membership_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.organization}"


class DesignationRole(models.TextChoices):
    """The chain a silent municipality is escalated along (seed 000): focal point, then the
    municipal administrator, then the mayor."""

    FOCAL_POINT = "focal_point", _("Punto focal")
    ADMINISTRATOR = "administrator", _("Administrador/a municipal")
    MAYOR = "mayor", _("Alcalde/sa")


class Designation(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="designations")
    role = models.CharField(_("rol"), max_length=20, choices=DesignationRole.choices)
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="designations")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["organization_id", "role"]
        verbose_name = _("designación municipal")
        verbose_name_plural = _("designaciones municipales")
        constraints = [
            models.UniqueConstraint(fields=["organization", "role"], name="designation_unique_role"),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.person}"
