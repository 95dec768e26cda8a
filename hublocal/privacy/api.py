"""Privacy REST API: the caller's own data (GET /me/data/) and their data-subject requests
(GET/POST /me/requests/, GET /me/requests/{id}/).

Thin views over the same services and selectors as "Mis datos". Everything here is about the
caller only: another person's request is reported as missing (404)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from hublocal.core.api import allow, error_responses
from hublocal.core.api_strict import StrictSerializer

from . import selectors, services
from .models import RequestKind
from .permissions import Action, can

TAG = "privacidad"
MAX_ID = 2**63 - 1


def _body(request: Request) -> Any:
    try:
        return request.data
    except RecursionError:
        raise exceptions.ParseError() from None


class PrivacyDataGroupSerializer(StrictSerializer):
    key = serializers.CharField(help_text=gettext_lazy("Actividad de tratamiento declarada (app.nombre)"))
    model = serializers.CharField()
    label = serializers.CharField()
    purpose = serializers.CharField()
    legal_basis = serializers.CharField(
        help_text=gettext_lazy("consent, legal_obligation, public_function, contract o legitimate_interest")
    )
    legal_basis_label = serializers.CharField()
    retention = serializers.CharField()
    recipients = serializers.CharField()
    rows = serializers.ListField(
        child=serializers.DictField(), help_text=gettext_lazy("Las filas sobre usted: modelo, id y campos declarados")
    )


class PrivacyRequestSerializer(StrictSerializer):
    id = serializers.IntegerField()
    kind = serializers.CharField(help_text=gettext_lazy(", ".join(RequestKind.values)))
    kind_label = serializers.CharField(source="get_kind_display")
    details = serializers.CharField()
    status = serializers.CharField(help_text=gettext_lazy("received, in_progress, answered o rejected"))
    status_label = serializers.CharField(source="get_status_display")
    received_at = serializers.DateTimeField()
    due_on = serializers.DateField(help_text=gettext_lazy("Plazo legal de respuesta (incluye la prórroga, si hubo)"))
    extended = serializers.SerializerMethodField()
    extension_reason = serializers.CharField()
    answer = serializers.CharField()
    decided_at = serializers.DateTimeField(allow_null=True)

    def get_extended(self, obj: Any) -> bool:
        return obj.extended_at is not None


class PrivacyRequestInputSerializer(StrictSerializer):
    kind = serializers.CharField(
        max_length=40,
        help_text=gettext_lazy("Derecho: access, rectification, erasure, blocking, objection o portability"),
    )
    details = serializers.CharField(
        max_length=4000,
        required=False,
        allow_blank=True,
        default="",
        help_text=gettext_lazy("Obligatorio para rectification y objection"),
    )
    purpose = serializers.CharField(
        max_length=50,
        required=False,
        allow_blank=True,
        default="",
        help_text=gettext_lazy("Con objection: finalidad con consentimiento que se retira de inmediato"),
    )


class MyDataView(APIView):
    """Every personal datum the platform holds about the caller, grouped by processing activity."""

    permission_classes = [allow(can, Action.VIEW_OWN_DATA)]

    @extend_schema(
        responses={200: PrivacyDataGroupSerializer(many=True), **error_responses(401)},
        summary=gettext_lazy("Mis datos personales"),
        tags=[TAG],
    )
    def get(self, request: Request) -> Response:
        # Audited like the downloads: a copy of the person's data left the platform.
        services.data_export(user=request.user, fmt="json")
        return Response(selectors.personal_data_for(request.user))


class MyRequestsView(APIView):
    """The caller's own data-subject requests, and making a new one."""

    def get_permissions(self) -> list[Any]:
        if self.request.method == "POST":
            return [allow(can, Action.MAKE_REQUEST)()]
        return [allow(can, Action.VIEW_OWN_DATA)()]

    @extend_schema(
        responses={200: PrivacyRequestSerializer(many=True), **error_responses(401)},
        summary=gettext_lazy("Mis solicitudes de derechos"),
        tags=[TAG],
    )
    def get(self, request: Request) -> Response:
        rows = selectors.requests_of(user=request.user)[:200]
        return Response(PrivacyRequestSerializer(rows, many=True).data)

    @extend_schema(
        request=PrivacyRequestInputSerializer,
        responses={201: PrivacyRequestSerializer, **error_responses(400, 401, 415)},
        summary=gettext_lazy("Ejercer un derecho sobre mis datos"),
        tags=[TAG],
    )
    def post(self, request: Request) -> Response:
        data = PrivacyRequestInputSerializer(data=_body(request))
        data.is_valid(raise_exception=True)
        try:
            created = services.request_create(user=request.user, **data.validated_data)
        except DjangoValidationError as exc:
            if hasattr(exc, "error_dict"):
                raise
            return Response(
                {"detail": " ".join(exc.messages), "errors": {"non_field_errors": exc.messages}},
                status=status.HTTP_400_BAD_REQUEST,
            )
        return Response(PrivacyRequestSerializer(created).data, status=status.HTTP_201_CREATED)


class MyRequestDetailView(APIView):
    """One of the caller's requests; anyone else's is reported as missing."""

    permission_classes = [allow(can, Action.VIEW_OWN_DATA)]

    @extend_schema(
        responses={200: PrivacyRequestSerializer, **error_responses(401, 404)},
        summary=gettext_lazy("Una de mis solicitudes"),
        tags=[TAG],
    )
    def get(self, request: Request, pk: int) -> Response:
        found = selectors.request_of(user=request.user, pk=pk) if 0 < pk <= MAX_ID else None
        if found is None:
            raise Http404
        return Response(PrivacyRequestSerializer(found).data)
