"""Permission-matrix rows for the proposals app (see tests/test_permission_matrix.py for the columns).

The demo (hublocal/proposals/demo.py) gives: DataMuni's and Trámite Fácil's proposals to
"Patentes comerciales sin filas ni papeles" (Santiago with Valparaíso; call municipia-2026, open);
in the closed call municipia-2025, DataMuni's shortlisted proposal to Santiago's OIRS challenge
(with a held working session) and ReciclApp's not-selected one to Valparaíso's residuos challenge.
Committees: staff and analista on both calls. startup-b is the competitor who must see nothing
of DataMuni's proposal (404 everywhere)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from tests.matrix import LOGIN, Row, row

CH_PATENTES = "<challenge: Patentes comerciales (open call)>"
CH_CESFAM = "<challenge: Agenda CESFAM (open call, nobody applied)>"
CH_OIRS = "<challenge: OIRS (closed call, Santiago)>"
CALL_PAST = "<call municipia-2025 (closed)>"
CALL_CURRENT = "<call municipia-2026 (open)>"
P_A = "<DataMuni's proposal to Patentes>"
P_OIRS = "<DataMuni's shortlisted proposal to OIRS>"
P_RECICLA = "<ReciclApp's not-selected proposal to residuos>"
ATTACHMENT = "<a PDF attached to DataMuni's proposal to Patentes>"
SESSION_HELD = "<held session on OIRS (Santiago, DataMuni)>"
SESSION_SCHEDULED = "<scheduled session on OIRS (Santiago, DataMuni)>"
STGO_ORG = "<Santiago's organisation id>"
SANTIAGO_USER = "<santiago's account id>"
ANALISTA_USER = "<analista's account id>"

NONE: dict[str, Any] = {}
PATENTES = {"challenge_pk": CH_PATENTES}
CESFAM = {"challenge_pk": CH_CESFAM}
OIRS = {"challenge_pk": CH_OIRS}
PA = {"pk": P_A}
POIRS = {"pk": P_OIRS}
PRECICLA = {"pk": P_RECICLA}
ATT = {"pk": ATTACHMENT}
HELD = {"pk": SESSION_HELD}
SCHEDULED = {"pk": SESSION_SCHEDULED}
PAST = {"call_pk": CALL_PAST}
CURRENT = {"call_pk": CALL_CURRENT}
REMOVE_ANALISTA = {"call_pk": CALL_CURRENT, "user_pk": ANALISTA_USER}

FORM = {
    "approach": "Agenda en línea con recordatorios por SMS y modo sin conexión.",
    "price_min": "2000000",
    "price_max": "4000000",
    "timeline_weeks": "12",
    "timeline": "",
    "solution": "",
}
EDIT_FORM = {**FORM, "approach": "Enfoque corregido en la matriz."}
SESSION_FORM = {
    "starts_at": "2030-03-10T10:00",
    "place": "Sala de reuniones",
    "agenda": "",
    "municipality": STGO_ORG,
    "proposals": P_OIRS,
}
NEW_PROPOSAL = {
    "challenge": CH_CESFAM,
    "approach": "Agenda por API.",
    "price_min": 1_000_000,
    "price_max": 2_000_000,
    "timeline_weeks": 8,
}


def _criterion_id() -> int:
    from hublocal.innovation import selectors

    call = selectors.call_get_by_slug(slug="municipia-2025")
    return selectors.call_criteria(call=call)[0].pk


def score_form(role: str) -> dict[str, str]:
    return {f"criterion_{_criterion_id()}": "4", f"comment_{_criterion_id()}": "Desde la matriz"}


def score_body(role: str) -> dict[str, Any]:
    return {"scores": [{"criterion": _criterion_id(), "score": 3}]}


def record_form(role: str) -> dict[str, str]:
    from hublocal.proposals.models import Proposal

    pk = Proposal.objects.get(
        challenge__title="Atención ciudadana OIRS sin filas", organization__slug="datamuni-spa"
    ).pk
    return {"minutes": "Acta corregida en la matriz.", "next_steps": "", f"attended_{pk}": "yes"}


def pdf_upload(role: str) -> dict[str, Any]:
    return {"file": SimpleUploadedFile("matriz.pdf", b"%PDF-1.4\nmatriz\n%%EOF\n", content_type="application/pdf")}


# fmt: off
ROWS: list[Row] = [
    #   route                             kwargs    method   anon   staff  anlst  stgo   valpo  st-a   st-b   partner
    # --- applying and one's own proposals
    row("proposals:mine",                 NONE,     "GET",   LOGIN, 403,   403,   403,   403,   200,   200,   403),
    row("proposals:apply",                PATENTES, "GET",   LOGIN, 403,   403,   403,   403,   200,   200,   403,
        note="both startups already applied: the page says so"),
    row("proposals:apply",                PATENTES, "POST",  LOGIN, 403,   403,   403,   403,   400,   400,   403,
        data=FORM, audit="proposals.proposal_submit", note="a second proposal to the same challenge is refused"),
    row("proposals:apply",                CESFAM,   "POST",  LOGIN, 403,   403,   403,   403,   302,   302,   403,
        data=FORM, audit="proposals.proposal_submit"),
    row("proposals:detail",               PA,       "GET",   LOGIN, 200,   200,   200,   200,   200,   404,   404,
        note="the competitor (startup-b) and outsiders: it does not exist"),
    row("proposals:edit",                 PA,       "GET",   LOGIN, 403,   403,   403,   403,   200,   404,   404),
    row("proposals:edit",                 PA,       "POST",  LOGIN, 403,   403,   403,   403,   302,   404,   404,
        data=EDIT_FORM, audit="proposals.proposal_update"),
    row("proposals:withdraw",             PA,       "GET",   405,   405,   405,   405,   405,   405,   405,   405),
    row("proposals:withdraw",             PA,       "POST",  LOGIN, 403,   403,   403,   403,   302,   404,   404,
        data={"confirm": "on"}, audit="proposals.proposal_withdraw"),
    row("proposals:attachment_upload",    PA,       "GET",   405,   405,   405,   405,   405,   405,   405,   405),
    row("proposals:attachment_upload",    PA,       "POST",  LOGIN, 403,   403,   403,   403,   302,   404,   404,
        data=pdf_upload, per_role_data=True, audit="proposals.attachment_add"),
    row("proposals:attachment_download",  ATT,      "GET",   LOGIN, 200,   200,   200,   200,   200,   404,   404,
        note="the file URL is as private as the proposal"),
    row("proposals:attachment_delete",    ATT,      "GET",   405,   405,   405,   405,   405,   405,   405,   405),
    row("proposals:attachment_delete",    ATT,      "POST",  LOGIN, 403,   403,   403,   403,   302,   404,   404,
        audit="proposals.attachment_delete"),
    # --- the buyer's and the committee's side
    row("proposals:challenge_proposals",  PATENTES, "GET",   LOGIN, 200,   200,   200,   200,   403,   403,   403,
        note="applicants never see the list (nor how many competed)"),
    row("proposals:evaluation",           PAST,     "GET",   LOGIN, 200,   200,   403,   403,   403,   403,   403),
    row("proposals:evaluation_export",    PAST,     "GET",   LOGIN, 200,   200,   403,   403,   403,   403,   403),
    row("proposals:score",                POIRS,    "GET",   LOGIN, 200,   200,   403,   404,   403,   404,   404,
        note="committee members only; the buyer and the applicant see the proposal but may not score"),
    row("proposals:score",                POIRS,    "POST",  LOGIN, 302,   302,   403,   404,   403,   404,   404,
        data=score_form, per_role_data=True, audit="proposals.score_set"),
    row("proposals:decision",             PRECICLA, "GET",   405,   405,   405,   405,   405,   405,   405,   405),
    row("proposals:decision",             PRECICLA, "POST",  LOGIN, 302,   403,   404,   403,   404,   404,   404,
        data={"decision": "shortlisted"}, audit="proposals.proposal_shortlist"),
    row("proposals:feedback",             PRECICLA, "GET",   LOGIN, 200,   403,   404,   403,   404,   404,   404),
    row("proposals:feedback",             PRECICLA, "POST",  LOGIN, 302,   403,   404,   403,   404,   404,   404,
        data={"feedback": "Retroalimentación reescrita en la matriz."}, audit="proposals.feedback_give"),
    row("proposals:committee",            CURRENT,  "GET",   LOGIN, 200,   403,   403,   403,   403,   403,   403),
    row("proposals:committee",            CURRENT,  "POST",  LOGIN, 302,   403,   403,   403,   403,   403,   403,
        data={"user": SANTIAGO_USER}, audit="proposals.committee_member_add"),
    row("proposals:committee_remove",     REMOVE_ANALISTA, "GET", 405, 405, 405,   405,   405,   405,   405,   405),
    row("proposals:committee_remove",     REMOVE_ANALISTA, "POST", LOGIN, 302, 403, 403,   403,   403,   403,   403,
        audit="proposals.committee_member_remove"),
    # --- working sessions
    row("proposals:session_list",         NONE,     "GET",   LOGIN, 200,   200,   200,   200,   200,   200,   200,
        note="each sees only the sessions it takes part in"),
    row("proposals:session_create",       OIRS,     "GET",   LOGIN, 200,   200,   200,   403,   403,   403,   403),
    row("proposals:session_create",       OIRS,     "POST",  LOGIN, 302,   302,   302,   403,   403,   403,   403,
        data=SESSION_FORM, audit="proposals.session_schedule"),
    row("proposals:session_detail",       HELD,     "GET",   LOGIN, 200,   200,   200,   404,   200,   404,   404),
    row("proposals:session_record",       HELD,     "GET",   LOGIN, 200,   200,   200,   404,   403,   404,   404),
    row("proposals:session_record",       HELD,     "POST",  LOGIN, 302,   302,   302,   404,   403,   404,   404,
        data=record_form, per_role_data=True, audit="proposals.session_record"),
    row("proposals:session_cancel",       SCHEDULED, "GET",  405,   405,   405,   405,   405,   405,   405,   405),
    row("proposals:session_cancel",       SCHEDULED, "POST", LOGIN, 302,   302,   302,   404,   403,   404,   404,
        audit="proposals.session_cancel"),
    # --- API
    row("api:proposal_list",              NONE,     "GET",   401,   200,   200,   200,   200,   200,   200,   200,
        note="filtered: a startup gets only its own"),
    row("api:proposal_list",              NONE,     "POST",  401,   403,   403,   403,   403,   201,   201,   403,
        data=NEW_PROPOSAL, audit="proposals.proposal_submit"),
    row("api:proposal_detail",            PA,       "GET",   401,   200,   200,   200,   200,   200,   404,   404),
    row("api:proposal_detail",            PA,       "PATCH", 401,   403,   403,   403,   403,   200,   404,   404,
        data={"approach": "Corregido por API."}, audit="proposals.proposal_update"),
    row("api:proposal_detail",            PA,       "DELETE", 401,  403,   403,   403,   403,   204,   404,   404,
        audit="proposals.proposal_withdraw"),
    row("api:proposal_scores",            POIRS,    "GET",   401,   200,   200,   403,   404,   403,   404,   404),
    row("api:proposal_scores",            POIRS,    "PUT",   401,   200,   200,   403,   404,   403,   404,   404,
        data=score_body, per_role_data=True, audit="proposals.score_set"),
    row("api:proposal_decision",          PRECICLA, "POST",  401,   200,   403,   404,   403,   404,   404,   404,
        data={"decision": "shortlisted"}, audit="proposals.proposal_shortlist"),
    row("api:working_session_list",       NONE,     "GET",   401,   200,   200,   200,   200,   200,   200,   200),
    row("api:working_session_detail",     HELD,     "GET",   401,   200,   200,   200,   404,   200,   404,   404),
]
# fmt: on


MATRIX_FILE = "proposals/matriz/adjunto-de-prueba.pdf"


def _attachment(proposal: Any, uploader: Any) -> int:
    """A PDF row for the attachment routes. The stored file has a fixed name, written once, so
    repeated runs leave nothing new in MEDIA_ROOT (the row itself is rolled back with the test)."""
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from hublocal.proposals.models import Attachment

    content = b"%PDF-1.4\nmatriz de permisos\n%%EOF\n"
    if not default_storage.exists(MATRIX_FILE):
        default_storage.save(MATRIX_FILE, ContentFile(content))
    a = Attachment.objects.create(
        proposal=proposal,
        file=MATRIX_FILE,
        original_name="oferta.pdf",
        content_type="application/pdf",
        size=len(content),
        sha256="0" * 64,
        uploaded_by=uploader,
    )
    return a.pk


def placeholders(users: dict[str, Any]) -> dict[str, Any]:
    """Placeholder string → value (usually a pk) resolved against the demo data."""
    from django.utils import timezone

    from hublocal.innovation import selectors as innovation_selectors
    from hublocal.proposals import services
    from hublocal.proposals.models import Proposal, WorkingSession

    past = innovation_selectors.call_get_by_slug(slug="municipia-2025")
    current = innovation_selectors.call_get_by_slug(slug="municipia-2026")
    challenges = {
        c.title: c
        for call in (past, current)
        for c in innovation_selectors.challenges_of_call(call=call)  # type: ignore[arg-type]
    }
    patentes = challenges["Patentes comerciales sin filas ni papeles"]
    oirs = challenges["Atención ciudadana OIRS sin filas"]
    p_a = Proposal.objects.get(challenge=patentes, organization__slug="datamuni-spa")
    p_oirs = Proposal.objects.get(challenge=oirs, organization__slug="datamuni-spa")
    p_recicla = Proposal.objects.get(challenge__title="Retiro de residuos voluminosos en cerros", status="not_selected")
    held = WorkingSession.objects.get(challenge=oirs, status="held")
    scheduled = services.session_schedule(
        actor=users["santiago"],
        challenge=oirs,
        starts_at=timezone.now() + timedelta(days=7),
        place="Sala de la OIRS",
        proposals=[p_oirs],
    )
    return {
        CH_PATENTES: patentes.pk,
        CH_CESFAM: challenges["Agenda de horas en CESFAM rurales con conectividad limitada"].pk,
        CH_OIRS: oirs.pk,
        CALL_PAST: past.pk,  # type: ignore[union-attr]
        CALL_CURRENT: current.pk,  # type: ignore[union-attr]
        P_A: p_a.pk,
        P_OIRS: p_oirs.pk,
        P_RECICLA: p_recicla.pk,
        ATTACHMENT: _attachment(p_a, users["startup-a"]),
        SESSION_HELD: held.pk,
        SESSION_SCHEDULED: scheduled.pk,
        STGO_ORG: users["santiago"].organization_id,
        SANTIAGO_USER: users["santiago"].pk,
        ANALISTA_USER: users["analista"].pk,
    }
