"""Exports of a campaign: every response (staff), the scores (staff) and the open aggregate.

Rows are produced lazily so a CSV streams in bounded memory: answers are read ordered by
participation and each row is written as soon as its participation's answers are complete.

Cell conventions of the response export (also in its dictionary):
  - codes by default (option ids, "si"/"no"), labels on request;
  - multiple choice: option ids (or labels) joined with "|";
  - "N/A": the question was not shown, because its condition did not hold;
  - empty: shown but not answered.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterable, Iterator
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hublocal.core.csvexport import csv_chunks, safe_text
from hublocal.territory import selectors as territory_selectors

from . import selectors
from .models import ParticipationStatus
from .scoring import LEVELS, is_visible

NOT_APPLICABLE = "N/A"
MULTI_SEP = "|"
FIXED_COLUMNS = ["commune_code", "commune_name", "region_code", "typology", "status", "submitted_at"]
SCORE_COLUMNS = ["commune_code", "commune_name", "region_code", "typology", "overall", "level", "level_name"]
OPEN_COLUMNS = [
    "campaign_id",
    "campaign",
    "demo",
    "instrument",
    "instrument_version",
    "commune_code",
    "commune_name",
    "region_code",
    "typology",
    "overall",
    "level",
    "dimensions",
    "computed_at",
]
# Characters XML (hence XLSX) cannot hold.
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _number(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def answer_cell(question: Any, value: Any, *, visible: bool, labels: bool) -> Any:
    """One answer as an export cell (see the module docstring for the conventions)."""
    if not visible:
        return NOT_APPLICABLE
    if value is None:
        return ""
    t = question.type
    if t == "single":
        opt = question.option(value)
        return opt.label if (labels and opt) else str(value)
    if t == "multiple":
        values = value if isinstance(value, list) else [value]
        if labels:
            return MULTI_SEP.join(question.option(v).label if question.option(v) else str(v) for v in values)
        return MULTI_SEP.join(str(v) for v in values)
    if t == "yesno":
        if labels:
            return _("Sí") if value else _("No")
        return "si" if value else "no"
    if t in ("scale", "number"):
        return _number(value)
    return safe_text(str(value))


def _local_iso(dt: Any) -> str:
    return timezone.localtime(dt).isoformat(timespec="seconds") if dt else ""


def response_header(instrument: Any) -> list[str]:
    return FIXED_COLUMNS + [q.id for q in instrument.questions]


def response_rows(*, campaign: Any, instrument: Any, labels: bool = False) -> Iterator[list[Any]]:
    """One row per participation (by id), one column per question of the campaign's version.

    Reads the participations (at most one per municipality) and streams the answers."""
    questions = instrument.questions
    status_labels = dict(ParticipationStatus.choices)
    participations = selectors.campaign_participations_for_export(campaign=campaign)

    def row(p: Any, answers: dict[str, Any]) -> list[Any]:
        fixed = [
            p.commune_code,
            safe_text(p.commune_name),
            p.region_code,
            p.typology,
            str(status_labels.get(p.status, p.status)) if labels else p.status,
            _local_iso(p.submitted_at),
        ]
        return fixed + [
            answer_cell(q, answers.get(q.id), visible=is_visible(instrument, q, answers), labels=labels)
            for q in questions
        ]

    stream = selectors.campaign_answers_stream(campaign=campaign)
    pending = next(stream, None)
    for p in participations:
        answers: dict[str, Any] = {}
        # Both are ordered by participation id: consume this participation's answers, then
        # skip any stray ones of ids not listed (cannot happen, but must not stall the merge).
        while pending is not None and pending[0] <= p.pk:
            if pending[0] == p.pk:
                answers[pending[1]] = pending[2]
            pending = next(stream, None)
        yield row(p, answers)


def dictionary_rows(instrument: Any) -> Iterator[list[Any]]:
    """The data dictionary: what each column and code means."""
    yield ["column", "dimension", "type", "text", "condition", "code", "label"]
    fixed = {
        "commune_code": _("Código comunal (CUT)"),
        "commune_name": _("Comuna"),
        "region_code": _("Código de región (CUT)"),
        "typology": _("Tipología del municipio al ser invitado"),
        "status": _("Estado de la participación"),
        "submitted_at": _("Fecha y hora de envío (America/Santiago)"),
    }
    for col, text in fixed.items():
        yield [col, "", "", text, "", "", ""]
    for code, label in ParticipationStatus.choices:
        yield ["status", "", "", "", "", code, str(label)]
    yield [
        "*",
        "",
        "",
        _("Cualquier pregunta"),
        "",
        NOT_APPLICABLE,
        _("No aplica: la pregunta no se mostró porque su condición no se cumplió"),
    ]
    yield ["*", "", "", _("Cualquier pregunta"), "", "", _("Sin respuesta")]
    dim_titles = {d.id: d.title for d in instrument.dimensions}
    for q in instrument.questions:
        cond = ""
        if q.show_if is not None:
            c = q.show_if
            if c.answered is not None:
                cond = f"{c.question} {'answered' if c.answered else 'not answered'}"
            else:
                values = [c.equals] if c.in_ is None else list(c.in_)
                cond = f"{c.question} in {json.dumps(values, ensure_ascii=False)}"
        detail = q.text
        if q.type == "number":
            detail += f" [{q.number_min}–{q.number_max}{' ' + q.number_unit if q.number_unit else ''}]"
        yield [q.id, dim_titles.get(q.dimension, q.dimension), q.type, detail, cond, "", ""]
        if q.type in ("single", "multiple"):
            for o in q.options:
                yield [q.id, "", "", "", "", o.id, o.label]
        elif q.type == "yesno":
            yield [q.id, "", "", "", "", "si", _("Sí")]
            yield [q.id, "", "", "", "", "no", _("No")]
        elif q.type == "scale":
            yield [q.id, "", "", "", "", 1, q.scale_min_label or "1"]
            yield [q.id, "", "", "", "", 5, q.scale_max_label or "5"]


def score_rows(*, campaign: Any, instrument: Any) -> Iterator[list[Any]]:
    """The campaign's scores, one row per municipality; read as value tuples in chunks of 2,000
    so memory and queries per chunk stay constant whatever the number of municipalities."""
    levels = {n: str(name) for n, name in LEVELS}
    dims = [d.id for d in instrument.dimensions]
    yield SCORE_COLUMNS + dims
    values = selectors.campaign_results(campaign=campaign).values_list(
        "commune_code", "commune_name", "region_code", "typology", "overall", "level", "dimensions"
    )
    for code, name, region, typology, overall, level, dimensions in values.iterator(chunk_size=2000):
        scores = dimensions or {}
        yield [
            code,
            safe_text(name),
            region,
            typology,
            _number(overall),
            level,
            levels.get(level, "") if level else "",
        ] + [_number(scores.get(d)) for d in dims]


def _open_record(v: Any) -> dict[str, Any]:
    # Scores only: never answers, free text or who answered. `v` follows
    # selectors.OPEN_VALUE_FIELDS.
    (campaign_id, campaign, demo, slug, version, code, name, region, typology, overall, level, dims, computed) = v
    return {
        "campaign_id": campaign_id,
        "campaign": campaign,
        "demo": demo,
        "instrument": slug,
        "instrument_version": version,
        "commune_code": code,
        "commune_name": name,
        "region_code": region,
        "typology": typology,
        "overall": overall,
        "level": level,
        "dimensions": dict(dims or {}),
        "computed_at": computed.isoformat(timespec="seconds") if computed else None,
    }


def open_records(*, campaign_id: int | None = None) -> Iterator[dict[str, Any]]:
    for values in selectors.public_result_values(campaign_id=campaign_id).iterator(chunk_size=2000):
        yield _open_record(values)


def open_csv_rows(*, campaign_id: int | None = None) -> Iterator[list[Any]]:
    yield OPEN_COLUMNS
    for rec in open_records(campaign_id=campaign_id):
        yield [
            json.dumps(rec[c], ensure_ascii=False, sort_keys=True)
            if c == "dimensions"
            else ("1" if rec[c] else "0")
            if c == "demo"
            else safe_text(rec[c])
            if isinstance(rec[c], str)
            else rec[c]
            for c in OPEN_COLUMNS
        ]


def open_json_chunks(*, campaign_id: int | None = None) -> Iterator[str]:
    """{"count": n, "results": [...]} written piece by piece."""
    count = selectors.public_results(campaign_id=campaign_id).count()
    yield f'{{"count": {count}, "results": ['
    first = True
    for rec in open_records(campaign_id=campaign_id):
        yield ("" if first else ",") + json.dumps(rec, ensure_ascii=False)
        first = False
    yield "]}"


# --- Open data: the public scores as precomputed files (hublocal/exports) ----------------------

OPEN_DATASET = "diagnosis.scores"
OPEN_CSV_NAME = "puntajes-diagnostico.csv"


def open_dataset_build(fmt: str, variant: str) -> Iterator[str]:
    """The open scores file in `fmt`: every published campaign ("") or one (its id)."""
    campaign_id = int(variant) if variant else None
    if fmt == "csv":
        return csv_chunks(open_csv_rows(campaign_id=campaign_id))
    return open_json_chunks(campaign_id=campaign_id)


def open_dataset_empty(fmt: str) -> Iterator[str]:
    """The answer for a campaign without published scores: the file with no rows (no query)."""
    if fmt == "csv":
        return csv_chunks([OPEN_COLUMNS])
    return iter(['{"count": 0, "results": []}'])


def open_dataset_filename(fmt: str, variant: str) -> str:
    # JSON is shown in the browser (and read by scripts) as before; the CSV is a download.
    return OPEN_CSV_NAME if fmt == "csv" else ""


def register_open_dataset() -> None:
    from hublocal.core import registry

    registry.register_dataset(
        registry.Dataset(
            key=OPEN_DATASET,
            slug="puntajes-diagnostico",
            title=gettext_lazy("Puntajes del diagnóstico municipal"),
            description=gettext_lazy(
                "Índice general, nivel y puntaje por dimensión de cada municipio en cada campaña de diagnóstico "
                "con resultados publicados. Solo puntajes: nunca respuestas, textos libres ni quién respondió."
            ),
            formats=("csv", "json"),
            build=open_dataset_build,
            keywords=("diagnóstico", "municipios", "madurez digital", "puntajes"),
            page="diagnosis:ranking",
            download="diagnosis:open_scores",
            variants=lambda: [str(pk) for pk in selectors.public_campaign_ids()],
            filename=open_dataset_filename,
            fields=open_dataset_fields(),
            temporal_start="2025-01-01",
            spatial=gettext_lazy("Chile y municipios de la red regional, por comuna"),
            theme="GOVE",
        )
    )


def open_dataset_fields() -> tuple[Any, ...]:
    """The data dictionary of the open scores (the portal's Table Schema)."""
    from hublocal.core import registry

    f = registry.DatasetField
    return (
        f("campaign_id", "integer", "", gettext_lazy("Id de la campaña de diagnóstico")),
        f("campaign", "string", "", gettext_lazy("Nombre de la campaña")),
        f("demo", "boolean", "", gettext_lazy("1 si es una campaña de demostración (datos ficticios)")),
        f("instrument", "string", "", gettext_lazy("Identificador del instrumento (cuestionario)")),
        f("instrument_version", "integer", "", gettext_lazy("Versión del instrumento")),
        f("commune_code", "string", "", gettext_lazy("Código comunal (CUT), o <ISO2>-<código> fuera de Chile")),
        f("commune_name", "string", "", gettext_lazy("Nombre de la comuna")),
        f("region_code", "string", "", gettext_lazy("Código de la región")),
        f("typology", "string", "", gettext_lazy("Tipología comunal (provisional)")),
        f("overall", "number", gettext_lazy("puntos (0-100)"), gettext_lazy("Índice general de madurez")),
        f("level", "integer", gettext_lazy("nivel (1-5)"), gettext_lazy("Nivel de madurez según el índice")),
        f(
            "dimensions",
            "object",
            gettext_lazy("puntos (0-100)"),
            gettext_lazy("Puntaje por dimensión: objeto JSON {dimensión: puntaje}"),
        ),
        f("computed_at", "datetime", "", gettext_lazy("Fecha y hora del cálculo de los puntajes")),
    )


# --- The responses workbook as an export job (hublocal/exports) -------------------------------

RESPONSES_XLSX = "diagnosis.responses_xlsx"
# A workbook is assembled in memory (openpyxl), so beyond this many municipalities it is written by
# the task queue instead of a web worker (DIAGNOSIS_XLSX_INLINE_LIMIT).
XLSX_INLINE_LIMIT = 1000


def xlsx_inline_limit() -> int:
    from django.conf import settings

    return int(getattr(settings, "DIAGNOSIS_XLSX_INLINE_LIMIT", XLSX_INLINE_LIMIT))


def responses_workbook(*, campaign: Any, labels: bool) -> bytes:
    instrument = selectors.instrument_of(campaign.instrument_version)

    def with_header() -> Iterator[list[Any]]:
        yield response_header(instrument)
        yield from response_rows(campaign=campaign, instrument=instrument, labels=labels)

    return xlsx_bytes([("respuestas", with_header()), ("diccionario", dictionary_rows(instrument))])


def responses_filename(campaign: Any, ext: str) -> str:
    iv = campaign.instrument_version
    return f"respuestas-{iv.slug}-v{iv.version}-campana-{campaign.pk}.{ext}"


def _job_campaign(params: dict[str, Any]) -> Any:
    campaign = selectors.campaign_get(pk=int(params["campaign"]))
    if campaign is None:
        raise LookupError(params["campaign"])
    return campaign


def _job_workbook(params: dict[str, Any]) -> Iterator[bytes]:
    from django.conf import settings
    from django.utils import translation

    with translation.override(params.get("language") or settings.LANGUAGE_CODE):
        yield responses_workbook(campaign=_job_campaign(params), labels=bool(params.get("labels")))


def register_responses_job() -> None:
    from hublocal.core import registry

    from .permissions import Action, can

    registry.register_export_kind(
        registry.ExportKind(
            key=RESPONSES_XLSX,
            title=gettext_lazy("Respuestas de una campaña (XLSX)"),
            count=lambda params: len(selectors.campaign_participations_for_export(campaign=_job_campaign(params))),
            allowed=lambda user, params: can(user, Action.EXPORT_RESPONSES),
            filename=lambda params: responses_filename(_job_campaign(params), "xlsx"),
            content=_job_workbook,
            fmt="xlsx",
        )
    )


# --- Writers ----------------------------------------------------------------------------------


def xlsx_bytes(sheets: list[tuple[str, Iterable[list[Any]]]]) -> bytes:
    """A workbook written in openpyxl's write-only mode (rows go straight to the file)."""
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    for title, rows in sheets:
        ws = wb.create_sheet(title=title[:31])
        for row in rows:
            ws.append([_ILLEGAL_XML.sub("", v) if isinstance(v, str) else v for v in row])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def region_names() -> dict[str, str]:
    return dict(territory_selectors.region_list().values_list("code", "name"))
