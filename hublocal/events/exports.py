"""The registrants of an event as a CSV export job (hublocal.exports): personal data, for staff."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hublocal.core import registry
from hublocal.exports import services as exports_services

from . import selectors
from .permissions import Action, can

REGISTRANTS = "events.registrants"


def _event(params: dict[str, Any]) -> Any:
    event = selectors.event_get_by_pk(pk=int(params["event"]))
    if event is None:
        raise LookupError("event")
    return event


def _allowed(user: Any, params: dict[str, Any]) -> bool:
    try:
        return can(user, Action.VIEW_REGISTRANTS, _event(params))
    except (LookupError, KeyError, TypeError, ValueError):
        return False


def _rows(params: dict[str, Any]) -> Iterator[list[Any]]:
    event = _event(params)
    yield [
        _("Nombre"),
        _("Correo"),
        _("Organización"),
        _("Tipo de participante"),
        _("Estado"),
        _("Lugar en lista de espera"),
        _("Valor (CLP)"),
        _("Pago"),
        _("Inscripción"),
    ]
    for r in selectors.registrants(event=event).iterator(chunk_size=500):
        yield [
            r.full_name,
            r.email,
            r.organization.name if r.organization else "",
            r.get_participant_type_display(),
            r.get_status_display(),
            r.waitlist_position or "",
            r.fee,
            r.get_payment_status_display(),
            r.registered_at.isoformat(),
        ]


def request_registrants(*, actor: Any, event: Any) -> Any:
    return exports_services.job_request(
        actor=actor,
        kind=REGISTRANTS,
        params={"event": event.pk},
        title=_("Inscritos en «%(t)s» (CSV)") % {"t": event.title},
    )


def register() -> None:
    registry.register_export_kind(
        registry.ExportKind(
            key=REGISTRANTS,
            title=gettext_lazy("Inscritos en un evento (CSV)"),
            count=lambda params: selectors.registrants(event=_event(params)).count(),
            allowed=_allowed,
            filename=lambda params: f"inscritos-evento-{int(params['event'])}.csv",
            rows=_rows,
        )
    )
