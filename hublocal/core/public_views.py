"""Public pages of core: help and FAQ, contact, robots.txt and the sitemap."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.sitemaps import views as sitemap_views
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_page
from django.views.decorators.http import require_GET, require_http_methods

from . import registry, services
from .client import client_ip
from .content import content_page
from .forms import ContactForm
from .page_cache import anonymous_page
from .web import add_service_errors


@anonymous_page()
@require_GET
def help_page(request: HttpRequest) -> HttpResponse:
    page = content_page("help", get_language() or settings.LANGUAGE_CODE)
    return render(request, "core/help.html", {"page": page, "contact_email": settings.HUB_CONTACT_EMAIL})


@require_http_methods(["GET", "POST"])
def contact(request: HttpRequest) -> HttpResponse:
    form = ContactForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_spam():
            # Robots get the same thank-you as people, and nothing is stored or sent.
            messages.success(request, _("Gracias. Recibimos su mensaje y le responderemos a la brevedad."))
            return redirect("core:contact")
        if form.is_valid():
            data = services.ContactInput(
                name=form.cleaned_data["name"],
                email=form.cleaned_data["email"],
                organization_name=form.cleaned_data["organization_name"],
                topic=form.cleaned_data["topic"],
                message=form.cleaned_data["message"],
            )
            try:
                services.contact_message_create(actor=request.user, data=data, client=client_ip(request))
            except ValidationError as exc:
                add_service_errors(form, exc)
                status = 429 if any(e.code == "rate_limited" for e in exc.error_list) else 400
            else:
                messages.success(request, _("Gracias. Recibimos su mensaje y le responderemos a la brevedad."))
                return redirect("core:contact")
        else:
            status = 400
    context: dict[str, Any] = {"form": form, "contact_email": settings.HUB_CONTACT_EMAIL}
    return render(request, "core/contact.html", context, status=status)


# Private areas (accounts, back office, staff follow-up, proposals), the API (but its public
# reference) and generated files (exports, PDF reports). Pages under i18n_patterns are listed with
# and without the /en/ prefix.
ROBOTS_DISALLOW_PAGES = [
    "/cuenta/",
    "/inicio/",
    "/seguimiento/",
    "/propuestas/",
    "/diagnostico/campanas/",
    "/diagnostico/p/*/reporte.pdf",
    "/diagnostico/p/*/seccion/",
]
ROBOTS_DISALLOW_ROOT = ["/admin/", "/api/", "/i18n/", "/bench/"]


def robots_rules() -> tuple[list[str], list[str]]:
    allow = [reverse("api:docs")]
    disallow = [*ROBOTS_DISALLOW_ROOT]
    for path in ROBOTS_DISALLOW_PAGES:
        disallow += [path, f"/en{path}"]
    return allow, disallow


@require_GET
@cache_page(3600)
def robots_txt(request: HttpRequest) -> HttpResponse:
    """What crawlers may read: the public pages. Private pages refuse anonymous visitors anyway;
    this keeps crawlers from knocking and spares the server."""
    allow, disallow = robots_rules()
    sitemap = request.build_absolute_uri(reverse("sitemap_index"))
    lines = ["User-agent: *"]
    lines += [f"Allow: {path}" for path in allow]
    lines += [f"Disallow: {path}" for path in disallow]
    lines += ["", f"Sitemap: {sitemap}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


@require_GET
def sitemap_index(request: HttpRequest) -> HttpResponse:
    """The sitemap index: one file per registered section, paginated by 50,000 addresses."""
    with translation.override(settings.LANGUAGE_CODE):  # addresses in the source language (no /en/)
        response = sitemap_views.index(request, registry.sitemaps(), sitemap_url_name="sitemap_section")
        response.render()
    return response


@require_GET
def sitemap_section(request: HttpRequest, section: str) -> HttpResponse:
    with translation.override(settings.LANGUAGE_CODE):
        response = sitemap_views.sitemap(request, registry.sitemaps(), section=section)
        response.render()
    return response
