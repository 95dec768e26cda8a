"""GET /api/v1/search/: the site-wide search for scripts, over the same selectors as /buscar/.
Unlike the page, which shortens and ignores with a message, the API refuses bad input with a
400 naming the parameter: a script should know its request was not the one it meant."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.core.paginator import Paginator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, generics, serializers
from rest_framework.request import Request
from rest_framework.response import Response

from hublocal.core import search
from hublocal.core.api import PageNumberPagination, allow, error_responses, query_param
from hublocal.core.api_strict import StrictSerializer
from hublocal.core.areas import Area
from hublocal.core.registry import search_types

from . import highlight, selectors
from .models import codes_of
from .permissions import Action, can

TAG = "búsqueda"
# Longer than the engine reads (300) but refused only beyond this: a script that sends a
# paragraph learns that only its start was used (`query_truncated`).
MAX_API_QUERY = 500
MIN_YEAR, MAX_YEAR = 1900, 2100


class SearchItemSerializer(StrictSerializer):
    type = serializers.CharField(help_text=gettext_lazy("Tipo de objeto, p. ej. solutions.solution"))
    type_label = serializers.CharField()
    id = serializers.IntegerField(help_text=gettext_lazy("Identificador del objeto dentro de su tipo"))
    title = serializers.CharField()
    summary = serializers.CharField()
    snippet = serializers.CharField(
        help_text=gettext_lazy("Extracto en HTML: texto escapado y las palabras buscadas entre <mark> y </mark>")
    )
    url = serializers.CharField(help_text=gettext_lazy("Ruta de la página pública (en español)"))
    areas = serializers.ListField(child=serializers.CharField())
    typologies = serializers.ListField(child=serializers.CharField())
    year = serializers.IntegerField(allow_null=True)
    rank = serializers.FloatField(help_text=gettext_lazy("Pertinencia; comparable solo dentro de una búsqueda"))


_FACET_VALUE = {
    "type": "object",
    "properties": {
        "value": {"type": "string"},
        "label": {"type": "string"},
        "count": {"type": "integer", "description": "Resultados con este valor y los demás filtros"},
        "selected": {"type": "boolean"},
    },
    "required": ["value", "label", "count", "selected"],
}
_FACETS = {
    "type": "object",
    "properties": {name: {"type": "array", "items": _FACET_VALUE} for name in ("type", "area", "typology", "year")},
    "required": ["type", "area", "typology", "year"],
}


class _CountedPaginator(Paginator):
    """The total is already known from the facets' aggregate: no second COUNT."""

    def __init__(self, object_list: Any, per_page: int, *, total: int, **kwargs: Any) -> None:
        super().__init__(object_list, per_page, **kwargs)
        self.count = total  # type: ignore[misc]


class SearchPagination(PageNumberPagination):
    # What the answer carries beside the page (facets, suggestion…), set by the view per request.
    extra: dict[str, Any]

    def get_paginated_response(self, data: Any) -> Response:
        response = super().get_paginated_response(data)
        response.data.update(self.extra)
        return response

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        paginated = super().get_paginated_response_schema(schema)
        paginated["properties"]["facets"] = _FACETS
        paginated["properties"]["suggestion"] = {
            "type": "string",
            "nullable": True,
            "description": str(gettext_lazy("Búsqueda corregida cuando no hay resultados («¿Quiso decir…?»)")),
        }
        paginated["properties"]["count"]["description"] = str(
            gettext_lazy("Resultados que se pueden recorrer por páginas (los 500 más pertinentes como máximo)")
        )
        paginated["properties"]["total"] = {
            "type": "integer",
            "description": str(
                gettext_lazy("Objetos que coinciden (cuentan en las facetas); un mínimo si total_is_lower_bound")
            ),
        }
        paginated["properties"]["total_is_lower_bound"] = {
            "type": "boolean",
            "description": str(
                gettext_lazy(
                    "Verdadero cuando coinciden más objetos que `total`: el total es entonces un mínimo "
                    "(«más de») y las facetas cuentan solo esos primeros resultados"
                )
            ),
        }
        paginated["properties"]["query_truncated"] = {
            "type": "boolean",
            "description": str(gettext_lazy("La búsqueda superaba 300 caracteres y solo se usó su comienzo")),
        }
        paginated["required"] = [
            *paginated.get("required", []),
            "total",
            "total_is_lower_bound",
            "facets",
            "suggestion",
            "query_truncated",
        ]
        return paginated


def _choice(request: Request, name: str, allowed: list[str]) -> str:
    value = query_param(request, name, 60)
    if value and value not in allowed:
        raise exceptions.ValidationError({name: [_("Valor desconocido. Valores: %(v)s.") % {"v": ", ".join(allowed)}]})
    return value


def _year(request: Request) -> int | None:
    raw = query_param(request, "year", 10)
    if not raw:
        return None
    if not raw.isascii() or not raw.isdigit() or not MIN_YEAR <= int(raw) <= MAX_YEAR:
        raise exceptions.ValidationError(
            {"year": [_("Debe ser un año entre %(a)s y %(b)s.") % {"a": MIN_YEAR, "b": MAX_YEAR}]}
        )
    return int(raw)


def _facets(facets: selectors.Facets) -> dict[str, Any]:
    return {
        name: [{"value": v.value, "label": v.label, "count": v.count, "selected": v.selected} for v in values]
        for name, values in facets.as_dict().items()
    }


class SearchView(generics.ListAPIView):
    anonymous_page_namespaces = ("search",)
    permission_classes = [allow(can, Action.SEARCH)]
    serializer_class = SearchItemSerializer
    pagination_class = SearchPagination

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "q",
                str,
                required=True,
                description=gettext_lazy(
                    "Qué buscar (hasta 500 caracteres; se usan los primeros 300). Tildes, plurales y sinónimos "
                    "municipales: patentes comerciales = licencias de funcionamiento"
                ),
            ),
            OpenApiParameter(
                "type",
                str,
                enum=[t.key for t in search_types()],
                description=gettext_lazy("Solo objetos de este tipo"),
            ),
            OpenApiParameter("area", str, enum=Area.values, description=gettext_lazy("Área prioritaria")),
            OpenApiParameter(
                "typology",
                str,
                enum=[code for code, _label in selectors.TYPOLOGIES],
                description=gettext_lazy("Tipo de municipio"),
            ),
            OpenApiParameter(
                "year",
                int,
                description=gettext_lazy("Año (publicación, apertura o inicio)"),
            ),
        ],
        responses={200: SearchItemSerializer(many=True), **error_responses(400, 404)},
        summary=gettext_lazy("Buscar en todo el sitio"),
        description=gettext_lazy(
            "Objetos públicos de todos los tipos registrados (biblioteca, soluciones, desafíos, convocatorias, "
            "pilotos, municipios, organizaciones), por pertinencia, con extractos marcados, conteos por faceta "
            "y una sugerencia cuando no hay resultados. La respuesta es la misma con o sin sesión."
        ),
        tags=[TAG],
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        q = query_param(request, "q", MAX_API_QUERY)
        if not q:
            raise exceptions.ValidationError({"q": [_("Indique qué buscar.")]})
        filters = selectors.Filters(
            type=_choice(request, "type", [t.key for t in search_types()]),
            area=_choice(request, "area", list(Area.values)),
            typology=_choice(request, "typology", [code for code, _label in selectors.TYPOLOGIES]),
            year=_year(request),
        )
        results = selectors.search_entries(q=q, filters=filters)
        paginator = self.paginator
        assert isinstance(paginator, SearchPagination)
        paginator.django_paginator_class = partial(_CountedPaginator, total=results.shown)  # type: ignore[assignment]
        page = paginator.paginate_queryset(results.rows, request, view=self)
        labels = selectors.type_labels()
        items = [
            {
                "type": entry.type,
                "type_label": labels.get(entry.type, ""),
                "id": entry.object_id,
                "title": entry.title,
                "summary": entry.summary,
                "snippet": str(highlight.snippet(entry.summary, entry.text, results.query)),
                "url": entry.url,
                "areas": codes_of(entry.areas),
                "typologies": codes_of(entry.typologies),
                "year": entry.year,
                "rank": round(float(entry.rank), 6),
            }
            for entry in (page or [])
        ]
        paginator.extra = {
            "total": results.total,
            "total_is_lower_bound": results.total_is_lower_bound,
            "facets": _facets(results.facets),
            "suggestion": selectors.suggestion(q) if not results.total else None,
            "query_truncated": len(q) > search.MAX_QUERY_CHARS,
        }
        return paginator.get_paginated_response(SearchItemSerializer(items, many=True).data)
