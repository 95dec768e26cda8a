"""/buscar/: the site-wide search page, the same for everyone (the index holds only public
objects). Bad input never fails the page: an over-long query is shortened and an unknown filter
ignored, each with a message saying so."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, Resolver404, resolve, reverse
from django.utils import translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from hublocal.core import search
from hublocal.core.areas import Area
from hublocal.core.page_cache import anonymous_page
from hublocal.core.text import ascii_int
from hublocal.core.web import paginate

from . import highlight, selectors
from .models import codes_of

PER_PAGE = 20
MIN_YEAR, MAX_YEAR = 1900, 2100
FILTERS = ("type", "area", "typology", "year")


def read_params(request: HttpRequest) -> tuple[str, selectors.Filters, list[str]]:
    """(query, filters, messages about what was shortened or ignored)."""
    notices: list[str] = []
    q = request.GET.get("q", "").replace("\x00", "").strip()
    if len(q) > search.MAX_QUERY_CHARS:
        notices.append(
            _("Su búsqueda tenía %(n)s caracteres; se usaron los primeros %(max)s.")
            % {"n": len(q), "max": search.MAX_QUERY_CHARS}
        )
        q = q[: search.MAX_QUERY_CHARS].strip()
    allowed = {
        "type": list(selectors.type_labels()),
        "area": list(Area.values),
        "typology": [code for code, _label in selectors.TYPOLOGIES],
    }
    names = {"type": _("tipo"), "area": _("área"), "typology": _("tipología"), "year": _("año")}
    values: dict[str, Any] = {}
    for name, choices in allowed.items():
        value = request.GET.get(name, "").strip()
        if value and value not in choices:
            notices.append(
                _("Se ignoró el filtro de %(name)s «%(value)s»: no existe.")
                % {"name": names[name], "value": value[:40]}
            )
            value = ""
        values[name] = value
    raw_year = request.GET.get("year", "").strip()
    year = ascii_int(raw_year)
    if raw_year and (year is None or not MIN_YEAR <= year <= MAX_YEAR):
        notices.append(_("Se ignoró el filtro de año «%(value)s»: no es un año.") % {"value": raw_year[:10]})
        year = None
    return q, selectors.Filters(year=year, **values), notices


def _link(q: str, filters: selectors.Filters, **changes: Any) -> str:
    """This search with some filters changed (None removes one); always the first page."""
    params: dict[str, Any] = {"q": q}
    for name in FILTERS:
        value = changes[name] if name in changes else getattr(filters, name)
        if value:
            params[name] = value
    return "?" + urlencode(params)


def public_url(url: str) -> str:
    """The stored address (in the default language) in the language of the page."""
    language = get_language() or settings.LANGUAGE_CODE
    if language == settings.LANGUAGE_CODE:
        return url
    try:
        with translation.override(settings.LANGUAGE_CODE):
            match = resolve(url)
        with translation.override(language):
            return reverse(match.view_name, args=match.args, kwargs=match.kwargs)
    except (Resolver404, NoReverseMatch):
        return url


def _facet_groups(q: str, filters: selectors.Filters, facets: selectors.Facets) -> list[dict[str, Any]]:
    titles = {"type": _("Tipo"), "area": _("Área prioritaria"), "typology": _("Tipo de municipio"), "year": _("Año")}
    groups = []
    for name, values in facets.as_dict().items():
        if not values:
            continue
        items = [
            {
                "label": v.label,
                "count": v.count,
                "selected": v.selected,
                "url": _link(q, filters, **{name: None if v.selected else v.value}),
            }
            for v in values
        ]
        groups.append({"name": name, "title": titles[name], "items": items})
    return groups


def _items(page: Any, query: search.Query) -> list[dict[str, Any]]:
    labels = selectors.type_labels()
    areas = dict(Area.choices)
    typologies = dict(selectors.TYPOLOGIES)
    return [
        {
            "type_label": labels.get(entry.type, ""),
            "title": highlight.highlight_title(entry.title, query),
            "snippet": highlight.snippet(entry.summary, entry.text, query),
            "url": public_url(entry.url),
            "areas": [str(areas[c]) for c in codes_of(entry.areas) if c in areas],
            "typologies": [str(typologies[c]) for c in codes_of(entry.typologies) if c in typologies],
            "year": entry.year,
        }
        for entry in page
    ]


@anonymous_page("search")
@require_GET
def search_page(request: HttpRequest) -> HttpResponse:
    q, filters, notices = read_params(request)
    context: dict[str, Any] = {"q": q, "filters": filters, "notices": notices}
    if not q:
        context["types"] = selectors.type_counts()
        return render(request, "search/search.html", context)
    results = selectors.search_entries(q=q, filters=filters)
    context["searchable"] = bool(results.query)
    if results.query:
        page = paginate(request, results.rows, PER_PAGE, count=results.shown)
        context |= {
            "page_obj": page,
            "items": _items(page, results.query),
            "total": results.total,
            "capped": results.total > results.shown,
            "total_is_lower_bound": results.total_is_lower_bound,
            "shown": results.shown,
            "facet_groups": _facet_groups(q, filters, results.facets),
            "active": [
                {"label": label, "url": _link(q, filters, **{name: None})}
                for name, label in _active_labels(filters).items()
            ],
        }
    else:
        context["total"] = 0
    if not context["total"]:
        suggestion = selectors.suggestion(q)
        if suggestion:
            context["suggestion"] = {"text": suggestion, "url": _link(suggestion, selectors.Filters())}
    return render(request, "search/search.html", context)


def _active_labels(filters: selectors.Filters) -> dict[str, str]:
    out: dict[str, str] = {}
    if filters.type:
        out["type"] = selectors.type_labels().get(filters.type, filters.type)
    if filters.area:
        out["area"] = str(dict(Area.choices).get(filters.area, filters.area))
    if filters.typology:
        out["typology"] = str(dict(selectors.TYPOLOGIES).get(filters.typology, filters.typology))
    if filters.year:
        out["year"] = str(filters.year)
    return out
