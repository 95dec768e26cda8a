"""Notifications REST API: one's own inbox and marking a notice read. Thin views over the same
selectors, services and rules as the web inbox; nobody reads another person's notices."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, generics, serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from hublocal.core import registry
from hublocal.core.api import allow, error_responses, query_param
from hublocal.core.api_strict import StrictSerializer

from . import selectors, services
from .permissions import Action, can

TAG = "avisos"
MAX_ID = 2**63 - 1


class NotificationSerializer(StrictSerializer):
    id = serializers.IntegerField()
    kind = serializers.CharField(help_text=gettext_lazy("Código del tipo de aviso, p. ej. certificates.issued"))
    kind_label = serializers.SerializerMethodField()
    title = serializers.CharField()
    body = serializers.CharField()
    url = serializers.CharField()
    created_at = serializers.DateTimeField()
    read_at = serializers.DateTimeField(allow_null=True)

    def get_kind_label(self, obj: Any) -> str:
        return str(registry.notification_kind_label(obj.kind))


UNREAD_PARAM = OpenApiParameter("unread", str, description=gettext_lazy("«true» para ver solo los avisos no leídos"))


class NotificationListView(generics.ListAPIView):
    """The signed-in person's own notices, newest first."""

    permission_classes = [allow(can, Action.VIEW_INBOX)]
    serializer_class = NotificationSerializer

    def get_queryset(self) -> Any:
        unread = query_param(self.request, "unread", 10)
        if unread not in ("", "true", "false"):
            raise exceptions.ValidationError({"unread": [_("Use «true» o «false».")]})
        return selectors.inbox_for(user=self.request.user, unread_only=unread == "true")

    @extend_schema(
        parameters=[UNREAD_PARAM],
        responses={200: NotificationSerializer(many=True), **error_responses(400, 401)},
        summary=gettext_lazy("Mis avisos"),
        tags=[TAG],
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)


class NotificationReadView(APIView):
    permission_classes = [allow(can, Action.VIEW_INBOX)]

    @extend_schema(
        request=None,
        responses={200: NotificationSerializer, **error_responses(401, 404)},
        summary=gettext_lazy("Marcar un aviso como leído"),
        tags=[TAG],
    )
    def post(self, request: Request, pk: int) -> Response:
        notification = selectors.notification_get(pk=pk) if pk <= MAX_ID else None
        # Another person's notice is reported as missing, never as forbidden.
        if notification is None or not can(request.user, Action.MARK_READ, notification):
            raise exceptions.NotFound(_("No existe ese aviso."))
        services.notification_mark_read(actor=request.user, notification=notification)
        return Response(NotificationSerializer(notification).data)
