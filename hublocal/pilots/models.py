"""Agreements that open pilots, pilots with pre-registered indicators that lock at start,
measurements, the municipality's rating of the provider, and the supplier-performance record."""

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hublocal.core.locking import Versioned


class PilotAgreement(Versioned):
    """The pilot part of an agreement between a municipality and a startup; it opens one pilot.
    The common terms (title, object, validity, amount in CLP, parties with their signature date,
    status) live in the one agreements model (`terms`, kind pilot), so the public register at
    /convenios/ lists pilot agreements beside every other kind. Commercial agreements (with a
    value) are public, always."""

    terms = models.OneToOneField("agreements.Agreement", on_delete=models.PROTECT, related_name="pilot_agreement")
    challenge = models.ForeignKey("innovation.Challenge", on_delete=models.PROTECT, related_name="pilot_agreements")
    proposal = models.ForeignKey(
        "proposals.Proposal", null=True, blank=True, on_delete=models.PROTECT, related_name="pilot_agreements"
    )
    municipality = models.ForeignKey("directory.Organization", on_delete=models.PROTECT, related_name="+")
    startup = models.ForeignKey("directory.Organization", on_delete=models.PROTECT, related_name="+")
    # Kept here until the agreements app has documents with versions.
    document = models.FileField(_("documento firmado"), upload_to="agreements/%Y/", blank=True)
    document_name = models.CharField(max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    is_demo = models.BooleanField(default=False)

    class Meta:
        ordering = ["-terms__starts_on", "-id"]
        constraints = [
            # One agreement per proposal and municipality, even when two officials sign at once.
            models.UniqueConstraint(
                fields=["proposal", "municipality"], name="pilotagreement_one_per_proposal_municipality"
            ),
        ]
        verbose_name = _("convenio de colaboración")
        verbose_name_plural = _("convenios de colaboración")

    def __str__(self) -> str:
        return self.terms.title

    # The common terms, read from the agreement (select_related("terms") and, for the signature
    # date, prefetch_related("terms__parties") keep lists at a fixed number of queries).
    @property
    def title(self) -> str:
        return self.terms.title

    @property
    def scope(self) -> str:
        return self.terms.object

    @property
    def starts_on(self) -> Any:
        return self.terms.starts_on

    @property
    def ends_on(self) -> Any:
        return self.terms.ends_on

    @property
    def value_clp(self) -> int:
        return int(self.terms.amount) if self.terms.amount is not None else 0

    @property
    def signed_on(self) -> Any:
        dates = [p.signed_on for p in self.terms.parties.all() if p.signed_on]
        return max(dates) if dates else None


class PilotStatus(models.TextChoices):
    PLANNED = "planned", _("Planificado")
    RUNNING = "running", _("En curso")
    PAUSED = "paused", _("Pausado")
    FINISHED = "finished", _("Finalizado")
    CANCELLED = "cancelled", _("Cancelado")


class Pilot(Versioned):
    agreement = models.OneToOneField(PilotAgreement, on_delete=models.PROTECT, related_name="pilot")
    title = models.CharField(_("título"), max_length=200)
    status = models.CharField(max_length=20, choices=PilotStatus.choices, default=PilotStatus.PLANNED)
    started_at = models.DateTimeField(null=True, blank=True)
    # Set at start: from then on an indicator changes only through a new, justified version.
    indicators_locked_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    result_summary = models.TextField(_("resumen de resultados"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    is_demo = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status"])]
        verbose_name = _("piloto")
        verbose_name_plural = _("pilotos")

    def __str__(self) -> str:
        return self.title


class Direction(models.TextChoices):
    INCREASE = "increase", _("Aumentar (mayor es mejor)")
    DECREASE = "decrease", _("Disminuir (menor es mejor)")


class Frequency(models.TextChoices):
    WEEKLY = "weekly", _("Semanal")
    MONTHLY = "monthly", _("Mensual")
    QUARTERLY = "quarterly", _("Trimestral")
    END = "end", _("Al cierre")


class Indicator(Versioned):
    """A pre-registered indicator. Its definition lives in IndicatorVersion rows: version 1 is
    fixed before the start; any change after the lock is a new version with a justification."""

    pilot = models.ForeignKey(Pilot, on_delete=models.CASCADE, related_name="indicators")
    order = models.PositiveSmallIntegerField(default=0)
    current_version = models.PositiveIntegerField(default=1)
    # Judged at the close: met or not against the target of the current version.
    met = models.BooleanField(null=True, blank=True)
    final_value = models.FloatField(null=True, blank=True)
    # True when the person closing the pilot overrode the judgement computed from the last
    # measurement; the reason they gave is kept beside it.
    met_overridden = models.BooleanField(default=False)
    judgement_note = models.TextField(_("motivo del juicio"), blank=True)

    class Meta:
        ordering = ["pilot_id", "order", "id"]


class IndicatorVersion(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="versions")
    version = models.PositiveIntegerField()
    name = models.CharField(_("nombre"), max_length=200)
    unit = models.CharField(_("unidad"), max_length=60)
    baseline = models.FloatField(_("línea base"))
    target = models.FloatField(_("meta"))
    direction = models.CharField(_("sentido"), max_length=10, choices=Direction.choices, default=Direction.INCREASE)
    method = models.TextField(_("método de medición"))
    frequency = models.CharField(_("frecuencia"), max_length=20, choices=Frequency.choices)
    justification = models.TextField(_("justificación del cambio"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["indicator_id", "version"]
        constraints = [models.UniqueConstraint(fields=["indicator", "version"], name="indicator_version_unique")]


class Measurement(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="measurements")
    measured_on = models.DateField(_("fecha de medición"))
    value = models.FloatField(_("valor"))
    note = models.CharField(_("nota"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["indicator_id", "measured_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "measured_on"], name="measurement_one_per_date"),
        ]


class Rating(models.Model):
    """The municipality's rating of the provider at the end of a pilot, on the criteria of a
    versioned rubric (content/rubrics/provider-rating/v<n>.yaml), 1–5 each, with comments."""

    pilot = models.OneToOneField(Pilot, on_delete=models.CASCADE, related_name="rating")
    rubric_version = models.PositiveIntegerField()
    scores = models.JSONField()  # {criterion id: 1..5}
    average = models.FloatField()
    comment = models.TextField(_("comentarios"), blank=True)
    rated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    rated_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=models.Q(average__gte=1, average__lte=5), name="rating_average_range"),
        ]
