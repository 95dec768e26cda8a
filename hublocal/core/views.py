"""Home, static pages, health check, API docs and error pages."""

from __future__ import annotations

from typing import Any

from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from hublocal.core.personal_page import personal_page

from . import registry, selectors
from .page_cache import ANY, anonymous_page
from .web import LoginRequired


@anonymous_page(ANY)
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "core/home.html", {"stats": selectors.home_stats(), "areas": selectors.PRIORITY_AREAS})


# What a person can do when nothing awaits them, by role: (label, URL name). Only pages every
# account of that role may open.
_NEXT_STEPS: dict[str, list[tuple[Any, str]]] = {
    "hub_admin": [
        (gettext_lazy("Revisar las campañas de diagnóstico"), "diagnosis:campaign_list"),
        (gettext_lazy("Ver el seguimiento de municipios sin respuesta"), "engagement:dashboard"),
        (gettext_lazy("Revisar los desafíos de innovación abierta"), "innovation:challenge_list"),
        (gettext_lazy("Ir a la gestión de la plataforma"), "accounts:backoffice"),
    ],
    "hub_analyst": [
        (gettext_lazy("Revisar las campañas de diagnóstico"), "diagnosis:campaign_list"),
        (gettext_lazy("Ver el seguimiento de municipios sin respuesta"), "engagement:dashboard"),
        (gettext_lazy("Ver el avance del programa de pilotos"), "pilots:programme"),
    ],
    "municipal": [
        (gettext_lazy("Ver los diagnósticos de su municipio"), "diagnosis:index"),
        (gettext_lazy("Escribir un desafío de su municipio"), "innovation:challenge_create"),
        (gettext_lazy("Buscar soluciones en el catálogo"), "solutions:catalogue"),
    ],
    "startup": [
        (gettext_lazy("Ver los desafíos recomendados para su startup"), "innovation:recommended"),
        (gettext_lazy("Revisar las convocatorias"), "innovation:call_list"),
        (gettext_lazy("Ver sus propuestas"), "proposals:mine"),
    ],
    "partner": [
        (gettext_lazy("Conocer los desafíos de los municipios"), "innovation:challenge_list"),
        (gettext_lazy("Ver los pilotos y sus resultados"), "pilots:pilot_list"),
        (gettext_lazy("Inscribirse en un evento"), "innovation:event_list"),
    ],
}


@personal_page()
@require_GET
def my_home(request: HttpRequest) -> HttpResponse:
    """What awaits the signed-in person now; each app contributes its sections (registry)."""
    if not request.user.is_authenticated:
        raise LoginRequired(request.get_full_path())
    blocks = registry.home_blocks(request.user)
    steps = [(label, reverse(name)) for label, name in _NEXT_STEPS.get(getattr(request.user, "role", ""), [])]
    context = {
        "blocks": blocks,
        "total": sum(len(b.items) for b in blocks),
        "overdue": sum(b.overdue for b in blocks),
        "soon": sum(b.soon for b in blocks),
        "next_steps": steps,
    }
    return render(request, "core/my_home.html", context)


@anonymous_page(ANY)
@require_GET
def about(request: HttpRequest) -> HttpResponse:
    return render(request, "core/about.html", {**selectors.about_stages(), "lines": selectors.WORK_LINES})


@anonymous_page()
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
