"""Permission-matrix rows for the solutions app (see tests/test_permission_matrix.py for the columns)."""

from __future__ import annotations

from typing import Any

from tests.matrix import LOGIN, Row, row

DRAFT_SLUG = "<a draft solution of DataMuni>"

NONE: dict[str, Any] = {}
PUB = {"slug": "patentes-en-linea"}  # DataMuni's, published
DRAFT = {"slug": DRAFT_SLUG}
DATAMUNI = {"slug": "datamuni-spa"}

SOLUTION_FORM = {
    "organization": "reciclapp",  # read only from the hub administrator (startups add their own)
    "name": "Solución de la matriz",
    "summary": "Resumen de prueba.",
    "problem": "Un problema municipal de prueba.",
    "area": "digital",
    "deployment": "cloud",
    "pricing_model": "subscription",
    "pilots_done": "0",
    "is_published": "on",
}
EDIT_FORM = {**SOLUTION_FORM, "name": "Nombre editado en la matriz"}
PROFILE_FORM = {"stage": "consolidated", "team_size": "30", "founded_year": "2019"}
REGISTER_FORM = {
    "organization_name": "Startup de la Matriz SpA",
    "rut": "76.086.428-5",
    "stage": "mvp",
    "team_size": "2",
    "email": "matriz@example.cl",
    "username": "startup-matriz",
    "password": "una-clave-bien-larga-2026",
    "password_confirm": "una-clave-bien-larga-2026",
}


def new_solution(role: str) -> dict[str, Any]:
    body: dict[str, Any] = {
        "name": "Solución por API",
        "summary": "Resumen.",
        "problem": "Un problema municipal.",
        "area": "aps",
        "deployment": "mobile",
        "pricing_model": "free",
    }
    if role == "staff":
        body["organization"] = "reciclapp"  # the hub names the startup; startups add their own
    return body


# fmt: off
ROWS: list[Row] = [
    #   route                             kwargs    method   anon   staff  anlst  stgo   valpo  st-a   st-b   partner
    # --- catalogue (web)
    row("solutions:catalogue",            NONE,     "GET",   200,   200,   200,   200,   200,   200,   200,   200),
    row("solutions:solution_detail",      PUB,      "GET",   200,   200,   200,   200,   200,   200,   200,   200),
    row("solutions:solution_detail",      DRAFT,    "GET",   404,   200,   200,   404,   404,   200,   404,   404,
        note="a draft exists only for its startup and the hub"),
    row("solutions:solution_create",      NONE,     "GET",   LOGIN, 200,   403,   403,   403,   200,   200,   403),
    row("solutions:solution_create",      NONE,     "POST",  LOGIN, 302,   403,   403,   403,   302,   302,   403,
        data=SOLUTION_FORM, audit="solutions.solution_create"),
    row("solutions:solution_edit",        PUB,      "GET",   LOGIN, 200,   403,   403,   403,   200,   403,   403),
    row("solutions:solution_edit",        PUB,      "POST",  LOGIN, 302,   403,   403,   403,   302,   403,   403,
        data=EDIT_FORM, audit="solutions.solution_update", note="startup-b cannot touch DataMuni's solution"),
    row("solutions:solution_edit",        DRAFT,    "GET",   404,   200,   403,   404,   404,   200,   404,   404),
    row("solutions:solution_edit",        DRAFT,    "POST",  404,   302,   403,   404,   404,   302,   404,   404,
        data=EDIT_FORM, audit="solutions.solution_update"),
    row("solutions:solution_publish",     PUB,      "GET",   405,   405,   405,   405,   405,   405,   405,   405),
    row("solutions:solution_publish",     PUB,      "POST",  LOGIN, 302,   403,   403,   403,   302,   403,   403,
        data={"publish": "0"}, audit="solutions.solution_set_published"),
    row("solutions:solution_publish",     DRAFT,    "POST",  404,   302,   403,   404,   404,   302,   404,   404,
        data={"publish": "1"}, audit="solutions.solution_set_published"),
    row("solutions:my_solutions",         NONE,     "GET",   LOGIN, 403,   403,   403,   403,   200,   200,   403,
        note="only accounts bound to a startup have solutions of their own"),
    # --- startups (web)
    row("solutions:startup_list",         NONE,     "GET",   200,   200,   200,   200,   200,   200,   200,   200),
    row("solutions:startup_detail",       DATAMUNI, "GET",   200,   200,   200,   200,   200,   200,   200,   200),
    row("solutions:startup_edit",         DATAMUNI, "GET",   LOGIN, 200,   403,   403,   403,   200,   403,   403),
    row("solutions:startup_edit",         DATAMUNI, "POST",  LOGIN, 302,   403,   403,   403,   302,   403,   403,
        data=PROFILE_FORM, audit="solutions.startup_profile_update"),
    row("solutions:startup_register",     NONE,     "GET",   200,   403,   403,   403,   403,   403,   403,   403,
        note="self-service sign-up is for visitors without an account"),
    row("solutions:startup_register",     NONE,     "POST",  302,   403,   403,   403,   403,   403,   403,   403,
        data=REGISTER_FORM,
        note="anonymous sign-up: its audit (actor: the new account) is checked in hublocal/solutions/tests"),
    # --- API
    row("api:solution_list",              NONE,     "GET",   200,   200,   200,   200,   200,   200,   200,   200),
    row("api:solution_list",              NONE,     "POST",  401,   201,   403,   403,   403,   201,   201,   403,
        data=new_solution, per_role_data=True, audit="solutions.solution_create"),
    row("api:solution_detail",            PUB,      "GET",   200,   200,   200,   200,   200,   200,   200,   200),
    row("api:solution_detail",            PUB,      "PATCH", 401,   200,   403,   403,   403,   200,   403,   403,
        data={"pilots_done": 7}, audit="solutions.solution_update"),
    row("api:solution_detail",            DRAFT,    "GET",   404,   200,   200,   404,   404,   200,   404,   404),
    row("api:solution_detail",            DRAFT,    "PATCH", 404,   200,   403,   404,   404,   200,   404,   404,
        data={"pilots_done": 7}, audit="solutions.solution_update"),
    row("api:startup_list",               NONE,     "GET",   200,   200,   200,   200,   200,   200,   200,   200),
    row("api:startup_detail",             DATAMUNI, "GET",   200,   200,   200,   200,   200,   200,   200,   200),
    row("api:startup_detail",             DATAMUNI, "PATCH", 401,   200,   403,   403,   403,   200,   403,   403,
        data={"team_size": 19}, audit="solutions.startup_profile_update"),
]
# fmt: on


def placeholders(users: dict[str, Any]) -> dict[str, Any]:
    """Placeholder string → value (usually a pk) resolved against the demo data."""
    from hublocal.directory import selectors as directory_selectors
    from hublocal.solutions import services

    draft = services.solution_create(
        actor=users["startup-a"],
        organization=directory_selectors.organization_get(slug="datamuni-spa"),
        name="Borrador de DataMuni (matriz)",
        summary="Aún no publicada.",
        problem="Un problema que la startup todavía describe.",
        area="digital",
        deployment="cloud",
        pricing_model="subscription",
        is_published=False,
    )
    return {DRAFT_SLUG: draft.slug}
