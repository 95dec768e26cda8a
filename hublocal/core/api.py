"""API plumbing shared by every app: pagination, errors, permission bridge."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiResponse
from rest_framework import exceptions, pagination, parsers, permissions, serializers, status
from rest_framework.response import Response

from hublocal.core.web import note_denied

logger = logging.getLogger(__name__)


class DenyAll(permissions.BasePermission):
    """Default for every endpoint: an endpoint that forgets to declare its rule is closed."""

    def has_permission(self, request: Any, view: Any) -> bool:
        _note_denied(request, "deny_all")
        return False


def _note_denied(request: Any, action: Any, obj: Any = None) -> None:
    """A rule refused a signed-in caller: remember it for the audit trail (core.web.note_denied).
    Anonymous callers get a 401 and are not recorded."""
    if getattr(getattr(request, "user", None), "is_authenticated", False):
        note_denied(request, action, obj)


def allow(can: Callable[..., bool], action: Any, *, on_object: bool = False) -> type[permissions.BasePermission]:
    """A DRF permission class that asks an app's `can(user, action, obj)`.

    View-level checks pass obj=None; object-level checks pass the object, so the web UI
    and the API share one rule. With `on_object=True` the rule is only asked about the
    object: for actions such as "change this organisation", `can(user, action, None)` is
    False for everyone but administrators, so a view-level check would refuse the owners.
    The view must then call `check_object_permissions` (get_object does)."""

    class _Allow(permissions.BasePermission):
        def has_permission(self, request: Any, view: Any) -> bool:
            if on_object:
                return True
            if can(request.user, action, None):
                return True
            _note_denied(request, action)
            return False

        def has_object_permission(self, request: Any, view: Any, obj: Any) -> bool:
            if can(request.user, action, obj):
                return True
            _note_denied(request, action, obj)
            return False

    _Allow.__name__ = f"Allow_{action}"
    return _Allow


def query_param(request: Any, name: str, max_length: int = 100) -> str:
    """A query-string filter, stripped; 400 if longer than `max_length` or if it holds a NUL
    character (PostgreSQL refuses NUL in text, which would surface as a 500)."""
    value = request.query_params.get(name, "")
    if len(value) > max_length:
        raise exceptions.ValidationError({name: [_("Máximo %(n)s caracteres.") % {"n": max_length}]})
    if "\x00" in value:
        raise exceptions.ValidationError({name: [_("Contiene caracteres no permitidos.")]})
    return value.strip()


MAX_ID = 2**63 - 1
MIN_YEAR, MAX_YEAR = 1900, 2100


def int_query_param(request: Any, name: str, *, minimum: int = 1, maximum: int = MAX_ID) -> int | None:
    """A whole-number filter within [minimum, maximum], or None when absent; 400 otherwise.

    ASCII digits only (str.isdigit() accepts "²", which int() refuses), and bounded because an
    out-of-range year or id reaches the database as an overflow or a date it cannot build: a 500.
    """
    raw = query_param(request, name, 20)
    if not raw:
        return None
    if not (raw.isascii() and raw.isdigit()) or not minimum <= int(raw) <= maximum:
        raise exceptions.ValidationError(
            {name: [_("Debe ser un número entero entre %(a)s y %(b)s.") % {"a": minimum, "b": maximum}]}
        )
    return int(raw)


def year_query_param(request: Any, name: str = "year") -> int | None:
    return int_query_param(request, name, minimum=MIN_YEAR, maximum=MAX_YEAR)


class PageNumberPagination(pagination.PageNumberPagination):
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 200

    def paginate_queryset(self, queryset: Any, request: Any, view: Any = None) -> Any:
        # Out-of-range values are refused exactly as the document declares them (page ≥ 1,
        # 1 ≤ page_size ≤ max_page_size) instead of DRF's silent clamping; a page past the
        # end is "not found".
        self._bounded(request, self.page_query_param, 1, None)
        self._bounded(request, self.page_size_query_param, 1, self.max_page_size)
        try:
            return super().paginate_queryset(queryset, request, view)
        except exceptions.NotFound:
            raise exceptions.NotFound(_("Esa página no existe.")) from None

    @staticmethod
    def _bounded(request: Any, name: str, minimum: int, maximum: int | None) -> None:
        raw = request.query_params.get(name)
        if raw is None:
            return
        try:
            value = int(raw)
        except ValueError:
            raise exceptions.ValidationError({name: [_("Debe ser un número entero.")]}) from None
        if value < minimum:
            raise exceptions.ValidationError({name: [_("Debe ser %(n)s o mayor.") % {"n": minimum}]})
        if maximum is not None and value > maximum:
            raise exceptions.ValidationError({name: [_("Debe ser %(n)s o menor.") % {"n": maximum}]})

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        # The bounds paginate_queryset enforces, stated in the document (DRF declares bare integers).
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_query_param:
                parameter["schema"] = {"type": "integer", "minimum": 1}
            elif parameter["name"] == self.page_size_query_param:
                parameter["schema"] = {"type": "integer", "minimum": 1, "maximum": self.max_page_size}
        return parameters


def _flatten(detail: Any) -> Any:
    if isinstance(detail, dict):
        return {str(k): _flatten(v) for k, v in detail.items()}
    if isinstance(detail, list):
        return [_flatten(v) if isinstance(v, (dict, list)) else str(v) for v in detail]
    return str(detail)


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Every API error is JSON: {"detail": human message, "errors": {field: [messages]}}."""
    if isinstance(exc, DjangoValidationError):
        if hasattr(exc, "message_dict"):
            exc = exceptions.ValidationError(exc.message_dict)
        else:
            exc = exceptions.ValidationError({"non_field_errors": exc.messages})
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound(_("No encontrado."))
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied(_("No tiene permiso para realizar esta acción."))

    # Imported here: DRF's settings import this module while rest_framework.views loads.
    from rest_framework.views import exception_handler as drf_exception_handler

    response = drf_exception_handler(exc, context)
    if response is None:
        logger.exception("Unhandled API error", exc_info=exc)
        return Response(
            {"detail": _("Error interno. El equipo del Hub fue notificado."), "errors": {}},
            status=status.HTTP_500_INTERNAL_SERVER_ERROR,
        )
    if isinstance(exc, exceptions.ValidationError):
        errors = _flatten(exc.detail)
        if not isinstance(errors, dict):
            errors = {"non_field_errors": errors if isinstance(errors, list) else [errors]}
        response.data = {"detail": _("Los datos enviados no son válidos."), "errors": errors}
    elif isinstance(exc, exceptions.ParseError):
        # DRF's message quotes the JSON decoder in English; say what to fix instead.
        response.data = {"detail": _("El cuerpo de la solicitud no es JSON válido."), "errors": {}}
    elif isinstance(exc, exceptions.NotAuthenticated):
        response.data = {"detail": _("Debe iniciar sesión o enviar un token válido."), "errors": {}}
    else:
        detail = response.data.get("detail", "") if isinstance(response.data, dict) else response.data
        response.data = {"detail": str(detail), "errors": {}}
    return response


# The body of every API error, as `exception_handler` builds it, for the OpenAPI document.
# (No docstring: drf-spectacular would publish it as the schema's description.)
class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text=gettext_lazy("Mensaje para personas, en el idioma pedido"))
    # Named like Serializer.errors on purpose: this class only documents the JSON shape.
    errors = serializers.DictField(  # type: ignore[assignment]
        help_text=gettext_lazy("Mensajes por campo; vacío cuando el error no es de un campo"),
    )


_ERROR_DESCRIPTIONS = {
    400: gettext_lazy("Datos o parámetros inválidos; `errors` dice qué campo corregir"),
    401: gettext_lazy("Falta el token o no es válido"),
    403: gettext_lazy("La cuenta no tiene permiso para esta acción"),
    404: gettext_lazy("No existe, o no es visible para esta cuenta"),
    409: gettext_lazy("Otra persona guardó un valor distinto entretanto; la respuesta trae el valor guardado"),
    412: gettext_lazy(
        'Otra persona guardó cambios después de su lectura (If-Match desactualizado); "current" trae la versión actual'
    ),
    415: gettext_lazy("El cuerpo debe ser JSON (Content-Type: application/json)"),
    428: gettext_lazy("Falta la cabecera If-Match con el ETag leído"),
    429: gettext_lazy("Demasiadas solicitudes; espere antes de reintentar"),
}


def error_responses(*codes: int) -> dict[int, OpenApiResponse]:
    """OpenAPI responses for the error statuses an operation can answer, all with ErrorSerializer.

    Use in extend_schema: `responses={200: X, **error_responses(400, 401)}`."""
    return {code: OpenApiResponse(response=ErrorSerializer, description=_ERROR_DESCRIPTIONS[code]) for code in codes}


class JSONParser(parsers.JSONParser):
    """DRF's parser, but a body nested deeply enough to exhaust the recursion limit is a
    client error (400) like any other malformed JSON, not a 500."""

    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise exceptions.ParseError(_("El JSON enviado está anidado demasiado profundo.")) from None
