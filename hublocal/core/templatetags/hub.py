from typing import Any

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def query_replace(context: dict[str, Any], **kwargs: Any) -> str:
    """The current query string with some parameters replaced (keeps filters across pages)."""
    query = context["request"].GET.copy()
    for key, value in kwargs.items():
        query[key] = value
    return query.urlencode()


@register.filter
def action_label(code: str) -> Any:
    """The words a person understands for an audit action code (registered by its app), e.g.
    "accounts.login" → "Inicio de sesión"; unregistered codes show as they are."""
    from hublocal.core import registry

    return registry.audit_action_label(code)
