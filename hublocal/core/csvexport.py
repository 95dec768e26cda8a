"""CSV downloads and open data, written the same way everywhere: UTF-8 with a BOM first (Excel
reads accents correctly only then), streamed line by line (an export of thousands of rows never
sits in memory), and text that a spreadsheet would run as a formula neutralised with a leading
apostrophe (OWASP "CSV injection": names, titles and answers are free text)."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from typing import Any

from django.http import StreamingHttpResponse

BOM = "\ufeff"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_text(text: str) -> str:
    return "'" + text if text.startswith(FORMULA_START) else text


def cell(value: Any) -> Any:
    """None as an empty cell; text neutralised; numbers and dates as they are."""
    if value is None:
        return ""
    if isinstance(value, str):
        return safe_text(value)
    return value


class _Echo:
    """A file-like object whose write returns the line, so csv.writer can feed a stream."""

    def write(self, value: str) -> str:
        return value


def csv_chunks(rows: Iterable[list[Any]], *, bom: bool = True) -> Iterator[str]:
    writer = csv.writer(_Echo())
    if bom:
        yield BOM
    for row in rows:
        yield writer.writerow([cell(v) for v in row])


def csv_response(rows: Iterable[list[Any]], filename: str) -> StreamingHttpResponse:
    """A streamed attachment. `filename` must be ASCII without quotes (callers slugify it)."""
    response = StreamingHttpResponse(csv_chunks(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
