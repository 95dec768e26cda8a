"""The hub's units and network (issue 14, item 6) and its eight-stage roadmap (item 8).

Units are AMUCH's observatories and centres with their mission, products and relations (the
"mapa de unidades integradas" of seed 002, stage 2). Stages are the eight cumulative stages of
installation, maintained by staff as data with their components, expected result, status, dates
and evidence."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from hublocal.core.locking import Versioned


class UnitKind(models.TextChoices):
    OBSERVATORY = "observatory", _("Observatorio")
    CENTRE = "centre", _("Centro")
    PROGRAMME = "programme", _("Programa")


class Unit(Versioned):
    slug = models.SlugField(_("identificador"), max_length=100, unique=True)
    name = models.CharField(_("nombre"), max_length=200)
    kind = models.CharField(_("tipo"), max_length=12, choices=UnitKind.choices)
    mission = models.TextField(_("misión"))
    order = models.PositiveSmallIntegerField(default=0)
    is_demo = models.BooleanField(default=False)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("unidad del Hub")
        verbose_name_plural = _("unidades del Hub")

    def __str__(self) -> str:
        return self.name


class ProductKind(models.TextChoices):
    RESOURCE = "resource", _("Recurso de la biblioteca")
    PROGRAMME = "programme", _("Programa de formación")
    DATASET = "dataset", _("Conjunto de datos")
    TOOL = "tool", _("Herramienta")


class Product(models.Model):
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="products")
    kind = models.CharField(_("tipo"), max_length=10, choices=ProductKind.choices)
    title = models.CharField(_("título"), max_length=200)
    # A path on this site (/biblioteca/…, /formacion/…) or an external address.
    url = models.CharField(_("enlace"), max_length=500, blank=True)

    class Meta:
        ordering = ["unit_id", "kind", "title"]


class RelationKind(models.TextChoices):
    DATA = "data", _("Comparte datos con")
    JOINT = "joint", _("Trabaja en conjunto con")
    SUPPORT = "support", _("Presta apoyo a")


class Relation(models.Model):
    source = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="relations_out")
    target = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="relations_in")
    kind = models.CharField(_("relación"), max_length=10, choices=RelationKind.choices)
    description = models.CharField(_("descripción"), max_length=300, blank=True)

    class Meta:
        ordering = ["source_id", "target_id"]
        constraints = [
            models.UniqueConstraint(fields=["source", "target", "kind"], name="network_relation_once"),
            models.CheckConstraint(condition=~models.Q(source=models.F("target")), name="network_relation_not_self"),
        ]


class StageStatus(models.TextChoices):
    PENDING = "pending", _("Pendiente")
    IN_PROGRESS = "in_progress", _("En curso")
    DONE = "done", _("Lograda")


class Stage(Versioned):
    number = models.PositiveSmallIntegerField(_("número"), unique=True)
    title = models.CharField(_("título"), max_length=200)
    purpose = models.TextField(_("propósito"))
    # One component per line ("Título: descripción").
    components = models.TextField(_("componentes principales"))
    expected_result = models.TextField(_("resultado esperado"))
    status = models.CharField(_("estado"), max_length=12, choices=StageStatus.choices, default=StageStatus.PENDING)
    starts_on = models.DateField(_("inicio"), null=True, blank=True)
    ends_on = models.DateField(_("término"), null=True, blank=True)

    class Meta:
        ordering = ["number"]
        verbose_name = _("etapa de la hoja de ruta")
        verbose_name_plural = _("etapas de la hoja de ruta")

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"

    @property
    def component_list(self) -> list[tuple[str, str]]:
        rows = []
        for line in self.components.splitlines():
            if line.strip():
                title, _sep, text = line.partition(":")
                rows.append((title.strip(), text.strip()))
        return rows


class EvidenceKind(models.TextChoices):
    DOCUMENT = "document", _("Documento")
    RESOURCE = "resource", _("Recurso de la biblioteca")
    INDICATOR = "indicator", _("Indicador")
    PAGE = "page", _("Página de la plataforma")


class Evidence(models.Model):
    stage = models.ForeignKey(Stage, on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField(_("tipo"), max_length=10, choices=EvidenceKind.choices)
    title = models.CharField(_("título"), max_length=200)
    url = models.CharField(_("enlace"), max_length=500, blank=True)

    class Meta:
        ordering = ["stage_id", "id"]


# --- AMUCH membership and international networks (issue 14, item 6) ---------------------------


class MembershipStatus(models.TextChoices):
    ACTIVE = "active", _("Activa")
    SUSPENDED = "suspended", _("Suspendida")
    FORMER = "former", _("Ex socia")


class AmuchMembership(Versioned):
    """A municipality's membership of AMUCH: since when and whether it is still a member. One per
    municipality; staff change it and every change is audited."""

    organization = models.OneToOneField(
        "directory.Organization", on_delete=models.CASCADE, related_name="amuch_membership"
    )
    member_since = models.DateField(_("socia desde"))
    status = models.CharField(_("estado"), max_length=10, choices=MembershipStatus.choices)
    is_demo = models.BooleanField(default=False)

    class Meta:
        ordering = ["organization__name"]
        verbose_name = _("membresía AMUCH")
        verbose_name_plural = _("membresías AMUCH")


class InternationalNetwork(Versioned):
    """An international network the hub connects Chile with (UCLG, Bloomberg Philanthropies, FCM…)."""

    slug = models.SlugField(_("identificador"), max_length=100, unique=True)
    name = models.CharField(_("nombre"), max_length=200)
    description = models.TextField(_("descripción"))
    url = models.URLField(_("sitio web"), max_length=500, blank=True)
    # Municipalities known to take part (Chilean communes or registered foreign municipalities).
    communes = models.ManyToManyField("territory.Commune", blank=True, related_name="international_networks")
    is_demo = models.BooleanField(default=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("red internacional")
        verbose_name_plural = _("redes internacionales")

    def __str__(self) -> str:
        return self.name


class NetworkCountry(models.Model):
    """A member country of a network. Kept here by ISO code and name: the territory app only knows
    Chile and the countries of the regional municipal network, not every member country."""

    network = models.ForeignKey(InternationalNetwork, on_delete=models.CASCADE, related_name="countries")
    code = models.CharField(_("código ISO"), max_length=2)
    name = models.CharField(_("país"), max_length=100)

    class Meta:
        ordering = ["network_id", "name"]
        constraints = [models.UniqueConstraint(fields=["network", "code"], name="network_country_once")]
