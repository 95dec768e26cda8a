"""OpenAPI description of our bearer tokens, for drf-spectacular.

drf-spectacular only knows the authentication classes it ships extensions for; without this
one it warns on every endpoint and leaves the bearer scheme out of each operation's
`security`. Extensions register themselves when their module is imported, so this module must
be imported at start-up (AccountsConfig.ready())."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from django.contrib.auth.models import AnonymousUser
from drf_spectacular.extensions import OpenApiAuthenticationExtension


def _anonymous_allowed(auto_schema: Any) -> bool:
    """Whether the operation's own permission classes let an anonymous caller in.

    Asked of the permissions themselves (our `allow(can, action)` bridge), so the document
    follows permissions.py instead of repeating which endpoints are public."""
    view = auto_schema.view
    request = SimpleNamespace(user=AnonymousUser(), method=auto_schema.method, auth=None)
    try:
        return all(p.has_permission(request, view) for p in view.get_permissions())
    except Exception:  # noqa: BLE001 - a rule that needs a real request is not a public one
        return False


class BearerTokenScheme(OpenApiAuthenticationExtension):
    target_class = "hublocal.accounts.authentication.BearerTokenAuthentication"
    # Same name as SPECTACULAR_SETTINGS["SECURITY"] and APPEND_COMPONENTS, so the document has one scheme.
    name = "bearerAuth"

    def get_security_requirement(self, auto_schema: Any) -> list[dict[str, list[Any]]]:
        # `{}` in an operation's security list means "or no credentials at all" (OpenAPI 3):
        # clients and the API reference page then know the endpoint is public.
        if _anonymous_allowed(auto_schema):
            return [{self.name: []}, {}]
        return [{self.name: []}]

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        return {"type": "http", "scheme": "bearer"}
