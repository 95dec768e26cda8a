"""ICT asset pages: the public aggregates (/activos-tic/), a municipality's own register (form
and CSV import with a preview), an asset's page, the hub's national view, and the open-source
register with its adoptions. An asset a person may not read is reported as missing (404)."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hublocal.core.csvexport import csv_response
from hublocal.core.permissions import is_hub_staff
from hublocal.core.web import add_service_errors, paginate, posted, require
from hublocal.directory import selectors as directory_selectors
from hublocal.territory import selectors as territory_selectors

from . import open_data, selectors, services
from .forms import AdoptionForm, AssetForm, ImportForm, SolutionForm
from .models import AdoptionStatus, Category, Hosting, LicenceType
from .permissions import Action, can

PAGE_SIZE = 25
VENDOR_LIMIT = 500


def _filter_context(filters: selectors.Filters) -> dict[str, Any]:
    return {
        "params": filters,
        "categories": Category.choices,
        "licences": LicenceType.choices,
        "hostings": Hosting.choices,
        "typologies": sorted(territory_selectors.typology_labels().items()),
    }


def _usage_page(request: HttpRequest, filters: selectors.Filters) -> Any:
    page_obj = paginate(request, selectors.usage_rows(filters=filters), PAGE_SIZE)
    labels = territory_selectors.typology_labels()
    typology = "municipality__commune__typology"
    page_obj.object_list = [{**r, "typology_label": labels.get(r[typology], r[typology])} for r in page_obj.object_list]
    return page_obj


@require_GET
def public(request: HttpRequest) -> HttpResponse:
    require(request, can, Action.PUBLIC)
    filters = selectors.clean_filters(request.GET)
    context = {
        **_filter_context(filters),
        "totals": selectors.totals(filters=filters),
        "by_category": selectors.category_summary(filters=filters),
        "by_licence": selectors.licence_summary(filters=filters),
        "by_typology": selectors.typology_summary(filters=filters),
        "spend": selectors.spend_rows(filters=filters),
        "ending": selectors.ending_soon_summary(filters=filters),
        "page_obj": _usage_page(request, filters),
        "can_register": can(request.user, Action.REGISTER),
        "can_national": can(request.user, Action.NATIONAL),
    }
    return render(request, "ictassets/public.html", context)


@require_GET
def mine(request: HttpRequest) -> HttpResponse:
    require(request, can, Action.REGISTER)
    filters = selectors.clean_filters(request.GET)
    qs = selectors.asset_list(user=request.user, filters=filters)
    context = {**_filter_context(filters), "page_obj": paginate(request, qs, PAGE_SIZE)}
    return render(request, "ictassets/mine.html", context)


def _visible(request: HttpRequest, pk: int) -> Any:
    asset = selectors.asset_get(pk=pk)
    if asset is None or not can(request.user, Action.VIEW, asset):
        raise Http404
    return asset


@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    asset = _visible(request, pk)
    return render(request, "ictassets/detail.html", {"asset": asset, "can_edit": can(request.user, Action.EDIT, asset)})


def _vendors() -> list[tuple[int, str]]:
    orgs = directory_selectors.organization_list(kind="startup").values_list("pk", "name")
    return list(orgs[:VENDOR_LIMIT])


@require_http_methods(["GET", "POST"])
def create(request: HttpRequest) -> HttpResponse:
    require(request, can, Action.REGISTER)
    staff = is_hub_staff(request.user)
    form = AssetForm(posted(request), vendors=_vendors(), with_commune=staff)
    if request.method == "POST" and form.is_valid():
        if staff:
            found = directory_selectors.municipalities(codes=[form.cleaned_data["commune"]]).first()
        else:
            found = directory_selectors.organizations_with_commune(ids=[request.user.organization_id])
            found = found[0] if found else None
        try:
            if found is None:
                raise ValidationError({"commune": [_("No hay municipio con ese código de comuna.")]})
            asset = services.asset_create(actor=request.user, municipality=found, data=form.service_data())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Activo TIC registrado."))
            return redirect("ictassets:detail", pk=asset.pk)
    return render(request, "ictassets/form.html", {"form": form}, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    asset = _visible(request, pk)
    require(request, can, Action.EDIT, asset)
    initial = {name: getattr(asset, name) for name in services.ASSET_FIELDS}
    initial["vendor_id"] = str(asset.vendor_id or "")
    initial["satisfaction"] = str(asset.satisfaction or "")
    form = AssetForm(posted(request), initial=initial, vendors=_vendors(), with_commune=False)
    if request.method == "POST" and form.is_valid():
        try:
            services.asset_update(actor=request.user, asset=asset, data=form.service_data())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Activo TIC actualizado."))
            return redirect("ictassets:detail", pk=asset.pk)
    context = {"form": form, "asset": asset}
    return render(request, "ictassets/form.html", context, status=400 if form.errors else 200)


def _decode(raw: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252", "latin-1"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return ""  # pragma: no cover - latin-1 decodes any byte


@require_http_methods(["GET", "POST"])
def import_assets(request: HttpRequest) -> HttpResponse:
    require(request, can, Action.REGISTER)
    form = ImportForm(posted(request), request.FILES or None)
    report = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            upload = form.cleaned_data["file"]
            if upload.size > services.MAX_IMPORT_BYTES:
                form.add_error("file", _("El archivo supera 1 MB: divídalo en partes."))
            else:
                report = services.import_csv(
                    actor=request.user, text=_decode(upload.read()), dry_run=form.cleaned_data["dry_run"]
                )
                if report.errors:
                    status = 400
                elif not report.dry_run:
                    messages.success(
                        request, _("Importación completa: %(n)s activos registrados.") % {"n": report.created}
                    )
                    return redirect("ictassets:mine")
        if form.errors:
            status = 400
    context = {"form": form, "report": report, "columns": services.CSV_COLUMNS, "categories": Category.values,
               "licences": LicenceType.values, "hostings": Hosting.values}  # fmt: skip
    return render(request, "ictassets/import.html", context, status=status)


@require_GET
def national(request: HttpRequest) -> HttpResponse:
    require(request, can, Action.NATIONAL)
    filters = selectors.clean_filters(request.GET, with_commune=True)
    context = {
        **_filter_context(filters),
        "totals": selectors.totals(filters=filters),
        "by_category": selectors.category_summary(filters=filters),
        "by_licence": selectors.licence_summary(filters=filters),
        "by_typology": selectors.typology_summary(filters=filters),
        "vendors": list(selectors.vendor_summary(filters=filters)[:20]),
        "ending": list(selectors.ending_soon(filters=filters)[:50]),
        "page_obj": paginate(request, selectors.asset_list(user=request.user, filters=filters), PAGE_SIZE),
    }
    return render(request, "ictassets/national.html", context)


@require_GET
def download(request: HttpRequest, fmt: str) -> HttpResponse | StreamingHttpResponse:
    """The aggregates as open data (CSV or JSON): no owner, no single contract."""
    require(request, can, Action.PUBLIC)
    if fmt == "csv":
        response: HttpResponse | StreamingHttpResponse = csv_response(open_data.csv_rows(), "activos-tic.csv")
    elif fmt == "json":
        response = HttpResponse(
            json.dumps(open_data.json_data(), ensure_ascii=False), content_type="application/json; charset=utf-8"
        )
        response["Content-Disposition"] = 'attachment; filename="activos-tic.json"'
    else:
        raise Http404
    response["Access-Control-Allow-Origin"] = "*"  # open data: any site may fetch it
    return response


# ---------------------------------------------------------------------------- open source


@require_GET
def oss_list(request: HttpRequest) -> HttpResponse:
    require(request, can, Action.PUBLIC)
    page_obj = paginate(request, selectors.solution_list(), PAGE_SIZE)
    ids = [s.library_resource_id for s in page_obj.object_list if s.library_resource_id]
    replications = selectors.replication_adopters(resource_ids=ids)
    for s in page_obj.object_list:
        s.replications = replications.get(s.library_resource_id, 0) if s.library_resource_id else 0
    context = {"page_obj": page_obj, "can_create": can(request.user, Action.SOLUTION_CREATE)}
    return render(request, "ictassets/oss_list.html", context)


def _solution(slug: str) -> Any:
    solution = selectors.solution_get(slug=slug)
    if solution is None:
        raise Http404
    return solution


def _oss_context(request: HttpRequest, solution: Any, form: Any = None) -> dict[str, Any]:
    return {
        "solution": solution,
        "adoptions": list(solution.adoptions.all()),
        "library": selectors.library_link(solution),
        "can_adopt": can(request.user, Action.ADOPT),
        "form": form or AdoptionForm(with_commune=is_hub_staff(request.user)),
    }


@require_GET
def oss_detail(request: HttpRequest, slug: str) -> HttpResponse:
    require(request, can, Action.PUBLIC)
    solution = _solution(slug)
    return render(request, "ictassets/oss_detail.html", _oss_context(request, solution))


@require_POST
def oss_adopt(request: HttpRequest, slug: str) -> HttpResponse:
    solution = _solution(slug)
    require(request, can, Action.ADOPT)
    staff = is_hub_staff(request.user)
    form = AdoptionForm(request.POST, with_commune=staff)
    if form.is_valid():
        municipality_id = request.user.organization_id
        if staff:
            # The hub declares on a municipality's behalf, by its commune code.
            code = form.cleaned_data.get("commune", "")
            found = directory_selectors.municipalities(codes=[code]).first() if code.isdigit() else None
            municipality_id = found.pk if found else None
        try:
            services.adoption_declare(
                actor=request.user,
                solution=solution,
                municipality_id=municipality_id,
                status=form.cleaned_data["status"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            label = dict(AdoptionStatus.choices)[form.cleaned_data["status"]]
            messages.success(request, _("Adopción declarada: %(s)s.") % {"s": label})
            return redirect("ictassets:oss_detail", slug=solution.slug)
    return render(request, "ictassets/oss_detail.html", _oss_context(request, solution, form), status=400)


@require_http_methods(["GET", "POST"])
def oss_create(request: HttpRequest) -> HttpResponse:
    require(request, can, Action.SOLUTION_CREATE)
    form = SolutionForm(posted(request))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            solution = services.solution_create(
                actor=request.user,
                name=d["name"],
                description=d["description"],
                repository_url=d["repository_url"],
                spdx_id=d["spdx_id"],
                library_resource_id=d.get("library_resource_id"),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Solución registrada."))
            return redirect("ictassets:oss_detail", slug=solution.slug)
    return render(request, "ictassets/oss_form.html", {"form": form}, status=400 if form.errors else 200)
