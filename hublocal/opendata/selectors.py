"""Reads of the open-data portal: the registered datasets with their latest version and
download counts, in a fixed number of queries whatever the number of datasets or versions."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import OuterRef, QuerySet, Subquery
from django.utils.translation import gettext_lazy as _

from hublocal.core import registry
from hublocal.core.exports import StoredFile
from hublocal.core.text import fold

from .models import DatasetVersion, DownloadCount

# EU data themes (http://publications.europa.eu/resource/authority/data-theme/) the datasets use.
THEMES: dict[str, Any] = {
    "GOVE": _("Gobierno y sector público"),
    "REGI": _("Regiones y ciudades"),
    "ECON": _("Economía y finanzas"),
    "EDUC": _("Educación, cultura y deporte"),
    "TECH": _("Ciencia y tecnología"),
    "SOCI": _("Población y sociedad"),
}
THEME_BASE = "http://publications.europa.eu/resource/authority/data-theme/"
FORMAT_LABELS = {"csv": "CSV", "json": "JSON", "xlsx": "XLSX", "geojson": "GeoJSON", "datapackage": "Data Package"}


@dataclass
class Entry:
    """A registered dataset as the portal shows it."""

    dataset: registry.Dataset
    version: DatasetVersion | None = None
    downloads: dict[str, int] = field(default_factory=dict)

    @property
    def slug(self) -> str:
        return self.dataset.slug

    @property
    def formats(self) -> list[str]:
        """The portal formats this dataset is offered in now (those of its latest version)."""
        if self.version is None:
            return []
        return [f for f in ("csv", "json", "xlsx", "geojson") if f in self.version.files]

    @property
    def theme_label(self) -> Any:
        return THEMES.get(self.dataset.theme, self.dataset.theme)

    @property
    def total_downloads(self) -> int:
        return sum(self.downloads.values())

    def file(self, fmt: str) -> StoredFile | None:
        data = self.version.files.get(fmt) if self.version else None
        return StoredFile.from_dict(data) if data else None


def latest_versions() -> dict[str, DatasetVersion]:
    """The newest version of every dataset, in one query."""
    newest = DatasetVersion.objects.filter(key=OuterRef("key")).order_by("-built_at", "-id").values("pk")[:1]
    return {v.key: v for v in DatasetVersion.objects.filter(pk=Subquery(newest))}


def download_counts() -> dict[str, dict[str, int]]:
    counts: dict[str, dict[str, int]] = {}
    for key, fmt, n in DownloadCount.objects.values_list("key", "fmt", "count"):
        counts.setdefault(key, {})[fmt] = n
    return counts


def portal_entries(*, theme: str = "", fmt: str = "", q: str = "") -> list[Entry]:
    """Every registered dataset (filtered), with its latest version and downloads: two queries."""
    versions = latest_versions()
    counts = download_counts()
    needle = fold(q.strip())
    entries = []
    for ds in registry.datasets():
        if theme and ds.theme != theme:
            continue
        entry = Entry(ds, versions.get(ds.key), counts.get(ds.key, {}))
        if fmt and fmt not in entry.formats:
            continue
        if needle:
            haystack = fold(" ".join([str(ds.title), str(ds.description), " ".join(ds.keywords)]))
            if needle not in haystack:
                continue
        entries.append(entry)
    return sorted(entries, key=lambda e: fold(str(e.dataset.title)))


def dataset_by_slug(slug: str) -> registry.Dataset | None:
    return next((ds for ds in registry.datasets() if ds.slug == slug), None)


def entry_get(slug: str) -> Entry | None:
    """One dataset with its latest version and downloads: two queries."""
    ds = dataset_by_slug(slug)
    if ds is None:
        return None
    version = DatasetVersion.objects.filter(key=ds.key).order_by("-built_at", "-id").first()
    downloads = dict(DownloadCount.objects.filter(key=ds.key).values_list("fmt", "count"))
    return Entry(ds, version, downloads)


def versions_of(key: str, limit: int) -> QuerySet[DatasetVersion]:
    return DatasetVersion.objects.filter(key=key).order_by("-built_at", "-id")[:limit]


def version_get(key: str, pk: int) -> DatasetVersion | None:
    return DatasetVersion.objects.filter(key=key, pk=pk).first()
