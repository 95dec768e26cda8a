"""The audit trail as CSV: the rows shared by the streamed download and the export job.

A long export (beyond AUDIT_EXPORT_STREAM_LIMIT events) is an export job of kind KIND, run by the
task queue (hublocal/exports): its parameters are the filters, the id of the audit.export event
that recorded the request (the file holds the events before it, as the streamed download does)
and the language of the person who asked (column titles and action names)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, date
from typing import Any

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hublocal.core import registry

from . import selectors
from .permissions import Action, can

KIND = "audit.events"
DEFAULT_STREAM_LIMIT = 20_000
_DATES = ("date_from", "date_to")


def stream_limit() -> int:
    return int(getattr(settings, "AUDIT_EXPORT_STREAM_LIMIT", DEFAULT_STREAM_LIMIT))


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def csv_rows(events: Any) -> Iterator[list[Any]]:
    yield [
        _("Fecha y hora (UTC)"),
        _("Usuario"),
        _("Acción"),
        _("Nombre de la acción"),
        _("Tipo de objeto"),
        _("Id del objeto"),
        _("Objeto"),
        _("Antes"),
        _("Después"),
    ]
    for e in events:
        yield [
            e.created_at.astimezone(UTC).isoformat(),
            e.actor_username,
            e.action,
            str(registry.audit_action_label(e.action)),
            e.object_type,
            e.object_id,
            e.object_repr,
            "" if e.before is None else _json(e.before),
            "" if e.after is None else _json(e.after),
        ]


def job_params(*, filters: dict[str, Any], before_id: int, language: str) -> dict[str, Any]:
    return {
        "filters": {k: v.isoformat() if isinstance(v, date) else v for k, v in filters.items() if v},
        "before_id": before_id,
        "language": language,
    }


def _events(params: dict[str, Any]) -> Any:
    filters: dict[str, Any] = {
        k: date.fromisoformat(v) if k in _DATES else str(v) for k, v in (params.get("filters") or {}).items()
    }
    return selectors.audit_event_list(**filters).filter(id__lt=int(params["before_id"]))


def _rows(params: dict[str, Any]) -> Iterator[list[Any]]:
    with translation.override(params.get("language") or settings.LANGUAGE_CODE):
        yield from csv_rows(_events(params).iterator(chunk_size=2000))


def _filename(params: dict[str, Any]) -> str:
    return f"auditoria-{timezone.localtime().strftime('%Y%m%d-%H%M')}.csv"


def register() -> None:
    registry.register_export_kind(
        registry.ExportKind(
            key=KIND,
            title=gettext_lazy("Registro de auditoría (CSV)"),
            rows=_rows,
            count=lambda params: _events(params).count(),
            allowed=lambda user, params: can(user, Action.EXPORT_LOG),
            filename=_filename,
        )
    )
