"""The open-data portal's own state: dated versions of each dataset, download counts and the
DCAT-AP catalogue (see hublocal/opendata/services.py)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class DatasetVersion(models.Model):
    """One build of a registered dataset: its files in every format of the portal, kept in
    storage until it falls out of the last KEEP_VERSIONS of its dataset."""

    key = models.CharField(max_length=80)
    # fmt ("csv", "json", "xlsx", "geojson", "datapackage") → core.exports.StoredFile.as_dict()
    files = models.JSONField(default=dict)
    rows = models.PositiveIntegerField(default=0)
    built_at = models.DateTimeField()
    build_seconds = models.FloatField(default=0)

    class Meta:
        ordering = ["key", "-built_at", "-id"]
        indexes = [models.Index(fields=["key", "-built_at"])]
        verbose_name = _("versión de un conjunto de datos")
        verbose_name_plural = _("versiones de conjuntos de datos")

    def __str__(self) -> str:
        return f"{self.key} {self.built_at:%Y-%m-%d %H:%M}"


class DownloadCount(models.Model):
    """How many times a dataset was downloaded in a format: a counter, never who downloaded."""

    key = models.CharField(max_length=80)
    fmt = models.CharField(max_length=20)
    count = models.PositiveBigIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["key", "fmt"], name="opendata_download_count_unique")]
        verbose_name = _("contador de descargas")
        verbose_name_plural = _("contadores de descargas")

    def __str__(self) -> str:
        return f"{self.key} {self.fmt}: {self.count}"


class Catalogue(models.Model):
    """The DCAT-AP catalogue serialised once per rebuild of any dataset, so that a harvester's
    request is one indexed read (one row per serialisation)."""

    fmt = models.CharField(max_length=10, unique=True)  # "jsonld" or "ttl"
    content = models.TextField()
    built_at = models.DateTimeField()

    class Meta:
        verbose_name = _("catálogo DCAT")
        verbose_name_plural = _("catálogos DCAT")

    def __str__(self) -> str:
        return self.fmt
