"""The open-data portal (/datos/): the list of datasets with filters, a dataset's page (dictionary,
licence, coverage, versions, downloads), the downloads themselves (files of the latest or of a
kept version, sent from storage and counted) and the DCAT-AP catalogue. All public."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from hublocal.core.exports import StoredFile, file_response, preparing_response
from hublocal.core.web import paginate, require

from . import selectors, services
from .permissions import Action, can

PAGE_SIZE = 20
VERSIONS_SHOWN = 10
PORTAL_FORMATS = ("csv", "json", "xlsx", "geojson")
CATALOGUE_TYPES = {"jsonld": "application/ld+json; charset=utf-8", "ttl": "text/turtle; charset=utf-8"}


@require_GET
def portal(request: HttpRequest) -> HttpResponse:
    require(request, can, Action.LIST)
    theme = request.GET.get("tema", "")
    theme = theme if theme in selectors.THEMES else ""
    fmt = request.GET.get("formato", "")
    fmt = fmt if fmt in PORTAL_FORMATS else ""
    q = request.GET.get("q", "")[:100].replace("\x00", "").strip()
    entries = selectors.portal_entries(theme=theme, fmt=fmt, q=q)
    context = {
        "page_obj": paginate(request, entries, PAGE_SIZE),
        "total": len(entries),
        "themes": list(selectors.THEMES.items()),
        "formats": [(f, selectors.FORMAT_LABELS[f]) for f in PORTAL_FORMATS],
        "params": {"tema": theme, "formato": fmt, "q": q},
    }
    return render(request, "opendata/portal.html", context)


def _entry(request: HttpRequest, slug: str, action: Action) -> selectors.Entry:
    require(request, can, action)
    entry = selectors.entry_get(slug)
    if entry is None:
        raise Http404
    return entry


@require_GET
def dataset(request: HttpRequest, slug: str) -> HttpResponse:
    entry = _entry(request, slug, Action.VIEW)
    refused = ""
    try:
        services.check_publishable(entry.dataset)
    except services.ValidationError as exc:
        refused = " ".join(exc.messages)
    context = {
        "entry": entry,
        "ds": entry.dataset,
        "versions": list(selectors.versions_of(entry.dataset.key, VERSIONS_SHOWN)),
        "format_labels": selectors.FORMAT_LABELS,
        "downloads": [(f, selectors.FORMAT_LABELS[f], entry.file(f), entry.downloads.get(f, 0)) for f in entry.formats],
        "refused": refused,
    }
    return render(request, "opendata/dataset.html", context)


def _serve(request: HttpRequest, entry: selectors.Entry, fmt: str) -> HttpResponseBase:
    version = entry.version
    raw_version = request.GET.get("version", "")
    if raw_version:
        if not raw_version.isdigit() or len(raw_version) > 9:
            return HttpResponse(
                _("La versión pedida no es válida."), status=400, content_type="text/plain; charset=utf-8"
            )
        version = selectors.version_get(entry.dataset.key, int(raw_version))
        if version is None:
            raise Http404
    data = version.files.get(fmt) if version is not None else None
    if data is None:
        if version is None and fmt in services.formats_of(entry.dataset) + ("datapackage",):
            return preparing_response(request)  # published once the task queue has built it
        raise Http404
    response = file_response(request, StoredFile.from_dict(data), cache_seconds=300)
    if response is None:  # removed from storage: publish again
        return preparing_response(request)
    if response.status_code == 200:
        services.download_counted(entry.dataset.key, fmt)
    return response


@require_GET
def download(request: HttpRequest, slug: str, fmt: str) -> HttpResponseBase:
    if fmt not in PORTAL_FORMATS:
        raise Http404
    return _serve(request, _entry(request, slug, Action.DOWNLOAD), fmt)


@require_GET
def datapackage(request: HttpRequest, slug: str) -> HttpResponseBase:
    return _serve(request, _entry(request, slug, Action.DOWNLOAD), "datapackage")


@require_GET
def catalogue(request: HttpRequest, fmt: str) -> HttpResponse:
    require(request, can, Action.LIST)
    response = HttpResponse(services.catalogue_text(fmt), content_type=CATALOGUE_TYPES[fmt])
    response["Cache-Control"] = "public, max-age=300"
    return response
