from __future__ import annotations

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from hublocal.core.web import require

from .maps import chile_svg
from .permissions import Action, can


@require_GET
@cache_control(public=True, max_age=300)
def chile_map(request: HttpRequest) -> HttpResponse:
    """SVG map of Chile by typology; `?resaltar=<code>` highlights one commune."""
    require(request, can, Action.VIEW)
    highlight = request.GET.get("resaltar", "")[:12]
    key = f"territory:map:{request.LANGUAGE_CODE}:{highlight}"
    svg = cache.get(key)
    if svg is None:
        svg = chile_svg(highlight=highlight)
        cache.set(key, svg, 300)
    return HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")
