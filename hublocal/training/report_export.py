"""The cohort report's PDF as an export job (hublocal/exports), never drawn in a request.

WeasyPrint needs tens of seconds for a cohort of hundreds of participants, which would hold a
web worker that long (31 s measured for 500 under load). So "Descargar PDF" asks for a job: the
task queue draws the PDF into storage, and the person fetches it from "Mis exportaciones" when it
is ready, as with the diagnosis' large workbooks. Only the hub team and the programme's
instructors may ask for it, and only while they still may see the report when they fetch it
(the exports app asks `allowed` again at download)."""

from __future__ import annotations

import base64
from collections.abc import Iterator
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hublocal.diagnosis import selectors as diagnosis_selectors
from hublocal.exports import services as exports_services

from . import evaluation, selectors
from .permissions import Action, can

COHORT_REPORT_PDF = "training.cohort_report_pdf"


def report_context(cohort: Any) -> dict[str, Any]:
    report = selectors.cohort_report(cohort=cohort)
    return {
        "cohort": cohort,
        "report": report,
        "charts": evaluation.charts(report),
        "generated_at": timezone.now(),
    }


def report_pdf(*, cohort: Any) -> bytes:
    """The cohort report as a tagged PDF (the page's body, charts as images with alt text)."""
    context = report_context(cohort)
    # WeasyPrint tags an <img> with its alt text as a figure; inline SVG would carry none.
    uris = {
        key: "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()
        for key, svg in context["charts"].items()
    }
    html = render_to_string("training/evaluation/report_pdf.html", {**context, "uris": uris, "pdf": True})
    return diagnosis_selectors.pdf_from_html(html)


def report_filename(cohort_id: int) -> str:
    return f"informe-cohorte-{cohort_id}.pdf"


def _job_cohort(params: dict[str, Any]) -> Any:
    cohort = selectors.cohort_get(pk=int(params["cohort"]))
    if cohort is None:
        raise LookupError(params["cohort"])
    return cohort


def _allowed(user: Any, params: dict[str, Any]) -> bool:
    try:
        cohort = _job_cohort(params)
    except (LookupError, KeyError, TypeError, ValueError):
        return False  # a cohort deleted since: nobody may have its report any more
    return can(user, Action.VIEW_EVALUATION, cohort)


def _content(params: dict[str, Any]) -> Iterator[bytes]:
    from django.conf import settings
    from django.utils import translation

    with translation.override(params.get("language") or settings.LANGUAGE_CODE):
        yield report_pdf(cohort=_job_cohort(params))


def request_report_pdf(*, actor: Any, cohort: Any, language: str) -> Any:
    """Queue the PDF of `cohort`'s report for `actor` (the exports app audits the request and
    refuses it with a readable ValidationError if the account may not have it)."""
    return exports_services.job_request(
        actor=actor,
        kind=COHORT_REPORT_PDF,
        params={"cohort": cohort.pk, "language": language},
        title=_("Informe de la cohorte %(c)s (PDF)") % {"c": cohort.name},
    )


def register() -> None:
    from hublocal.core import registry

    registry.register_export_kind(
        registry.ExportKind(
            key=COHORT_REPORT_PDF,
            title=gettext_lazy("Informe de una cohorte (PDF)"),
            # One document, not rows: the list shows "queued / running / ready", no row count.
            count=lambda params: 0,
            allowed=_allowed,
            filename=lambda params: report_filename(int(params["cohort"])),
            content=_content,
            fmt="pdf",
        )
    )
