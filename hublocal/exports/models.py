"""Precomputed open datasets and personal export jobs (see hublocal/exports/services.py)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class OpenDataset(models.Model):
    """The built files of one registered open dataset (core.registry.register_dataset) and the
    state of its next build. One row per dataset key; files are in Django's storage."""

    key = models.CharField(max_length=80, unique=True)
    # "<variant>|<fmt>" → core.exports.StoredFile.as_dict(); variant "" is the whole dataset.
    files = models.JSONField(default=dict)
    built_at = models.DateTimeField(null=True, blank=True)
    build_seconds = models.FloatField(null=True, blank=True)
    # Set when the data changed after the current files' build began; cleared by the build that
    # starts afterwards.
    stale_since = models.DateTimeField(null=True, blank=True)
    # Set while a build is queued: further changes coalesce into it instead of queueing another.
    queued_at = models.DateTimeField(null=True, blank=True)
    # The generation before the current one, kept until the next build so that a download that
    # started just before a rebuild can finish.
    previous_names = models.JSONField(default=list)

    class Meta:
        verbose_name = _("conjunto de datos abiertos")
        verbose_name_plural = _("conjuntos de datos abiertos")

    def __str__(self) -> str:
        return self.key


class ExportJob(models.Model):
    """An export for one person, built by the task queue and fetched from "Mis exportaciones"."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("En cola")
        RUNNING = "running", _("En preparación")
        DONE = "done", _("Lista")
        FAILED = "failed", _("Falló")

    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=80)
    title = models.CharField(max_length=200)
    params = models.JSONField(default=dict)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    rows_total = models.PositiveIntegerField(null=True, blank=True)
    rows_done = models.PositiveIntegerField(default=0)
    file = models.CharField(max_length=500, blank=True)
    file_size = models.PositiveBigIntegerField(default=0)
    file_sha256 = models.CharField(max_length=64, blank=True)
    download_name = models.CharField(max_length=200, blank=True)
    error = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["requested_by", "-created_at"]),
            models.Index(fields=["expires_at"]),
        ]
        verbose_name = _("exportación")
        verbose_name_plural = _("exportaciones")

    def __str__(self) -> str:
        return f"{self.title} ({self.get_status_display()})"
