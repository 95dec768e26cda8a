"""Reads for the home page and the API reference."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from . import registry
from .cache import generations


@dataclass(frozen=True)
class Area:
    slug: str
    name: Any
    summary: Any
    icon: str


# The hub's five priority challenges of the local state (seed 002).
PRIORITY_AREAS = [
    Area(
        "seguridad",
        _("Seguridad pública municipal"),
        _("Coordinación con autoridades, observatorios territoriales y prevención local."),
        "shield",
    ),
    Area(
        "aps",
        _("Atención primaria de salud"),
        _("Gestión sanitaria local, capital humano clínico e infraestructura APS."),
        "health",
    ),
    Area(
        "capital-humano",
        _("Capital humano municipal"),
        _("Modernización de la gestión, retención y atracción de talento público."),
        "people",
    ),
    Area(
        "ambiente",
        _("Sostenibilidad ambiental"),
        _("Gestión territorial, cambio climático local, residuos y conservación."),
        "leaf",
    ),
    Area(
        "digital",
        _("Transformación digital"),
        _("Modernización tecnológica, ciberseguridad municipal y datos abiertos."),
        "chip",
    ),
]

STAGES = [
    _("Definición estratégica"),
    _("Integración del ecosistema"),
    _("Modelo operativo"),
    _("Articulación multiactor"),
    _("Desarrollo de soluciones"),
    _("Implementación piloto"),
    _("Escalamiento nacional"),
    _("Evaluación y mejora continua"),
]


def about_stages() -> dict[str, Any]:
    """The about page's eight stages: the roadmap's stages with their status when an app keeps
    them as data (registry.register_roadmap), else the fixed list; and the roadmap's address."""
    roadmap = registry.roadmap()
    if roadmap is None:
        return {"stages": [{"title": title} for title in STAGES], "roadmap_url": ""}
    stages = roadmap.summary() or [{"title": title} for title in STAGES]
    return {"stages": stages, "roadmap_url": reverse(roadmap.url_name)}


WORK_LINES = [
    (_("Producción de conocimiento"), _("Estudios aplicados, diagnósticos territoriales y análisis comparados.")),
    (_("Transferencia mediante formación"), _("Programas de capacitación, especialización y actualización.")),
    (_("Innovación pública municipal"), _("Prototipado de soluciones organizacionales y tecnológicas.")),
    (_("Asistencia técnica directa"), _("Acompañamiento sostenido a procesos de transformación municipal.")),
    (_("Incidencia en política pública"), _("Evidencia al servicio de procesos legislativos y reglamentarios.")),
]


@dataclass(frozen=True)
class StatValue:
    key: str
    label: Any
    value: int


def home_stats() -> list[StatValue]:
    """Live key numbers from every app's registered statistics. The home page is the busiest
    page: they are cached under the data generations of their apps (core/cache.py; an app that
    bumps its generation on write shows its new count at once) and for a minute at most (the
    bound for apps that do not bump)."""
    namespaces = {s.key.split(".")[0] for s in registry.stats()}
    key = f"core:home_stats:{generations(namespaces)}"
    values = cache.get(key)
    if values is None:
        values = {s.key: s.compute() for s in registry.stats()}
        cache.set(key, values, 60)
    return [StatValue(s.key, s.label, values.get(s.key, 0)) for s in registry.stats()]


def api_reference() -> list[dict[str, Any]]:
    """Endpoints grouped by path, from the same OpenAPI document scripts use."""
    cached = cache.get("core:api_reference")
    if cached is not None:
        return cached
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    endpoints: list[dict[str, Any]] = []
    for path, methods in schema.get("paths", {}).items():
        for method, op in methods.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            endpoints.append(
                {
                    "path": path,
                    "method": method.upper(),
                    "summary": op.get("summary") or op.get("description", "").split("\n")[0],
                    "description": op.get("description", ""),
                    "parameters": [
                        {
                            "name": p["name"],
                            "in": p["in"],
                            "required": p.get("required", False),
                            "description": p.get("description", ""),
                        }
                        for p in op.get("parameters", [])
                    ],
                    "auth": bool(op.get("security")) and {} not in op.get("security", []),
                    "tag": (op.get("tags") or ["api"])[0],
                }
            )
    cache.set("core:api_reference", endpoints, 300)
    return endpoints
