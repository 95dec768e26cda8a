"""Replications REST API: the public list of replications and a commune's peers.

Thin views over the same selectors and rules as the pages. Replications are public, without
their contact person unless the caller may see it (permissions.VIEW_CONTACT). Peers carry only
public figures: typology, region, the imported indicators and the reasons."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import exceptions, generics, serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from hublocal.core.api import allow, error_responses, query_param
from hublocal.core.api_strict import StrictSerializer
from hublocal.diagnosis import neighbours

from . import selectors
from .models import Status
from .permissions import Action, can

TAG = "replicaciones"
MAX_ID = 2**63 - 1


class ReplicationResultSerializer(StrictSerializer):
    label = serializers.CharField()
    unit = serializers.CharField()
    baseline = serializers.FloatField(allow_null=True)
    value = serializers.FloatField()
    measured_on = serializers.DateField()
    evidence_url = serializers.CharField()


class ReplicationContactSerializer(StrictSerializer):
    name = serializers.CharField(source="contact_name")
    email = serializers.CharField(source="contact_email")
    phone = serializers.CharField(source="contact_phone")


class ReplicationSerializer(StrictSerializer):
    id = serializers.IntegerField()
    url = serializers.CharField(source="get_absolute_url")
    municipality = serializers.CharField(source="municipality.name")
    commune_code = serializers.CharField()
    resource_id = serializers.IntegerField(allow_null=True)
    pilot_id = serializers.IntegerField(allow_null=True)
    title = serializers.CharField(source="target_title")
    mode = serializers.CharField(help_text=gettext_lazy("adopt (adopta) o adapt (adapta)"))
    status = serializers.CharField(help_text=gettext_lazy("planning, implementing, implemented o abandoned"))
    status_label = serializers.CharField(source="get_status_display")
    changes = serializers.CharField()
    abandon_reason = serializers.CharField()
    started_on = serializers.DateField(allow_null=True)
    finished_on = serializers.DateField(allow_null=True)
    confirmed = serializers.SerializerMethodField()
    results = serializers.SerializerMethodField()
    contact = serializers.SerializerMethodField(
        help_text=gettext_lazy("Solo para el equipo del Hub y funcionarios municipales; null para el resto")
    )

    def get_confirmed(self, r: Any) -> bool:
        return r.confirmed_at is not None

    @extend_schema_field(ReplicationResultSerializer(many=True))
    def get_results(self, r: Any) -> Any:
        rows = self.context.get("results", {}).get(r.pk, [])
        return ReplicationResultSerializer(rows, many=True).data

    @extend_schema_field(ReplicationContactSerializer(allow_null=True))
    def get_contact(self, r: Any) -> Any:
        request = self.context.get("request")
        if request is None or not can(request.user, Action.VIEW_CONTACT, r):
            return None
        return ReplicationContactSerializer(r).data


RESOURCE_PARAM = OpenApiParameter("resource", int, description=gettext_lazy("Identificador del recurso replicado"))
STATUS_PARAM = OpenApiParameter("status", str, enum=Status.values, description=gettext_lazy("Estado"))
COMMUNE_PARAM = OpenApiParameter(
    "commune", str, description=gettext_lazy("Código de la comuna que replica (p. ej. 13101)")
)


class ReplicationListView(generics.ListAPIView):
    """Every replication (all are public), latest activity first."""

    permission_classes = [allow(can, Action.VIEW_REPLICATIONS)]
    serializer_class = ReplicationSerializer

    def get_queryset(self) -> Any:
        raw_resource = query_param(self.request, "resource", 20)
        status = query_param(self.request, "status", 20)
        commune = query_param(self.request, "commune", 32)
        resource_id = None
        if raw_resource:
            if not raw_resource.isdigit() or int(raw_resource) > MAX_ID:
                raise exceptions.ValidationError({"resource": [_("Debe ser el número de un recurso.")]})
            resource_id = int(raw_resource)
        if status and status not in Status.values:
            raise exceptions.ValidationError(
                {"status": [_("Estado desconocido. Valores: %(v)s.") % {"v": ", ".join(Status.values)}]}
            )
        return selectors.replication_list(resource_id=resource_id, status=status, commune=commune)

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        rows = list(page if page is not None else self.get_queryset())
        context = {
            **self.get_serializer_context(),
            "results": selectors.replications_with_results(ids=[r.pk for r in rows]),
        }
        data = ReplicationSerializer(rows, many=True, context=context).data
        return self.get_paginated_response(data) if page is not None else Response(data)

    @extend_schema(
        parameters=[RESOURCE_PARAM, STATUS_PARAM, COMMUNE_PARAM],
        responses={200: ReplicationSerializer(many=True), **error_responses(400, 401, 404)},
        summary=gettext_lazy("Listar replicaciones"),
        tags=[TAG],
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)


class PeerSerializer(StrictSerializer):
    code = serializers.CharField()
    name = serializers.CharField()
    typology = serializers.CharField()
    region_code = serializers.CharField()
    distance = serializers.FloatField(help_text=gettext_lazy("Distancia estandarizada: menor es más parecido"))
    reasons = serializers.ListField(child=serializers.CharField())
    similar_areas = serializers.ListField(child=serializers.CharField())
    indicators = serializers.DictField(child=serializers.FloatField())


class PeerSetSerializer(StrictSerializer):
    code = serializers.CharField()
    name = serializers.CharField()
    typology = serializers.CharField()
    region_code = serializers.CharField()
    features = serializers.IntegerField(
        help_text=gettext_lazy("Cuántos datos numéricos (dimensiones e indicadores) describen la comuna")
    )
    peers = PeerSerializer(many=True)


K_PARAM = OpenApiParameter("k", int, description=gettext_lazy("Cuántos municipios parecidos (1–50; 10 por omisión)"))


class PeersView(APIView):
    """The municipalities most like a Chilean commune, nearest first, with the reasons."""

    permission_classes = [allow(can, Action.VIEW_PEERS)]
    anonymous_page_namespaces = ("diagnosis", "territory")

    @extend_schema(
        parameters=[K_PARAM],
        responses={200: PeerSetSerializer, **error_responses(400, 401, 404)},
        summary=gettext_lazy("Municipios como el mío"),
        tags=[TAG],
    )
    def get(self, request: Request, code: str) -> Response:
        raw_k = query_param(request, "k", 3)
        k = 10
        if raw_k:
            if not raw_k.isdigit() or not 1 <= int(raw_k) <= neighbours.K_MAX:
                raise exceptions.ValidationError(
                    {"k": [_("Debe ser un número entero entre 1 y %(max)d.") % {"max": neighbours.K_MAX}]}
                )
            k = int(raw_k)
        if len(code) > 32:
            raise Http404
        found = neighbours.peers(commune_code=code, k=k)
        if found is None:
            raise Http404
        return Response(PeerSetSerializer(found).data)
