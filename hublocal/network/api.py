"""Network API: GET /api/v1/network/units/, public like the units map."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers
from rest_framework.request import Request
from rest_framework.response import Response

from hublocal.core.api import allow, error_responses
from hublocal.core.api_strict import StrictModelSerializer

from . import selectors
from .models import Product, Relation, Unit
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
