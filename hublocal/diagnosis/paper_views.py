"""The blank questionnaire of an instrument version: a printable page and its PDF (paper.py).

Public like the instrument itself: it is the published methodology, with no one's answers."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.views.decorators.http import require_GET

from hublocal.core.exports import file_response, preparing_response
from hublocal.core.web import require

from . import paper, selectors
from .permissions import Action, can

# Browsers and proxies may keep the PDF a day: a new version of the instrument is a new URL, and
# a changed template gives a new ETag.
PDF_CACHE_SECONDS = 24 * 3600


def _instrument(request: HttpRequest, slug: str, version: int) -> Any:
    require(request, can, Action.VIEW_INSTRUMENT)
    iv = selectors.instrument_version_get(slug=slug, version=version)
    if iv is None:
        raise Http404
    return selectors.instrument_of(iv)


@require_GET
def instrument_paper(request: HttpRequest, slug: str, version: int) -> HttpResponse:
    instrument = _instrument(request, slug, version)
    return render(request, "diagnosis/paper.html", {"paper": paper.paper_questionnaire(instrument)})


@require_GET
def instrument_paper_pdf(request: HttpRequest, slug: str, version: int) -> HttpResponseBase:
    """The PDF from storage; drawing it takes about a second, so it is never drawn here: the
    first request after a new version or template queues the build and is asked to come back."""
    instrument = _instrument(request, slug, version)
    target, _html = paper.paper_pdf_target(instrument)
    stored = paper.paper_pdf_stored(target)
    if stored is None and paper.paper_pdf_request(instrument.slug, instrument.version):
        stored = paper.paper_pdf_stored(target)  # an immediate queue (tests, demo) built it already
    response = file_response(request, stored, cache_seconds=PDF_CACHE_SECONDS) if stored is not None else None
    if response is None:
        return preparing_response(request)
    return response
