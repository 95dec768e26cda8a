from __future__ import annotations

from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET, require_http_methods

from hublocal.core.page_cache import anonymous_page
from hublocal.core.web import add_service_errors, paginate, posted, require

from . import selectors, services
from .forms import ForeignMunicipalityForm
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


@anonymous_page("territory", "directory")
@require_GET
def network_list(request: HttpRequest) -> HttpResponse:
    """Municipalities of other countries in the hub's Latin-American network."""
    require(request, can, Action.VIEW)
    country = request.GET.get("country", "").strip().upper()[:2]
    q = request.GET.get("q", "").strip()[:100]
    qs = selectors.foreign_commune_list(country=country, q=q)
    context = {
        "page_obj": paginate(request, qs, 50),
        "countries": selectors.network_countries(),
        "params": {"country": country, "q": q},
        "can_register": can(request.user, Action.REGISTER_FOREIGN_MUNICIPALITY),
    }
    return render(request, "territory/network_list.html", context)


@require_http_methods(["GET", "POST"])
def network_register(request: HttpRequest) -> HttpResponse:
    require(request, can, Action.REGISTER_FOREIGN_MUNICIPALITY)
    form = ForeignMunicipalityForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            commune = services.foreign_municipality_register(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Municipio «%(name)s» registrado en la red.") % {"name": commune.name})
            return redirect("territory:network_list")
    return render(request, "territory/network_form.html", {"form": form}, status=400 if form.errors else 200)
