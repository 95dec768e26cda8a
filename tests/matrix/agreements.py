"""Permission-matrix rows for agreements (see tests/test_permission_matrix.py for the columns).
The register is public; a non-public agreement exists only for the hub and its parties (404 for
everyone else, anonymous visitors included); the hub (administrator and analyst) records, amends, terminates and moves
agreements; a party's members report their own obligations done.

The demo (hublocal/agreements/demo.py) gives the SaaS licence of DataMuni with Santiago,
Valparaíso and Concepción (amount withheld). `placeholders` adds, inside each test's
transaction, a non-public draft between the hub and Santiago with an obligation of Santiago,
and a terminated agreement."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from tests.matrix import LOGIN, Row, row

SAAS = "<agreements: the demo SaaS licence (amount withheld)>"
PRIVATE = "<agreements: a non-public draft between the hub and Santiago>"
TERMINATED = "<agreements: a terminated agreement>"
STGO_OBLIGATION = "<agreements: Santiago's obligation in the non-public draft>"
HUB_ID = "<agreements: the hub's organisation id>"
STGO_ID = "<agreements: Santiago's organisation id>"
UNI_ID = "<agreements: the demo university's organisation id>"
TODAY = "<agreements: today>"
NEXT_YEAR = "<agreements: in a year>"

PRIVATE_VERSION = "<agreements: a version of a document of the non-public draft>"
SAAS_FULL = "<agreements: the demo SaaS licence's full signed text (version 1)>"
SAAS_PUBLIC = "<agreements: the demo SaaS licence's redacted public version>"
PROJECT_TARGET = "<agreements: the demo project as a link target>"
PRIVATE_LINK = "<agreements: a link of the non-public draft>"
NONE: dict[str, Any] = {}


def _upload(role: str) -> dict[str, Any]:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from hublocal.agreements.demo import _pdf

    return {"kind": "annex", "title": f"Anexo de {role}", "file": SimpleUploadedFile("anexo.pdf", _pdf(role))}


def _bad_upload(role: str) -> dict[str, Any]:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return {"kind": "annex", "title": "Anexo", "file": SimpleUploadedFile("anexo.pdf", b"MZ not a pdf")}


CREATE_FORM = {
    "kind": "specific",
    "title": "Convenio de la matriz",
    "object": "Objeto del convenio de la matriz de permisos.",
    "starts_on": TODAY,
    "ends_on": NEXT_YEAR,
    "status": "draft",
    "amount": "",
    "currency": "",
    "is_public": "on",
    "party_1_organization": HUB_ID,
    "party_1_role": "principal",
    "party_2_organization": UNI_ID,
    "party_2_role": "executor",
}
AMEND_FORM = {
    "title": "Convenio de la matriz (modificado)",
    "object": "Objeto modificado.",
    "starts_on": TODAY,
    "ends_on": NEXT_YEAR,
    "amount": "",
    "currency": "",
    "reason": "Cambio acordado por las partes.",
}

# fmt: off
ROWS: list[Row] = [
    # route kwargs method anon staff anlst stgo valpo st-a st-b partner
    row("agreements:register", NONE, "GET", 200, 200, 200, 200, 200, 200, 200, 200,
        note="transparencia activa: the register is public"),
    row("agreements:download", {"fmt": "csv"}, "GET", 200, 200, 200, 200, 200, 200, 200, 200),
    row("agreements:download", {"fmt": "json"}, "GET", 200, 200, 200, 200, 200, 200, 200, 200),
    row("agreements:download", {"fmt": "xml"}, "GET", 404, 404, 404, 404, 404, 404, 404, 404),
    row("agreements:detail", {"pk": SAAS}, "GET", 200, 200, 200, 200, 200, 200, 200, 200),
    row("agreements:detail", {"pk": PRIVATE}, "GET", 404, 200, 200, 200, 404, 404, 404, 404,
        note="a non-public agreement exists only for the hub and its parties"),
    row("agreements:create", NONE, "GET", LOGIN, 200, 200, 403, 403, 403, 403, 403),
    row("agreements:create", NONE, "POST", LOGIN, 302, 302, 403, 403, 403, 403, 403,
        data=CREATE_FORM, audit="agreements.create", note="the hub keeps the register"),
    row("agreements:create", NONE, "POST", LOGIN, 400, 400, 403, 403, 403, 403, 403,
        data={**CREATE_FORM, "party_2_organization": HUB_ID}, note="a party twice: refused, nothing written"),
    row("agreements:create", NONE, "POST", LOGIN, 400, 400, 403, 403, 403, 403, 403,
        data={**CREATE_FORM, "amount": "1000"}, note="an amount without currency: refused"),
    row("agreements:amend", {"pk": PRIVATE}, "GET", 404, 200, 200, 403, 404, 404, 404, 404),
    row("agreements:amend", {"pk": PRIVATE}, "POST", 404, 302, 302, 403, 404, 404, 404, 404,
        data=AMEND_FORM, audit="agreements.amend"),
    row("agreements:amend", {"pk": TERMINATED}, "POST", LOGIN, 400, 400, 403, 403, 403, 403, 403,
        data=AMEND_FORM, note="a terminated agreement is not amended"),
    row("agreements:terminate", {"pk": PRIVATE}, "GET", 405, 405, 405, 405, 405, 405, 405, 405),
    row("agreements:terminate", {"pk": PRIVATE}, "POST", 404, 302, 302, 403, 404, 404, 404, 404,
        data={"reason": "Las partes lo acordaron."}, audit="agreements.terminate"),
    row("agreements:terminate", {"pk": PRIVATE}, "POST", 404, 400, 400, 403, 404, 404, 404, 404,
        data={"reason": ""}, note="terminating without a reason is refused"),
    row("agreements:transition", {"pk": PRIVATE}, "GET", 405, 405, 405, 405, 405, 405, 405, 405),
    row("agreements:transition", {"pk": PRIVATE}, "POST", 404, 302, 302, 403, 404, 404, 404, 404,
        data={"action": "sign"}, audit="agreements.sign"),
    row("agreements:obligation_complete", {"pk": STGO_OBLIGATION}, "GET", 405, 405, 405, 405, 405, 405, 405, 405),
    row("agreements:obligation_complete", {"pk": STGO_OBLIGATION}, "POST", 404, 302, 302, 302, 404, 404, 404, 404,
        data={"evidence": "Informe entregado el lunes."}, audit="agreements.obligation_complete",
        note="the party that owes it (or the hub); the agreement is not public, so outsiders get 404"),
    # Documents with versions (issue 14): the hub uploads; the public reads only the redacted
    # version of an agreement with withheld parts; the parties and the hub read every version.
    row("agreements:document_upload", {"pk": PRIVATE}, "GET", 405, 405, 405, 405, 405, 405, 405, 405),
    row("agreements:document_upload", {"pk": PRIVATE}, "POST", 404, 302, 302, 403, 404, 404, 404, 404,
        data=_upload, per_role_data=True, audit="agreements.document_upload"),
    row("agreements:document_upload", {"pk": PRIVATE}, "POST", 404, 400, 400, 403, 404, 404, 404, 404,
        data=_bad_upload, per_role_data=True, note="a file that is not what its name says: refused"),
    row("agreements:version_download", {"pk": PRIVATE_VERSION}, "GET", 404, 200, 200, 200, 404, 404, 404, 404,
        note="a non-public agreement's documents: the hub and the parties"),
    row("agreements:version_download", {"pk": SAAS_FULL}, "GET", 404, 200, 200, 200, 200, 200, 404, 404,
        note="the full text of an agreement with a withheld amount: the hub and the parties only"),
    row("agreements:version_download", {"pk": SAAS_PUBLIC}, "GET", 200, 200, 200, 200, 200, 200, 200, 200,
        note="the redacted public version: everyone"),
    # Links to the objects that execute the agreement (pilots, cohorts, projects, tables, stages).
    row("agreements:link_add", {"pk": PRIVATE}, "GET", 405, 405, 405, 405, 405, 405, 405, 405),
    row("agreements:link_add", {"pk": PRIVATE}, "POST", 404, 302, 302, 403, 404, 404, 404, 404,
        data={"target": PROJECT_TARGET}, audit="agreements.link_add"),
    row("agreements:link_add", {"pk": PRIVATE}, "POST", 404, 400, 400, 403, 404, 404, 404, 404,
        data={"target": "projects.project:999999999"}, note="a link to an object that does not exist: refused"),
    row("agreements:link_remove", {"pk": PRIVATE, "link_pk": PRIVATE_LINK}, "POST",
        404, 302, 302, 403, 404, 404, 404, 404, audit="agreements.link_remove"),
    # --- API
    row("api:agreement_register_list", NONE, "GET", 200, 200, 200, 200, 200, 200, 200, 200),
    row("api:agreement_register_detail", {"pk": SAAS}, "GET", 200, 200, 200, 200, 200, 200, 200, 200),
    row("api:agreement_register_detail", {"pk": PRIVATE}, "GET", 404, 200, 200, 200, 404, 404, 404, 404),
]
# fmt: on


def placeholders(users: dict[str, Any]) -> dict[str, Any]:
    from django.utils import timezone

    from hublocal.agreements import services
    from hublocal.agreements.models import Agreement
    from hublocal.directory.models import Organization

    today = timezone.localdate()
    staff = users["staff"]
    hub = Organization.objects.get(slug="hub-nacional-de-gobierno-local")
    stgo = Organization.objects.get(slug="municipalidad-santiago")
    uni = Organization.objects.get(slug="universidad-de-los-andes-del-sur")

    def make(title: str, *, public: bool) -> Any:
        return services.agreement_create(
            actor=staff,
            kind="data_sharing",
            title=title,
            object="Intercambio de datos de la matriz.",
            starts_on=today,
            ends_on=today + timedelta(days=365),
            is_public=public,
            parties=[
                {"organization_id": hub.pk, "role": "principal"},
                {"organization_id": stgo.pk, "role": "counterpart"},
            ],
            obligations=[{"party": 1, "description": "Entregar el informe.", "due_on": today + timedelta(days=30)}],
        )

    private = make("Convenio no público de la matriz", public=False)
    terminated = make("Convenio terminado de la matriz", public=True)
    services.agreement_terminate(actor=staff, agreement=terminated, reason="Fin anticipado.")
    from hublocal.agreements.demo import SAAS_TITLE, _pdf
    from hublocal.agreements.models import DocumentVersion
    from hublocal.network.models import Stage

    version = services.document_upload(
        actor=staff, agreement=private, name="anexo.pdf", data=_pdf("matriz"), kind="annex", title="Anexo"
    )
    link = services.link_create(
        actor=staff, agreement=private, kind="network.stage", object_id=Stage.objects.get(number=4).pk
    )
    from hublocal.projects.models import Project

    saas_versions = DocumentVersion.objects.filter(document__agreement__title=SAAS_TITLE)
    return {
        PRIVATE_VERSION: version.pk,
        SAAS_FULL: saas_versions.get(is_public_version=False).pk,
        SAAS_PUBLIC: saas_versions.get(is_public_version=True).pk,
        PROJECT_TARGET: f"projects.project:{Project.objects.get(is_demo=True).pk}",
        PRIVATE_LINK: link.pk,
        SAAS: Agreement.objects.get(is_demo=True, kind="commercial").pk,
        PRIVATE: private.pk,
        TERMINATED: terminated.pk,
        STGO_OBLIGATION: private.obligations.get().pk,
        HUB_ID: str(hub.pk),
        STGO_ID: str(stgo.pk),
        UNI_ID: str(uni.pk),
        TODAY: today.isoformat(),
        NEXT_YEAR: (today + timedelta(days=365)).isoformat(),
    }
