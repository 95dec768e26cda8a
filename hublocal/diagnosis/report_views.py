"""Results, reports, rankings and exports.

Published results are open data: anyone may read a municipality's scores and report, the
national ranking and the open aggregate. Unpublished ones stay with the municipality and the
hub. Raw answers (and free text) never leave the municipality and the hub team."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from hublocal.core.csvexport import csv_chunks
from hublocal.core.exports import CONTENT_TYPES, file_response, preparing_response
from hublocal.core.page_cache import anonymous_page
from hublocal.core.permissions import is_hub_staff
from hublocal.core.text import ascii_int
from hublocal.core.web import lazy, paginate, require
from hublocal.exports import selectors as exports_selectors
from hublocal.exports import services as exports_services
from hublocal.territory import selectors as territory_selectors

from . import charts, exports, reports, selectors, services
from .permissions import Action, can
from .scoring import LEVELS

RANKING_PAGE_SIZE = 25
HISTOGRAM_BINS = 10


# --- One municipality's results ---------------------------------------------------------------


def _visible_participation(request: HttpRequest, pk: int) -> Any:
    """The participation whose results the user may see; 404 otherwise (an unpublished
    diagnosis does not exist for outsiders), the sign-in page first if anonymous."""
    p = selectors.participation_get(pk=pk)
    if p is None:
        raise Http404
    if not can(request.user, Action.VIEW_RESULT, p):
        require(request, lambda u, a, o: u.is_authenticated, None)
        raise Http404
    return p


def _report_or_none(request: HttpRequest, p: Any) -> Any:
    result = selectors.result_of(participation=p)
    if result is None:
        return None
    # Draft challenges are the municipality's working material, not part of the published scores.
    own = can(request.user, Action.VIEW_PARTICIPATION, p)
    proposals = selectors.proposed_challenges_of(participation=p) if own else []
    return reports.build_report(participation=p, result=result, proposals=proposals)


@require_GET
def participation_results(request: HttpRequest, pk: int) -> HttpResponse:
    p = _visible_participation(request, pk)
    report = _report_or_none(request, p)
    if report is None:
        # Not submitted (or reopened): nothing to show yet.
        if can(request.user, Action.VIEW_PARTICIPATION, p):
            messages.info(request, _("Los resultados aparecen cuando el diagnóstico se envía."))
            return redirect("diagnosis:participation_detail", pk=p.pk)
        raise Http404
    can_answers = can(request.user, Action.VIEW_ANSWERS, p)
    answered: list[tuple[Any, list[tuple[Any, Any]]]] = []
    if can_answers:
        saved = {qid: a.value for qid, a in selectors.answers_of(participation=p).items()}
        answered = [
            (d, [(q, saved.get(q.id)) for q in d.questions if q.id in saved]) for d in report.instrument.dimensions
        ]
    scene = reports.chart_scene(report, width=900)
    # Phones get their own drawing (names above the bars) rather than the wide one shrunk.
    narrow = reports.chart_scene(report, width=360, compact=True)
    titles = {d.id: d.title for d in report.dimensions}
    context = {
        "p": p,
        "report": report,
        "chart_svg": charts.to_svg(scene, dom_id="grafico-dimensiones"),
        "chart_svg_narrow": charts.to_svg(narrow, dom_id="grafico-dimensiones-movil"),
        "can_propose": can(request.user, Action.PROPOSE_CHALLENGE, p),
        "can_view_participation": can(request.user, Action.VIEW_PARTICIPATION, p),
        "can_answers": can_answers,
        "answered": answered,
        "proposals": [(c, titles.get(c.dimension, c.dimension)) for c in report.proposals.values()],
        "levels": [(n, name, (n - 1) * 20, n * 20) for n, name in LEVELS],
        "next_steps": reports.recommended_steps(report),
    }
    return render(request, "diagnosis/results.html", context)


@require_GET
def participation_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    p = _visible_participation(request, pk)
    report = _report_or_none(request, p)
    if report is None:
        raise Http404
    steps = [(s.title, request.build_absolute_uri(s.url), s.kind, s.reason) for s in reports.recommended_steps(report)]
    pdf = reports.report_pdf(
        report, methodology_url=request.build_absolute_uri(reverse("diagnosis:methodology")), next_steps=steps
    )
    name = f"diagnostico-{slugify(p.commune_name)}-{report.instrument.slug}-v{report.instrument.version}.pdf"
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_POST
def propose_challenge(request: HttpRequest, pk: int, dimension: str) -> HttpResponse:
    p = _visible_participation(request, pk)
    require(request, can, Action.PROPOSE_CHALLENGE, p)
    try:
        proposal = services.proposed_challenge_create(actor=request.user, participation=p, dimension=dimension)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _(
                "Se creó el borrador de desafío «%(t)s». Escríbalo como problema en Innovación abierta "
                "(«Escribir el desafío») y envíelo a revisión: el equipo del Hub lo revisará con ustedes."
            )
            % {"t": proposal.title},
        )
    return redirect(reverse("diagnosis:participation_results", kwargs={"pk": p.pk}) + "#desafios")


# --- National ranking -------------------------------------------------------------------------


def _ranking_filters(request: HttpRequest, campaigns: list[Any]) -> tuple[dict[str, Any], list[str]]:
    """Validated filters; unknown values are ignored and reported (a stale or edited link
    should still show a ranking, with a note saying what was left out)."""
    notes: list[str] = []
    raw = {k: request.GET.get(k, "").strip()[:40] for k in ("campana", "instrumento", "region", "tipologia")}
    instruments = {c.instrument_version.slug for c in campaigns}
    instrument = raw["instrumento"]
    if instrument and instrument not in instruments:
        notes.append(_("No hay resultados publicados del instrumento «%(v)s»; se muestran todos.") % {"v": instrument})
        instrument = ""
    pool = [c for c in campaigns if not instrument or c.instrument_version.slug == instrument]
    campaign = None
    if raw["campana"]:
        campaign = next((c for c in pool if str(c.pk) == raw["campana"]), None)
        if campaign is None and not any(str(c.pk) == raw["campana"] for c in campaigns):
            notes.append(_("La campaña pedida no tiene resultados publicados; se muestra la más reciente."))
    if campaign is None and pool:
        campaign = pool[0]
    regions = dict(territory_selectors.region_list().values_list("code", "name"))
    region = raw["region"]
    if region and region not in regions:
        notes.append(_("Región desconocida: «%(v)s»; se muestran todas.") % {"v": region})
        region = ""
    typology = raw["tipologia"]
    if typology and typology not in territory_selectors.Typology.values:
        notes.append(_("Tipología desconocida: «%(v)s»; se muestran todas.") % {"v": typology})
        typology = ""
    filters = {
        "campaign": campaign,
        "instrument": instrument,
        "region": region,
        "typology": typology,
        "regions": regions,
        "pool": pool,
    }
    return filters, notes


@anonymous_page("diagnosis", "directory", "territory")
@require_GET
def ranking(request: HttpRequest) -> HttpResponse:
    """The national ranking of a campaign. A fixed number of queries whatever the number of
    municipalities: campaigns, regions, one page of results (+ count and rank offset), the
    histogram, the typology means and the map (the index of every commune).

    Everything derived from the results (the count, each page with its places, the histogram's
    counts, the means, the rendered map) is cached under the campaign's results_version (read
    with the campaigns), so while the results are unchanged a request makes two queries, the
    campaigns and the regions, and a few cache reads. Drawing the histogram (a dozen shapes)
    costs less than a cache read."""
    campaigns = selectors.campaigns_with_results(public_only=not is_hub_staff(request.user))
    f, notes = _ranking_filters(request, campaigns)
    campaign = f["campaign"]
    context: dict[str, Any] = {
        "campaigns": f["pool"],
        "all_campaigns": campaigns,
        "campaign": campaign,
        "notes": notes,
        "instrument_choices": sorted({(c.instrument_version.slug, c.instrument_version.title) for c in campaigns}),
        "regions": f["regions"],
        "typologies": territory_selectors.Typology.choices,
        "params": {
            "instrumento": f["instrument"],
            "region": f["region"],
            "tipologia": f["typology"],
            "campana": str(campaign.pk) if campaign else "",
        },
    }
    if campaign is not None:
        # Lazy: an anonymous visitor's cached ranking (anonymous_cache in the templates) skips it all.
        details = lazy(lambda: _ranking_details(request, campaign, f))
        context.update({k: lazy(lambda k=k: details[k]) for k in RANKING_DETAIL_KEYS})
        drawn = lazy(lambda: _ranking_map(campaign))
        context.update(
            map_svg=lazy(lambda: drawn[0]),
            map_count=lazy(lambda: drawn[1]),
            bands=charts.legend_bands,
            show_map=request.GET.get(MAP_PARAM) == "1",
        )
    if request.htmx and not request.htmx.boosted:
        if request.htmx.target == MAP_SLOT:
            return render(request, "diagnosis/_ranking_map.html", context)
        return render(request, "diagnosis/_ranking_rows.html", context)
    return render(request, "diagnosis/ranking.html", context)


# The map of every commune is three quarters of the ranking page (about 100 KB of its 134 KB):
# the page carries a slot that fetches it once it scrolls into view (htmx, HX-Target MAP_SLOT;
# asked by campaign only, since the map ignores the other filters: one cached fragment per
# campaign), and, without JavaScript, a link to the same page with `?mapa=1`, which draws it in
# place.
MAP_PARAM = "mapa"
MAP_SLOT = "ranking-map"


RANKING_DETAIL_KEYS = (
    "page_obj",
    "rows",
    "scope",
    "histogram_svg",
    "histogram_rows",
    "typology_means",
)


def _ranking_details(request: HttpRequest, campaign: Any, f: dict[str, Any]) -> dict[str, Any]:
    """A campaign's ranking page, its histogram, typology means and map (RANKING_DETAIL_KEYS)."""
    region, typology = f["region"], f["typology"]
    # The campaign was read a moment ago, so its results version is fresh: the cached pieces
    # below need no query of their own to find it.
    version = campaign.results_version
    ranked = selectors.ranked(campaign=campaign, region=region, typology=typology, version=version)
    page = paginate(request, ranked, RANKING_PAGE_SIZE)
    rows = _ranked_rows(list(page.object_list), f["regions"])
    counts = selectors.distribution(
        campaign=campaign, region=region, typology=typology, bins=HISTOGRAM_BINS, version=version
    )
    typ_labels = dict(territory_selectors.Typology.choices)
    means = selectors.group_means(campaign=campaign, group="typology", version=version)
    scope = ", ".join(x for x in (f["regions"].get(region, ""), str(typ_labels.get(typology, ""))) if x)
    scope = scope or _("todo el país")
    width = 100 / HISTOGRAM_BINS
    return {
        "page_obj": page,
        "rows": rows,
        "scope": scope,
        "histogram_svg": charts.to_svg(
            charts.histogram(
                counts=counts,
                title=_("Distribución del índice general: %(s)s") % {"s": scope},
                desc=_(
                    "Cantidad de municipios por tramo de 10 puntos del índice general. Los mismos datos están "
                    "en la tabla que sigue."
                ),
            ),
            dom_id="grafico-distribucion",
        ),
        "histogram_rows": [(f"{int(i * width)}–{int((i + 1) * width)}", c) for i, c in enumerate(counts)],
        "typology_means": [
            {"key": k, "label": str(v), "stats": means.get(k)} for k, v in territory_selectors.Typology.choices
        ],
    }


def _ranked_rows(results: list[selectors.RankedRow], regions: dict[str, str]) -> list[dict[str, Any]]:
    """One page of the ranking (places already counted by the selector) with its labels in the
    request's language."""
    levels = dict(LEVELS)
    typ_labels = dict(territory_selectors.Typology.choices)
    return [
        {
            "rank": r.position,
            "result": r,
            "region": regions.get(r.region_code, r.region_code),
            "typology": str(typ_labels.get(r.typology, r.typology)),
            "level_name": str(levels.get(r.level, "—")) if r.level else "—",
        }
        for r in results
    ]


def _ranking_map(campaign: Any) -> tuple[str, int]:
    """The rendered map of the campaign's index per commune and how many communes have one.
    Cached per language and campaign name (drawn in its description) under the results
    version: reading the 20,000+ indexes and drawing the map cost more than the rest of the page."""

    def draw() -> tuple[str, int]:
        values = selectors.commune_index_map(campaign=campaign)
        svg = charts.choropleth(
            shapes=territory_selectors.chile_map_shapes(),
            meta=territory_selectors.chile_map_meta(),
            values=values,
            title=_("Mapa de Chile: índice general por comuna"),
            desc=_(
                "%(n)s comunas con resultado en la campaña %(c)s, coloreadas en cinco tramos según su "
                "nivel; las comunas sin resultado aparecen achuradas en gris. La tabla del ranking tiene "
                "los mismos datos."
            )
            % {"n": len(values), "c": campaign.name},
        )
        return svg, len(values)

    return selectors.cached_for_campaign(
        campaign, "map", draw, get_language(), selectors.text_key(campaign.name), version=campaign.results_version
    )


# --- Exports ----------------------------------------------------------------------------------


def _campaign_for_export(request: HttpRequest, pk: int) -> Any:
    require(request, can, Action.EXPORT_RESPONSES)
    campaign = selectors.campaign_get(pk=pk)
    if campaign is None:
        raise Http404
    return campaign


def _filename(campaign: Any, what: str, ext: str) -> str:
    iv = campaign.instrument_version
    return f"{what}-{iv.slug}-v{iv.version}-campana-{campaign.pk}.{ext}"


def _csv_response(chunks: Any, filename: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(chunks, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
def export_responses(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """Every response of a campaign, one row per municipality (staff only). `?labels=1` writes
    option labels instead of codes; `?diccionario=1` (CSV) gives the data dictionary."""
    if fmt not in ("csv", "xlsx"):
        raise Http404
    campaign = _campaign_for_export(request, pk)
    instrument = selectors.instrument_of(campaign.instrument_version)
    labels = request.GET.get("labels") == "1"
    header = exports.response_header(instrument)
    if fmt == "csv":
        if request.GET.get("diccionario") == "1":
            return _csv_response(
                csv_chunks(exports.dictionary_rows(instrument)), _filename(campaign, "diccionario", "csv")
            )
        rows = exports.response_rows(campaign=campaign, instrument=instrument, labels=labels)
        return _csv_response(csv_chunks(_prepend(header, rows)), _filename(campaign, "respuestas", "csv"))
    if selectors.participation_count(campaign=campaign) > exports.xlsx_inline_limit():
        # A workbook is built in memory: a large one is written by the task queue (export job).
        try:
            exports_services.job_request(
                actor=request.user,
                kind=exports.RESPONSES_XLSX,
                params={"campaign": campaign.pk, "labels": labels, "language": get_language()},
                title=_("Respuestas de %(c)s (XLSX)") % {"c": campaign.name},
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("diagnosis:campaign_detail", pk=campaign.pk)
        messages.info(
            request, _("El libro XLSX se está preparando en segundo plano. Descárguelo aquí cuando esté listo.")
        )
        return redirect("exports:job_list")
    content = exports.responses_workbook(campaign=campaign, labels=labels)
    response = HttpResponse(content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="{_filename(campaign, "respuestas", "xlsx")}"'
    return response


def _prepend(header: list[str], rows: Any) -> Any:
    yield header
    yield from rows


@require_GET
def export_scores(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _campaign_for_export(request, pk)
    instrument = selectors.instrument_of(campaign.instrument_version)
    return _csv_response(
        csv_chunks(exports.score_rows(campaign=campaign, instrument=instrument)),
        _filename(campaign, "puntajes", "csv"),
    )


@require_GET
def open_scores(request: HttpRequest, fmt: str) -> HttpResponseBase:
    """Open data: the scores of every campaign whose results are published (never answers,
    free text or unpublished campaigns). `?campana=<id>` narrows to one campaign.

    Served from the files the task queue builds (hublocal/exports): a download reads a file, it
    never runs the export. Before the first build the visitor is asked to come back (503)."""
    if fmt not in ("csv", "json"):
        raise Http404
    raw = request.GET.get("campana", "").strip()
    campaign_id = ascii_int(raw)
    state = exports_selectors.dataset_state(exports.OPEN_DATASET)
    stored = state.file(fmt, str(campaign_id) if campaign_id is not None else "") if state.built else None
    served = file_response(request, stored) if stored is not None else None
    response: HttpResponseBase
    if served is not None:
        response = served
    elif not state.built or state.stale or stored is not None:  # not built yet, or its file is gone
        exports_services.dataset_request(exports.OPEN_DATASET)
        response = preparing_response(request)
    elif fmt == "csv":
        # A campaign without published scores: the file with no rows, as always.
        response = _csv_response(exports.open_dataset_empty(fmt), exports.OPEN_CSV_NAME)
    else:
        response = StreamingHttpResponse(exports.open_dataset_empty(fmt), content_type=CONTENT_TYPES["json"])
    response["Access-Control-Allow-Origin"] = "*"
    return response
