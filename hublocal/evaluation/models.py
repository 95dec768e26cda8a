"""The hub's measurement: dated snapshots of every indicator measure (computed on the task queue,
read by the pages and the API, never recomputed in a request) and the annual targets staff set."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


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
