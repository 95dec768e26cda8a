"""CSV streaming for the evaluation export (UTF-8 with a BOM so Excel reads accents)."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from typing import Any

BOM = "\ufeff"
# A spreadsheet runs a cell that starts with one of these as a formula: startup names and
# titles are free text, so they are neutralised (OWASP "CSV injection").
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class _Echo:
    def write(self, value: str) -> str:
        return value


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def csv_chunks(rows: Iterable[list[Any]]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield BOM
    for row in rows:
        yield writer.writerow([_cell(v) for v in row])
