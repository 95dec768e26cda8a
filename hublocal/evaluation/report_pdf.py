"""The frozen annual report as a tagged PDF, drawn on the task queue (WeasyPrint takes seconds,
too long for a request) from the report's stored JSON only, so it says what the page says."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone

from hublocal.diagnosis import selectors as diagnosis_selectors


def render(report: Any) -> bytes:
    html = render_to_string(
        "evaluation/report_pdf.html",
        {"r": report.data, "pdf": True, "frozen_on": timezone.localtime(report.frozen_at).date().isoformat()},
    )
    return diagnosis_selectors.pdf_from_html(html)
