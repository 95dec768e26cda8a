"""Agreements API: GET /api/v1/agreements/ and /api/v1/agreements/<id>/ with the register's
permissions (public agreements for anyone; non-public ones for the hub and the parties).
A withheld value is null, and `withheld` lists each withheld field with its legal reason."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import exceptions, generics, serializers
from rest_framework.request import Request
from rest_framework.response import Response

from hublocal.core.api import MAX_YEAR, MIN_YEAR, allow, error_responses, int_query_param, query_param, year_query_param
from hublocal.core.api_strict import StrictModelSerializer, StrictSerializer

from . import selectors
from .models import Agreement, AgreementKind, AgreementStatus, Obligation, Party
from .permissions import Action, can, sees_withheld

TAG = "convenios"
KIND_PARAM = OpenApiParameter("kind", str, enum=AgreementKind.values, description=gettext_lazy("Tipo de convenio"))
STATUS_PARAM = OpenApiParameter(
    "status", str, enum=AgreementStatus.values, description=gettext_lazy("Estado del convenio")
)
PARTY_PARAM = OpenApiParameter("party", int, description=gettext_lazy("Id de una organización parte"))
YEAR_PARAM = OpenApiParameter(
    "year", {"type": "integer", "minimum": MIN_YEAR, "maximum": MAX_YEAR}, description=gettext_lazy("Año de vigencia")
)


class WithheldSerializer(StrictSerializer):
    field = serializers.CharField()
    reason = serializers.CharField()


class AgreementPartySerializer(StrictModelSerializer):
    organization = serializers.CharField(source="organization.name", read_only=True)
    signatory_name = serializers.SerializerMethodField()
    signatory_position = serializers.SerializerMethodField()

    class Meta:
        model = Party
        fields = ["organization", "role", "signatory_name", "signatory_position", "signature_status", "signed_on"]
        read_only_fields = fields

    def _hidden(self, p: Party) -> bool:
        return "signatories" in self.context.get("hidden", {}).get(p.agreement_id, {})

    def get_signatory_name(self, p: Party) -> str | None:
        return None if self._hidden(p) else p.signatory_name

    def get_signatory_position(self, p: Party) -> str | None:
        return None if self._hidden(p) else p.signatory_position


class AgreementObligationSerializer(StrictModelSerializer):
    party = serializers.CharField(source="party.organization.name", read_only=True)

    class Meta:
        model = Obligation
        fields = ["id", "party", "description", "due_on", "status"]
        read_only_fields = fields


class AgreementSerializer(StrictModelSerializer):
    parties = serializers.SerializerMethodField()
    object = serializers.SerializerMethodField()
    amount = serializers.SerializerMethodField()
    currency = serializers.SerializerMethodField()
    withheld = serializers.SerializerMethodField()

    class Meta:
        model = Agreement
        fields = [
            "id",
            "kind",
            "title",
            "object",
            "status",
            "starts_on",
            "ends_on",
            "amount",
            "currency",
            "version",
            "is_public",
            "parties",
            "withheld",
        ]
        read_only_fields = fields

    def _hidden(self, a: Agreement) -> dict[str, str]:
        hidden: dict[int, dict[str, str]] = self.context.setdefault("hidden", {})
        if a.pk not in hidden:
            user = self.context["request"].user
            hidden[a.pk] = {} if sees_withheld(user, a) else selectors.withheld_reasons(a)
        return hidden[a.pk]

    def get_object(self, a: Agreement) -> str | None:
        return None if "object" in self._hidden(a) else a.object

    def get_amount(self, a: Agreement) -> str | None:
        return None if "amount" in self._hidden(a) or a.amount is None else str(a.amount)

    def get_currency(self, a: Agreement) -> str | None:
        return None if "amount" in self._hidden(a) else (a.currency or None)

    @extend_schema_field(WithheldSerializer(many=True))  # type: ignore[misc]
    def get_withheld(self, a: Agreement) -> list[dict[str, str]]:
        return [{"field": f, "reason": r} for f, r in sorted(self._hidden(a).items())]

    @extend_schema_field(AgreementPartySerializer(many=True))  # type: ignore[misc]
    def get_parties(self, a: Agreement) -> list[dict[str, Any]]:
        self._hidden(a)
        return AgreementPartySerializer(a.parties.all(), many=True, context=self.context).data


class AgreementDetailSerializer(AgreementSerializer):
    obligations = AgreementObligationSerializer(many=True, read_only=True)

    class Meta(AgreementSerializer.Meta):
        fields = [*AgreementSerializer.Meta.fields, "obligations"]
        read_only_fields = fields


class AgreementListView(generics.ListAPIView):
    """The agreements the caller may see: the public register, plus their own non-public ones."""

    permission_classes = [allow(can, Action.LIST)]
    serializer_class = AgreementSerializer

    def get_queryset(self) -> Any:
        kind = query_param(self.request, "kind", 20)
        status = query_param(self.request, "status", 20)
        if kind and kind not in AgreementKind.values:
            raise exceptions.ValidationError(
                {"kind": [_("Tipo desconocido. Valores: %(v)s.") % {"v": ", ".join(AgreementKind.values)}]}
            )
        if status and status not in AgreementStatus.values:
            raise exceptions.ValidationError(
                {"status": [_("Estado desconocido. Valores: %(v)s.") % {"v": ", ".join(AgreementStatus.values)}]}
            )
        return selectors.agreement_list(
            user=self.request.user,
            kind=kind,
            status=status,
            party=int_query_param(self.request, "party"),
            year=year_query_param(self.request),
        )

    @extend_schema(
        parameters=[KIND_PARAM, STATUS_PARAM, PARTY_PARAM, YEAR_PARAM],
        responses={200: AgreementSerializer(many=True), **error_responses(400)},
        summary=gettext_lazy("Listar los convenios del registro público"),
        tags=[TAG],
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)


class AgreementDetailView(generics.RetrieveAPIView):
    """One agreement with its parties and obligations (404 when the caller may not see it)."""

    permission_classes = [allow(can, Action.LIST)]
    serializer_class = AgreementDetailSerializer

    def get_object(self) -> Any:
        obj = selectors.agreement_get(pk=self.kwargs["pk"])
        if obj is None or not can(self.request.user, Action.VIEW, obj):
            raise exceptions.NotFound(_("No existe ese convenio."))
        return obj

    @extend_schema(
        responses={200: AgreementDetailSerializer, **error_responses(404)},
        summary=gettext_lazy("Ver un convenio"),
        tags=[TAG],
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)
