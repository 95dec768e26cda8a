from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, generics, serializers
from rest_framework.request import Request
from rest_framework.response import Response

from hublocal.core import registry
from hublocal.core.api import allow, error_responses
from hublocal.core.api_strict import StrictModelSerializer

from . import selectors
from .forms import AuditFilterForm
from .models import AuditEvent
from .permissions import Action, can


class AuditEventSerializer(StrictModelSerializer):
    actor = serializers.CharField(source="actor_username", read_only=True)
    action_label = serializers.SerializerMethodField()

    class Meta:
        model = AuditEvent
        fields = [
            "id",
            "created_at",
            "actor",
            "action",
            "action_label",
            "object_type",
            "object_id",
            "object_repr",
            "before",
            "after",
        ]

    def get_action_label(self, obj: AuditEvent) -> str:
        return str(registry.audit_action_label(obj.action))


AUDIT_FILTERS = [
    OpenApiParameter("actor", str, description=gettext_lazy("Nombre de usuario de quien actuó")),
    OpenApiParameter("action", str, description=gettext_lazy("Código de la acción, p. ej. auth.denied")),
    OpenApiParameter("object_type", str, description=gettext_lazy("Tipo de objeto, p. ej. directory.organization")),
    OpenApiParameter("object_id", str, description=gettext_lazy("Id del objeto")),
    OpenApiParameter("date_from", str, description=gettext_lazy("Desde esta fecha (AAAA-MM-DD, hora de Chile)")),
    OpenApiParameter("date_to", str, description=gettext_lazy("Hasta esta fecha inclusive (AAAA-MM-DD)")),
]


class AuditEventListView(generics.ListAPIView):
    """The audit trail, newest first, with the filters of the staff audit page."""

    serializer_class = AuditEventSerializer

    def get_permissions(self) -> list[Any]:
        return [allow(can, Action.VIEW_LOG)()]

    def get_queryset(self) -> Any:
        form = AuditFilterForm(self.request.query_params)
        if not form.is_valid():
            raise exceptions.ValidationError({k: list(v) for k, v in form.errors.items()})
        return selectors.audit_event_list(**form.filters())

    @extend_schema(
        parameters=AUDIT_FILTERS,
        responses={200: AuditEventSerializer, **error_responses(400, 401, 403)},
        summary=gettext_lazy("Listar eventos de auditoría"),
        tags=["auditoría"],
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)
