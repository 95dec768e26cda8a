"""The hub's indicators in public (/indicadores/): the four indicators with charts and tables,
filters, value against target, and a drill-down from every figure to the records behind it.
Pages read the stored snapshots only; staff set targets and ask for a recomputation."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hublocal.core.page_cache import anonymous_page
from hublocal.core.web import add_service_errors, paginate, posted, require

from . import charts, definitions, selectors, services, tasks
from .forms import FilterForm, TargetForm, year_options
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
