from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, generics, serializers
from rest_framework.request import Request
from rest_framework.response import Response

from hublocal.core.api import allow, error_responses, query_param
from hublocal.core.api_strict import StrictModelSerializer, StrictSerializer

from . import selectors, services
from .models import Commune, Province, Region, Typology
from .permissions import Action, can


class RegionSerializer(StrictModelSerializer):
    class Meta:
        model = Region
        fields = ["code", "name"]


class ProvinceSerializer(StrictModelSerializer):
    region = serializers.CharField(source="region.code", read_only=True)

    class Meta:
        model = Province
        fields = ["code", "name", "region"]


class ProvinceRefSerializer(StrictModelSerializer):
    class Meta:
        model = Province
        fields = ["code", "name"]


class CommuneSerializer(StrictModelSerializer):
    country = serializers.CharField(source="country.code", read_only=True)
    region = RegionSerializer(read_only=True, allow_null=True)
    province = ProvinceRefSerializer(read_only=True, allow_null=True)
    typology_label = serializers.CharField(source="get_typology_display", read_only=True)

    class Meta:
        model = Commune
        fields = [
            "code",
            "national_code",
            "name",
            "country",
            "region",
            "province",
            "admin_area",
            "typology",
            "typology_label",
            "area_km2",
        ]


class CommuneUpdateSerializer(StrictSerializer):
    typology = serializers.ChoiceField(choices=Typology.choices)


class ForeignMunicipalitySerializer(StrictSerializer):
    country_code = serializers.CharField(max_length=2, help_text=gettext_lazy("Código ISO de dos letras"))
    # Optional fields default to "" so the service always gets every keyword it requires.
    country_name = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    name = serializers.CharField(max_length=120)
    national_code = serializers.CharField(max_length=24)
    admin_area = serializers.CharField(max_length=120, required=False, allow_blank=True, default="")


COMMUNE_FILTERS = [
    OpenApiParameter("region", str, description=gettext_lazy("Código CUT de la región, p. ej. 13")),
    OpenApiParameter("province", str, description=gettext_lazy("Código CUT de la provincia, p. ej. 131")),
    OpenApiParameter("typology", str, enum=Typology.values, description=gettext_lazy("Tipología comunal")),
    OpenApiParameter("q", str, description=gettext_lazy("Texto en el nombre (sin distinguir tildes) o código")),
    OpenApiParameter("country", str, description=gettext_lazy("Código ISO del país (CL por defecto: todos)")),
]


class CommuneListView(generics.ListCreateAPIView):
    """Chilean communes and the registered municipalities of the regional network."""

    # Anonymous answers are cached whole, per data generation (core/page_cache.py).
    anonymous_page_namespaces = ("territory", "directory")

    serializer_class = CommuneSerializer

    def get_permissions(self) -> list[Any]:
        action = Action.VIEW if self.request.method == "GET" else Action.REGISTER_FOREIGN_MUNICIPALITY
        return [allow(can, action)()]

    def get_queryset(self) -> Any:
        typology = query_param(self.request, "typology", 20)
        if typology and typology not in Typology.values:
            raise exceptions.ValidationError(
                {"typology": [_("Tipología desconocida. Valores: %(v)s.") % {"v": ", ".join(Typology.values)}]}
            )
        return selectors.commune_list(
            region=query_param(self.request, "region", 2),
            province=query_param(self.request, "province", 3),
            typology=typology,
            q=query_param(self.request, "q"),
            country=query_param(self.request, "country", 2),
        )

    @extend_schema(
        parameters=COMMUNE_FILTERS,
        responses={200: CommuneSerializer, **error_responses(400, 401, 404)},
        summary=gettext_lazy("Listar comunas"),
        tags=["territorio"],
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    @extend_schema(
        request=ForeignMunicipalitySerializer,
        responses={201: CommuneSerializer, **error_responses(400, 401, 403, 415)},
        summary=gettext_lazy("Registrar un municipio de otro país"),
        tags=["territorio"],
    )
    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = ForeignMunicipalitySerializer(data=request.data)
        data.is_valid(raise_exception=True)
        commune = services.foreign_municipality_register(actor=request.user, **data.validated_data)
        return Response(CommuneSerializer(commune).data, status=201)


class CommuneDetailView(generics.RetrieveUpdateAPIView):
    serializer_class = CommuneSerializer
    http_method_names = ["get", "patch", "head", "options"]

    def get_permissions(self) -> list[Any]:
        action = Action.VIEW if self.request.method == "GET" else Action.CHANGE_TYPOLOGY
        return [allow(can, action)()]

    def get_object(self) -> Commune:
        commune = selectors.commune_get(code=self.kwargs["code"])
        if commune is None:
            raise Http404
        self.check_object_permissions(self.request, commune)
        return commune

    @extend_schema(
        responses={200: CommuneSerializer, **error_responses(401, 404)},
        summary=gettext_lazy("Detalle de una comuna"),
        tags=["territorio"],
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    @extend_schema(
        request=CommuneUpdateSerializer,
        responses={200: CommuneSerializer, **error_responses(400, 401, 403, 404, 415)},
        summary=gettext_lazy("Cambiar la tipología de una comuna"),
        tags=["territorio"],
    )
    def patch(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        commune = self.get_object()
        data = CommuneUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            commune = services.commune_set_typology(actor=request.user, commune=commune, **data.validated_data)
        except DjangoValidationError as exc:
            raise exceptions.ValidationError(exc.message_dict) from None
        return Response(CommuneSerializer(commune).data)


class RegionListView(generics.ListAPIView):
    # Anonymous answers are cached whole, per data generation (core/page_cache.py).
    anonymous_page_namespaces = ("territory",)
    serializer_class = RegionSerializer
    permission_classes = [allow(can, Action.VIEW)]
    pagination_class = None

    def get_queryset(self) -> Any:
        return selectors.region_list()

    @extend_schema(
        responses={200: RegionSerializer(many=True), **error_responses(401)},
        summary=gettext_lazy("Listar regiones"),
        tags=["territorio"],
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)


class ProvinceListView(generics.ListAPIView):
    # Anonymous answers are cached whole, per data generation (core/page_cache.py).
    anonymous_page_namespaces = ("territory",)
    serializer_class = ProvinceSerializer
    permission_classes = [allow(can, Action.VIEW)]
    pagination_class = None

    def get_queryset(self) -> Any:
        return selectors.province_list(region=query_param(self.request, "region", 2))

    @extend_schema(
        parameters=[COMMUNE_FILTERS[0]],
        responses={200: ProvinceSerializer(many=True), **error_responses(400, 401)},
        summary=gettext_lazy("Listar provincias"),
        tags=["territorio"],
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)
