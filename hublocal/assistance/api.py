"""Technical-assistance API: GET /api/v1/assistance/engagements/ with the pages' permissions
(a municipality sees its own engagements, an expert the ones they work on, staff all)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, generics, serializers
from rest_framework.request import Request
from rest_framework.response import Response

from hublocal.core.api import allow, error_responses, query_param
from hublocal.core.api_strict import StrictModelSerializer
from hublocal.core.areas import Area

from . import selectors
from .models import Engagement, EngagementStatus
from .permissions import Action, can

TAG = "asistencia-tecnica"
STATUS_PARAM = OpenApiParameter(
    "status", str, enum=EngagementStatus.values, description=gettext_lazy("Estado de la asistencia")
)
AREA_PARAM = OpenApiParameter("area", str, enum=Area.values, description=gettext_lazy("Área prioritaria"))


class EngagementSerializer(StrictModelSerializer):
    organization = serializers.CharField(source="organization.name", read_only=True)
    deliverables = serializers.IntegerField(source="n_deliverables", read_only=True)
    deliverables_accepted = serializers.IntegerField(source="n_accepted", read_only=True)
    dimension = serializers.CharField(source="request.dimension", read_only=True)

    class Meta:
        model = Engagement
        fields = [
            "id",
            "title",
            "organization",
            "area",
            "dimension",
            "status",
            "hours",
            "fee_clp",
            "deliverables",
            "deliverables_accepted",
            "library_resource_id",
            "created_at",
            "closed_at",
        ]
        read_only_fields = fields


class EngagementListView(generics.ListAPIView):
    """The engagements the caller may see, newest first."""

    permission_classes = [allow(can, Action.LIST)]
    serializer_class = EngagementSerializer

    def get_queryset(self) -> Any:
        status = query_param(self.request, "status", 20)
        area = query_param(self.request, "area", 20)
        if status and status not in EngagementStatus.values:
            raise exceptions.ValidationError(
                {"status": [_("Estado desconocido. Valores: %(v)s.") % {"v": ", ".join(EngagementStatus.values)}]}
            )
        if area and area not in Area.values:
            raise exceptions.ValidationError(
                {"area": [_("Área desconocida. Valores: %(v)s.") % {"v": ", ".join(Area.values)}]}
            )
        return selectors.engagements_visible(user=self.request.user, status=status, area=area)

    @extend_schema(
        parameters=[STATUS_PARAM, AREA_PARAM],
        responses={200: EngagementSerializer(many=True), **error_responses(400, 401, 403)},
        summary=gettext_lazy("Listar asistencias técnicas visibles para quien consulta"),
        tags=[TAG],
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)
