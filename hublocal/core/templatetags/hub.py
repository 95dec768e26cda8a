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


@register.simple_tag(takes_context=True)
def language_links(context: dict[str, Any]) -> list[dict[str, Any]]:
    """The current page in each language, as plain links. The URL carries the language
    (i18n_patterns), so switching needs no form, no cookie and no CSRF token, and a public page
    stays the same for every anonymous visitor (it can be cached whole: core/page_cache.py)."""
    from django.conf import settings
    from django.urls import translate_url
    from django.utils.translation import get_language

    request = context.get("request")
    path = request.get_full_path() if request is not None else "/"
    current = get_language()
    names = {"en": "English"}
    return [
        {
            "code": code,
            "name": names.get(code, "Español"),
            "url": translate_url(path, code),
            "current": code == current,
        }
        for code, _name in settings.LANGUAGES
    ]


@register.simple_tag(takes_context=True)
def object_actions(context: dict[str, Any], target: str, obj: Any) -> list[Any]:
    """The actions other apps offer on this object's page for the current person
    (core.registry.register_object_action), e.g. "Convertir en modelo replicable" on a pilot."""
    from hublocal.core import registry

    request = context.get("request")
    return registry.object_actions(target, getattr(request, "user", None), obj)
