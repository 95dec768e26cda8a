"""Indicators API: GET /api/v1/indicators/ (the four indicators of a year, each measure with its
value, target, progress and breakdowns) and /api/v1/indicators/<key>/ (one indicator). Read from
the stored snapshots; an unknown filter value is a 400 that names the accepted values."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from hublocal.core.api import allow, error_responses, query_param, year_query_param
from hublocal.core.api_strict import StrictSerializer

from . import definitions, selectors, services
from .permissions import Action, can

TAG = "indicadores"
PARAMS = [
    OpenApiParameter("year", int, description=gettext_lazy("Año (por defecto, el en curso)")),
    OpenApiParameter("typology", str, description=gettext_lazy("Código de tipología")),
    OpenApiParameter("region", str, description=gettext_lazy("Código CUT de región")),
    OpenApiParameter("country", str, description=gettext_lazy("Código ISO de país")),
]


class MeasureSerializer(StrictSerializer):
    key = serializers.CharField()
    name = serializers.CharField()
    unit = serializers.CharField()
    aggregate = serializers.CharField()
    sources = serializers.ListField(child=serializers.CharField())
    value = serializers.FloatField(allow_null=True)
    target = serializers.FloatField(allow_null=True)
    progress = serializers.FloatField(allow_null=True, help_text=gettext_lazy("Valor sobre meta, en %"))
    breakdowns = serializers.DictField(
        child=serializers.DictField(child=serializers.FloatField(allow_null=True)),
        help_text=gettext_lazy("{dimensión: {valor: cifra}}"),
    )
    series = serializers.ListField(child=serializers.ListField(child=serializers.FloatField(allow_null=True)))
    drill_down = serializers.CharField(help_text=gettext_lazy("Página con los registros detrás de la cifra"))


class IndicatorSerializer(StrictSerializer):
    key = serializers.CharField()
    slug = serializers.CharField()
    version = serializers.IntegerField()
    name = serializers.CharField()
    method = serializers.CharField()
    measures = MeasureSerializer(many=True)


class IndicatorListSerializer(StrictSerializer):
    year = serializers.IntegerField()
    computed_on = serializers.DateField(allow_null=True)
    filters = serializers.DictField(child=serializers.CharField())
    indicators = IndicatorSerializer(many=True)


def _filters(request: Any) -> tuple[int, dict[str, str]]:
    raw_year = query_param(request, "year", 4)
    year = timezone.localdate().year
    if raw_year:
        if not raw_year.isdigit() or not services.YEAR_MIN <= int(raw_year) <= services.year_max():
            raise exceptions.ValidationError(
                {"year": [_("Año inválido: entre %(a)s y %(b)s.") % {"a": services.YEAR_MIN, "b": services.year_max()}]}
            )
        year = int(raw_year)
    choices = selectors.filter_choices()
    filters = {}
    for dim in selectors.FILTER_DIMENSIONS:
        value = query_param(request, dim, 40)
        allowed = [code for code, _label in choices[dim]]
        if value and value not in allowed:
            raise exceptions.ValidationError(
                {dim: [_("Valor desconocido. Valores: %(v)s.") % {"v": ", ".join(allowed)}]}
            )
        filters[dim] = value
    return year, filters


def _payload(request: Any, *, only: str = "") -> dict[str, Any]:
    from django.urls import reverse

    year, filters = _filters(request)
    figures, computed_on = selectors.dashboard(year=year, filters=filters)
    indicators = []
    for ind in figures:
        if only and ind.indicator.key != only:
            continue
        base = reverse("evaluation:drill_down", args=[ind.indicator.slug])
        indicators.append(
            {
                "key": ind.indicator.key,
                "slug": ind.indicator.slug,
                "version": ind.indicator.version,
                "name": ind.indicator.name,
                "method": ind.indicator.method,
                "measures": [
                    {
                        "key": mf.measure.key,
                        "name": mf.measure.name,
                        "unit": mf.measure.unit,
                        "aggregate": mf.measure.aggregate,
                        "sources": list(mf.measure.sources),
                        "value": mf.value,
                        "target": mf.target,
                        "progress": mf.progress,
                        "breakdowns": mf.all_breakdowns,
                        "series": [[y, v] for y, v in mf.series],
                        "drill_down": request.build_absolute_uri(f"{base}?medida={mf.measure.key}&year={year}"),
                    }
                    for mf in ind.measures
                ],
            }
        )
    return {
        "year": year,
        "computed_on": computed_on,
        "filters": {k: v for k, v in filters.items() if v},
        "indicators": indicators,
    }


class IndicatorListView(APIView):
    """The hub's four indicators for a year (public)."""

    permission_classes = [allow(can, Action.VIEW)]

    @extend_schema(
        parameters=PARAMS,
        responses={200: IndicatorListSerializer, **error_responses(400)},
        operation_id="indicators_list",
        summary=gettext_lazy("Indicadores del Hub de un año, con desgloses y metas"),
        tags=[TAG],
    )
    def get(self, request: Request) -> Response:
        return Response(IndicatorListSerializer(_payload(request)).data)


class IndicatorDetailView(APIView):
    """One indicator (coverage, portfolio, impact, articulation) for a year."""

    permission_classes = [allow(can, Action.VIEW)]

    @extend_schema(
        parameters=PARAMS,
        responses={200: IndicatorSerializer, **error_responses(400, 404)},
        operation_id="indicators_detail",
        summary=gettext_lazy("Un indicador del Hub"),
        tags=[TAG],
    )
    def get(self, request: Request, key: str) -> Response:
        indicator = definitions.indicator(key[:60])
        if indicator is None:
            raise exceptions.NotFound(_("No existe ese indicador."))
        payload = _payload(request, only=indicator.key)
        return Response(IndicatorSerializer(payload["indicators"][0]).data)


# ---- results framework
class FrameworkMilestoneSerializer(StrictSerializer):
    title = serializers.CharField()
    weight = serializers.FloatField()
    due_on = serializers.DateField()
    done_on = serializers.DateField(allow_null=True)
    evidence_url = serializers.CharField(allow_blank=True)


class FrameworkNodeSerializer(StrictSerializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    title = serializers.CharField()
    description = serializers.CharField(allow_blank=True)
    responsible = serializers.CharField(allow_blank=True)
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    basis = serializers.CharField(help_text=gettext_lazy("indicator, milestones, results o vacío"))
    measure_key = serializers.CharField(allow_blank=True)
    value = serializers.FloatField(allow_null=True)
    target = serializers.FloatField(allow_null=True)
    progress = serializers.FloatField(allow_null=True, help_text=gettext_lazy("Avance en %"))
    history = serializers.ListField(child=serializers.FloatField(allow_null=True))
    milestones = FrameworkMilestoneSerializer(many=True)


class FrameworkObjectiveSerializer(FrameworkNodeSerializer):
    results = FrameworkNodeSerializer(many=True)


class FrameworkSerializer(StrictSerializer):
    year = serializers.IntegerField()
    history_dates = serializers.ListField(child=serializers.DateField())
    objectives = FrameworkObjectiveSerializer(many=True)


def _node_payload(v: Any) -> dict[str, Any]:
    n = v.node
    return {
        "id": n.pk,
        "kind": n.kind,
        "title": n.title,
        "description": n.description,
        "responsible": n.responsible,
        "starts_on": n.starts_on,
        "ends_on": n.ends_on,
        "basis": v.basis,
        "measure_key": n.measure_key,
        "value": v.value,
        "target": v.target,
        "progress": v.progress,
        "history": v.history,
        "milestones": [
            {
                "title": m.title,
                "weight": m.weight,
                "due_on": m.due_on,
                "done_on": m.done_on,
                "evidence_url": m.evidence_url,
            }
            for m in v.milestones
        ],  # fmt: skip
    }


class ResultListView(APIView):
    """The hub's results framework of a year: objectives, expected results, milestones and progress."""

    permission_classes = [allow(can, Action.VIEW)]

    @extend_schema(
        parameters=[OpenApiParameter("year", int, description=gettext_lazy("Año (por defecto, el en curso)"))],
        responses={200: FrameworkSerializer, **error_responses(400)},
        operation_id="results_list",
        summary=gettext_lazy("Marco de resultados del Hub de un año"),
        tags=[TAG],
    )
    def get(self, request: Request) -> Response:
        from . import results

        year = year_query_param(request) or timezone.localdate().year
        tree, dates = results.framework(year=year)
        payload = {
            "year": year,
            "history_dates": dates,
            "objectives": [{**_node_payload(o), "results": [_node_payload(c) for c in o.children]} for o in tree],
        }
        return Response(FrameworkSerializer(payload).data)
