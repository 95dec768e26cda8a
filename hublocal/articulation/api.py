"""Articulation API: GET /api/v1/roundtables/ (+detail) and GET /api/v1/policy-items/ (+detail),
with the pages' permissions: tables are public (members' material is not in the API), policy
items are public once published (staff also see drafts)."""

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
from hublocal.core.areas import Area
from hublocal.core.permissions import is_hub_staff

from . import selectors
from .models import Activity, Commitment, Evidence, Member, PolicyItem, RoundTable
from .permissions import Action, can

TAG = "articulacion"
AREA_PARAM = OpenApiParameter("area", str, enum=Area.values, description=gettext_lazy("Área prioritaria"))


def _area(request: Any) -> str:
    area = query_param(request, "area", 20)
    if area and area not in Area.values:
        raise exceptions.ValidationError(
            {"area": [_("Área desconocida. Valores: %(v)s.") % {"v": ", ".join(Area.values)}]}
        )
    return area


class RoundTableMemberSerializer(StrictModelSerializer):
    organization = serializers.CharField(source="organization.name", read_only=True)

    class Meta:
        model = Member
        fields = ["organization", "role", "country", "joined_on"]
        read_only_fields = fields


class RoundTableCommitmentSerializer(StrictModelSerializer):
    owner = serializers.CharField(source="owner.organization.name", read_only=True)

    class Meta:
        model = Commitment
        fields = ["id", "what", "owner", "due_on", "status", "status_reason"]
        read_only_fields = fields


class CommitmentRecordSerializer(StrictSerializer):
    made = serializers.IntegerField()
    kept = serializers.IntegerField()
    overdue = serializers.IntegerField()
    dropped = serializers.IntegerField()
    percent_kept = serializers.IntegerField(allow_null=True)


class RoundTableSerializer(StrictModelSerializer):
    record = serializers.SerializerMethodField()

    class Meta:
        model = RoundTable
        fields = ["id", "slug", "theme", "area", "status", "description", "record"]
        read_only_fields = fields

    @extend_schema_field(CommitmentRecordSerializer)
    def get_record(self, obj: RoundTable) -> dict[str, Any]:
        r = selectors.record_of(obj)
        return {
            "made": r.made,
            "kept": r.kept,
            "overdue": r.overdue,
            "dropped": r.dropped,
            "percent_kept": r.percent_kept,
        }


class RoundTableDetailSerializer(RoundTableSerializer):
    members = RoundTableMemberSerializer(many=True, read_only=True)
    commitments = serializers.SerializerMethodField()

    class Meta(RoundTableSerializer.Meta):
        fields = [*RoundTableSerializer.Meta.fields, "members", "commitments"]
        read_only_fields = fields

    @extend_schema_field(RoundTableCommitmentSerializer(many=True))
    def get_commitments(self, obj: RoundTable) -> list[dict[str, Any]]:
        return RoundTableCommitmentSerializer(selectors.commitments_of(table=obj), many=True).data


class RoundTableListView(generics.ListAPIView):
    """Every round table with its commitment record."""

    permission_classes = [allow(can, Action.VIEW_TABLE)]
    serializer_class = RoundTableSerializer

    def get_queryset(self) -> Any:
        return selectors.table_list(area=_area(self.request))

    @extend_schema(
        parameters=[AREA_PARAM],
        responses={200: RoundTableSerializer(many=True), **error_responses(400)},
        summary=gettext_lazy("Listar mesas técnicas"),
        tags=[TAG],
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)


class RoundTableDetailView(generics.RetrieveAPIView):
    """One round table: members (organisations), commitments and record."""

    permission_classes = [allow(can, Action.VIEW_TABLE, on_object=True)]
    serializer_class = RoundTableDetailSerializer

    def get_object(self) -> RoundTable:
        table = selectors.table_get(slug=self.kwargs["slug"])
        if table is None:
            raise exceptions.NotFound(_("No existe esa mesa técnica."))
        self.check_object_permissions(self.request, table)
        return table

    @extend_schema(
        responses={200: RoundTableDetailSerializer, **error_responses(404)},
        summary=gettext_lazy("Ver una mesa técnica"),
        tags=[TAG],
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)


class PolicyEvidenceSerializer(StrictModelSerializer):
    class Meta:
        model = Evidence
        fields = ["kind", "title", "resource", "pilot", "campaign", "dimension", "figure", "n"]
        read_only_fields = fields


class PolicyActivitySerializer(StrictModelSerializer):
    class Meta:
        model = Activity
        fields = ["kind", "happened_on", "description", "link"]
        read_only_fields = fields


class PolicyItemSerializer(StrictModelSerializer):
    class Meta:
        model = PolicyItem
        fields = ["id", "slug", "kind", "title", "boletin", "area", "summary", "outcome", "published", "updated_at"]
        read_only_fields = fields


class PolicyItemDetailSerializer(PolicyItemSerializer):
    evidence = PolicyEvidenceSerializer(many=True, read_only=True)
    activities = PolicyActivitySerializer(many=True, read_only=True)

    class Meta(PolicyItemSerializer.Meta):
        fields = [*PolicyItemSerializer.Meta.fields, "position", "outcome_note", "evidence", "activities"]
        read_only_fields = fields


class PolicyItemListView(generics.ListAPIView):
    """Published policy items (staff also see drafts)."""

    permission_classes = [allow(can, Action.LIST_POLICY)]
    serializer_class = PolicyItemSerializer

    def get_queryset(self) -> Any:
        return selectors.policy_list(viewer_is_staff=is_hub_staff(self.request.user), area=_area(self.request))

    @extend_schema(
        parameters=[AREA_PARAM],
        responses={200: PolicyItemSerializer(many=True), **error_responses(400)},
        summary=gettext_lazy("Listar la incidencia en política pública"),
        tags=[TAG],
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)


class PolicyItemDetailView(generics.RetrieveAPIView):
    """One policy item with its evidence and activities."""

    permission_classes = [allow(can, Action.VIEW_POLICY, on_object=True)]
    serializer_class = PolicyItemDetailSerializer

    def get_object(self) -> PolicyItem:
        item = selectors.policy_get(slug=self.kwargs["slug"])
        # A draft is reported as missing, like on the pages.
        if item is None or not can(self.request.user, Action.VIEW_POLICY, item):
            raise exceptions.NotFound(_("No existe ese registro de incidencia."))
        return item

    @extend_schema(
        responses={200: PolicyItemDetailSerializer, **error_responses(404)},
        summary=gettext_lazy("Ver un registro de incidencia en política pública"),
        tags=[TAG],
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)
