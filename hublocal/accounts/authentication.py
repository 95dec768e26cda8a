from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from rest_framework import authentication, exceptions

from . import selectors, services


class BearerTokenAuthentication(authentication.BaseAuthentication):
    """`Authorization: Bearer <token>` for scripts; tokens come from POST /api/v1/auth/token/."""

    keyword = "bearer"

    def authenticate(self, request: Any) -> tuple[Any, Any] | None:
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("Cabecera Authorization inválida: use 'Bearer <token>'."))
        try:
            raw = header[1].decode()
        except UnicodeError:
            raise exceptions.AuthenticationFailed(_("El token contiene caracteres inválidos.")) from None
        token = selectors.api_token_resolve(raw=raw)
        if token is None:
            raise exceptions.AuthenticationFailed(_("Token inválido o revocado."))
        if token.revoked_at is not None:
            raise exceptions.AuthenticationFailed(
                _("Este token fue revocado. Pida uno nuevo en POST /api/v1/auth/token/.")
            )
        if token.is_expired:
            raise exceptions.AuthenticationFailed(_("Este token expiró. Pida uno nuevo en POST /api/v1/auth/token/."))
        services.api_token_mark_used(token=token)
        return token.user, token

    def authenticate_header(self, request: Any) -> str:
        return 'Bearer realm="api"'
