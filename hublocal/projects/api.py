"""Collaborative-project API: GET /api/v1/projects/ and /api/v1/projects/<slug>/, public like
the pages, with the progress computed from the milestones."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers
from rest_framework.request import Request
from rest_framework.response import Response

from hublocal.core.api import allow, error_responses
from hublocal.core.api_strict import StrictModelSerializer

from . import selectors
from .models import FundingSource, Milestone, Partner, Project
from .permissions import Action, can

TAG = "proyectos"


class ProjectSerializer(StrictModelSerializer):
    progress = serializers.SerializerMethodField()

    class Meta:
        model = Project
        fields = ["id", "slug", "title", "summary", "status", "starts_on", "ends_on", "progress"]
        read_only_fields = fields

    def get_progress(self, obj: Any) -> int:
        """Weighted mean of the milestones' progress, 0–100."""
        if hasattr(obj, "_weights"):
            return selectors.list_progress(obj)
        return selectors.progress_of(list(obj.milestones.all()))


class ProjectPartnerSerializer(StrictModelSerializer):
    organization = serializers.CharField(source="organization.name", read_only=True)
    organization_slug = serializers.CharField(source="organization.slug", read_only=True)

    class Meta:
        model = Partner
        fields = ["organization", "organization_slug", "role"]
        read_only_fields = fields


class ProjectFundingSerializer(StrictModelSerializer):
    funder = serializers.CharField(source="funder.name", read_only=True)

    class Meta:
        model = FundingSource
        fields = ["funder", "amount", "currency", "note"]
        read_only_fields = fields


class ProjectMilestoneSerializer(StrictModelSerializer):
    class Meta:
        model = Milestone
        fields = ["id", "title", "starts_on", "due_on", "weight", "progress"]
        read_only_fields = fields


class ProjectDetailSerializer(ProjectSerializer):
    objectives = serializers.ListField(source="objective_list", child=serializers.CharField(), read_only=True)
    partners = ProjectPartnerSerializer(many=True, read_only=True)
    funding = ProjectFundingSerializer(many=True, read_only=True)
    milestones = ProjectMilestoneSerializer(many=True, read_only=True)

    class Meta(ProjectSerializer.Meta):
        fields = [*ProjectSerializer.Meta.fields, "objectives", "partners", "funding", "milestones"]
        read_only_fields = fields


class ProjectListView(generics.ListAPIView):
    """Every collaborative project, newest first, with its computed progress."""

    anonymous_page_namespaces = ("projects",)
    permission_classes = [allow(can, Action.VIEW)]
    serializer_class = ProjectSerializer

    def get_queryset(self) -> Any:
        return selectors.project_list()

    @extend_schema(
        responses={200: ProjectSerializer(many=True), **error_responses(401)},
        summary=gettext_lazy("Listar proyectos colaborativos"),
        tags=[TAG],
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)


class ProjectDetailView(generics.RetrieveAPIView):
    anonymous_page_namespaces = ("projects", "directory")
    permission_classes = [allow(can, Action.VIEW, on_object=True)]
    serializer_class = ProjectDetailSerializer

    def get_object(self) -> Any:
        project = selectors.project_get(slug=self.kwargs["slug"])
        if project is None:
            raise Http404
        self.check_object_permissions(self.request, project)
        return project

    @extend_schema(
        responses={200: ProjectDetailSerializer, **error_responses(401, 404)},
        summary=gettext_lazy("Detalle de un proyecto colaborativo: socios, financiamiento e hitos"),
        tags=[TAG],
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)
