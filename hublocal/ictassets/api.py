"""ICT assets API. GET /api/v1/ict-assets/ answers everyone with the aggregates by category;
a municipal official also gets their own municipality's assets in detail, the hub all of them
(`scope` says which). GET /api/v1/ict-assets/<id>/ is one asset (404 unless the caller may read
it). GET /api/v1/ict-assets/open-source/ lists the open-source solutions and their adopters.
Every filter is validated: an unknown value is a 400, never a silent empty list."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import exceptions, generics, serializers
from rest_framework.request import Request
from rest_framework.response import Response

from hublocal.core.api import allow, error_responses, query_param
from hublocal.core.api_strict import StrictModelSerializer, StrictSerializer
from hublocal.core.permissions import is_hub_staff
from hublocal.territory import selectors as territory_selectors

from . import selectors
from .models import Adoption, Category, Hosting, IctAsset, LicenceType, OpenSourceSolution
from .permissions import Action, can, is_municipal_official

TAG = "activos TIC"
MAX_DAYS = 3650
PARAMS = [
    OpenApiParameter("category", str, enum=Category.values, description=gettext_lazy("Categoría del sistema")),
    OpenApiParameter("licence_type", str, enum=LicenceType.values, description=gettext_lazy("Tipo de licencia")),
    OpenApiParameter("hosting", str, enum=Hosting.values, description=gettext_lazy("Alojamiento")),
    OpenApiParameter("typology", str, description=gettext_lazy("Tipología de la comuna")),
    OpenApiParameter("commune", str, description=gettext_lazy("Código de comuna (solo para el detalle)")),
    OpenApiParameter(
        "ending_within",
        int,
        description=gettext_lazy("Contratos que terminan dentro de estos días (1 a 3650)"),
    ),
    OpenApiParameter("page", int, description=gettext_lazy("Página (1 o más)")),
    OpenApiParameter("page_size", int, description=gettext_lazy("Filas por página (1 a 200)")),
]


def _choice(request: Any, name: str, allowed: list[str]) -> str:
    value = query_param(request, name, 40)
    if value and value not in allowed:
        raise exceptions.ValidationError({name: [_("Valor desconocido. Valores: %(v)s.") % {"v": ", ".join(allowed)}]})
    return value


def filters_from(request: Any) -> selectors.Filters:
    commune = query_param(request, "commune", 10)
    if commune and not commune.isdigit():
        raise exceptions.ValidationError({"commune": [_("Un código de comuna tiene solo dígitos.")]})
    raw_days = query_param(request, "ending_within", 10)
    days = None
    if raw_days:
        if not raw_days.isdigit() or not 1 <= int(raw_days) <= MAX_DAYS:
            raise exceptions.ValidationError(
                {"ending_within": [_("Debe ser un número entero entre 1 y %(n)s.") % {"n": MAX_DAYS}]}
            )
        days = int(raw_days)
    return selectors.Filters(
        category=_choice(request, "category", Category.values),
        licence_type=_choice(request, "licence_type", LicenceType.values),
        hosting=_choice(request, "hosting", Hosting.values),
        typology=_choice(request, "typology", sorted(territory_selectors.typology_labels())),
        commune=commune,
        ending_within=days,
    )


class AssetSerializer(StrictModelSerializer):
    municipality = serializers.CharField(source="municipality.name", read_only=True)
    commune_code = serializers.SerializerMethodField()

    class Meta:
        model = IctAsset
        fields = [
            "id", "municipality", "commune_code", "name", "purpose", "category", "vendor_name", "product",
            "licence_type", "spdx_id", "contract_value", "starts_on", "ends_on", "hosting", "has_api", "standards",
            "pisee", "claveunica", "personal_data", "owner_name", "owner_email", "satisfaction",
        ]  # fmt: skip
        read_only_fields = fields

    def get_commune_code(self, a: IctAsset) -> str | None:
        return a.municipality.commune.code if a.municipality.commune else None


class CategoryRowSerializer(StrictSerializer):
    category = serializers.CharField()
    label = serializers.CharField()
    assets = serializers.IntegerField()
    municipalities = serializers.IntegerField()
    spend = serializers.IntegerField(help_text=gettext_lazy("Gasto total en contratos (CLP)"))


class AssetRegisterSerializer(StrictSerializer):
    scope = serializers.ChoiceField(
        choices=["aggregate", "own", "all"],
        help_text=gettext_lazy("aggregate: solo agregados; own: los activos del propio municipio; all: todos (Hub)"),
    )
    summary = CategoryRowSerializer(many=True)
    count = serializers.IntegerField()
    next = serializers.CharField(allow_null=True)
    previous = serializers.CharField(allow_null=True)
    results = AssetSerializer(many=True)


class AssetRegisterView(generics.GenericAPIView):
    permission_classes = [allow(can, Action.PUBLIC)]
    serializer_class = AssetSerializer

    @extend_schema(
        operation_id="ict_assets_list",
        parameters=PARAMS,
        responses={200: AssetRegisterSerializer, **error_responses(400, 404)},
        summary=gettext_lazy("Activos TIC: agregados públicos y, para su municipio o el Hub, el detalle"),
        tags=[TAG],
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        filters = filters_from(request)
        user = request.user
        scope = "all" if is_hub_staff(user) else "own" if is_municipal_official(user) else "aggregate"
        summary = [
            {k: r[k] for k in ("category", "label", "assets", "municipalities", "spend")}
            for r in selectors.category_summary(filters=filters)
        ]
        # The detail: only what the caller may read (visible_assets is empty for everyone else).
        page = self.paginate_queryset(selectors.asset_list(user=user, filters=filters))
        paginated = self.get_paginated_response(AssetSerializer(page, many=True).data).data
        return Response({"scope": scope, "summary": summary, **paginated})


class AssetDetailView(generics.RetrieveAPIView):
    permission_classes = [allow(can, Action.PUBLIC)]
    serializer_class = AssetSerializer

    def get_object(self) -> Any:
        asset = selectors.asset_get(pk=self.kwargs["pk"])
        if asset is None or not can(self.request.user, Action.VIEW, asset):
            raise exceptions.NotFound(_("No existe ese activo TIC."))
        return asset

    @extend_schema(
        operation_id="ict_assets_detail",
        responses={200: AssetSerializer, **error_responses(404)},
        summary=gettext_lazy("Ver un activo TIC (su municipio o el Hub)"),
        tags=[TAG],
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)


class AdopterSerializer(StrictModelSerializer):
    municipality = serializers.CharField(source="municipality.name", read_only=True)

    class Meta:
        model = Adoption
        fields = ["municipality", "status"]
        read_only_fields = fields


class OpenSourceSolutionSerializer(StrictModelSerializer):
    maintainer = serializers.SerializerMethodField()
    adopters = serializers.SerializerMethodField()

    class Meta:
        model = OpenSourceSolution
        fields = ["id", "name", "slug", "description", "repository_url", "spdx_id", "maintainer", "adopters"]
        read_only_fields = fields

    def get_maintainer(self, s: OpenSourceSolution) -> str | None:
        return s.maintainer.name if s.maintainer else None

    @extend_schema_field(AdopterSerializer(many=True))  # type: ignore[misc]
    def get_adopters(self, s: OpenSourceSolution) -> Any:
        return AdopterSerializer(s.adoptions.all(), many=True).data


class SolutionListView(generics.ListAPIView):
    permission_classes = [allow(can, Action.PUBLIC)]
    serializer_class = OpenSourceSolutionSerializer

    def get_queryset(self) -> Any:
        return selectors.solution_list().prefetch_related("adoptions__municipality")

    @extend_schema(
        responses={200: OpenSourceSolutionSerializer(many=True), **error_responses(400)},
        summary=gettext_lazy("Soluciones de código abierto y sus municipios adoptantes"),
        tags=[TAG],
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)
