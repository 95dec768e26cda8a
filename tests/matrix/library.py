"""Permission-matrix rows for the library (see tests/test_permission_matrix.py for the columns).

`placeholders` creates, inside each test's transaction and through the real services: a resource
of Municipalidad de Santiago published by the hub (with a PDF), a draft of the partner's
university and a resource of the university waiting for review. Drafts and reviews are 404 to
the public and to other organisations, never 403: their existence is private."""

from __future__ import annotations

from typing import Any

from tests.matrix import LOGIN, Row, row

PUB = "<library: Santiago's published resource>"
PUB_FILE = "<library: the published resource's PDF>"
PUB_V = "<library: the published resource's row version>"
DRAFT = "<library: the partner's draft>"
DRAFT_FILE = "<library: the draft's PDF>"
DRAFT_V = "<library: the draft's row version>"
REVIEW = "<library: the partner's resource in review>"
DRAFT_ID = "<library: the draft's id>"
PUB_ID = "<library: the published resource's id>"
FINISHED = "<library: Valparaíso's finished demo pilot>"
PARTNER = "<partner's account>"

P = {"slug": PUB}
D = {"slug": DRAFT}
RV = {"slug": REVIEW}
NONE: dict[str, Any] = {}

RESOURCE_FORM = {
    "kind": "applied_study",
    "title": "Estudio de la matriz de permisos",
    "summary": "Un estudio creado por la matriz de permisos.",
    "countries": "CL",
    "language": "es",
    "licence": "CC-BY-4.0",
    "authors": "Autora de Prueba",
}
EDIT_FORM = {k: v for k, v in RESOURCE_FORM.items() if k != "kind"}
REVIEW_FORM = {
    "decision": "approve",
    "comment": "",
    "c_pertinencia": "on",
    "c_claridad": "on",
    "c_fuentes": "on",
    "c_replicabilidad": "on",
    "c_datos_personales": "on",
    "c_licencia": "on",
}
EVIDENCE_FORM = {
    "level": "2",
    "justification": "Muestra un cambio medido en los indicadores del piloto.",
    "evidence": "",
}

# fmt: off
ROWS: list[Row] = [
    #   route                             kwargs  method   anon   staff  anlst  stgo   valpo  st-a   st-b   partner
    # --- public pages
    row("library:resource_list",          NONE,   "GET",   200,   200,   200,   200,   200,   200,   200,   200),
    row("library:evidence",               NONE,   "GET",   200,   200,   200,   200,   200,   200,   200,   200),
    row("library:criteria",               NONE,   "GET",   200,   200,   200,   200,   200,   200,   200,   200),
    row("library:feed",                   NONE,   "GET",   200,   200,   200,   200,   200,   200,   200,   200),
    row("library:open_data",              {"dataset": "recursos"}, "GET", 200, 200, 200, 200, 200, 200, 200, 200),
    row("library:resource_detail",        P,      "GET",   200,   200,   200,   200,   200,   200,   200,   200),
    row("library:version_detail",         {"slug": PUB, "number": 1}, "GET", 200, 200, 200, 200, 200, 200, 200, 200),
    row("library:beacon",                 P,      "GET",   200,   200,   200,   200,   200,   200,   200,   200),
    row("library:file_download",          {"slug": PUB, "pk": PUB_FILE}, "GET", 200, 200, 200, 200, 200, 200, 200, 200),
    # --- drafts: the proposing organisation and the hub only (others: 404)
    row("library:resource_detail",        D,      "GET",   404,   200,   200,   404,   404,   404,   404,   200),
    row("library:version_detail",         {"slug": DRAFT, "number": 1}, "GET", 404, 200, 200, 404, 404, 404, 404, 200),
    row("library:file_download",          {"slug": DRAFT, "pk": DRAFT_FILE}, "GET",
        404, 200, 200, 404, 404, 404, 404, 200),
    row("library:resource_detail",        RV,     "GET",   404,   200,   200,   404,   404,   404,   404,   200),
    # --- proposing and editing
    row("library:resource_create",        NONE,   "GET",   LOGIN, 200,   200,   200,   200,   200,   200,   200),
    row("library:resource_create",        NONE,   "POST",  LOGIN, 302,   302,   302,   302,   302,   302,   302,
        data=RESOURCE_FORM, audit="library.resource_create", note="any organisation member proposes"),
    row("library:my_resources",           NONE,   "GET",   LOGIN, 200,   200,   200,   200,   200,   200,   200),
    row("library:resource_edit",          D,      "GET",   404,   200,   200,   404,   404,   404,   404,   200),
    row("library:resource_edit",          D,      "POST",  404,   302,   302,   404,   404,   404,   404,   302,
        data={**EDIT_FORM, "row_version": DRAFT_V}, audit="library.resource_update"),
    row("library:resource_edit",          P,      "GET",   LOGIN, 200,   200,   200,   403,   403,   403,   403),
    row("library:resource_edit",          P,      "POST",  LOGIN, 302,   302,   302,   403,   403,   403,   403,
        data={**EDIT_FORM, "row_version": PUB_V, "change_note": "Corrige el resumen."}, audit="library.version_create",
        note="a published resource gets a new version under review; the current one stays public"),
    row("library:resource_edit",          P,      "POST",  LOGIN, 400,   400,   400,   403,   403,   403,   403,
        data={**EDIT_FORM, "row_version": PUB_V}, note="no change note: refused, nothing written"),
    row("library:resource_submit",        D,      "GET",   405,   405,   405,   405,   405,   405,   405,   405),
    row("library:resource_submit",        D,      "POST",  404,   302,   302,   404,   404,   404,   404,   302,
        audit="library.resource_submit"),
    row("library:draft_from_pilot",       {"pilot_pk": FINISHED}, "GET", 405, 405, 405, 405, 405, 405, 405, 405),
    row("library:draft_from_pilot",       {"pilot_pk": FINISHED}, "POST", LOGIN, 302, 302, 403, 302, 403, 403, 403,
        audit="library.model_from_pilot", note="the finished pilot's municipality (Valparaíso) and the hub"),
    # --- review, evidence, retirement, usage
    row("library:review_queue",           NONE,   "GET",   LOGIN, 200,   200,   403,   403,   403,   403,   403),
    row("library:review",                 RV,     "GET",   404,   200,   200,   404,   404,   404,   404,   403,
        note="nobody reviews their own organisation's work"),
    row("library:review",                 RV,     "POST",  404,   302,   302,   404,   404,   404,   404,   403,
        data=REVIEW_FORM, audit="library.review_approve"),
    row("library:review",                 RV,     "POST",  404,   400,   400,   404,   404,   404,   404,   403,
        data={**REVIEW_FORM, "c_fuentes": ""}, note="a criterion not met: approval refused, nothing written"),
    row("library:evidence_set",           P,      "GET",   LOGIN, 200,   200,   403,   403,   403,   403,   403),
    row("library:evidence_set",           P,      "POST",  LOGIN, 302,   302,   403,   403,   403,   403,   403,
        data=EVIDENCE_FORM, audit="library.evidence_set"),
    row("library:evidence_set",           P,      "POST",  LOGIN, 400,   400,   403,   403,   403,   403,   403,
        data={**EVIDENCE_FORM, "justification": "Porque sí."}, note="a justification is required"),
    row("library:resource_retire",        P,      "GET",   LOGIN, 200,   200,   403,   403,   403,   403,   403),
    row("library:resource_retire",        P,      "POST",  LOGIN, 302,   302,   403,   403,   403,   403,   403,
        data={"reason": "Reemplazado por una guía oficial."}, audit="library.resource_retire"),
    row("library:usage",                  P,      "GET",   LOGIN, 200,   200,   200,   403,   403,   403,   403,
        note="usage figures: the authors' organisation and the hub"),
    # --- staff pages
    row("library:reviewers",              NONE,   "GET",   LOGIN, 200,   200,   403,   403,   403,   403,   403),
    row("library:reviewers",              NONE,   "POST",  LOGIN, 302,   302,   403,   403,   403,   403,   403,
        data={"user": PARTNER, "areas": "seguridad"}, audit="library.reviewer_appoint"),
    row("library:dimensions",             NONE,   "GET",   LOGIN, 200,   200,   403,   403,   403,   403,   403),
    row("library:dimensions",             NONE,   "POST",  LOGIN, 302,   302,   403,   403,   403,   403,   403,
        data={"resource": PUB, "dimension": "capital_humano:bienestar_retencion", "note": ""},
        audit="library.dimension_link_add"),
    # --- API
    row("api:library_resource_list",      NONE,   "GET",   200,   200,   200,   200,   200,   200,   200,   200),
    row("api:library_resource_detail",    {"pk": PUB_ID}, "GET", 200, 200, 200, 200, 200, 200, 200, 200),
    row("api:library_resource_detail",    {"pk": DRAFT_ID}, "GET", 404, 200, 200, 404, 404, 404, 404, 200,
        note="a draft does not exist for the public and other organisations"),
]
# fmt: on


def placeholders(users: dict[str, Any]) -> dict[str, Any]:
    from hublocal.library import content, services
    from hublocal.library.demo_files import build_file
    from hublocal.library.models import Resource, ResourceFile
    from hublocal.pilots.models import Pilot

    staff, partner, santiago = users["staff"], users["partner"], users["santiago"]
    met = {c["id"]: True for c in content.criteria()["criteria"]}

    def make(user: Any, title: str, *, submit: bool = False, approve: bool = False) -> Resource:
        resource = services.resource_create(
            actor=user,
            organization=user.organization,
            kind="good_practice",
            data={
                "title": title,
                "summary": "Recurso creado para la matriz de permisos.",
                "areas": ["seguridad"],
                "authors": ["Autora de Prueba"],
            },
            uploads=[("documento.pdf", build_file("pdf", title, "Texto de la matriz."))],
        )
        if submit or approve:
            services.resource_submit(actor=user, resource=resource)
        if approve:
            services.review_record(actor=staff, resource=resource, decision="approve", comment="", checklist=met)
        return Resource.objects.get(pk=resource.pk)

    pub = make(santiago, "Práctica publicada de la matriz", approve=True)
    draft = make(partner, "Borrador de la matriz")
    review = make(partner, "Práctica en revisión de la matriz", submit=True)
    finished = Pilot.objects.get(is_demo=True, status="finished")
    return {
        PUB: pub.slug,
        PUB_ID: pub.pk,
        PUB_V: str(pub.row_version),
        PUB_FILE: ResourceFile.objects.filter(version__resource=pub).values_list("pk", flat=True).first(),
        DRAFT: draft.slug,
        DRAFT_ID: draft.pk,
        DRAFT_V: str(draft.row_version),
        DRAFT_FILE: ResourceFile.objects.filter(version__resource=draft).values_list("pk", flat=True).first(),
        REVIEW: review.slug,
        FINISHED: finished.pk,
    }
