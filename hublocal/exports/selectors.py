"""Reads of the exports app."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet

from hublocal.core.exports import StoredFile

from .models import ExportJob, OpenDataset


@dataclass(frozen=True)
class DatasetState:
    built: bool
    stale: bool
    files: dict[str, Any] = field(default_factory=dict)

    def file(self, fmt: str, variant: str = "") -> StoredFile | None:
        data = self.files.get(f"{variant}|{fmt}")
        return StoredFile.from_dict(data) if data else None


def dataset_state(key: str) -> DatasetState:
    """What a download of dataset `key` can be served from (one indexed query)."""
    row = OpenDataset.objects.filter(key=key).values_list("files", "built_at", "stale_since").first()
    if row is None:
        return DatasetState(built=False, stale=True)
    files, built_at, stale_since = row
    return DatasetState(built=built_at is not None, stale=stale_since is not None, files=files or {})


def dataset_rows() -> dict[str, OpenDataset]:
    return {r.key: r for r in OpenDataset.objects.all()}


def jobs_of(*, user: Any) -> QuerySet[ExportJob]:
    return ExportJob.objects.filter(requested_by_id=user.pk).order_by("-created_at", "-id")


def job_get(*, pk: int) -> ExportJob | None:
    return ExportJob.objects.filter(pk=pk).first()
