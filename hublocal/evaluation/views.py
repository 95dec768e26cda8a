"""The hub's indicators in public (/indicadores/): the four indicators with charts and tables,
filters, value against target, and a drill-down from every figure to the records behind it.
Pages read the stored snapshots only; staff set targets and ask for a recomputation."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hublocal.core.locking import StaleVersion, add_version_field, edited_values, form_conflict, form_version
from hublocal.core.page_cache import anonymous_page
from hublocal.core.web import add_service_errors, paginate, posted, require

from . import charts, definitions, results, selectors, services, tasks
from .forms import FilterForm, HighlightsForm, MilestoneForm, ResultNodeForm, TargetForm, year_options
from .permissions import Action, can

PAGE_SIZE = 30


def _labels(choices: dict[str, list[tuple[str, str]]]) -> dict[str, dict[str, str]]:
    from hublocal.core.areas import Area

    out = {dim: dict(values) for dim, values in choices.items()}
    out["area"] = {str(k): str(v) for k, v in Area.choices}
    out["line"] = {
        "pilots": _("Pilotos"),
        "training": _("Formación"),
        "assistance": _("Asistencia técnica"),
        "library": _("Modelos y buenas prácticas"),
        "replications": _("Replicaciones"),
        "projects": _("Proyectos"),
    }
    return out


def _filters(request: HttpRequest, measures: list[Any]) -> tuple[FilterForm, int, dict[str, str], dict[str, Any]]:
    choices = selectors.filter_choices()
    years = year_options(selectors.years())
    form = FilterForm(request.GET or None, choices=choices, years=years, measures=measures)
    year, filters = years[0], {"typology": "", "region": "", "country": ""}
    if form.is_bound and form.is_valid():
        year = form.cleaned_data["year"] or year
        filters = form.filters()
    return form, year, filters, choices


def _dimension_names() -> dict[str, str]:
    return {
        "typology": _("Tipología"),
        "region": _("Región"),
        "country": _("País"),
        "area": _("Área prioritaria"),
        "line": _("Línea de trabajo"),
        "kind": _("Tipo"),
    }


@anonymous_page("evaluation", "territory")
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    require(request, can, Action.VIEW)
    form, year, filters, choices = _filters(request, [])
    labels = _labels(choices)
    figures, computed_on = selectors.dashboard(year=year, filters=filters)
    dimension_names = _dimension_names()
    for ind in figures:
        for mf in ind.measures:
            dim_labels = labels.get(mf.breakdown_dimension, {})
            mf.dimension_name = dimension_names.get(mf.breakdown_dimension, mf.breakdown_dimension)  # type: ignore[attr-defined]
            mf.rows = [(dim_labels.get(k, k), v, total, k) for k, v, total in mf.breakdown]  # type: ignore[attr-defined]
            mf.chart = (  # type: ignore[attr-defined]
                charts.hbars(
                    rows=[(dim_labels.get(k, k), v) for k, v, _t in mf.breakdown],
                    title=f"{mf.measure.name} · {year}",
                    desc=_("Los mismos valores están en la tabla junto al gráfico."),
                    dom_id=f"chart-{mf.measure.key}",
                    unit=mf.measure.unit,
                )
                if mf.breakdown
                else ""
            )
    context = {
        "form": form,
        "year": year,
        "filters": filters,
        "query": {k: v for k, v in {**filters, "year": year}.items() if v},
        "figures": figures,
        "computed_on": computed_on,
        "can_manage": can(request.user, Action.SET_TARGET),
    }
    return render(request, "evaluation/dashboard.html", context, status=400 if form.errors else 200)


@anonymous_page("evaluation", "territory")
@require_GET
def drill_down(request: HttpRequest, slug: str) -> HttpResponse:
    require(request, can, Action.VIEW)
    indicator = definitions.indicator(slug)
    if indicator is None or slug != indicator.slug:
        raise Http404
    form, year, filters, choices = _filters(request, list(indicator.measures))
    measure = indicator.headline
    if form.is_bound and form.is_valid() and form.cleaned_data["medida"]:
        measure = indicator.measure(form.cleaned_data["medida"]) or measure
    restricted = can(request.user, Action.VIEW_RESTRICTED)
    entries, hidden, figure = selectors.drill_down(measure=measure, year=year, filters=filters, restricted=restricted)
    labels = _labels(choices)
    context = {
        "indicator": indicator,
        "measure": measure,
        "form": form,
        "year": year,
        "filters": filters,
        "figure": figure,
        "hidden": hidden,
        "by_municipality": measure.aggregate == "distinct_municipalities",
        "page_obj": paginate(request, entries, PAGE_SIZE),
        "labels": labels,
        "restricted": restricted,
    }
    return render(request, "evaluation/drill_down.html", context, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def targets(request: HttpRequest) -> HttpResponse:
    require(request, can, Action.SET_TARGET)
    form = TargetForm(posted(request), initial={"year": timezone.localdate().year})
    if request.method == "POST" and form.is_valid():
        try:
            services.target_set(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Meta guardada."))
            return redirect("evaluation:targets")
    measures = definitions.measures()
    context = {
        "form": form,
        "page_obj": paginate(request, selectors.target_list(), PAGE_SIZE),
        "measures": {k: m.name for k, m in measures.items()},
    }
    return render(request, "evaluation/targets.html", context, status=400 if form.errors else 200)


@require_POST
def recompute(request: HttpRequest) -> HttpResponse:
    require(request, can, Action.RECOMPUTE)
    raw = request.POST.get("year", "")
    year = int(raw) if raw.isdigit() and len(raw) == 4 else 0
    if not services.YEAR_MIN <= year <= services.year_max():
        messages.error(request, _("Año fuera de rango."))
        return redirect("evaluation:targets")
    tasks.compute_indicators_task(year, request.user.pk)
    messages.success(request, _("El recálculo quedó en la cola; las cifras se actualizan en unos minutos."))
    return redirect("evaluation:dashboard")


# ---- results framework and annual report
def _year_param(request: HttpRequest, default: int) -> int:
    raw = request.GET.get("year", "")
    if not raw:
        return default
    if not (raw.isdigit() and len(raw) == 4 and services.YEAR_MIN <= int(raw) <= services.year_max()):
        raise BadYear
    return int(raw)


class BadYear(Exception):
    pass


@require_GET
def results_page(request: HttpRequest) -> HttpResponse:
    require(request, can, Action.VIEW)
    available = results.framework_years()
    default = available[0] if available else timezone.localdate().year
    if timezone.localdate().year in available:
        default = timezone.localdate().year
    status = 200
    try:
        year = _year_param(request, default)
    except BadYear:
        year, status = default, 400
        messages.error(request, _("Año inválido: se muestra %(y)s.") % {"y": default})
    tree, dates = results.framework(year=year)
    for o in tree:
        o.history_id = f"hist-{o.node.pk}"  # type: ignore[attr-defined]
        o.history_rows = list(zip(dates, zip(o.history, *[c.history for c in o.children], strict=True), strict=True))  # type: ignore[attr-defined]
    context = {
        "year": year,
        "years": sorted({*available, year}, reverse=True),
        "tree": tree,
        "dates": dates,
        "can_manage": can(request.user, Action.MANAGE_RESULTS),
    }
    return render(request, "evaluation/results.html", context, status=status)


def _node_form_page(request: HttpRequest, form: Any, node: Any, context: dict[str, Any]) -> HttpResponse:
    context |= {"form": form, "node": node, "measures": definitions.measures()}
    return render(request, "evaluation/result_form.html", context, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def result_create(request: HttpRequest) -> HttpResponse:
    require(request, can, Action.MANAGE_RESULTS)
    initial = {"year": timezone.localdate().year, "kind": "objective", "order": 1}
    form = ResultNodeForm(posted(request), initial=initial)
    if form.is_valid():
        try:
            node = services.result_node_save(actor=request.user, data=form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Guardado."))
            return redirect(f"{reverse('evaluation:results')}?year={node.year}")
    return _node_form_page(request, form, None, {})


@require_http_methods(["GET", "POST"])
def result_edit(request: HttpRequest, pk: int) -> HttpResponse:
    node = results.node_get(pk)
    if node is None:
        raise Http404
    require(request, can, Action.MANAGE_RESULTS, node)
    form = ResultNodeForm(posted(request), initial={f: getattr(node, f) for f in services.NODE_FIELDS})
    add_version_field(form, node.row_version)
    context: dict[str, Any] = {}
    if form.is_valid():
        try:
            services.result_node_save(
                actor=request.user, data=edited_values(form), node=node, expected_version=form_version(form)
            )
        except StaleVersion as exc:
            context |= form_conflict(form, exc, {f: getattr(exc.current, f) for f in services.NODE_FIELDS})
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Cambios guardados."))
            return redirect(f"{reverse('evaluation:results')}?year={node.year}")
    return _node_form_page(request, form, node, context)


def _milestone_page(
    request: HttpRequest, form: Any, node: Any, milestone: Any, context: dict[str, Any]
) -> HttpResponse:
    context |= {"form": form, "node": node, "milestone": milestone}
    return render(request, "evaluation/milestone_form.html", context, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def milestone_create(request: HttpRequest, pk: int) -> HttpResponse:
    node = results.node_get(pk)
    if node is None:
        raise Http404
    require(request, can, Action.MANAGE_RESULTS, node)
    form = MilestoneForm(posted(request), initial={"weight": 1})
    if form.is_valid():
        try:
            services.milestone_save(actor=request.user, data=form.cleaned_data, node=node)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Hito agregado."))
            return redirect(f"{reverse('evaluation:results')}?year={node.year}")
    return _milestone_page(request, form, node, None, {})


@require_http_methods(["GET", "POST"])
def milestone_edit(request: HttpRequest, pk: int) -> HttpResponse:
    milestone = results.milestone_get(pk)
    if milestone is None:
        raise Http404
    require(request, can, Action.MANAGE_RESULTS, milestone)
    form = MilestoneForm(posted(request), initial={f: getattr(milestone, f) for f in services.MILESTONE_FIELDS})
    add_version_field(form, milestone.row_version)
    context: dict[str, Any] = {}
    if form.is_valid():
        try:
            services.milestone_save(
                actor=request.user, data=edited_values(form), milestone=milestone, expected_version=form_version(form)
            )
        except StaleVersion as exc:
            context |= form_conflict(form, exc, {f: getattr(exc.current, f) for f in services.MILESTONE_FIELDS})
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Hito guardado."))
            return redirect(f"{reverse('evaluation:results')}?year={milestone.node.year}")
    return _milestone_page(request, form, milestone.node, milestone, context)


@require_GET
def reports(request: HttpRequest) -> HttpResponse:
    require(request, can, Action.VIEW)
    manage = can(request.user, Action.MANAGE_REPORT)
    this_year = timezone.localdate().year
    context = {
        "page_obj": paginate(request, results.frozen_reports(), PAGE_SIZE),
        "can_manage": manage,
        "draft_years": list(range(this_year, this_year - 3, -1)) if manage else [],
    }
    return render(request, "evaluation/reports.html", context)


def _report_year(year: int) -> int:
    if not services.YEAR_MIN <= year <= timezone.localdate().year:
        raise Http404
    return year


def _report_or_draft(request: HttpRequest, year: int) -> Any:
    """The stored report; for staff, an unsaved draft when nobody wrote or froze it yet."""
    from .models import AnnualReport

    report = results.report_get(_report_year(year)) or AnnualReport(year=year)
    if not can(request.user, Action.VIEW_REPORT, report):
        raise Http404  # the public never learns whether a draft exists
    return report


def _render_report(request: HttpRequest, report: Any, status: int = 200) -> HttpResponse:
    # A frozen report reads its stored JSON only; a draft is drawn live from today's data.
    data = report.data if report.is_frozen else results.report_data(year=report.year, highlights=report.highlights)
    manage = can(request.user, Action.MANAGE_REPORT, report)
    context = {
        "report": report,
        "r": data,
        "draft": not report.is_frozen,
        "can_manage": manage,
        "form": HighlightsForm(initial={"highlights": report.highlights}) if manage else None,
    }
    return render(request, "evaluation/report.html", context, status=status)


@require_GET
def report(request: HttpRequest, year: int) -> HttpResponse:
    return _render_report(request, _report_or_draft(request, year))


@require_POST
def report_highlights(request: HttpRequest, year: int) -> HttpResponse:
    report = _report_or_draft(request, year)
    require(request, can, Action.MANAGE_REPORT, report)
    form = HighlightsForm(request.POST)
    if form.is_valid():
        try:
            services.report_highlights_set(actor=request.user, year=year, highlights=form.cleaned_data["highlights"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Hitos destacados guardados."))
            return redirect("evaluation:report", year=year)
    data = results.report_data(year=year, highlights=report.highlights)
    context = {"report": report, "r": data, "draft": True, "can_manage": True, "form": form}
    return render(request, "evaluation/report.html", context, status=400)


@require_POST
def report_freeze(request: HttpRequest, year: int) -> HttpResponse:
    report = _report_or_draft(request, year)
    if report.is_frozen and can(request.user, Action.MANAGE_RESULTS):
        messages.error(request, _("Este informe ya está congelado: no se puede volver a congelar."))
        return _render_report(request, report, status=409)
    require(request, can, Action.MANAGE_REPORT, report)
    try:
        services.report_freeze(actor=request.user, year=year)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Informe congelado: desde ahora es público y no cambia."))
    return redirect("evaluation:report", year=year)


@require_GET
def report_pdf(request: HttpRequest, year: int) -> HttpResponseBase:
    report = _report_or_draft(request, year)
    if not report.is_frozen or not report.pdf:
        raise Http404
    response = FileResponse(report.pdf.open("rb"), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="informe-anual-{year}.pdf"'
    return response
