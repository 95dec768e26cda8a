from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import permissions, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from hublocal.core.api import allow, error_responses

from . import schema as _schema  # noqa: F401 - registers the bearer scheme until AccountsConfig.ready() does
from . import services
from .permissions import Action, can


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=256, trim_whitespace=False)


class TokenThrottle(AnonRateThrottle):
    # Slows password guessing without bothering scripts that fetch a token once.
    scope = "token"


class TokenView(APIView):
    """Exchange a username and password for a bearer token."""

    authentication_classes: list[Any] = []
    permission_classes = [permissions.AllowAny]  # credentials are the check
    throttle_classes = [TokenThrottle]

    @extend_schema(
        request=TokenRequestSerializer,
        responses={
            200: inline_serializer("TokenResponse", {"token": serializers.CharField()}),
            **error_responses(400, 415, 429),
        },
        auth=[],
        summary=_("Obtener un token de API"),
        tags=["auth"],
    )
    def post(self, request: Request) -> Response:
        serializer = TokenRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            token = services.api_token_issue(**serializer.validated_data, request=request._request)
        except ValidationError as exc:
            return Response(
                {"detail": " ".join(exc.messages), "errors": {"non_field_errors": exc.messages}},
                status=status.HTTP_400_BAD_REQUEST,
            )
        return Response({"token": token})


class MeSerializer(serializers.Serializer):
    username = serializers.CharField()
    email = serializers.EmailField()
    full_name = serializers.CharField(source="get_full_name")
    role = serializers.CharField()
    role_label = serializers.CharField(source="get_role_display")
    # Typed explicitly: a SlugRelatedField on a plain Serializer has no model to infer the type from.
    organization = serializers.CharField(source="organization.slug", read_only=True, allow_null=True)


class MeView(APIView):
    """The signed-in account."""

    permission_classes = [allow(can, Action.VIEW_OWN_ACCOUNT)]

    @extend_schema(responses={200: MeSerializer, **error_responses(401)}, summary=_("Mi cuenta"), tags=["auth"])
    def get(self, request: Request) -> Response:
        return Response(MeSerializer(request.user).data)
