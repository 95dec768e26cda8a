"""Role × endpoint matrix: every URL of the project, every role, the status each must get.

How to read MATRIX: one row per (route, object, method). The eight status columns are the
roles, in the order of ROLES:

    anon  staff  analista  santiago  valparaiso  startup-a  startup-b  partner

`staff` is a hub administrator, `analista` a hub analyst; `santiago`/`valparaiso` work for
those municipalities, `startup-a` for DataMuni SpA, `startup-b` for Trámite Fácil SpA and
`partner` for a university. Status codes:

    LOGIN  302 to the sign-in page: an anonymous visitor on a protected web page.
    401    anonymous on a protected API endpoint. Our Bearer authentication sends a
           `WWW-Authenticate: Bearer realm="api"` header, so DRF answers 401 (not 403):
           "send credentials", not "you may not".
    403    signed in, not allowed.
    404    private objects are reported as missing to outsiders: their existence is private.
    302    a successful web form post (redirect after POST) or a redirecting page.

Web pages are requested with a signed-in session; API routes with `Authorization: Bearer`.
A row with `audit` is a write: a 2xx/3xx answer must leave an AuditEvent with that action
naming the actor; any refused write (4xx, LOGIN) must change nothing in the database but the
audit trail's record of the refusal: every 403 to a signed-in role must leave an `auth.denied`
event naming it and the path.

A new route fails test_every_route_is_in_the_matrix until it gets its rows here.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.urls import reverse

from tests.helpers import (
    WriteWatch,
    api_client,
    assert_api_error,
    assert_audited,
    assert_denial_recorded,
    assert_only_expected_events,
    assert_unchanged,
    audit_mark,
    db_state,
    iter_routes,
    send,
)
from tests.matrix import LOGIN, ROLES, Row, row
from tests.matrix import accounts as m_accounts
from tests.matrix import agreements as m_agreements
from tests.matrix import articulation as m_articulation
from tests.matrix import assistance as m_assistance
from tests.matrix import audit as m_audit
from tests.matrix import certificates as m_certificates
from tests.matrix import contact as m_contact
from tests.matrix import evaluation as m_evaluation
from tests.matrix import events as m_events
from tests.matrix import exports as m_exports
from tests.matrix import finance as m_finance
from tests.matrix import home as m_home
from tests.matrix import ictassets as m_ictassets
from tests.matrix import innovation as m_innovation
from tests.matrix import library as m_library
from tests.matrix import locking as m_locking
from tests.matrix import network as m_network
from tests.matrix import notifications as m_notifications
from tests.matrix import o360 as m_o360
from tests.matrix import offline as m_offline
from tests.matrix import opendata as m_opendata
from tests.matrix import ops as m_ops
from tests.matrix import paper as m_paper
from tests.matrix import pilots as m_pilots
from tests.matrix import privacy as m_privacy
from tests.matrix import projects as m_projects
from tests.matrix import proposals as m_proposals
from tests.matrix import public_pages as m_public_pages
from tests.matrix import replications as m_replications
from tests.matrix import search as m_search
from tests.matrix import solutions as m_solutions
from tests.matrix import training as m_training
from tests.matrix import training_authoring as m_training_authoring
from tests.matrix import training_evaluation as m_training_evaluation
from tests.matrix import training_projects as m_training_projects

# Placeholders resolved against the demo data at test time (see `demo` below).
PUBLIC_PERSON = "<public person: startup-a's Valentina>"
PRIVATE_PERSON = "<private person of DataMuni>"
SANTIAGO_ADMIN = "<Santiago's municipal administrator>"
PARTNER_USER = "<partner's account>"
CAMPAIGN = "<the demo diagnosis campaign (results public)>"
P_VALPO = "<Valparaíso's participation: in progress>"
P_STGO = "<Santiago's participation: submitted, scored>"
DIMENSION = "<first dimension of the campaign's instrument>"
SUBJECT = "<the campaign's engagement subject key>"


STGO = {"slug": "municipalidad-santiago"}
VALPO = {"slug": "municipalidad-valparaiso"}
DATAMUNI = {"slug": "datamuni-spa"}
TRAMITE = {"slug": "tramite-facil-spa"}
NONE: dict[str, Any] = {}
CODE = {"code": "13101"}
PUB = {"pk": PUBLIC_PERSON}
PRIV = {"pk": PRIVATE_PERSON}
PARTNER = {"pk": PARTNER_USER}
CAMP = {"pk": CAMPAIGN}
VALPO_P = {"pk": P_VALPO}
STGO_P = {"pk": P_STGO}
VALPO_SECTION = {"pk": P_VALPO, "dimension": DIMENSION}
STGO_GAP = {"pk": P_STGO, "dimension": DIMENSION}
INSTRUMENT = {"slug": "madurez-digital", "version": 1}
PROCESS = {"process": "diagnosis.campaign", "subject_key": SUBJECT}

ORG_FORM = {"name": "Organización de prueba", "kind": "startup", "rut": "", "description": "Creada en una prueba"}
EDIT_FORM = {
    "name": "Nombre editado",
    "rut": "77.123.456-9",
    "description": "Descripción editada",
    "website": "",
    "email": "",
}
MUNI_EDIT_FORM = {"description": "Descripción editada", "website": "", "email": "", "rut": ""}
PERSON_FORM = {"full_name": "Persona de prueba", "email": "prueba@example.cl", "position": "profesional"}
PERSON_EDIT_FORM = {"full_name": "Nombre cambiado", "email": "cambiado@example.cl", "phone": "", "is_public": "on"}
USER_FORM = {
    "username": "cuenta-nueva",
    "email": "nueva@example.cl",
    "role": "startup",
    "organization": "datamuni-spa",
    "password": "una-clave-bien-larga-123",
}
DESIGNATION_FORM = {"role": "focal_point", "person": SANTIAGO_ADMIN}
FOREIGN = {"country_code": "AR", "country_name": "Argentina", "name": "Mendoza", "national_code": "50001"}
NEW_ORG = {"name": "Startup creada por API", "kind": "startup", "rut": "76.086.428-5"}
# An answer that differs from Valparaíso's saved one (madurez-digital v1, the demo campaign's
# instrument), naming the version of the saved one (required: see hublocal/core/locking.py).
ANSWER = {"answers": {"dd_estrategia": {"value": "<a different option>", "version": "<dd_estrategia's version>"}}}
CAMPAIGN_FORM = {
    "name": "Campaña de prueba",
    "instrument": "<instrument choice>",
    "opens_at": "2026-01-01T09:00",
    "closes_at": "2026-12-31T18:00",
    "codes": "13101, 05101",
    "remind_after_days": 7,
    "escalate_admin_after_days": 14,
    "escalate_mayor_after_days": 21,
    "results_public": "on",
}
NEW_CAMPAIGN = {
    "name": "Campaña por API",
    "instrument": {"slug": "madurez-digital", "version": 1},
    "opens_at": "2026-01-01T09:00:00-03:00",
    "closes_at": "2026-12-31T18:00:00-03:00",
    "communes": ["13101", "05101"],
}


def own_credentials(role: str) -> dict[str, str]:
    if role == "anon":
        return {"username": "nadie", "password": "incorrecta"}
    return {"username": role, "password": settings.DEMO_PASSWORD}


# fmt: off
MATRIX: list[Row] = [
    #   route                             kwargs    method   anon   staff  anlst  stgo   valpo  st-a   st-b   partner
    # --- health, language, API documents
    row("healthz",                        NONE,     "GET",   200,   200,   200,   200,   200,   200,   200,   200),
    row("set_language",                   NONE,     "POST",  302,   302,   302,   302,   302,   302,   302,   302,
        data={"language": "en", "next": "/"}, note="a preference cookie, not a recorded write"),
    row("bench_floor",                    NONE,     "GET",   200,   200,   200,   200,   200,   200,   200,   200,
        note="the benchmarks' framework floor: no data, public"),
    row("api:openapi",                    NONE,     "GET",   200,   200,   200,   200,   200,   200,   200,   200),
    row("api:docs",                       NONE,     "GET",   200,   200,   200,   200,   200,   200,   200,   200),
    # --- public pages
    row("core:home",                      NONE,     "GET",   200,   200,   200,   200,   200,   200,   200,   200),
    row("core:about",                     NONE,     "GET",   200,   200,   200,   200,   200,   200,   200,   200),
    row("core:accessibility",             NONE,     "GET",   200,   200,   200,   200,   200,   200,   200,   200),
    row("territory:chile_map",            NONE,     "GET",   200,   200,   200,   200,   200,   200,   200,   200),
    row("territory:network_list",         NONE,     "GET",   200,   200,   200,   200,   200,   200,   200,   200),
    row("territory:network_register",     NONE,     "GET",   LOGIN, 200,   403,   403,   403,   403,   403,   403),
    row("territory:network_register",     NONE,     "POST",  LOGIN, 302,   403,   403,   403,   403,   403,   403,
        data=FOREIGN, audit="territory.foreign_municipality_register"),
    row("directory:municipality_list",    NONE,     "GET",   200,   200,   200,   200,   200,   200,   200,   200),
    row("directory:municipality_detail",  CODE,     "GET",   200,   200,   200,   200,   200,   200,   200,   200),
    row("directory:organization_list",    NONE,     "GET",   200,   200,   200,   200,   200,   200,   200,   200),
    row("directory:organization_detail",  DATAMUNI, "GET",   200,   200,   200,   200,   200,   200,   200,   200),
    row("directory:organization_detail",  STGO,     "GET",   302,   302,   302,   302,   302,   302,   302,   302,
        note="a municipality's page is its commune's page"),
    row("directory:person_list",          NONE,     "GET",   200,   200,   200,   200,   200,   200,   200,   200),
    row("directory:person_detail",        PUB,      "GET",   200,   200,   200,   200,   200,   200,   200,   200),
    row("directory:person_detail",        PRIV,     "GET",   404,   200,   200,   200,   404,   200,   404,   404,
        note="private: the hub, colleagues and counterparts (santiago shortlisted DataMuni: tests/matrix/contact.py)"),
    # --- accounts
    row("accounts:login",                 NONE,     "GET",   200,   302,   302,   302,   302,   302,   302,   302),
    row("accounts:login",                 NONE,     "POST",  200,   302,   302,   302,   302,   302,   302,   302,
        data=own_credentials, per_role_data=True, note="anon sends wrong credentials: the form again"),
    row("accounts:logout",                NONE,     "GET",   405,   405,   405,   405,   405,   405,   405,   405),
    row("accounts:logout",                NONE,     "POST",  302,   302,   302,   302,   302,   302,   302,   302,
        note="ends a session, not a recorded write"),
    row("accounts:account",               NONE,     "GET",   LOGIN, 200,   200,   200,   200,   200,   200,   200),
    row("accounts:revoke_tokens",         NONE,     "GET",   405,   405,   405,   405,   405,   405,   405,   405),
    row("accounts:revoke_tokens",         NONE,     "POST",  LOGIN, 302,   302,   302,   302,   302,   302,   302,
        audit="accounts.api_token_revoke_all"),
    row("accounts:backoffice",            NONE,     "GET",   LOGIN, 200,   200,   403,   403,   403,   403,   403),
    row("accounts:user_list",             NONE,     "GET",   LOGIN, 200,   200,   403,   403,   403,   403,   403),
    row("accounts:user_create",           NONE,     "GET",   LOGIN, 200,   403,   403,   403,   403,   403,   403,
        note="analysts read the back office but cannot create accounts"),
    row("accounts:user_create",           NONE,     "POST",  LOGIN, 302,   403,   403,   403,   403,   403,   403,
        data=USER_FORM, audit="accounts.user_create"),
    row("accounts:user_toggle_active",    PARTNER,  "GET",   405,   405,   405,   405,   405,   405,   405,   405),
    row("accounts:user_toggle_active",    PARTNER,  "POST",  LOGIN, 302,   403,   403,   403,   403,   403,   403,
        audit="accounts.user_set_active"),
    # --- organisations (web)
    row("directory:organization_create",  NONE,     "GET",   LOGIN, 200,   403,   403,   403,   403,   403,   403),
    row("directory:organization_create",  NONE,     "POST",  LOGIN, 302,   403,   403,   403,   403,   403,   403,
        data=ORG_FORM, audit="directory.organization_create"),
    row("directory:organization_edit",    STGO,     "GET",   LOGIN, 200,   403,   200,   403,   403,   403,   403),
    row("directory:organization_edit",    STGO,     "POST",  LOGIN, 302,   403,   302,   403,   403,   403,   403,
        data=MUNI_EDIT_FORM, audit="directory.organization_update"),
    row("directory:organization_edit",    VALPO,    "GET",   LOGIN, 200,   403,   403,   200,   403,   403,   403),
    row("directory:organization_edit",    VALPO,    "POST",  LOGIN, 302,   403,   403,   302,   403,   403,   403,
        data=MUNI_EDIT_FORM, audit="directory.organization_update"),
    row("directory:organization_edit",    TRAMITE,  "GET",   LOGIN, 200,   403,   403,   403,   403,   200,   403),
    row("directory:organization_edit",    TRAMITE,  "POST",  LOGIN, 302,   403,   403,   403,   403,   302,   403,
        data=EDIT_FORM, audit="directory.organization_update"),
    row("directory:designation_edit",     STGO,     "GET",   LOGIN, 200,   403,   200,   403,   403,   403,   403),
    row("directory:designation_edit",     STGO,     "POST",  LOGIN, 302,   403,   302,   403,   403,   403,   403,
        data=DESIGNATION_FORM, audit="directory.designation_set", note="valparaiso cannot designate for Santiago"),
    row("directory:person_create",        DATAMUNI, "GET",   LOGIN, 200,   403,   403,   403,   200,   403,   403),
    row("directory:person_create",        DATAMUNI, "POST",  LOGIN, 302,   403,   403,   403,   302,   403,   403,
        data=PERSON_FORM, audit="directory.person_create"),
    row("directory:person_edit",          PUB,      "GET",   LOGIN, 200,   403,   403,   403,   200,   403,   403),
    row("directory:person_edit",          PUB,      "POST",  LOGIN, 302,   403,   403,   403,   302,   403,   403,
        data=PERSON_EDIT_FORM, audit="directory.person_update"),
    row("directory:person_edit",          PRIV,     "GET",   404,   200,   403,   403,   404,   200,   404,   404),
    row("directory:person_edit",          PRIV,     "POST",  404,   302,   403,   403,   404,   302,   404,   404,
        data=PERSON_EDIT_FORM, audit="directory.person_update"),
    # --- diagnosis (web)
    row("diagnosis:index",                NONE,     "GET",   200,   200,   200,   200,   200,   200,   200,   200),
    row("diagnosis:methodology",          NONE,     "GET",   200,   200,   200,   200,   200,   200,   200,   200),
    row("diagnosis:instrument_detail",    INSTRUMENT, "GET", 200,   200,   200,   200,   200,   200,   200,   200),
    row("diagnosis:ranking",              NONE,     "GET",   200,   200,   200,   200,   200,   200,   200,   200),
    row("diagnosis:open_scores",          {"fmt": "csv"}, "GET", 200, 200, 200,   200,   200,   200,   200,   200),
    row("diagnosis:campaign_list",        NONE,     "GET",   LOGIN, 200,   200,   403,   403,   403,   403,   403),
    row("diagnosis:campaign_create",      NONE,     "GET",   LOGIN, 200,   403,   403,   403,   403,   403,   403),
    row("diagnosis:campaign_create",      NONE,     "POST",  LOGIN, 302,   403,   403,   403,   403,   403,   403,
        data=CAMPAIGN_FORM, audit="diagnosis.campaign_create"),
    row("diagnosis:campaign_detail",      CAMP,     "GET",   LOGIN, 200,   200,   403,   403,   403,   403,   403),
    row("diagnosis:export_responses",     {**CAMP, "fmt": "csv"}, "GET", LOGIN, 200, 200, 403, 403, 403, 403, 403),
    row("diagnosis:export_scores",        CAMP,     "GET",   LOGIN, 200,   200,   403,   403,   403,   403,   403),
    row("diagnosis:participation_detail", VALPO_P,  "GET",   LOGIN, 200,   200,   404,   200,   404,   404,   404,
        note="another municipality's diagnosis does not exist for you"),
    row("diagnosis:participation_detail", VALPO_P,  "POST",  LOGIN, 403,   403,   404,   302,   404,   404,   404,
        data={"focal_point": ""}, audit="diagnosis.participation_confirm", note="the hub never confirms for them"),
    row("diagnosis:participation_section", VALPO_SECTION, "GET", LOGIN, 200, 200, 404,   200,   404,   404,   404),
    row("diagnosis:participation_section", VALPO_SECTION, "POST", LOGIN, 403, 403, 404,   302,   404,   404,   404,
        note="an empty section is a valid save; the hub never answers for them"),
    row("diagnosis:participation_submit", VALPO_P,  "GET",   LOGIN, 200,   200,   404,   200,   404,   404,   404),
    row("diagnosis:participation_submit", VALPO_P,  "POST",  LOGIN, 403,   403,   404,   400,   404,   404,   404,
        note="valparaiso may submit, but required answers are missing: 400 and nothing written"),
    row("diagnosis:participation_reopen", STGO_P,   "GET",   405,   405,   405,   405,   405,   405,   405,   405),
    row("diagnosis:participation_reopen", STGO_P,   "POST",  LOGIN, 302,   403,   403,   403,   403,   403,   403,
        data={"extended_until": ""}, audit="diagnosis.participation_reopen"),
    row("diagnosis:participation_results", STGO_P,  "GET",   200,   200,   200,   200,   200,   200,   200,   200,
        note="published campaign: scores are open data"),
    row("diagnosis:participation_pdf",    STGO_P,   "GET",   200,   200,   200,   200,   200,   200,   200,   200),
    row("diagnosis:propose_challenge",    STGO_GAP, "GET",   405,   405,   405,   405,   405,   405,   405,   405),
    row("diagnosis:propose_challenge",    STGO_GAP, "POST",  LOGIN, 302,   403,   302,   403,   403,   403,   403,
        audit="diagnosis.proposed_challenge_create"),
    # --- engagement (web)
    row("engagement:dashboard",           NONE,     "GET",   LOGIN, 200,   200,   403,   403,   403,   403,   403),
    row("engagement:run",                 NONE,     "GET",   405,   405,   405,   405,   405,   405,   405,   405),
    row("engagement:run",                 NONE,     "POST",  LOGIN, 302,   403,   403,   403,   403,   403,   403,
        audit="engagement.escalate_run", note="analysts watch, admins act"),
    row("engagement:organization",        STGO,     "GET",   LOGIN, 200,   200,   200,   403,   403,   403,   403),
    row("engagement:process",             PROCESS,  "GET",   LOGIN, 200,   200,   403,   403,   403,   403,   403),
    # --- API: diagnosis
    row("api:diagnosis_instrument_list",  NONE,     "GET",   200,   200,   200,   200,   200,   200,   200,   200),
    row("api:diagnosis_instrument_detail", INSTRUMENT, "GET", 200,  200,   200,   200,   200,   200,   200,   200),
    row("api:diagnosis_campaign_list",    NONE,     "GET",   200,   200,   200,   200,   200,   200,   200,   200),
    row("api:diagnosis_campaign_list",    NONE,     "POST",  401,   201,   403,   403,   403,   403,   403,   403,
        data=NEW_CAMPAIGN, audit="diagnosis.campaign_create"),
    row("api:diagnosis_campaign_detail",  CAMP,     "GET",   200,   200,   200,   200,   200,   200,   200,   200),
    row("api:diagnosis_campaign_participations", CAMP, "GET", 401,  200,   200,   200,   200,   403,   403,   403),
    row("api:diagnosis_participation",    VALPO_P,  "GET",   401,   200,   200,   404,   200,   404,   404,   404),
    row("api:diagnosis_participation_answers", VALPO_P, "GET", 401, 200,   200,   404,   200,   404,   404,   404),
    row("api:diagnosis_participation_answers", VALPO_P, "PATCH", 401, 403, 403,   404,   200,   404,   404,   404,
        data=ANSWER, audit="diagnosis.answers_save", note="the hub never answers for them"),
    row("api:diagnosis_participation_answers", VALPO_P, "PUT", 401, 403,   403,   404,   200,   404,   404,   404,
        data=ANSWER, audit="diagnosis.answers_save"),
    row("api:diagnosis_participation_confirm", VALPO_P, "POST", 401, 403,  403,   404,   200,   404,   404,   404,
        data={}, audit="diagnosis.participation_confirm"),
    row("api:diagnosis_participation_submit", VALPO_P, "POST", 401, 403,   403,   404,   400,   404,   404,   404,
        note="required answers missing: 400 and nothing written"),
    row("api:diagnosis_participation_reopen", STGO_P, "POST", 401,  200,   403,   403,   404,   404,   404,   404,
        data={}, audit="diagnosis.participation_reopen"),
    row("api:diagnosis_participation_result", STGO_P, "GET", 200,   200,   200,   200,   200,   200,   200,   200),
    row("api:diagnosis_ranking",          NONE,     "GET",   200,   200,   200,   200,   200,   200,   200,   200,
        data={"campaign": CAMPAIGN}),
    row("api:diagnosis_commune_scores",   CODE,     "GET",   200,   200,   200,   200,   200,   200,   200,   200),
    # --- API: accounts
    row("api:auth_token",                 NONE,     "GET",   405,   405,   405,   405,   405,   405,   405,   405),
    row("api:auth_token",                 NONE,     "POST",  400,   200,   200,   200,   200,   200,   200,   200,
        data=own_credentials,
        per_role_data=True,
        audit="accounts.api_token_issue",
        note="credentials are the check; anon sends wrong ones"),
    row("api:me",                         NONE,     "GET",   401,   200,   200,   200,   200,   200,   200,   200),
    # --- API: territory
    row("api:region_list",                NONE,     "GET",   200,   200,   200,   200,   200,   200,   200,   200),
    row("api:province_list",              NONE,     "GET",   200,   200,   200,   200,   200,   200,   200,   200),
    row("api:commune_list",               NONE,     "GET",   200,   200,   200,   200,   200,   200,   200,   200),
    row("api:commune_list",               NONE,     "POST",  401,   201,   403,   403,   403,   403,   403,   403,
        data=FOREIGN, audit="territory.foreign_municipality_register"),
    row("api:commune_detail",             CODE,     "GET",   200,   200,   200,   200,   200,   200,   200,   200),
    row("api:commune_detail",             CODE,     "PATCH", 401,   200,   403,   403,   403,   403,   403,   403,
        data={"typology": "mayor"}, audit="territory.commune_set_typology"),
    # --- API: directory
    row("api:organization_list",          NONE,     "GET",   200,   200,   200,   200,   200,   200,   200,   200),
    row("api:organization_list",          NONE,     "POST",  401,   201,   403,   403,   403,   403,   403,   403,
        data=NEW_ORG, audit="directory.organization_create"),
    row("api:organization_detail",        TRAMITE,  "GET",   200,   200,   200,   200,   200,   200,   200,   200),
    row("api:organization_detail",        TRAMITE,  "PATCH", 401,   200,   403,   403,   403,   403,   200,   403,
        data={"description": "Editada por API"}, audit="directory.organization_update"),
    row("api:organization_detail",        STGO,     "PATCH", 401,   200,   403,   200,   403,   403,   403,   403,
        data={"description": "Editada por API"}, audit="directory.organization_update"),
    row("api:person_list",                NONE,     "GET",   200,   200,   200,   200,   200,   200,   200,   200),
    row("api:person_detail",              PUB,      "GET",   200,   200,   200,   200,   200,   200,   200,   200),
    row("api:person_detail",              PRIV,     "GET",   404,   200,   200,   200,   404,   200,   404,   404),
]
# fmt: on

APP_MATRICES = (
    m_solutions,
    m_innovation,
    m_proposals,
    m_pilots,
    m_library,
    m_audit,
    m_accounts,
    m_contact,
    m_privacy,
    m_home,
    m_ops,
    m_exports,
    m_public_pages,
    m_paper,
    m_offline,
    m_replications,
    m_search,
    m_notifications,
    m_certificates,
    m_assistance,
    m_articulation,
    m_training,
    m_agreements,
    m_projects,
    m_network,
    m_training_evaluation,
    m_training_projects,
    m_training_authoring,
    m_o360,
    m_finance,
    m_ictassets,
    m_events,
    m_opendata,
    m_evaluation,
)
for _module in APP_MATRICES:
    MATRIX += _module.ROWS


@pytest.fixture(autouse=True)
def _fresh_cache():
    # Throttle counters and cached pages must not leak between parametrised cases.
    cache.clear()
    yield
    cache.clear()


def _demo_base(users: dict[str, Any]) -> dict[str, Any]:
    """The placeholders every app shares (a private person is added to DataMuni)."""
    from hublocal.directory import services
    from hublocal.directory.models import Person

    datamuni = _org("datamuni-spa")
    private = services.person_create(
        actor=users["staff"],
        full_name="Persona Privada (prueba)",
        email="privada@example.cl",
        phone="+56 9 1234 5678",
        organization=datamuni,
        is_public=False,
    )
    admin = Person.objects.get(full_name="Rodrigo Herrera (demo)")
    return {
        PUBLIC_PERSON: users["startup-a"].person.pk,
        PRIVATE_PERSON: private.pk,
        SANTIAGO_ADMIN: admin.pk,
        PARTNER_USER: users["partner"].pk,
        **_diagnosis_demo(),
    }


@pytest.fixture
def demo(users) -> dict[str, Any]:
    """Demo objects the placeholders stand for, for the tests below the matrix."""
    return _LazyDemo(_demo_base(users), users)


@dataclass
class World:
    """The matrix's accounts by username, its placeholders, and a session per account."""

    users: dict[str, Any]
    demo: dict[str, Any]
    sessions: dict[str, str]
    signed_in_at: float

    def client(self, username: str | None) -> Client:
        """client_for, over these sessions. Requests do not keep a session alive here (their
        writes are rolled back), so past a third of the shortest idle limit (staff: 30 min) the
        account signs in again for each row instead."""
        client = Client()
        if username and time.monotonic() - self.signed_in_at < 600:
            client.cookies[settings.SESSION_COOKIE_NAME] = self.sessions[username]
        elif username:
            client.force_login(self.users[username])
        return client


@pytest.fixture(scope="class")
def matrix_world(django_db_setup, django_db_blocker) -> Iterator[World]:
    """The demo accounts, every app's placeholders and a signed-in session per account, made once
    for all the rows a test process runs in a row rather than once per row (a fifth of a second
    each, some 860 rows per database).

    They are made inside a transaction opened here and rolled back when the rows are done; each
    row's own test transaction (pytest-django's) is a savepoint inside it, so every row still
    starts from the same database and leaves nothing behind. Other tests never see these
    objects: pytest tears this fixture down before it runs a test outside the class."""
    from django.contrib.auth import get_user_model

    with django_db_blocker.unblock(), transaction.atomic():
        # The territory and the demo are there: seeded with the test database, and copied back
        # after any test that empties the tables (the root conftest.py).
        usernames = [role for role in ROLES if role != "anon"]
        users = {u.username: u for u in get_user_model().objects.filter(username__in=usernames)}
        assert sorted(users) == sorted(usernames), sorted(users)
        demo = _demo_base(users)
        for module in APP_MATRICES:
            demo.update(module.placeholders(users))
        # Each account signed in once: a row's client reuses the session (a request that ends it,
        # such as signing out, does so inside its role's savepoint, which is rolled back).
        sessions = {}
        for username, user in users.items():
            client = Client()
            client.force_login(user)
            sessions[username] = client.cookies[settings.SESSION_COOKIE_NAME].value
        yield World(users, demo, sessions, time.monotonic())
        transaction.set_rollback(True)


class _LazyDemo(dict):  # type: ignore[type-arg]
    """The placeholders of the app modules (tests/matrix/<app>.py) are resolved only when a row
    names one: some create objects for their write rows (a planned pilot, a spare proposal), and
    doing that for every GET of every role would be most of the matrix's running time."""

    def __init__(self, base: dict[str, Any], users: dict[str, Any]) -> None:
        super().__init__(base)
        self._users = users
        self._pending = list(APP_MATRICES)

    def __contains__(self, key: object) -> bool:
        is_placeholder = isinstance(key, str) and key.startswith("<") and key.endswith(">")
        while is_placeholder and not dict.__contains__(self, key) and self._pending:
            self.update(self._pending.pop(0).placeholders(self._users))
        return dict.__contains__(self, key)


def _diagnosis_demo() -> dict[str, Any]:
    from hublocal.diagnosis.models import Campaign, Participation

    campaign = Campaign.objects.get(is_demo=True)
    valpo = Participation.objects.get(campaign=campaign, organization__slug="municipalidad-valparaiso")
    stgo = Participation.objects.get(campaign=campaign, organization__slug="municipalidad-santiago")
    assert valpo.status == "in_progress" and stgo.status == "submitted", (valpo.status, stgo.status)
    version = campaign.instrument_version
    saved = valpo.answers.filter(question_id="dd_estrategia").values_list("value", "version").first()
    return {
        "<a different option>": "no_existe" if saved and saved[0] == "aprobado" else "aprobado",
        "<dd_estrategia's version>": saved[1] if saved else 0,
        CAMPAIGN: campaign.pk,
        P_VALPO: valpo.pk,
        P_STGO: stgo.pk,
        DIMENSION: version.content["dimensions"][0]["id"],
        SUBJECT: f"campaign:{campaign.pk}",
        "<instrument choice>": str(version.pk),
    }


def _org(slug: str) -> Any:
    from hublocal.directory import selectors

    org = selectors.organization_get(slug=slug)
    assert org is not None, slug
    return org


def _resolve(value: Any, demo: dict[str, Any]) -> Any:
    if isinstance(value, dict):
        return {k: _resolve(v, demo) for k, v in value.items()}
    if isinstance(value, str) and value in demo:
        return demo[value]
    return value


def _row_id(r: Row) -> str:
    return f"{r.route}{'/' + '/'.join(map(str, r.kwargs.values())) if r.kwargs else ''}-{r.method}"


def test_every_route_is_in_the_matrix():
    routes = list(iter_routes())
    unnamed = [r.pattern for r in routes if not r.name]
    assert not unnamed, f"unnamed URL patterns cannot be put in the matrix: {unnamed}"
    names = {r.name for r in routes}
    covered = {r.route for r in MATRIX}
    assert not names - covered, f"routes missing from MATRIX: {sorted(names - covered)}"
    assert not covered - names, f"MATRIX rows for routes that no longer exist: {sorted(covered - names)}"


def test_routes_without_write_rows_refuse_writes(users, demo, client_for):
    """A route with only GET rows must not accept writes: POST/PATCH/PUT/DELETE answer 405,
    even for a hub administrator. A new write route therefore needs its write rows here."""
    write_routes = {r.route for r in MATRIX if r.method != "GET"}
    seen: set[str] = set()
    for r in MATRIX:
        if r.route in write_routes or r.route in seen:
            continue
        seen.add(r.route)
        url = reverse(r.route, kwargs=_resolve(r.kwargs, demo))
        is_api = r.route.startswith("api:")
        client = api_client("staff") if is_api else client_for("staff")
        for method in ("POST", "PUT", "PATCH", "DELETE"):
            response = send(client, method, url, {})
            assert response.status_code == 405, (r.route, method, response.status_code)


class TestMatrix:
    """Every row of MATRIX (see the module's docstring), with the placeholders of `matrix_world`."""

    @pytest.mark.parametrize("r", MATRIX, ids=[_row_id(r) for r in MATRIX])
    def test_row(self, r: Row, matrix_world: World, db: None) -> None:
        """One row, its eight roles: each role's request runs inside a savepoint that is rolled back
        afterwards, so every role starts from the same database (as if it were its own test) while
        the row's set-up — placeholders — is paid once, not eight times. Every role is tried; the
        failures of all of them are reported together.

        A refused write must change nothing. Reading every table costs ~0.3 s (~1 s on PostgreSQL),
        so it is done only for a refused request that sent a data-changing statement: its state is
        read inside the savepoint, and compared with the state after the rollback, which is the
        state every role started from."""
        users, demo = matrix_world.users, matrix_world.demo
        # Placeholders in the row's body may create objects: resolved outside the savepoints, so
        # they stay for every role (and go with this row's test transaction).
        kwargs = _resolve(r.kwargs, demo)
        shared_data = None if r.per_role_data else _resolve(r.data, demo)
        url = reverse(r.route, kwargs=kwargs)
        failures: list[str] = []
        before: dict[str, Any] = {}
        for role, expected in zip(ROLES, r.expected, strict=True):
            savepoint = transaction.savepoint()
            cache.clear()  # a role never sees what the previous role's request cached
            after = None
            try:
                after = _check_role(r, role, expected, url, kwargs, shared_data, users, matrix_world.client)
            except Exception as exc:  # noqa: BLE001 — every role is tried; all failures are reported
                failures.append(f"{role}: {type(exc).__name__}: {exc}")
            finally:
                transaction.savepoint_rollback(savepoint)
            if after is not None:
                before = before or db_state()
                changed = [name for name in before if before[name] != after[name]]
                if changed:
                    failures.append(f"{role}: a refused request changed: {changed}")
        assert not failures, f"{url} {r.method}:\n" + "\n".join(failures)


def _check_role(
    r: Row,
    role: str,
    expected: Any,
    url: str,
    kwargs: dict[str, Any],
    shared_data: Any,
    users: dict[str, Any],
    client_for: Any,
) -> dict[str, Any] | None:
    """Checks one role's request; for a refused request that wrote data, returns the database's
    state (read before the rollback) for the caller to compare."""
    username = None if role == "anon" else role
    is_api = r.route.startswith("api:")
    client = api_client(username) if is_api else client_for(username)
    data = r.data(role) if r.per_role_data else shared_data
    data, headers = m_locking.versioned(r.route, kwargs, r.method, data)

    mark = audit_mark()
    with WriteWatch() as writes:
        response = send(client, r.method, url, data, headers)

    if expected == LOGIN:
        assert response.status_code == 302, (url, response.status_code)
        target = urlsplit(response["Location"])
        assert target.path == reverse("accounts:login"), response["Location"]
        assert "next=" in target.query
    else:
        assert response.status_code == expected, (url, role, response.status_code, response.content[:300])

    if is_api and response.status_code >= 400:
        assert_api_error(response, response.status_code)
    if response.status_code == 403 and username is not None:
        # Every refusal of a signed-in account is recorded (hublocal/audit: auth.denied).
        assert_denial_recorded(mark, actor=users[role], path=urlsplit(url).path)
    if r.method == "GET":
        return None
    if response.status_code >= 400 or expected == LOGIN:
        assert_only_expected_events(mark)
        # A request that sent no data-changing statement (other than the refusal's own audit
        # event and sign-in bookkeeping) cannot have changed anything.
        return db_state() if writes.changed_data() else None
    if r.audit:
        assert_audited(mark, actor=users.get(role), action=r.audit)
    return None


# --- object-level rules the matrix cannot express in one status -------------------------


def test_anonymous_api_gets_401_with_bearer_challenge(network):
    response = api_client(None).get(reverse("api:me"))
    body = assert_api_error(response, 401)
    assert response["WWW-Authenticate"].lower().startswith("bearer")
    assert body["errors"] == {}


def test_contact_email_hidden_from_anonymous_in_api_person_detail(users):
    pk = users["startup-a"].person.pk
    url = reverse("api:person_detail", kwargs={"pk": pk})
    anonymous = api_client(None).get(url).json()
    assert anonymous["full_name"] == "Valentina Muñoz (demo)"
    assert anonymous["email"] is None and anonymous["phone"] is None
    # Signed in is not enough: need to know (tests/matrix/contact.py has the whole table).
    assert api_client("partner").get(url).json()["email"] is None
    assert api_client("santiago").get(url).json()["email"] == "startup-a@demo.hublocal.cl"


def test_contact_email_hidden_from_anonymous_in_api_person_list(users):
    body = api_client(None).get(reverse("api:person_list"), {"q": "Valentina"}).json()
    assert body["count"] == 1 and body["results"][0]["email"] is None


def test_private_people_listed_only_for_hub_and_colleagues(users, demo):
    private_pk = demo[PRIVATE_PERSON]
    for username, sees in [
        (None, False),
        ("santiago", False),
        ("startup-b", False),
        ("partner", False),
        ("startup-a", True),
        ("staff", True),
        ("analista", True),
    ]:
        api_ids = {p["id"] for p in api_client(username).get("/api/v1/people/", {"q": "privada"}).json()["results"]}
        assert (private_pk in api_ids) is sees, ("api", username)


def test_private_person_contact_visible_to_colleague(users, demo):
    body = api_client("startup-a").get(reverse("api:person_detail", kwargs={"pk": demo[PRIVATE_PERSON]})).json()
    assert body["email"] == "privada@example.cl"


def test_private_person_hidden_on_organization_page_for_outsiders(users, demo, client_for):
    url = reverse("directory:organization_detail", kwargs=DATAMUNI)
    assert "Persona Privada" not in client_for("startup-b").get(url).content.decode()
    assert "Persona Privada" not in client_for(None).get(url).content.decode()
    assert "Persona Privada" in client_for("startup-a").get(url).content.decode()


def test_forbidden_designation_changes_nothing(users, demo, client_for):
    """valparaiso posting a designation for Santiago: 403 and the chain is untouched."""
    from hublocal.directory import selectors

    org = _org("municipalidad-santiago")
    focal_before = selectors.designation_contact(organization_id=org.pk, role="focal_point")
    before = db_state()
    url = reverse("directory:designation_edit", kwargs=STGO)
    response = client_for("valparaiso").post(url, {"role": "focal_point", "person": demo[SANTIAGO_ADMIN]})
    assert response.status_code == 403
    assert_unchanged(before)
    assert selectors.designation_contact(organization_id=org.pk, role="focal_point") == focal_before


def test_santiago_designation_takes_effect_and_is_audited(users, demo, client_for):
    from hublocal.directory import selectors

    org = _org("municipalidad-santiago")
    mark = audit_mark()
    response = client_for("santiago").post(
        reverse("directory:designation_edit", kwargs=STGO), {"role": "focal_point", "person": demo[SANTIAGO_ADMIN]}
    )
    assert response.status_code == 302
    assert selectors.designation_contact(organization_id=org.pk, role="focal_point").pk == demo[SANTIAGO_ADMIN]
    assert_audited(mark, actor=users["santiago"], action="directory.designation_set")


def test_startup_cannot_patch_other_startup_through_api(users):
    client = api_client("startup-a")
    before = db_state()
    response = client.patch(
        "/api/v1/organizations/tramite-facil-spa/", {"name": "Robada"}, content_type="application/json"
    )
    assert_api_error(response, 403)
    assert_unchanged(before)
    assert _org("tramite-facil-spa").name == "Trámite Fácil SpA (demo)"


def test_analyst_cannot_create_users(users, client_for):
    from django.contrib.auth import get_user_model

    before = db_state()
    response = client_for("analista").post(reverse("accounts:user_create"), USER_FORM)
    assert response.status_code == 403
    assert_unchanged(before)
    assert not get_user_model().objects.filter(username=USER_FORM["username"]).exists()


def test_deactivated_account_loses_api_access(users):
    """A token outlives nothing: deactivating the account closes the API at once."""
    from hublocal.accounts import services

    client = api_client("partner")
    assert client.get("/api/v1/me/").status_code == 200
    services.user_set_active(actor=users["staff"], user=users["partner"], is_active=False)
    assert_api_error(client.get("/api/v1/me/"), 401)
