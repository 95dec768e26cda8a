"""Optimistic locking for every editable object, web and API alike.

An editable model inherits `Versioned`: `row_version` starts at 1 and every successful update
through a service increments it. A client edits the version it read (the API's `ETag`, a web
form's hidden field); a service given a stale version raises `StaleVersion` instead of silently
overwriting a colleague's change (the "lost update" problem)."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter
from rest_framework import exceptions
from rest_framework.response import Response


class Versioned(models.Model):
    row_version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        abstract = True


# ------------------------------------------------------------------------------------- services


class StaleVersion(ValidationError):
    """The client edited a version that is no longer the saved one.

    A ValidationError (code "stale") so callers that only know ValidationError still refuse
    the write; web views and the API catch it first to show the colleague's saved state,
    which `current` carries (the row as locked and read inside the failed transaction)."""

    def __init__(self, current: Any, message: str | None = None) -> None:
        super().__init__(
            message
            or _(
                "Otra persona guardó cambios mientras usted editaba: revise ambas versiones y vuelva a "
                "guardar si corresponde."
            ),
            code="stale",
        )
        self.current = current


def check_and_bump(obj: Versioned, expected: int | None) -> None:
    """Refuse a stale edit, else count the edit.

    Precondition: `obj` was just read with `select_for_update()` inside the service's
    transaction, and nothing was changed on it yet (the StaleVersion carries it as the saved
    state). `expected=None` is for internal callers only (seeders, background jobs): web and
    API always pass the version the person read. The caller saves `row_version` with the
    update (list it in `update_fields` when it uses them). Raises StaleVersion."""
    if expected is not None and expected != obj.row_version:
        raise StaleVersion(current=obj)
    obj.row_version += 1


# ------------------------------------------------------------------------------------------ API


def etag(version: int) -> str:
    """The ETag of a versioned object: its row version, weak (the JSON may vary by language)."""
    return f'W/"{version}"'


class PreconditionRequired(exceptions.APIException):
    status_code = 428
    default_detail = gettext_lazy(
        "Envíe la cabecera If-Match con el ETag que leyó (GET del mismo recurso); así no se pierden los "
        "cambios que otra persona haya guardado entretanto."
    )
    default_code = "precondition_required"


def if_match_version(request: Any) -> int:
    """The version the client read, from its If-Match header (W/"3", "3" or 3).

    Raises PreconditionRequired (428) without the header, ValidationError (400) when it is not
    an ETag this API sent: a client that skips it would silently overwrite a colleague."""
    raw = (request.headers.get("If-Match") or "").strip()
    if not raw:
        raise PreconditionRequired()
    value = raw.removeprefix("W/").strip().strip('"')
    if not value.isdigit() or len(value) > 10 or int(value) > 2**31 - 1:
        raise exceptions.ValidationError(
            {"If-Match": [_('La cabecera If-Match debe ser el ETag que envió el servidor, p. ej. W/"3".')]}
        )
    return int(value)


def optional_if_match_version(request: Any) -> int | None:
    """For state-changing POSTs (transitions) that accept If-Match without requiring it yet:
    the version when the header is sent (checked like if_match_version), else None."""
    if not (request.headers.get("If-Match") or "").strip():
        return None
    return if_match_version(request)


IF_MATCH_PARAMETER = OpenApiParameter(
    "If-Match",
    str,
    OpenApiParameter.HEADER,
    required=True,
    description=gettext_lazy(
        'ETag recibido al leer el recurso (p. ej. W/"3"). Sin ella: 428; si otra persona guardó '
        'entretanto: 412 con la versión actual en "current".'
    ),
)

OPTIONAL_IF_MATCH_PARAMETER = OpenApiParameter(
    "If-Match",
    str,
    OpenApiParameter.HEADER,
    required=False,
    description=gettext_lazy(
        'Recomendada: ETag leído del recurso (p. ej. W/"3"); si otra persona lo cambió entretanto: 412 con la '
        'versión actual en "current".'
    ),
)

# The ETag a GET (and a successful update) answers with; list it in extend_schema's parameters.
ETAG_HEADER = OpenApiParameter(
    "ETag",
    str,
    OpenApiParameter.HEADER,
    response=[200],
    description=gettext_lazy("Versión del recurso; envíela en If-Match al modificarlo"),
)


class VersionedAPIMixin:
    """For API views that update a Versioned object (PUT/PATCH, transitions).

    The view reads `if_match_version(request)` and passes it as the service's
    `expected_version`; a StaleVersion raised by the service becomes 412 Precondition Failed
    whose body holds the current representation under "current" and whose ETag is the current
    one. Views implement `current_representation(obj)` for that body."""

    def current_representation(self, obj: Any) -> Any:
        raise NotImplementedError

    def handle_exception(self, exc: Exception) -> Response:
        if isinstance(exc, StaleVersion):
            current = exc.current
            response = Response(
                {
                    "detail": _(
                        "Otra persona guardó cambios después de que usted leyó este recurso: revise la versión "
                        'actual ("current") y vuelva a enviar sus cambios con su ETag.'
                    ),
                    "errors": {},
                    "current": self.current_representation(current),
                },
                status=412,
            )
            response["ETag"] = etag(current.row_version)
            return response
        return super().handle_exception(exc)  # type: ignore[misc]


def with_etag(response: Response, version: int) -> Response:
    """Add the ETag of the object the response represents."""
    response["ETag"] = etag(version)
    return response


# ------------------------------------------------------------------------------------------ web


def add_version_field(form: forms.Form, version: int) -> None:
    """Give an edit form the hidden `row_version` the page was rendered with."""
    form.fields["row_version"] = forms.IntegerField(
        widget=forms.HiddenInput,
        initial=version,
        min_value=0,
        max_value=2**31 - 1,
        label=_("Versión del formulario"),
        error_messages={
            "required": _("Falta la versión del formulario: recargue la página y vuelva a intentarlo."),
            "invalid": _("La versión del formulario no es válida: recargue la página."),
        },
    )


def form_version(form: forms.Form) -> int:
    """The version a valid edit form was rendered with (see add_version_field)."""
    return int(form.cleaned_data["row_version"])


def edited_values(form: forms.Form) -> dict[str, Any]:
    """A valid edit form's cleaned data without its hidden version (not a field of the object)."""
    return {k: v for k, v in form.cleaned_data.items() if k != "row_version"}


@dataclass(frozen=True)
class ConflictRow:
    label: str
    yours: str
    saved: str


def _display(field: forms.Field, value: Any) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return _("Sí") if value else _("No")
    if isinstance(value, (list, tuple, set)) or hasattr(value, "all"):
        items = list(value.all()) if hasattr(value, "all") else list(value)
        return ", ".join(sorted(_display(field, v) for v in items)) or "—"
    choices = getattr(field, "choices", None)
    if choices is not None and not isinstance(value, models.Model):
        labels = {str(k): str(v) for k, v in choices if not isinstance(v, (list, tuple))}
        if str(value) in labels:
            return labels[str(value)]
    if isinstance(value, (datetime.date, datetime.datetime, datetime.time)):
        if isinstance(value, datetime.datetime) and timezone.is_aware(value):
            value = timezone.localtime(value)
        return str(formats.localize(value))
    if hasattr(value, "name") and hasattr(value, "pk"):
        return str(value)
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        return str(formats.localize(value))
    return str(value)


def conflict_rows(form: forms.Form, saved: Mapping[str, Any]) -> list[ConflictRow]:
    """For each visible field of the form whose typed value differs from the saved one:
    (label, your value, saved value), shown by includes/conflict.html.

    `saved` maps field names to the current values, in the form's own terms (build it the way
    the view builds the form's `initial` from the object)."""
    rows = []
    typed = getattr(form, "cleaned_data", {})
    for name, field in form.fields.items():
        if name == "row_version" or field.widget.is_hidden or field.disabled or name not in saved:
            continue
        if name in typed:
            yours = typed[name]
        else:
            yours = form[name].value()
        mine, theirs = _display(field, yours), _display(field, saved[name])
        if mine != theirs:
            rows.append(ConflictRow(label=str(field.label or name), yours=mine, saved=theirs))
    return rows


def form_conflict(form: forms.Form, exc: StaleVersion, saved: Mapping[str, Any]) -> dict[str, Any]:
    """Prepare an edit form for showing again after StaleVersion, and return the template
    context for includes/conflict.html ({"conflict": rows}).

    The person's typed values stay in the form; its hidden version becomes the saved one, so
    saving again (after reviewing both versions) knowingly replaces the colleague's values."""
    rows = conflict_rows(form, saved)
    data = form.data.copy()  # type: ignore[attr-defined]  # a QueryDict (immutable) or a dict
    data["row_version"] = str(exc.current.row_version)
    form.data = data
    form.add_error(None, exc.messages[0])
    return {"conflict": rows}
