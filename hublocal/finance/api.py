"""Finance API: GET /api/v1/finance/summary/?year= — the public aggregate of a fiscal year
(each line's share and status, the share checks, the recurrent share, the flags). The same
numbers as /finanzas/: no client and no amount. Income details are staff web pages."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from hublocal.core.api import allow, error_responses, year_query_param
from hublocal.core.api_strict import StrictSerializer

from . import principles, selectors
from .permissions import Action, can

TAG = "finanzas"
STATUSES = principles.STATUS_CHOICES
YEAR_PARAM = OpenApiParameter(
    "year", int, description=gettext_lazy("Año fiscal (calendario), de 1900 a 2100; por omisión, el actual")
)


class SummaryLineSerializer(StrictSerializer):
    code = serializers.CharField()
    name = serializers.CharField()
    share = serializers.FloatField(allow_null=True, help_text=gettext_lazy("Fracción del total del año (0 a 1)"))
    status = serializers.ChoiceField(choices=STATUSES)


class SummaryPeriodSerializer(StrictSerializer):
    start = serializers.DateField()
    end = serializers.DateField()


class SummaryChecksSerializer(StrictSerializer):
    share_sum = serializers.FloatField(allow_null=True)
    diversification = serializers.ChoiceField(choices=STATUSES)
    breaches = serializers.ListField(child=serializers.CharField())
    warnings = serializers.ListField(child=serializers.CharField())
    warning_above = serializers.FloatField()
    breach_above = serializers.FloatField()


class SummaryFlagsSerializer(StrictSerializer):
    unlinked_commercial = serializers.IntegerField()
    stale_reviews = serializers.ListField(child=serializers.CharField())


class FinanceSummarySerializer(StrictSerializer):
    year = serializers.IntegerField()
    period = SummaryPeriodSerializer()
    has_income = serializers.BooleanField()
    lines = SummaryLineSerializer(many=True)
    checks = SummaryChecksSerializer()
    recurrent_share = serializers.FloatField(allow_null=True)
    flags = SummaryFlagsSerializer()


class FinanceSummaryView(APIView):
    """The principles' check of a fiscal year, for anyone."""

    permission_classes = [allow(can, Action.VIEW_PUBLIC)]

    @extend_schema(
        parameters=[YEAR_PARAM],
        responses={200: FinanceSummarySerializer, **error_responses(400)},
        summary=gettext_lazy("Resumen público de los ingresos del Hub por línea y de sus principios financieros"),
        tags=[TAG],
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        year = year_query_param(request) or timezone.localdate().year
        return Response(FinanceSummarySerializer(selectors.public_summary(year=year)).data)
