"""Library REST API: resources, read-only, over the same selectors and rules as the pages. The
public sees published resources; a draft or a review answers 404 to those who may not see it
(the proposer's organisation, the hub and appointed reviewers do)."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import exceptions, generics, serializers
from rest_framework.request import Request
from rest_framework.response import Response

from hublocal.core.api import allow, error_responses, query_param
from hublocal.core.api_strict import StrictModelSerializer, StrictSerializer
from hublocal.core.areas import Area

from . import selectors, services
from .models import Kind, Resource
from .permissions import Action, can

TAG = "biblioteca"


class OrganizationRefSerializer(StrictSerializer):
    slug = serializers.CharField()
    name = serializers.CharField()


class ResourceSerializer(StrictModelSerializer):
    kind_label = serializers.CharField(read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    organization = OrganizationRefSerializer(read_only=True, allow_null=True)
    areas = serializers.ListField(child=serializers.CharField(), read_only=True)
    typologies = serializers.ListField(child=serializers.CharField(), read_only=True)
    countries = serializers.ListField(child=serializers.CharField(), read_only=True)
    tags = serializers.ListField(child=serializers.CharField(), read_only=True)
    url = serializers.SerializerMethodField()

    class Meta:
        model = Resource
        fields = [
            "id",
            "slug",
            "kind",
            "kind_label",
            "status",
            "status_label",
            "title",
            "summary",
            "evidence_level",
            "areas",
            "typologies",
            "countries",
            "tags",
            "language",
            "year",
            "organization",
            "published_at",
            "url",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.CharField())
    def get_url(self, obj: Resource) -> str:
        return obj.get_absolute_url()


class FileSerializer(StrictSerializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    format = serializers.CharField(source="fmt")
    size = serializers.IntegerField()
    sha256 = serializers.CharField()
    extraction = serializers.CharField()


class VersionSerializer(StrictSerializer):
    number = serializers.IntegerField()
    state = serializers.CharField()
    title = serializers.CharField()
    summary = serializers.CharField()
    body = serializers.CharField()
    licence = serializers.CharField()
    published_on = serializers.DateField(allow_null=True)
    authors = serializers.ListField(child=serializers.CharField())
    dimensions = serializers.ListField(child=serializers.ListField(child=serializers.CharField()))
    related_solutions = serializers.ListField(child=serializers.IntegerField())
    related_challenges = serializers.ListField(child=serializers.IntegerField())
    related_pilots = serializers.ListField(child=serializers.IntegerField())
    model = serializers.DictField(help_text=gettext_lazy("Plantilla de modelo replicable ({} en otros tipos)"))
    change_note = serializers.CharField()


class EvidenceSerializer(StrictSerializer):
    level = serializers.IntegerField()
    justification = serializers.CharField()
    evidence = serializers.ListField(child=serializers.DictField())
    set_at = serializers.DateTimeField()


class ResourceDetailSerializer(ResourceSerializer):
    version = serializers.SerializerMethodField()
    files = serializers.SerializerMethodField()
    evidence = serializers.SerializerMethodField()

    class Meta(ResourceSerializer.Meta):
        fields = [*ResourceSerializer.Meta.fields, "version", "files", "evidence"]
        read_only_fields = fields

    def _page(self, obj: Resource) -> Any:
        return self.context["page"]

    @extend_schema_field(VersionSerializer(allow_null=True))
    def get_version(self, obj: Resource) -> dict[str, Any] | None:
        version = self._page(obj).version
        return VersionSerializer(version).data if version else None

    @extend_schema_field(FileSerializer(many=True))
    def get_files(self, obj: Resource) -> list[dict[str, Any]]:
        return FileSerializer(self._page(obj).files, many=True).data

    @extend_schema_field(EvidenceSerializer(allow_null=True))
    def get_evidence(self, obj: Resource) -> dict[str, Any] | None:
        assessment = self._page(obj).assessment
        return EvidenceSerializer(assessment).data if assessment and obj.evidence_level else None


def _choice_filter(request: Request, name: str, allowed: list[str]) -> str:
    value = query_param(request, name, 40)
    if value and value not in allowed:
        raise exceptions.ValidationError({name: [_("Valor desconocido. Valores: %(v)s.") % {"v": ", ".join(allowed)}]})
    return value


class ResourceListView(generics.ListAPIView):
    anonymous_page_namespaces = ("library",)
    serializer_class = ResourceSerializer

    def get_permissions(self) -> list[Any]:
        return [allow(can, Action.VIEW_LIBRARY)()]

    def get_queryset(self) -> Any:
        level = _choice_filter(self.request, "evidence_level", ["0", "1", "2", "3", "4", "5"])
        return selectors.catalogue(
            viewer=self.request.user,
            include_private=True,
            q=query_param(self.request, "q", 200),
            kind=_choice_filter(self.request, "kind", Kind.values),
            area=_choice_filter(self.request, "area", Area.values),
            typology=_choice_filter(self.request, "typology", list(services.TYPOLOGIES)),
            evidence_level=int(level) if level else None,
        )

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "q", str, description=gettext_lazy("Texto libre (título, resumen, contenido, documentos)")
            ),
            OpenApiParameter("kind", str, enum=Kind.values, description=gettext_lazy("Tipo de recurso")),
            OpenApiParameter("area", str, enum=Area.values, description=gettext_lazy("Área prioritaria")),
            OpenApiParameter(
                "typology",
                str,
                enum=list(services.TYPOLOGIES),
                description=gettext_lazy("Tipología de municipio (incluye los recursos para todas)"),
            ),
            OpenApiParameter(
                "evidence_level",
                str,
                enum=["0", "1", "2", "3", "4", "5"],
                description=gettext_lazy("Nivel de evidencia mínimo (0: solo sin evaluar)"),
            ),
        ],
        responses={200: ResourceSerializer, **error_responses(400, 401)},
        summary=gettext_lazy("Buscar en la biblioteca"),
        description=gettext_lazy(
            "Recursos publicados; con sesión, también los borradores y revisiones que la cuenta puede ver "
            "(su organización, el Hub, las personas revisoras designadas)."
        ),
        tags=[TAG],
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)


class ResourceDetailView(generics.RetrieveAPIView):
    serializer_class = ResourceDetailSerializer

    def get_permissions(self) -> list[Any]:
        return [allow(can, Action.VIEW_RESOURCE)()]

    @extend_schema(
        responses={200: ResourceDetailSerializer, **error_responses(401, 404)},
        summary=gettext_lazy("Detalle de un recurso"),
        description=gettext_lazy(
            "La versión vigente (o el borrador, para quien puede verlo), sus archivos y su evidencia."
        ),
        tags=[TAG],
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        resource = selectors.resource_get(pk=self.kwargs["pk"])
        if resource is None or not can(request.user, Action.VIEW_RESOURCE, resource):
            raise Http404
        private = can(request.user, Action.CHANGE_RESOURCE, resource) or can(request.user, Action.REVIEW, resource)
        page = selectors.resource_page(resource=resource, with_private=private)
        return Response(ResourceDetailSerializer(resource, context={"page": page, "request": request}).data)
