"""Network API: GET /api/v1/network/units/ and /api/v1/network/networks/, public like their pages."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers
from rest_framework.request import Request
from rest_framework.response import Response

from hublocal.core.api import allow, error_responses
from hublocal.core.api_strict import StrictModelSerializer, StrictSerializer

from . import selectors
from .models import InternationalNetwork, NetworkCountry, Product, Relation, Unit
from .permissions import Action, can

TAG = "red"


class UnitProductSerializer(StrictModelSerializer):
    class Meta:
        model = Product
        fields = ["kind", "title", "url"]
        read_only_fields = fields


class UnitRelationSerializer(StrictModelSerializer):
    target = serializers.CharField(source="target.slug", read_only=True)

    class Meta:
        model = Relation
        fields = ["target", "kind", "description"]
        read_only_fields = fields


class UnitSerializer(StrictModelSerializer):
    products = UnitProductSerializer(many=True, read_only=True)
    relations = UnitRelationSerializer(source="relations_out", many=True, read_only=True)

    class Meta:
        model = Unit
        fields = ["id", "slug", "name", "kind", "mission", "products", "relations"]
        read_only_fields = fields


class UnitListView(generics.ListAPIView):
    """The hub's units with their products and relations."""

    anonymous_page_namespaces = ("network",)
    permission_classes = [allow(can, Action.VIEW)]
    serializer_class = UnitSerializer

    def get_queryset(self) -> Any:
        return selectors.units()

    @extend_schema(
        responses={200: UnitSerializer(many=True), **error_responses(401)},
        summary=gettext_lazy("Listar las unidades del Hub con sus productos y relaciones"),
        tags=[TAG],
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)


class NetworkCountrySerializer(StrictModelSerializer):
    class Meta:
        model = NetworkCountry
        fields = ["code", "name"]
        read_only_fields = fields


class NetworkCommuneSerializer(StrictSerializer):
    code = serializers.CharField(read_only=True)
    name = serializers.CharField(read_only=True)
    country = serializers.CharField(source="country.code", read_only=True)


class InternationalNetworkSerializer(StrictModelSerializer):
    countries = NetworkCountrySerializer(many=True, read_only=True)
    municipalities = NetworkCommuneSerializer(source="communes", many=True, read_only=True)

    class Meta:
        model = InternationalNetwork
        fields = ["id", "slug", "name", "description", "url", "countries", "municipalities"]
        read_only_fields = fields


class NetworkListView(generics.ListAPIView):
    """The international networks with their member countries and known municipalities."""

    anonymous_page_namespaces = ("network", "territory")
    permission_classes = [allow(can, Action.VIEW)]
    serializer_class = InternationalNetworkSerializer

    def get_queryset(self) -> Any:
        return selectors.networks()

    @extend_schema(
        responses={200: InternationalNetworkSerializer(many=True), **error_responses(401)},
        summary=gettext_lazy("Listar las redes internacionales con sus países y municipios miembros"),
        tags=[TAG],
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)
