"""Replications: a municipality adopts or adapts a library resource or a pilot, and reports its
own results; a reviewer's confirmation is evidence for the resource (evidence level 4)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from hublocal.core.locking import Versioned


class Mode(models.TextChoices):
    ADOPT = "adopt", _("Adopta (tal como está)")
    ADAPT = "adapt", _("Adapta (con cambios)")


class Status(models.TextChoices):
    PLANNING = "planning", _("En planificación")
    IMPLEMENTING = "implementing", _("En implementación")
    IMPLEMENTED = "implemented", _("Implementada")
    ABANDONED = "abandoned", _("Abandonada")


# The allowed course of a replication; implemented and abandoned are final.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    Status.PLANNING: (Status.IMPLEMENTING, Status.ABANDONED),
    Status.IMPLEMENTING: (Status.IMPLEMENTED, Status.ABANDONED),
    Status.IMPLEMENTED: (),
    Status.ABANDONED: (),
}


class Replication(Versioned):
    municipality = models.ForeignKey("directory.Organization", on_delete=models.PROTECT, related_name="+")
    # Denormalised from the municipality at recording, so lists, filters and the map need no join.
    commune_code = models.CharField(max_length=32, db_index=True)
    # The library is built beside this app and never deletes a resource (it retires it), so the
    # resource is referenced by id and read through library.selectors.
    resource_id = models.PositiveBigIntegerField(null=True, blank=True, db_index=True)
    pilot = models.ForeignKey("pilots.Pilot", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    target_title = models.CharField(_("qué se replica"), max_length=250)
    mode = models.CharField(_("modalidad"), max_length=10, choices=Mode.choices)
    status = models.CharField(_("estado"), max_length=20, choices=Status.choices, default=Status.PLANNING)
    changes = models.TextField(_("qué cambió respecto del original"), blank=True)
    abandon_reason = models.TextField(_("motivo del abandono"), blank=True)
    started_on = models.DateField(_("inicio"), null=True, blank=True)
    finished_on = models.DateField(_("término"), null=True, blank=True)
    contact_name = models.CharField(_("persona de contacto"), max_length=150, blank=True)
    contact_email = models.EmailField(_("correo de contacto"), blank=True)
    contact_phone = models.CharField(_("teléfono de contacto"), max_length=30, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    confirmation_note = models.TextField(_("nota de la confirmación"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    is_demo = models.BooleanField(default=False)

    class Meta:
        ordering = ["-updated_at", "-id"]
        verbose_name = _("replicación")
        verbose_name_plural = _("replicaciones")
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(resource_id__isnull=False, pilot__isnull=True))
                | (models.Q(resource_id__isnull=True, pilot__isnull=False)),
                name="replication_one_target",
            ),
        ]
        indexes = [models.Index(fields=["status"]), models.Index(fields=["municipality", "status"])]

    def __str__(self) -> str:
        return self.target_title

    def get_absolute_url(self) -> str:
        return reverse("replications:replication_detail", args=[self.pk])


class Result(models.Model):
    """One of the municipality's own indicator results for its replication."""

    replication = models.ForeignKey(Replication, on_delete=models.CASCADE, related_name="results")
    label = models.CharField(_("indicador"), max_length=200)
    unit = models.CharField(_("unidad"), max_length=40, blank=True)
    baseline = models.FloatField(_("línea base"), null=True, blank=True)
    value = models.FloatField(_("valor medido"))
    measured_on = models.DateField(_("fecha de medición"))
    evidence_url = models.URLField(_("enlace a la evidencia"), blank=True, max_length=500)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["measured_on", "id"]
        verbose_name = _("resultado de replicación")
        verbose_name_plural = _("resultados de replicación")

    def __str__(self) -> str:
        return self.label
