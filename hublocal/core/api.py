"""API plumbing shared by every app: pagination, errors, permission bridge."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, pagination, permissions, status
from rest_framework.response import Response

logger = logging.getLogger(__name__)


class DenyAll(permissions.BasePermission):
    """Default for every endpoint: an endpoint that forgets to declare its rule is closed."""

    def has_permission(self, request: Any, view: Any) -> bool:
        return False


def allow(can: Callable[..., bool], action: Any) -> type[permissions.BasePermission]:
    """A DRF permission class that asks an app's `can(user, action, obj)`.

    View-level checks pass obj=None; object-level checks pass the object, so the web UI
    and the API share one rule."""

    class _Allow(permissions.BasePermission):
        def has_permission(self, request: Any, view: Any) -> bool:
            return can(request.user, action, None)

        def has_object_permission(self, request: Any, view: Any, obj: Any) -> bool:
            return can(request.user, action, obj)

    _Allow.__name__ = f"Allow_{action}"
    return _Allow


class PageNumberPagination(pagination.PageNumberPagination):
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 200

    def paginate_queryset(self, queryset: Any, request: Any, view: Any = None) -> Any:
        # A page past the end or a non-numeric page is a client error with a clear message.
        raw = request.query_params.get(self.page_size_query_param)
        if raw is not None:
            try:
                value = int(raw)
            except ValueError:
                raise exceptions.ValidationError({"page_size": [_("Debe ser un número entero.")]}) from None
            if value < 1:
                raise exceptions.ValidationError({"page_size": [_("Debe ser 1 o mayor.")]})
        try:
            return super().paginate_queryset(queryset, request, view)
        except exceptions.NotFound:
            raise exceptions.NotFound(_("Esa página no existe.")) from None


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
    elif isinstance(exc, exceptions.NotAuthenticated):
        response.data = {"detail": _("Debe iniciar sesión o enviar un token válido."), "errors": {}}
    else:
        detail = response.data.get("detail", "") if isinstance(response.data, dict) else response.data
        response.data = {"detail": str(detail), "errors": {}}
    return response
