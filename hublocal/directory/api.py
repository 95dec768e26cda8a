from __future__ import annotations

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
from hublocal.core.locking import ETAG_HEADER, IF_MATCH_PARAMETER, VersionedAPIMixin, if_match_version, with_etag
from hublocal.territory import selectors as territory_selectors

from . import selectors, services
from .models import Membership, Organization, OrganizationKind, Person, Position
from .permissions import Action, can


class CommuneRefSerializer(StrictSerializer):
    code = serializers.CharField()
    name = serializers.CharField()


class OrganizationSerializer(StrictModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    commune = CommuneRefSerializer(read_only=True, allow_null=True)
    # Plain strings in the document: both are often empty, which "format: uri/email" forbids.
    website = serializers.CharField(read_only=True, help_text=gettext_lazy("Dirección web, o vacío"))
    email = serializers.CharField(read_only=True, help_text=gettext_lazy("Correo de contacto, o vacío"))

    class Meta:
        model = Organization
        fields = ["slug", "name", "kind", "kind_label", "rut", "commune", "description", "website", "email", "is_demo"]


class OrganizationWriteSerializer(StrictSerializer):
    name = serializers.CharField(max_length=200, required=False)
    kind = serializers.ChoiceField(
        choices=[c for c in OrganizationKind.choices if c[0] != "municipality"], required=False
    )
    rut = serializers.CharField(max_length=14, required=False, allow_blank=True)
    description = serializers.CharField(max_length=4000, required=False, allow_blank=True)
    website = serializers.URLField(max_length=200, required=False, allow_blank=True)
    email = serializers.EmailField(required=False, allow_blank=True)
    commune = serializers.CharField(
        max_length=32, required=False, allow_blank=True, help_text=gettext_lazy("Código de la comuna donde opera")
    )

    def validate_commune(self, value: str) -> Any:
        if not value:
            return None
        commune = territory_selectors.commune_get(code=value)
        if commune is None:
            raise serializers.ValidationError(_("Comuna desconocida."))
        return commune


class MembershipSerializer(StrictModelSerializer):
    organization = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    position_label = serializers.CharField(source="get_position_display", read_only=True)

    class Meta:
        model = Membership
        fields = ["organization", "position", "position_label", "title"]


class PersonSerializer(StrictModelSerializer):
    memberships = serializers.SerializerMethodField()
    email = serializers.SerializerMethodField()
    phone = serializers.SerializerMethodField()

    class Meta:
        model = Person
        fields = ["id", "full_name", "email", "phone", "memberships", "is_demo"]

    def _show_contact(self, obj: Person) -> bool:
        return can(self.context["request"].user, Action.VIEW_CONTACT, obj)

    def get_email(self, obj: Person) -> str | None:
        return obj.email if self._show_contact(obj) else None

    def get_phone(self, obj: Person) -> str | None:
        return obj.phone if self._show_contact(obj) else None

    def get_memberships(self, obj: Person) -> list[dict[str, Any]]:
        return MembershipSerializer([m for m in obj.memberships.all() if m.is_active], many=True).data


class OrganizationListView(generics.ListCreateAPIView):
    # Anonymous answers are cached whole, per data generation (core/page_cache.py).
    anonymous_page_namespaces = ("directory", "territory")
    serializer_class = OrganizationSerializer

    def get_permissions(self) -> list[Any]:
        action = Action.VIEW_ORGANIZATION if self.request.method == "GET" else Action.CREATE_ORGANIZATION
        return [allow(can, action)()]

    def get_queryset(self) -> Any:
        kind = query_param(self.request, "kind", 20)
        if kind and kind not in OrganizationKind.values:
            raise exceptions.ValidationError(
                {"kind": [_("Tipo desconocido. Valores: %(v)s.") % {"v": ", ".join(OrganizationKind.values)}]}
            )
        return selectors.organization_list(
            kind=kind, q=query_param(self.request, "q"), region=query_param(self.request, "region", 2)
        )

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "kind", str, enum=OrganizationKind.values, description=gettext_lazy("Tipo de organización")
            ),
            OpenApiParameter("q", str, description=gettext_lazy("Nombre (sin distinguir tildes) o RUT")),
            OpenApiParameter("region", str, description=gettext_lazy("Código CUT de la región")),
        ],
        responses={200: OrganizationSerializer, **error_responses(400, 401, 404)},
        summary=gettext_lazy("Listar organizaciones"),
        tags=["directorio"],
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    @extend_schema(
        request=OrganizationWriteSerializer,
        responses={201: OrganizationSerializer, **error_responses(400, 401, 403, 415)},
        summary=gettext_lazy("Crear una organización"),
        tags=["directorio"],
    )
    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = OrganizationWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        missing = {f: [_("Este campo es obligatorio.")] for f in ("name", "kind") if not values.get(f)}
        if missing:
            raise exceptions.ValidationError(missing)
        org = services.organization_create(actor=request.user, **values)
        return Response(OrganizationSerializer(org).data, status=201)


class OrganizationDetailView(VersionedAPIMixin, generics.RetrieveUpdateAPIView):
    serializer_class = OrganizationSerializer
    http_method_names = ["get", "patch", "head", "options"]

    def get_permissions(self) -> list[Any]:
        action = Action.VIEW_ORGANIZATION if self.request.method == "GET" else Action.CHANGE_ORGANIZATION
        # Decided on the organisation itself: members may change their own one only.
        return [allow(can, action, on_object=True)()]

    def get_object(self) -> Organization:
        org = selectors.organization_get(slug=self.kwargs["slug"])
        if org is None:
            raise Http404
        self.check_object_permissions(self.request, org)
        return org

    def current_representation(self, obj: Organization) -> Any:
        return OrganizationSerializer(selectors.organization_get(slug=obj.slug)).data

    @extend_schema(
        responses={200: OrganizationSerializer, **error_responses(401, 404)},
        parameters=[ETAG_HEADER],
        summary=gettext_lazy("Detalle de una organización"),
        tags=["directorio"],
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        org = self.get_object()
        return with_etag(Response(OrganizationSerializer(org).data), org.row_version)

    @extend_schema(
        request=OrganizationWriteSerializer,
        parameters=[IF_MATCH_PARAMETER, ETAG_HEADER],
        responses={200: OrganizationSerializer, **error_responses(400, 401, 403, 404, 412, 415, 428)},
        summary=gettext_lazy("Actualizar el perfil de una organización"),
        tags=["directorio"],
    )
    def patch(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        org = self.get_object()
        expected = if_match_version(request)
        data = OrganizationWriteSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        if "kind" in values:
            raise exceptions.ValidationError({"kind": [_("El tipo de una organización no se puede cambiar.")]})
        org = services.organization_update(actor=request.user, organization=org, data=values, expected_version=expected)
        return with_etag(Response(OrganizationSerializer(org).data), org.row_version)


class PersonListView(generics.ListAPIView):
    # Anonymous answers are cached whole, per data generation (core/page_cache.py).
    anonymous_page_namespaces = ("directory", "accounts")
    serializer_class = PersonSerializer
    permission_classes = [allow(can, Action.VIEW_PERSON)]

    def get_queryset(self) -> Any:
        position = query_param(self.request, "position", 20)
        if position and position not in Position.values:
            raise exceptions.ValidationError({"position": [_("Cargo desconocido.")]})
        return selectors.person_list(
            viewer=self.request.user,
            q=query_param(self.request, "q"),
            organization_slug=query_param(self.request, "organization", 120),
            position=position,
        )

    @extend_schema(
        parameters=[
            OpenApiParameter("q", str, description=gettext_lazy("Nombre (sin distinguir tildes)")),
            OpenApiParameter("organization", str, description=gettext_lazy("Identificador de la organización")),
            OpenApiParameter("position", str, enum=Position.values, description=gettext_lazy("Cargo")),
        ],
        responses={200: PersonSerializer, **error_responses(400, 401, 404)},
        summary=gettext_lazy("Listar personas"),
        tags=["directorio"],
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)


class PersonDetailView(generics.RetrieveAPIView):
    serializer_class = PersonSerializer
    permission_classes = [allow(can, Action.VIEW_PERSON)]

    def get_object(self) -> Person:
        person = selectors.person_get(pk=self.kwargs["pk"])
        # Private profiles answer 404 to outsiders: their existence is private too.
        if person is None or not can(self.request.user, Action.VIEW_PERSON, person):
            raise Http404
        return person

    @extend_schema(
        responses={200: PersonSerializer, **error_responses(401, 404)},
        summary=gettext_lazy("Detalle de una persona"),
        tags=["directorio"],
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)
