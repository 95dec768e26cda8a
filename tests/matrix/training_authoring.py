"""Permission-matrix rows for training authoring (hublocal/training/views_authoring.py; see
tests/test_permission_matrix.py for the columns). Programmes, modules and cohorts are written by
the hub team (administrators and analysts); an instructor (`partner` teaches the programme made
here) may edit that programme's sessions and nothing else; officials and startups never.

`placeholders` makes a draft programme taught by `partner` with two modules (the first has a
session, so deleting it is refused), a cohort and that session; every object is new, so the
forms post row_version 1."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from tests.matrix import LOGIN, Row, row

PROG = "<training-authoring: a draft programme partner teaches>"
MOD = "<training-authoring: its first module, with a session>"
MOD2 = "<training-authoring: its second module, without sessions>"
COH = "<training-authoring: its cohort>"
SES = "<training-authoring: the cohort's virtual session>"

NONE: dict[str, Any] = {}
P = {"pk": PROG}
M = {"pk": MOD}
M2 = {"pk": MOD2}
C = {"pk": COH}
S = {"pk": SES}

PROGRAMME_FORM = {
    "row_version": "1",
    "title": "Programa de la matriz (autoría)",
    "hours": "12",
    "coverage": "agreement",
    "languages": ["es"],
    "min_attendance_pct": "75",
}
MODULE_FORM = {"title": "Módulo agregado", "mode": "virtual", "hours": "3"}


def _day(days: int) -> str:
    from django.utils import timezone

    return (timezone.localdate() + timedelta(days=days)).isoformat()


def _cohort_form(_role: str) -> dict[str, Any]:
    return {
        "row_version": "1",
        "name": "Cohorte escrita en la matriz",
        "starts_on": _day(40),
        "ends_on": _day(70),
        "capacity": "25",
        "applications_open_at": f"{_day(0)}T09:00",
        "applications_close_at": f"{_day(20)}T18:00",
    }


def _session_form(_role: str, *, link: bool = True) -> dict[str, Any]:
    from hublocal.training.models import Module

    module = Module.objects.get(programme__title="Autoría de la matriz", order=1)
    return {
        "row_version": "1",
        "module": str(module.pk),
        "timezone": "America/Montevideo",
        "starts_at": f"{_day(45)}T10:00",
        "ends_at": f"{_day(45)}T12:00",
        "video_url": "https://meet.example/matriz" if link else "",
    }


def _session_form_without_link(role: str) -> dict[str, Any]:
    return _session_form(role, link=False)


# fmt: off
ROWS: list[Row] = [
    #   route                                kwargs method  anon   staff  anlst  stgo   valpo  st-a   st-b   partner
    row("training:author_programmes",        NONE,  "GET",  LOGIN, 200,   200,   403,   403,   403,   403,   403),
    row("training:author_programme_create",  NONE,  "GET",  LOGIN, 200,   200,   403,   403,   403,   403,   403),
    row("training:author_programme_create",  NONE,  "POST", LOGIN, 302,   302,   403,   403,   403,   403,   403,
        data={**PROGRAMME_FORM, "title": "Programa nuevo de la matriz"}, audit="training.programme_create"),
    row("training:author_programme_create",  NONE,  "POST", LOGIN, 400,   400,   403,   403,   403,   403,   403,
        data={**PROGRAMME_FORM, "coverage": "fee"}, note="a fee without its amount: refused, nothing written"),
    row("training:author_programme",         P,     "GET",  LOGIN, 200,   200,   403,   403,   403,   403,   403,
        note="an instructor does not edit the programme, only its sessions"),
    row("training:author_programme",         P,     "POST", LOGIN, 302,   302,   403,   403,   403,   403,   403,
        data=PROGRAMME_FORM, audit="training.programme_update"),
    row("training:author_programme_status",  P,     "POST", LOGIN, 302,   302,   403,   403,   403,   403,   403,
        data={"row_version": "1", "status": "published"}, audit="training.programme_status"),
    row("training:author_programme_status",  P,     "POST", LOGIN, 400,   400,   403,   403,   403,   403,   403,
        data={"row_version": "1", "status": "draft"}, note="already a draft: refused, nothing written"),
    row("training:author_module_create",     P,     "GET",  LOGIN, 200,   200,   403,   403,   403,   403,   403),
    row("training:author_module_create",     P,     "POST", LOGIN, 302,   302,   403,   403,   403,   403,   403,
        data=MODULE_FORM, audit="training.module_add"),
    row("training:author_module",            M,     "GET",  LOGIN, 200,   200,   403,   403,   403,   403,   403),
    row("training:author_module",            M,     "POST", LOGIN, 302,   302,   403,   403,   403,   403,   403,
        data=MODULE_FORM, audit="training.module_update"),
    row("training:author_module_move",       M,     "POST", LOGIN, 302,   302,   403,   403,   403,   403,   403,
        data={"direction": "down"}, audit="training.module_move"),
    row("training:author_module_delete",     M,     "POST", LOGIN, 400,   400,   403,   403,   403,   403,   403,
        note="it has a session: refused with the reason, nothing deleted"),
    row("training:author_module_delete",     M2,    "POST", LOGIN, 302,   302,   403,   403,   403,   403,   403,
        audit="training.module_delete"),
    row("training:author_cohort_create",     P,     "GET",  LOGIN, 200,   200,   403,   403,   403,   403,   403),
    row("training:author_cohort_create",     P,     "POST", LOGIN, 302,   302,   403,   403,   403,   403,   403,
        data=_cohort_form, per_role_data=True, audit="training.cohort_create"),
    row("training:author_cohort",            C,     "GET",  LOGIN, 200,   200,   403,   403,   403,   403,   403),
    row("training:author_cohort",            C,     "POST", LOGIN, 302,   302,   403,   403,   403,   403,   403,
        data=_cohort_form, per_role_data=True, audit="training.cohort_update"),
    row("training:author_session_create",    C,     "GET",  LOGIN, 200,   200,   403,   403,   403,   403,   403),
    row("training:author_session_create",    C,     "POST", LOGIN, 302,   302,   403,   403,   403,   403,   403,
        data=_session_form, per_role_data=True, audit="training.session_create"),
    row("training:author_session",           S,     "GET",  LOGIN, 200,   200,   403,   403,   403,   403,   200),
    row("training:author_session",           S,     "POST", LOGIN, 302,   302,   403,   403,   403,   403,   302,
        data=_session_form, per_role_data=True, audit="training.session_update",
        note="the programme's instructor edits its sessions"),
    row("training:author_session",           S,     "POST", LOGIN, 400,   400,   403,   403,   403,   403,   400,
        data=_session_form_without_link, per_role_data=True, note="a virtual session without its link"),
]
# fmt: on


def placeholders(users: dict[str, Any]) -> dict[str, Any]:
    from django.utils import timezone

    from hublocal.training import services

    now = timezone.now()
    programme = services.programme_create(
        actor=None, title="Autoría de la matriz", hours=12, instructors=[users["partner"]]
    )
    first = services.module_add(actor=None, programme=programme, title="Primero", mode="virtual", hours=6)
    second = services.module_add(actor=None, programme=programme, title="Segundo", mode="in_person", hours=6)
    cohort = services.cohort_create(
        actor=None,
        programme=programme,
        name="Cohorte de autoría",
        starts_on=(now + timedelta(days=40)).date(),
        ends_on=(now + timedelta(days=70)).date(),
        capacity=25,
        applications_open_at=now,
        applications_close_at=now + timedelta(days=20),
    )
    session = services.session_create(
        actor=None,
        cohort=cohort,
        module=first,
        starts_at=now + timedelta(days=45),
        ends_at=now + timedelta(days=45, hours=2),
    )
    return {PROG: programme.pk, MOD: first.pk, MOD2: second.pk, COH: cohort.pk, SES: session.pk}
