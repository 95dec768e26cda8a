"""`{% anonymous_cache name "namespace …" %}…{% endanonymous_cache %}`: a fragment rendered once
per language, URL and data generation for anonymous visitors (see hublocal/core/cache.py).

The fragment must not depend on who is looking (it is only ever cached for anonymous visitors)
and must not contain a CSRF token or messages. Pass the view's expensive values lazily
(`hublocal.core.web.lazy`) so that a cache hit runs none of their queries."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import mark_safe

from hublocal.core.cache import anonymous_fragment

register = template.Library()


class AnonymousCacheNode(template.Node):
    def __init__(self, nodelist: Any, name: Any, namespaces: Any) -> None:
        self.nodelist = nodelist
        self.name = name
        self.namespaces = namespaces

    def render(self, context: Any) -> str:
        request = context.get("request")
        if request is None:
            return self.nodelist.render(context)
        name = str(self.name.resolve(context))
        namespaces = str(self.namespaces.resolve(context)).split()
        html = anonymous_fragment(request, name, namespaces, lambda: str(self.nodelist.render(context)))
        return mark_safe(html)  # this template's own rendered output


@register.tag("anonymous_cache")
def do_anonymous_cache(parser: Any, token: Any) -> AnonymousCacheNode:
    bits = token.split_contents()
    if len(bits) != 3:
        raise template.TemplateSyntaxError(f"{bits[0]} takes a fragment name and a string of namespaces")
    nodelist = parser.parse(("endanonymous_cache",))
    parser.delete_first_token()
    return AnonymousCacheNode(nodelist, parser.compile_filter(bits[1]), parser.compile_filter(bits[2]))
