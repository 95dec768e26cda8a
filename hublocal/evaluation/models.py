"""The hub's measurement: dated snapshots of every indicator measure (computed on the task queue,
read by the pages and the API, never recomputed in a request) and the annual targets staff set."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hublocal.core.locking import Versioned


class IndicatorSnapshot(models.Model):
    """One measure of one indicator for one year, as computed on one day. `breakdowns` holds
    {dimension: {value: figure}}; `rows` the records behind the figure (for the drill-down), each
    with its municipality, typology, region, country and whether the public may see it."""

    indicator_key = models.CharField(max_length=60)
    measure_key = models.CharField(max_length=60)
    definition_version = models.PositiveIntegerField()
    year = models.PositiveSmallIntegerField()
    computed_on = models.DateField()
    computed_at = models.DateTimeField()
    value = models.FloatField(null=True)
    denominator = models.FloatField(null=True)
    breakdowns = models.JSONField(default=dict)
    # {dimension: {value: how many communes}}: what a count of municipalities is compared with.
    totals = models.JSONField(default=dict)
    rows = models.JSONField(default=list)
    row_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["year", "measure_key", "-computed_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["measure_key", "year", "computed_on"], name="evaluation_snapshot_one_per_day"
            ),
        ]
        indexes = [models.Index(fields=["year", "computed_on"])]
        verbose_name = _("medición de indicador")
        verbose_name_plural = _("mediciones de indicadores")

    def __str__(self) -> str:
        return f"{self.measure_key} {self.year} ({self.computed_on})"


class IndicatorTarget(models.Model):
    """The hub's target for a measure in a year (what the annual plan commits to)."""

    measure_key = models.CharField(_("indicador"), max_length=60)
    year = models.PositiveSmallIntegerField(_("año"))
    value = models.FloatField(_("meta"))
    note = models.CharField(_("nota"), max_length=300, blank=True)
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    set_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["year", "measure_key"]
        constraints = [
            models.UniqueConstraint(fields=["measure_key", "year"], name="evaluation_target_one_per_year"),
        ]
        verbose_name = _("meta anual")
        verbose_name_plural = _("metas anuales")

    def __str__(self) -> str:
        return f"{self.measure_key} {self.year}: {self.value}"


# ---- results framework and annual report (issue 15 items 2 and 8)
class ResultNode(Versioned):
    """An annual objective of the hub (no parent) or an expected result under one. Its progress
    comes from an indicator measure (value against that year's target, latest snapshot) when
    `measure_key` is set, else from its milestones (done weight / total weight), else, for an
    objective, from the mean of its results. One model for both levels: same fields, same rules."""

    class Kind(models.TextChoices):
        OBJECTIVE = "objective", _("Objetivo")
        RESULT = "result", _("Resultado esperado")

    kind = models.CharField(_("tipo"), max_length=10, choices=Kind.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children", verbose_name=_("objetivo")
    )
    year = models.PositiveSmallIntegerField(_("año"))
    order = models.PositiveSmallIntegerField(_("orden"), default=1)
    title = models.CharField(_("título"), max_length=200)
    description = models.TextField(_("descripción"), blank=True)
    measure_key = models.CharField(_("indicador que mide el avance"), max_length=60, blank=True)
    responsible_org = models.ForeignKey(
        "directory.Organization",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("unidad responsable (organización)"),
    )
    responsible_text = models.CharField(_("unidad responsable (texto)"), max_length=200, blank=True)
    starts_on = models.DateField(_("inicio"))
    ends_on = models.DateField(_("término"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["year", "parent_id", "order", "pk"]
        indexes = [models.Index(fields=["year", "kind"])]
        verbose_name = _("objetivo o resultado")
        verbose_name_plural = _("marco de resultados")

    def __str__(self) -> str:
        return f"{self.year} · {self.title}"

    @property
    def responsible(self) -> str:
        return self.responsible_org.name if self.responsible_org_id and self.responsible_org else self.responsible_text


class Milestone(Versioned):
    """A step towards a result; done when staff record the date and, ideally, the evidence."""

    node = models.ForeignKey(ResultNode, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("hito"), max_length=200)
    weight = models.FloatField(_("peso"), default=1)
    due_on = models.DateField(_("fecha comprometida"))
    done_on = models.DateField(_("fecha de cumplimiento"), null=True, blank=True)
    evidence_url = models.URLField(_("enlace a la evidencia"), blank=True)

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("hito")
        verbose_name_plural = _("hitos")

    def __str__(self) -> str:
        return self.title


class AnnualReport(models.Model):
    """The hub's report of a year. Until frozen it is a live preview for staff ("borrador");
    freezing stores everything the report shows in `data`, which is all a frozen report reads,
    so later changes to the figures never rewrite what was published."""

    year = models.PositiveSmallIntegerField(_("año"), unique=True)
    highlights = models.TextField(_("hitos destacados del año"), blank=True)
    data = models.JSONField(null=True, blank=True)
    frozen_at = models.DateTimeField(null=True, blank=True)
    frozen_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    pdf = models.FileField(upload_to="evaluation/reports/", blank=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("informe anual")
        verbose_name_plural = _("informes anuales")

    def __str__(self) -> str:
        return str(self.year)

    @property
    def is_frozen(self) -> bool:
        return self.frozen_at is not None
