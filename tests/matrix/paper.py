"""Permission-matrix rows for the blank questionnaire of issue 17 (hublocal/diagnosis/paper_views.py):
the printable page and its PDF. Public like the instrument itself (published methodology, no
answers) and the same for everyone. Wire into tests/test_permission_matrix.py like the others."""

from __future__ import annotations

from typing import Any

from tests.matrix import Row, row

INSTRUMENT = {"slug": "madurez-digital", "version": 1}
MISSING = {"slug": "madurez-digital", "version": 99}

# fmt: off
ROWS: list[Row] = [
    #   route                             kwargs      method  anon   staff  anlst  stgo   valpo  st-a   st-b   partner
    row("diagnosis:instrument_paper",     INSTRUMENT, "GET",  200,   200,   200,   200,   200,   200,   200,   200),
    row("diagnosis:instrument_paper",     INSTRUMENT, "POST", 405,   405,   405,   405,   405,   405,   405,   405),
    row("diagnosis:instrument_paper",     MISSING,    "GET",  404,   404,   404,   404,   404,   404,   404,   404),
    row("diagnosis:instrument_paper_pdf", INSTRUMENT, "GET",  200,   200,   200,   200,   200,   200,   200,   200,
        note="built once by the task queue into storage (immediate in tests), then served from there"),
    row("diagnosis:instrument_paper_pdf", MISSING,    "GET",  404,   404,   404,   404,   404,   404,   404,   404),
]
# fmt: on


def placeholders(users: dict[str, Any]) -> dict[str, Any]:
    return {}
