from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import permissions, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from hublocal.core.api import allow, error_responses
from hublocal.core.api_strict import StrictSerializer

from . import schema as _schema  # noqa: F401 - registers the bearer scheme until AccountsConfig.ready() does
from . import services
from .models import ApiToken
from .permissions import Action, can


class TokenRequestSerializer(StrictSerializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=256, trim_whitespace=False)
    otp = serializers.CharField(
        max_length=32,
        required=False,
        allow_blank=True,
        help_text=_("Código de verificación en dos pasos (o un código de recuperación), si la cuenta lo usa"),
    )
    name = serializers.CharField(
        max_length=80, required=False, allow_blank=True, help_text=_("Nombre para reconocer el token en «Mi cuenta»")
    )


class TokenView(APIView):
    """Exchange a username and password (and a second-factor code, for accounts that use one)
    for a bearer token valid for API_TOKEN_DAYS days.

    Five failed attempts within 15 minutes for one username from one address lock that pair
    for 15 minutes (429 with Retry-After), whether or not the username exists."""

    authentication_classes: list[Any] = []
    permission_classes = [permissions.AllowAny]  # credentials are the check
    # No DRF throttle: django-axes (AxesMiddleware) locks out repeated failures per
    # (username, client address), the address computed from TRUSTED_PROXY_COUNT.

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
            errors = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
            return Response(
                {"detail": " ".join(exc.messages), "errors": errors},
                status=status.HTTP_400_BAD_REQUEST,
            )
        return Response({"token": token})


class LogoutView(APIView):
    """Revoke the bearer token this request was made with."""

    permission_classes = [allow(can, Action.ISSUE_TOKEN)]

    @extend_schema(
        request=None,
        responses={204: None, **error_responses(400, 401)},
        summary=_("Revocar el token usado"),
        tags=["auth"],
    )
    def post(self, request: Request) -> Response:
        token = request.auth
        if not isinstance(token, ApiToken):
            raise ValidationError(_("Esta operación revoca un token: llame con «Authorization: Bearer <token>»."))
        services.api_token_revoke(actor=request.user, token=token)
        return Response(status=status.HTTP_204_NO_CONTENT)


class MeSerializer(StrictSerializer):
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
