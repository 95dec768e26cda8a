"""Library pages: the public catalogue, resource and version pages, the evidence standard and the
acceptance criteria; proposing and editing, reviews, evidence levels, retirement; staff pages for
reviewers and the dimension mapping; usage statistics; file downloads and the view counter."""

from __future__ import annotations

import base64
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hublocal.accounts import selectors as account_selectors
from hublocal.core.areas import Area
from hublocal.core.exports import file_response, preparing_response
from hublocal.core.locking import StaleVersion, add_version_field, form_conflict, form_version
from hublocal.core.page_cache import anonymous_page
from hublocal.core.web import add_service_errors, paginate, posted, require
from hublocal.exports import selectors as exports_selectors
from hublocal.exports import services as exports_services
from hublocal.pilots import selectors as pilot_selectors
from hublocal.solutions import selectors as solution_selectors

from . import content, files, open_data, selectors, services, usage
from .forms import (
    TYPOLOGY_CHOICES,
    DimensionLinkForm,
    EvidenceForm,
    ResourceForm,
    RetireForm,
    ReviewerForm,
    ReviewForm,
    initial_from_version,
)
from .models import Kind, Language, Resource, Status
from .permissions import Action, can
from .services import COUNTRIES

PER_PAGE = 20
# A transparent 1×1 GIF: the view counter is an image, so no script is needed and the cached
# page stays the same for everyone.
PIXEL = base64.b64decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7")


def _choice(request: HttpRequest, name: str, allowed: list[str]) -> str:
    value = request.GET.get(name, "").strip()
    return value if value in allowed else ""


def _get(request: HttpRequest, slug: str) -> Resource:
    resource = selectors.resource_get_by_slug(slug=slug)
    # A draft is reported as missing, not forbidden, to those who may not see it.
    if resource is None or not can(request.user, Action.VIEW_RESOURCE, resource):
        raise Http404
    return resource


def cite(resource: Resource, version: Any, orgs: list[Any], url: str) -> str:
    """The "how to cite" line: authors, year, title, version, publisher, URL."""
    authors = "; ".join(version.authors) or "; ".join(o.name for o in orgs) or _("Hub Nacional de Gobierno Local")
    year = (version.published_on or (version.approved_at or version.created_at)).year
    return _("%(authors)s (%(year)s). %(title)s (versión %(n)s). Hub Nacional de Gobierno Local. %(url)s") % {
        "authors": authors,
        "year": year,
        "title": version.title,
        "n": version.number,
        "url": url,
    }


# --- public pages ---------------------------------------------------------------------------------


@anonymous_page("library")
@require_GET
def resource_list(request: HttpRequest) -> HttpResponse:
    require(request, can, Action.VIEW_LIBRARY)
    level = _choice(request, "evidence_level", ["0", "1", "2", "3", "4", "5"])
    params = {
        "q": request.GET.get("q", "").replace("\x00", "").strip()[:200],
        "kind": _choice(request, "kind", Kind.values),
        "area": _choice(request, "area", Area.values),
        "typology": _choice(request, "typology", [t for t, _l in TYPOLOGY_CHOICES]),
        "country": _choice(request, "country", list(COUNTRIES)),
        "language": _choice(request, "language", Language.values),
        "evidence_level": level,
    }
    query = {**params, "evidence_level": int(level) if level else None}
    page = paginate(request, selectors.catalogue(**query), PER_PAGE)
    context = {
        "page_obj": page,
        "params": params,
        "kinds": Kind.choices,
        "areas": Area.choices,
        "typologies": TYPOLOGY_CHOICES,
        "countries": COUNTRIES,
        "languages": Language.choices,
        "levels": content.evidence_scale()["levels"],
        "area_labels": dict(Area.choices),
        "can_propose": can(request.user, Action.PROPOSE),
        "can_review": can(request.user, Action.REVIEW_QUEUE),
        "can_manage": can(request.user, Action.MANAGE_DIMENSIONS),
    }
    if request.htmx and not request.htmx.boosted:
        return render(request, "library/_results.html", context)
    return render(request, "library/resource_list.html", context)


def _detail(request: HttpRequest, resource: Resource, number: int | None) -> HttpResponse:
    private = can(request.user, Action.CHANGE_RESOURCE, resource) or can(request.user, Action.REVIEW, resource)
    page = selectors.resource_page(resource=resource, number=number, with_private=private)
    if number is not None and page.version is None:
        raise Http404
    version = page.version
    stable = (
        request.build_absolute_uri(version.get_absolute_url())
        if version and version.state in ("approved", "superseded")
        else ""
    )
    labels = dict(TYPOLOGY_CHOICES)
    dims = content.dimensions()
    context = {
        "resource": resource,
        "page": page,
        "version": version,
        "body": selectors.body_html(version.body) if version else "",
        "cite": cite(resource, version, page.organizations, stable) if stable else "",
        "is_current": version is not None and version.pk == resource.current_version_id,
        "area_labels": [dict(Area.choices).get(a, a) for a in (version.areas if version else [])],
        "typology_labels": [labels.get(t, t) for t in (version.typologies if version else [])],
        "dimension_labels": [dims.get((a, d), d) for a, d in (version.dimensions if version else [])],
        "related_pilots": [
            p for p in (pilot_selectors.pilot_get(pk=i) for i in (version.related_pilots if version else [])[:10]) if p
        ],
        "related_solutions": [
            s
            for s in solution_selectors.solutions_by_ids(
                ids=(version.related_solutions if version else [])[:10]
            ).values()
            if s.is_published
        ],
        "model": version.model if version and version.model else None,
        "model_typologies": [
            labels.get(t, t) for t in ((version.model or {}).get("context") or {}).get("typologies", [])
        ]
        if version
        else [],
        "format_labels": files.FORMAT_LABELS,
        "evidence_title": content.evidence_title(resource.evidence_level) if resource.evidence_level else "",
        "can_change": can(request.user, Action.CHANGE_RESOURCE, resource),
        "can_review": can(request.user, Action.REVIEW, resource),
        "can_set_evidence": can(request.user, Action.SET_EVIDENCE, resource),
        "can_retire": can(request.user, Action.RETIRE, resource),
        "can_usage": can(request.user, Action.VIEW_USAGE, resource),
        "count_view": resource.status == Status.PUBLISHED and number is None,
    }
    return render(request, "library/resource_detail.html", context)


@anonymous_page("library", "directory", "pilots")
@require_GET
def resource_detail(request: HttpRequest, slug: str) -> HttpResponse:
    return _detail(request, _get(request, slug), None)


@anonymous_page("library", "directory", "pilots")
@require_GET
def version_detail(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    return _detail(request, _get(request, slug), number)


@require_GET
def beacon(request: HttpRequest, slug: str) -> HttpResponse:
    """Counts a view of a public resource page (an image the page embeds); never cached."""
    resource = selectors.resource_get_by_slug(slug=slug)
    if resource is not None and resource.status == Status.PUBLISHED:
        usage.record(resource.pk, "v")
    response = HttpResponse(PIXEL, content_type="image/gif")
    response["Cache-Control"] = "no-store"
    return response


@require_GET
def file_download(request: HttpRequest, slug: str, pk: int) -> FileResponse:
    resource = _get(request, slug)
    row = selectors.file_get(pk=pk)
    if row is None or row.version.resource_id != resource.pk:
        raise Http404
    approved = row.version.state in ("approved", "superseded")
    if not approved and not (
        can(request.user, Action.CHANGE_RESOURCE, resource) or can(request.user, Action.REVIEW, resource)
    ):
        raise Http404
    if approved and resource.status == Status.PUBLISHED:
        usage.record(resource.pk, "d")
    try:
        handle = row.file.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404 from None
    response = FileResponse(handle, as_attachment=True, filename=row.name, content_type=files.CONTENT_TYPES[row.fmt])
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_GET
def open_data_file(request: HttpRequest, dataset: str) -> HttpResponseBase:
    """Open data: the catalogue of published resources, served from the file the task queue
    builds (hublocal/exports); 503 with Retry-After until the first build."""
    require(request, can, Action.VIEW_LIBRARY)
    key = open_data.DATASETS.get(dataset)
    if key is None:
        raise Http404
    state = exports_selectors.dataset_state(key)
    stored = state.file("csv") if state.built else None
    response = file_response(request, stored) if stored is not None else None
    if response is None:  # not built yet, or its file is gone: built by the task queue
        exports_services.dataset_request(key)
        response = preparing_response(request)
    response["Access-Control-Allow-Origin"] = "*"  # open data: any site may fetch it
    return response


@anonymous_page("library")
@require_GET
def evidence_page(request: HttpRequest) -> HttpResponse:
    require(request, can, Action.VIEW_LIBRARY)
    return render(request, "library/evidence.html", {"scale": content.evidence_scale()})


@anonymous_page("library")
@require_GET
def criteria_page(request: HttpRequest) -> HttpResponse:
    require(request, can, Action.VIEW_LIBRARY)
    return render(request, "library/criteria.html", {"criteria": content.criteria()})


# --- proposing and editing ------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def resource_create(request: HttpRequest) -> HttpResponse:
    require(request, can, Action.PROPOSE)
    form = ResourceForm(posted(request), request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            resource = services.resource_create(
                actor=request.user,
                organization=request.user.organization,  # type: ignore[union-attr]
                kind=form.cleaned_data["kind"],
                data=form.content_data(),
                uploads=form.uploads(),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Borrador guardado. Revíselo y envíelo a revisión cuando esté listo."))
            return redirect("library:resource_detail", slug=resource.slug)
    return render(
        request, "library/resource_form.html", {"form": form, "creating": True}, status=400 if form.errors else 200
    )


@require_http_methods(["GET", "POST"])
def resource_edit(request: HttpRequest, slug: str) -> HttpResponse:
    resource = _get(request, slug)
    require(request, can, Action.CHANGE_RESOURCE, resource)
    page = selectors.resource_page(resource=resource, with_private=True)
    source = page.working or page.version
    if page.working is not None and page.working.state == "in_review":
        messages.error(request, _("Esta versión está en revisión: espere la decisión antes de editarla."))
        return redirect("library:resource_detail", slug=resource.slug)
    form = ResourceForm(
        posted(request), request.FILES or None, initial=initial_from_version(source) if source else None, editing=True
    )
    add_version_field(form, resource.row_version)
    context: dict[str, Any] = {"form": form, "resource": resource, "new_version": page.working is None}
    if request.method == "POST" and form.is_valid():
        try:
            services.resource_update(
                actor=request.user,
                resource=resource,
                data=form.content_data(),
                expected_version=form_version(form),
                change_note=form.cleaned_data.get("change_note", ""),
                uploads=form.uploads(),
            )
        except StaleVersion as exc:
            context |= form_conflict(form, exc, {})
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Cambios guardados en el borrador."))
            return redirect("library:resource_detail", slug=resource.slug)
    status = 409 if "conflict" in context else 400 if form.errors else 200
    return render(request, "library/resource_form.html", context, status=status)


@require_POST
def resource_submit(request: HttpRequest, slug: str) -> HttpResponse:
    resource = _get(request, slug)
    require(request, can, Action.SUBMIT, resource)
    try:
        services.resource_submit(actor=request.user, resource=resource)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return _detail_status(request, resource, 400)
    messages.success(request, _("Enviado a revisión. El equipo del Hub le avisará la decisión."))
    return redirect("library:resource_detail", slug=resource.slug)


def _detail_status(request: HttpRequest, resource: Resource, status: int) -> HttpResponse:
    response = _detail(request, resource, None)
    response.status_code = status
    return response


@require_GET
def my_resources(request: HttpRequest) -> HttpResponse:
    require(request, can, Action.VIEW_MINE)
    return render(request, "library/my_resources.html", {"resources": selectors.my_resources(viewer=request.user)})


@require_POST
def draft_from_pilot(request: HttpRequest, pilot_pk: int) -> HttpResponse:
    pilot = pilot_selectors.pilot_get(pk=pilot_pk)
    if pilot is None:
        raise Http404
    require(request, can, Action.DRAFT_FROM_PILOT, pilot)
    try:
        resource = services.model_draft_from_pilot(actor=request.user, pilot_id=pilot.pk)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("pilots:pilot_detail", pk=pilot.pk)
    messages.success(
        request, _("Borrador de modelo replicable creado a partir del piloto: complételo y envíelo a revisión.")
    )
    return redirect("library:resource_edit", slug=resource.slug)


# --- review, evidence, retirement -----------------------------------------------------------------


@require_GET
def review_queue(request: HttpRequest) -> HttpResponse:
    require(request, can, Action.REVIEW_QUEUE)
    return render(request, "library/review_queue.html", {"resources": selectors.review_queue(viewer=request.user)})


@require_http_methods(["GET", "POST"])
def review(request: HttpRequest, slug: str) -> HttpResponse:
    resource = _get(request, slug)
    require(request, can, Action.REVIEW, resource)
    page = selectors.resource_page(resource=resource, with_private=True)
    if page.working is None or page.working.state != "in_review":
        messages.error(request, _("Este recurso no tiene una versión en revisión."))
        return redirect("library:resource_detail", slug=resource.slug)
    form = ReviewForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.review_record(
                actor=request.user,
                resource=resource,
                decision=form.cleaned_data["decision"],
                comment=form.cleaned_data["comment"],
                checklist=form.checklist(),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if resource.status == Status.PUBLISHED:
                messages.success(request, _("Versión aprobada y publicada."))
            else:
                messages.success(request, _("Devuelto a los autores con sus observaciones."))
            return redirect("library:resource_detail", slug=resource.slug)
    context = {
        "form": form,
        "resource": resource,
        "version": page.working,
        "body": selectors.body_html(page.working.body),
        "criteria": form.criteria,
    }
    return render(request, "library/review_form.html", context, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def evidence_set(request: HttpRequest, slug: str) -> HttpResponse:
    resource = _get(request, slug)
    require(request, can, Action.SET_EVIDENCE, resource)
    form = EvidenceForm(posted(request), initial={"level": resource.evidence_level or None})
    if request.method == "POST" and form.is_valid():
        try:
            services.evidence_level_set(
                actor=request.user,
                resource=resource,
                level=form.cleaned_data["level"],
                justification=form.cleaned_data["justification"],
                evidence=form.evidence_items(),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Nivel de evidencia asignado."))
            return redirect("library:resource_detail", slug=resource.slug)
    context = {"form": form, "resource": resource, "scale": content.evidence_scale()}
    return render(request, "library/evidence_form.html", context, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def resource_retire(request: HttpRequest, slug: str) -> HttpResponse:
    resource = _get(request, slug)
    require(request, can, Action.RETIRE, resource)
    form = RetireForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.resource_retire(actor=request.user, resource=resource, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Recurso retirado. Su página sigue disponible, marcada como retirada."))
            return redirect("library:resource_detail", slug=resource.slug)
    return render(
        request, "library/retire_form.html", {"form": form, "resource": resource}, status=400 if form.errors else 200
    )


@require_GET
def resource_usage(request: HttpRequest, slug: str) -> HttpResponse:
    resource = _get(request, slug)
    require(request, can, Action.VIEW_USAGE, resource)
    rows, totals = selectors.usage_of(resource=resource)
    return render(request, "library/usage.html", {"resource": resource, "rows": rows, "totals": totals})


# --- staff pages ------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def reviewers(request: HttpRequest) -> HttpResponse:
    require(request, can, Action.MANAGE_REVIEWERS)
    candidates = list(account_selectors.user_list(role="partner").filter(is_active=True)[:500])
    form = ReviewerForm(posted(request), candidates=candidates)
    if request.method == "POST" and request.POST.get("revoke"):
        target = next((a for a in selectors.appointments() if str(a.pk) == request.POST["revoke"]), None)
        if target is None:
            raise Http404
        services.reviewer_revoke(actor=request.user, appointment=target)
        messages.success(request, _("Designación revocada."))
        return redirect("library:reviewers")
    if request.method == "POST" and form.is_valid():
        user = next(u for u in candidates if u.pk == form.cleaned_data["user"])
        try:
            services.reviewer_appoint(actor=request.user, user=user, areas=form.cleaned_data["areas"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Persona revisora designada."))
            return redirect("library:reviewers")
    context = {"form": form, "appointments": selectors.appointments(), "area_labels": dict(Area.choices)}
    return render(request, "library/reviewers.html", context, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def dimensions(request: HttpRequest) -> HttpResponse:
    require(request, can, Action.MANAGE_DIMENSIONS)
    form = DimensionLinkForm(posted(request))
    if request.method == "POST" and request.POST.get("remove"):
        link = next((x for x in selectors.dimension_links() if str(x.pk) == request.POST["remove"]), None)
        if link is None:
            raise Http404
        services.dimension_link_remove(actor=request.user, link=link)
        messages.success(request, _("Vínculo eliminado."))
        return redirect("library:dimensions")
    if request.method == "POST" and form.is_valid():
        resource = selectors.resource_get_by_slug(slug=form.cleaned_data["resource"].strip())
        if resource is None:
            form.add_error("resource", _("No existe un recurso con ese identificador."))
        else:
            try:
                services.dimension_link_add(
                    actor=request.user,
                    resource=resource,
                    dimension=form.cleaned_data["dimension"],
                    note=form.cleaned_data["note"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Recurso vinculado a la dimensión."))
                return redirect("library:dimensions")
    dims = content.dimensions()
    links = [(link, dims.get((link.area, link.dimension), link.dimension)) for link in selectors.dimension_links()]
    context = {"form": form, "links": links, "area_labels": dict(Area.choices)}
    return render(request, "library/dimensions.html", context, status=400 if form.errors else 200)
