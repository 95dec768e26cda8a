"""Home, static pages, health check, API docs and error pages."""

from __future__ import annotations

from typing import Any

from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from . import selectors


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "core/home.html", {"stats": selectors.home_stats(), "areas": selectors.PRIORITY_AREAS})


@require_GET
def about(request: HttpRequest) -> HttpResponse:
    return render(request, "core/about.html", {"stages": selectors.STAGES, "lines": selectors.WORK_LINES})


@require_GET
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "core/accessibility.html")


@require_GET
@cache_control(no_store=True)
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness and database status for load balancers and monitors."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        db = "ok"
    except DatabaseError:  # any database failure means "not healthy", never a 500
        db = "error"
    status = 200 if db == "ok" else 503
    return JsonResponse(
        {"status": "ok" if db == "ok" else "degraded", "database": db, "vendor": connection.vendor}, status=status
    )


@require_GET
def api_docs(request: HttpRequest) -> HttpResponse:
    """A light, accessible reference generated from the OpenAPI document itself."""
    return render(request, "core/api_docs.html", {"api": selectors.api_reference()})


def _error(request: HttpRequest, status: int, title: str, message: str) -> HttpResponse:
    if request.path.startswith("/api/") or request.path == "/healthz":
        return JsonResponse({"detail": message, "errors": {}}, status=status)
    context: dict[str, Any] = {"status": status, "title": title, "message": message}
    return render(request, "core/error.html", context, status=status)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(
        request,
        400,
        _("Solicitud inválida"),
        _("No pudimos entender la solicitud. Revise los datos e intente de nuevo."),
    )


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, 403, _("Acceso restringido"), _("No tiene permiso para ver esta página con su cuenta."))


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, 404, _("Página no encontrada"), _("La página que busca no existe o fue movida."))


def server_error(request: HttpRequest) -> HttpResponse:
    return _error(request, 500, _("Error interno"), _("Ocurrió un error inesperado. El equipo del Hub fue notificado."))
