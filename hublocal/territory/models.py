from django.db import models
from django.utils.translation import gettext_lazy as _


class Typology(models.TextChoices):
    """The hub's four municipal groups (seed 002), plus the state before classification."""

    METROPOLITANA = "metropolitana", _("Metropolitana")
    MAYOR = "mayor", _("Mayor")
    URBANA_MEDIANA = "urbana_mediana", _("Urbana mediana")
    RURAL_SEMIURBANA = "rural_semiurbana", _("Rural / semiurbana")
    SIN_CLASIFICAR = "sin_clasificar", _("Sin clasificar")


class Country(models.Model):
    code = models.CharField(_("código ISO"), max_length=2, unique=True)
    name = models.CharField(_("nombre"), max_length=100)

    class Meta:
        ordering = ["name"]
        verbose_name = _("país")
        verbose_name_plural = _("países")

    def __str__(self) -> str:
        return self.name


class Region(models.Model):
    code = models.CharField(_("código CUT"), max_length=2, unique=True)
    name = models.CharField(_("nombre"), max_length=100)
    # Official order runs north to south, which is not the numeric order of the codes.
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("región")
        verbose_name_plural = _("regiones")

    def __str__(self) -> str:
        return self.name


class Province(models.Model):
    code = models.CharField(_("código CUT"), max_length=3, unique=True)
    name = models.CharField(_("nombre"), max_length=100)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="provinces")

    class Meta:
        ordering = ["code"]
        verbose_name = _("provincia")
        verbose_name_plural = _("provincias")

    def __str__(self) -> str:
        return self.name


class Commune(models.Model):
    """A municipality's territory. Chilean communes use the CUT as `code`; municipalities of
    other countries in the regional network use "<ISO2>-<national code>" so codes stay unique."""

    code = models.CharField(_("código"), max_length=32, unique=True)
    national_code = models.CharField(_("código nacional"), max_length=32)
    name = models.CharField(_("nombre"), max_length=120, db_index=True)
    # Accent- and case-folded name for fast, Spanish-friendly search on every database.
    search_name = models.CharField(max_length=120, db_index=True, editable=False)
    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="communes")
    region = models.ForeignKey(Region, null=True, blank=True, on_delete=models.PROTECT, related_name="communes")
    province = models.ForeignKey(Province, null=True, blank=True, on_delete=models.PROTECT, related_name="communes")
    admin_area = models.CharField(
        _("división administrativa"), max_length=120, blank=True, help_text=_("Para municipios fuera de Chile.")
    )
    typology = models.CharField(
        _("tipología"), max_length=20, choices=Typology.choices, default=Typology.SIN_CLASIFICAR, db_index=True
    )
    area_km2 = models.FloatField(_("superficie (km²)"), null=True, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("comuna")
        verbose_name_plural = _("comunas")
        constraints = [
            models.UniqueConstraint(fields=["country", "national_code"], name="commune_unique_national_code"),
        ]
        indexes = [models.Index(fields=["country", "region", "typology"])]

    def __str__(self) -> str:
        return self.name


class IndicatorScale(models.TextChoices):
    """How an indicator is compared between communes: populations and budgets span orders of
    magnitude, so they are compared on a logarithmic scale."""

    LINEAR = "linear", _("Lineal")
    LOG = "log", _("Logarítmica")


class IndicatorDefinition(models.Model):
    """A commune indicator that can be imported (population, budget, rurality, …)."""

    code = models.SlugField(_("código"), max_length=40, unique=True)
    label = models.CharField(_("indicador"), max_length=120)
    unit = models.CharField(_("unidad"), max_length=40, blank=True)
    scale = models.CharField(_("escala"), max_length=10, choices=IndicatorScale.choices, default=IndicatorScale.LINEAR)

    class Meta:
        ordering = ["code"]
        verbose_name = _("indicador comunal")
        verbose_name_plural = _("indicadores comunales")

    def __str__(self) -> str:
        return self.label


class CommuneIndicator(models.Model):
    """One imported value of an indicator for a commune and year (`manage.py import_indicators`)."""

    commune = models.ForeignKey(Commune, on_delete=models.CASCADE, related_name="indicators")
    indicator = models.ForeignKey(IndicatorDefinition, on_delete=models.CASCADE, related_name="values")
    year = models.PositiveSmallIntegerField(_("año"))
    value = models.FloatField(_("valor"))
    source = models.CharField(_("fuente"), max_length=200, blank=True)

    class Meta:
        ordering = ["commune", "indicator", "-year"]
        verbose_name = _("valor de indicador comunal")
        verbose_name_plural = _("valores de indicadores comunales")
        constraints = [
            models.UniqueConstraint(fields=["commune", "indicator", "year"], name="commune_indicator_unique_year"),
        ]

    def __str__(self) -> str:
        return f"{self.commune_id}/{self.indicator_id}/{self.year}"
