"""Catalogue REST API: solutions and startups, over the same services, selectors and rules as
the web pages. A draft solution answers 404 to those who may not see it (its existence is
the startup's business); a visible one answers 403 to those who may not change it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, generics, serializers
from rest_framework.request import Request
from rest_framework.response import Response

from hublocal.core.api import allow, error_responses, query_param
from hublocal.core.api_strict import StrictModelSerializer, StrictSerializer
from hublocal.core.areas import Area
from hublocal.core.locking import ETAG_HEADER, IF_MATCH_PARAMETER, VersionedAPIMixin, if_match_version, with_etag
from hublocal.core.permissions import is_hub_admin
from hublocal.directory import selectors as directory_selectors

from . import selectors, services
from .models import Deployment, PricingModel, Solution, Stage, StartupProfile
from .permissions import Action, can

TAG = "catálogo"


# --------------------------------------------------------------------------------- solutions


class StartupRefSerializer(StrictSerializer):
    slug = serializers.CharField()
    name = serializers.CharField()


class SolutionSerializer(StrictModelSerializer):
    startup = StartupRefSerializer(source="organization", read_only=True)
    area_label = serializers.CharField(source="get_area_display", read_only=True)
    deployment_label = serializers.CharField(source="get_deployment_display", read_only=True)
    pricing_model_label = serializers.CharField(source="get_pricing_model_display", read_only=True)
    typologies = serializers.ListField(
        child=serializers.CharField(),
        help_text=gettext_lazy("Tipologías de municipio para las que está pensada; vacía: cualquiera"),
    )

    class Meta:
        model = Solution
        fields = [
            "slug",
            "name",
            "summary",
            "problem",
            "description",
            "area",
            "area_label",
            "deployment",
            "deployment_label",
            "pricing_model",
            "pricing_model_label",
            "price_range",
            "typologies",
            "pilots_done",
            "evidence",
            "keywords",
            "is_published",
            "is_demo",
            "startup",
            "updated_at",
        ]
        read_only_fields = fields


class SolutionWriteSerializer(StrictSerializer):
    organization = serializers.CharField(
        max_length=120,
        required=False,
        help_text=gettext_lazy(
            "Identificador de la startup dueña (solo al crear; por omisión, la de la cuenta). El Hub debe indicarlo."
        ),
    )
    name = serializers.CharField(max_length=200, required=False)
    summary = serializers.CharField(max_length=300, required=False)
    problem = serializers.CharField(max_length=4000, required=False)
    description = serializers.CharField(max_length=8000, required=False, allow_blank=True)
    area = serializers.ChoiceField(choices=Area.choices, required=False)
    deployment = serializers.ChoiceField(choices=Deployment.choices, required=False)
    pricing_model = serializers.ChoiceField(choices=PricingModel.choices, required=False)
    price_range = serializers.CharField(max_length=120, required=False, allow_blank=True)
    typologies = serializers.ListField(
        child=serializers.ChoiceField(choices=list(services.TYPOLOGIES)), max_length=4, required=False
    )
    pilots_done = serializers.IntegerField(min_value=0, max_value=services.MAX_PILOTS, required=False)
    evidence = serializers.CharField(max_length=4000, required=False, allow_blank=True)
    keywords = serializers.CharField(max_length=300, required=False, allow_blank=True)
    is_published = serializers.BooleanField(required=False)


REQUIRED_ON_CREATE = ("name", "summary", "problem", "area", "deployment", "pricing_model")


def _choice_filter(request: Request, name: str, allowed: list[str]) -> str:
    value = query_param(request, name, 40)
    if value and value not in allowed:
        raise exceptions.ValidationError({name: [_("Valor desconocido. Valores: %(v)s.") % {"v": ", ".join(allowed)}]})
    return value


class SolutionListView(generics.ListCreateAPIView):
    # Anonymous answers are cached whole, per data generation (core/page_cache.py).
    anonymous_page_namespaces = ("solutions", "directory")
    serializer_class = SolutionSerializer

    def get_permissions(self) -> list[Any]:
        action = Action.VIEW_CATALOGUE if self.request.method == "GET" else Action.CREATE_SOLUTION
        return [allow(can, action)()]

    def get_queryset(self) -> Any:
        return selectors.catalogue(
            viewer=self.request.user,
            published_only=False,
            q=query_param(self.request, "q", 200),
            area=_choice_filter(self.request, "area", Area.values),
            deployment=_choice_filter(self.request, "deployment", Deployment.values),
            pricing_model=_choice_filter(self.request, "pricing_model", PricingModel.values),
            typology=_choice_filter(self.request, "typology", list(services.TYPOLOGIES)),
            stage=_choice_filter(self.request, "stage", Stage.values),
            startup=query_param(self.request, "startup", 120),
        )

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "q",
                str,
                description=gettext_lazy(
                    "Texto libre; resultados por pertinencia (tildes, plurales y sinónimos municipales, "
                    "p. ej. patentes = licencias de funcionamiento)"
                ),
            ),
            OpenApiParameter("area", str, enum=Area.values, description=gettext_lazy("Área prioritaria")),
            OpenApiParameter("deployment", str, enum=Deployment.values, description=gettext_lazy("Despliegue")),
            OpenApiParameter(
                "pricing_model", str, enum=PricingModel.values, description=gettext_lazy("Modelo de precio")
            ),
            OpenApiParameter(
                "typology",
                str,
                enum=list(services.TYPOLOGIES),
                description=gettext_lazy("Tipología de municipio (incluye las soluciones pensadas para cualquiera)"),
            ),
            OpenApiParameter("stage", str, enum=Stage.values, description=gettext_lazy("Etapa de la startup")),
            OpenApiParameter("startup", str, description=gettext_lazy("Identificador de la startup")),
        ],
        responses={200: SolutionSerializer, **error_responses(400, 401, 404)},
        summary=gettext_lazy("Buscar en el catálogo de soluciones"),
        description=gettext_lazy(
            "Soluciones publicadas; con sesión de una startup, también sus borradores (todas para el Hub)."
        ),
        tags=[TAG],
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    @extend_schema(
        request=SolutionWriteSerializer,
        responses={201: SolutionSerializer, **error_responses(400, 401, 403, 415)},
        summary=gettext_lazy("Agregar una solución al catálogo"),
        tags=[TAG],
    )
    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = SolutionWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        missing = {f: [_("Este campo es obligatorio.")] for f in REQUIRED_ON_CREATE if f not in values}
        slug = values.pop("organization", "")
        owner = None
        if slug:
            owner = directory_selectors.organization_get(slug=slug)
            if owner is None or not selectors.is_startup_organization(owner):
                missing["organization"] = [_("No hay una startup con ese identificador.")]
        elif is_hub_admin(request.user):
            missing["organization"] = [_("Indique la startup dueña de la solución.")]
        else:
            owner = request.user.organization
        if missing:
            raise exceptions.ValidationError(missing)
        if not can(request.user, Action.CREATE_SOLUTION, owner):
            raise exceptions.PermissionDenied(_("Solo puede agregar soluciones de su propia startup."))
        solution = services.solution_create(actor=request.user, organization=owner, **values)
        return Response(SolutionSerializer(solution).data, status=201)


class SolutionDetailView(VersionedAPIMixin, generics.RetrieveUpdateAPIView):
    serializer_class = SolutionSerializer
    http_method_names = ["get", "patch", "head", "options"]

    def get_permissions(self) -> list[Any]:
        action = Action.VIEW_SOLUTION if self.request.method == "GET" else Action.CHANGE_SOLUTION
        # Decided on the solution itself: its startup's members may change their own only.
        return [allow(can, action, on_object=True)()]

    def get_object(self) -> Solution:
        solution = selectors.solution_get_by_slug(slug=self.kwargs["slug"])
        # A draft does not exist for those who may not see it.
        if solution is None or not can(self.request.user, Action.VIEW_SOLUTION, solution):
            raise Http404
        self.check_object_permissions(self.request, solution)
        return solution

    def current_representation(self, obj: Solution) -> Any:
        return SolutionSerializer(selectors.solution_get_by_slug(slug=obj.slug)).data

    @extend_schema(
        parameters=[ETAG_HEADER],
        responses={200: SolutionSerializer, **error_responses(401, 404)},
        summary=gettext_lazy("Detalle de una solución"),
        tags=[TAG],
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        solution = self.get_object()
        return with_etag(Response(SolutionSerializer(solution).data), solution.row_version)

    @extend_schema(
        request=SolutionWriteSerializer,
        parameters=[IF_MATCH_PARAMETER, ETAG_HEADER],
        responses={200: SolutionSerializer, **error_responses(400, 401, 403, 404, 412, 415, 428)},
        summary=gettext_lazy("Actualizar una solución (también publicarla o retirarla)"),
        tags=[TAG],
    )
    def patch(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        solution = self.get_object()
        expected = if_match_version(request)
        data = SolutionWriteSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        if "organization" in values:
            raise exceptions.ValidationError(
                {"organization": [_("La startup dueña de una solución no se puede cambiar.")]}
            )
        solution = services.solution_update(
            actor=request.user, solution=solution, data=values, expected_version=expected
        )
        data = SolutionSerializer(selectors.solution_get_by_slug(slug=solution.slug)).data
        return with_etag(Response(data), solution.row_version)


# --------------------------------------------------------------------------------- startups


@dataclass
class StartupRecord:
    """A startup as the API shows it: its organisation, its profile (None until completed)
    and its number of published solutions."""

    organization: Any
    profile: StartupProfile | None
    solution_count: int


class StartupSerializer(StrictSerializer):
    slug = serializers.CharField(source="organization.slug")
    name = serializers.CharField(source="organization.name")
    rut = serializers.CharField(source="organization.rut", help_text=gettext_lazy("RUT, o vacío"))
    website = serializers.CharField(source="organization.website", help_text=gettext_lazy("Dirección web, o vacío"))
    description = serializers.CharField(source="organization.description")
    is_demo = serializers.BooleanField(source="organization.is_demo")
    has_profile = serializers.SerializerMethodField(help_text=gettext_lazy("Si la startup completó su perfil"))
    stage = serializers.ChoiceField(source="profile.stage", choices=Stage.choices, allow_null=True)
    stage_label = serializers.CharField(source="profile.get_stage_display", allow_null=True)
    team_size = serializers.IntegerField(source="profile.team_size", allow_null=True)
    founded_year = serializers.IntegerField(source="profile.founded_year", allow_null=True)
    team = serializers.CharField(source="profile.team", allow_null=True)
    references = serializers.CharField(source="profile.references", allow_null=True)
    public_sector_experience = serializers.CharField(source="profile.public_sector_experience", allow_null=True)
    solution_count = serializers.IntegerField(help_text=gettext_lazy("Soluciones publicadas en el catálogo"))

    def get_has_profile(self, record: StartupRecord) -> bool:
        return record.profile is not None


class StartupSolutionSerializer(StrictSerializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    area = serializers.ChoiceField(choices=Area.choices)
    is_published = serializers.BooleanField()


class StartupDetailSerializer(StartupSerializer):
    solutions = StartupSolutionSerializer(many=True, help_text=gettext_lazy("Soluciones que la cuenta puede ver"))


class StartupProfileWriteSerializer(StrictSerializer):
    stage = serializers.ChoiceField(choices=Stage.choices, required=False)
    team_size = serializers.IntegerField(min_value=1, max_value=100_000, required=False)
    founded_year = serializers.IntegerField(min_value=services.MIN_FOUNDED_YEAR, required=False, allow_null=True)
    team = serializers.CharField(max_length=4000, required=False, allow_blank=True)
    references = serializers.CharField(max_length=4000, required=False, allow_blank=True)
    public_sector_experience = serializers.CharField(max_length=4000, required=False, allow_blank=True)


class StartupListView(generics.ListAPIView):
    # Anonymous answers are cached whole, per data generation (core/page_cache.py).
    anonymous_page_namespaces = ("solutions", "directory")
    serializer_class = StartupSerializer
    permission_classes = [allow(can, Action.VIEW_STARTUP)]

    def get_queryset(self) -> Any:
        return selectors.startup_list(
            q=query_param(self.request, "q"),
            stage=_choice_filter(self.request, "stage", Stage.values),
            area=_choice_filter(self.request, "area", Area.values),
        )

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        records = [StartupRecord(p.organization, p, p.solution_count) for p in page]
        return self.get_paginated_response(StartupSerializer(records, many=True).data)

    @extend_schema(
        parameters=[
            OpenApiParameter("q", str, description=gettext_lazy("Nombre (sin distinguir tildes)")),
            OpenApiParameter("stage", str, enum=Stage.values, description=gettext_lazy("Etapa de la startup")),
            OpenApiParameter(
                "area", str, enum=Area.values, description=gettext_lazy("Con soluciones publicadas en el área")
            ),
        ],
        responses={200: StartupSerializer, **error_responses(400, 401, 404)},
        summary=gettext_lazy("Listar startups con perfil"),
        tags=[TAG],
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)


class StartupDetailView(VersionedAPIMixin, generics.GenericAPIView):
    serializer_class = StartupDetailSerializer
    http_method_names = ["get", "patch", "head", "options"]

    def get_permissions(self) -> list[Any]:
        action = Action.VIEW_STARTUP if self.request.method == "GET" else Action.CHANGE_STARTUP
        # Decided on the organisation: a startup's members change their own profile only.
        return [allow(can, action, on_object=True)()]

    def _startup(self) -> tuple[Any, StartupProfile | None]:
        found = selectors.startup_get(slug=self.kwargs["slug"])
        if found is None:
            raise Http404
        self.check_object_permissions(self.request, found[0])
        return found

    def _payload(self, org: Any, profile: StartupProfile | None) -> dict[str, Any]:
        solutions = list(selectors.visible_solutions_of(viewer=self.request.user, organization_id=org.pk))
        record = StartupRecord(org, profile, sum(1 for s in solutions if s.is_published))
        data = dict(StartupSerializer(record).data)
        data["solutions"] = StartupSolutionSerializer(solutions, many=True).data
        return data

    def current_representation(self, obj: StartupProfile) -> Any:
        org, profile = self._startup()
        return self._payload(org, profile)

    @extend_schema(
        parameters=[ETAG_HEADER],
        responses={200: StartupDetailSerializer, **error_responses(401, 404)},
        summary=gettext_lazy("Detalle de una startup y sus soluciones"),
        description=gettext_lazy('El ETag es la versión del perfil: W/"0" mientras la startup no lo completa.'),
        tags=[TAG],
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        org, profile = self._startup()
        return with_etag(Response(self._payload(org, profile)), profile.row_version if profile else 0)

    @extend_schema(
        request=StartupProfileWriteSerializer,
        parameters=[IF_MATCH_PARAMETER, ETAG_HEADER],
        responses={200: StartupDetailSerializer, **error_responses(400, 401, 403, 404, 412, 415, 428)},
        summary=gettext_lazy("Actualizar el perfil de una startup"),
        description=gettext_lazy("Nombre, RUT y contacto se cambian en /api/v1/organizations/{slug}/."),
        tags=[TAG],
    )
    def patch(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        org, _profile = self._startup()
        expected = if_match_version(request)
        data = StartupProfileWriteSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        profile = services.startup_profile_update(
            actor=request.user, organization=org, data=dict(data.validated_data), expected_version=expected
        )
        return with_etag(Response(self._payload(org, profile)), profile.row_version)
