"""Permission-matrix rows for the replications app (see tests/test_permission_matrix.py for the
columns).

`placeholders` creates, inside each test's transaction, a published and a retired library
resource and Santiago's replications of the published one: one planned (to edit, move and
abandon), one implemented with a result (to confirm)."""

from __future__ import annotations

from typing import Any

from tests.matrix import LOGIN, Row, row

RESOURCE = "<replications: a published resource>"
FRESH = "<replications: a published resource nobody replicates yet>"
RETIRED = "<replications: a retired resource>"
RESOURCE_SLUG = "<replications: the published resource's slug>"
PLANNED = "<replications: Santiago's planned replication>"
IMPLEMENTED = "<replications: Santiago's implemented replication with a result>"
PILOT = "<replications: Valparaíso's finished demo pilot>"
TODAY = "<replications: today>"

RES = {"pk": FRESH}
RET = {"pk": RETIRED}
PIL = {"pk": PILOT}
PLAN = {"pk": PLANNED}
IMPL = {"pk": IMPLEMENTED}
SLUG = {"slug": RESOURCE_SLUG}
NONE: dict[str, Any] = {}


def _record_form(role: str) -> dict[str, Any]:
    # Hub staff choose the municipality; a municipal official records for its own.
    data = {"mode": "adapt", "changes": "Con menos personal.", "started_on": "", "contact_name": ""}
    if role in ("staff", "analista"):
        from hublocal.directory import selectors as directory_selectors

        data["municipality"] = next(iter(directory_selectors.municipalities(codes=["13128"]))).pk  # Renca
    return data


EDIT_FORM = {"mode": "adopt", "changes": "Ajuste.", "started_on": "", "row_version": "<replications: planned version>"}
RESULT_FORM = {"label": "Trámites en línea", "unit": "%", "baseline": "10", "value": "45", "measured_on": TODAY}

# fmt: off
ROWS: list[Row] = [
    # route                                      kwargs method  anon   staff  anlst  stgo   valpo  st-a   st-b   partner
    row("replications:like_mine",                  NONE,  "GET",  200,   200,   200,   200,   200,   200,   200,   200),
    row("replications:replication_list",           NONE,  "GET",  200,   200,   200,   200,   200,   200,   200,   200),
    row("replications:replication_detail",         PLAN,  "GET",  200,   200,   200,   200,   200,   200,   200,   200,
        note="replications are public; the contact person only for the hub and municipal officials"),
    row("replications:open_data",                  NONE,  "GET",  200,   200,   200,   200,   200,   200,   200,   200),
    row("replications:resource_replications",      SLUG,  "GET",  200,   200,   200,   200,   200,   200,   200,   200),
    row("replications:replicate_resource",         RES,   "GET",  LOGIN, 200,   200,   200,   200,   403,   403,   403),
    row("replications:replicate_resource",         RES,   "POST", LOGIN, 302,   302,   302,   302,   403,   403,   403,
        per_role_data=True, data=_record_form, audit="replications.record",
        note="a municipality records its own; the hub on behalf of one"),
    row("replications:replicate_resource",         RET,   "POST", LOGIN, 400,   400,   400,   400,   403,   403,   403,
        per_role_data=True, data=_record_form, note="a retired resource is refused with a clear message"),
    row("replications:replicate_pilot",            PIL,   "GET",  LOGIN, 200,   200,   200,   200,   403,   403,   403),
    row("replications:replicate_pilot",            PIL,   "POST", LOGIN, 302,   302,   302,   400,   403,   403,   403,
        per_role_data=True, data=_record_form, audit="replications.record",
        note="Valparaíso does not replicate its own pilot"),
    row("replications:replication_edit",           PLAN,  "GET",  LOGIN, 200,   200,   200,   403,   403,   403,   403),
    row("replications:replication_edit",           PLAN,  "POST", LOGIN, 302,   302,   302,   403,   403,   403,   403,
        data=EDIT_FORM, audit="replications.update", note="only its municipality (and the hub) updates it"),
    row("replications:replication_transition",     PLAN,  "GET",  405,   405,   405,   405,   405,   405,   405,   405),
    row("replications:replication_transition",     PLAN,  "POST", LOGIN, 302,   302,   302,   403,   403,   403,   403,
        data={"status": "implementing", "reason": ""}, audit="replications.transition"),
    row("replications:replication_transition",     PLAN,  "POST", LOGIN, 400,   400,   400,   403,   403,   403,   403,
        data={"status": "abandoned", "reason": ""}, note="abandoning needs a reason: nothing written"),
    row("replications:result_add",                 IMPL,  "GET",  405,   405,   405,   405,   405,   405,   405,   405),
    row("replications:result_add",                 IMPL,  "POST", LOGIN, 302,   302,   302,   403,   403,   403,   403,
        data=RESULT_FORM, audit="replications.result_add"),
    row("replications:result_add",                 PLAN,  "POST", LOGIN, 400,   400,   400,   403,   403,   403,   403,
        data=RESULT_FORM, note="nothing to measure while planned"),
    row("replications:replication_confirm",        IMPL,  "GET",  405,   405,   405,   405,   405,   405,   405,   405),
    row("replications:replication_confirm",        IMPL,  "POST", LOGIN, 302,   302,   403,   403,   403,   403,   403,
        data={"note": "Revisé el informe municipal y el acta del concejo."}, audit="replications.confirm",
        note="someone independent of the municipality: the hub (or an appointed library reviewer)"),
    # --- API
    row("api:replication_list",                    NONE,  "GET",  200,   200,   200,   200,   200,   200,   200,   200),
    row("api:commune_peers",                       {"code": "13101"}, "GET", 200, 200, 200, 200, 200, 200, 200, 200),
    row("api:commune_peers",                       {"code": "99999"}, "GET", 404, 404, 404, 404, 404, 404, 404, 404),
]
# fmt: on


def placeholders(users: dict[str, Any]) -> dict[str, Any]:
    from django.utils import timezone

    from hublocal.directory import selectors as directory_selectors
    from hublocal.library.models import Resource
    from hublocal.pilots.models import Pilot
    from hublocal.replications import services
    from hublocal.replications.models import Status

    def resource(slug: str, status: str) -> Resource:
        return Resource.objects.create(
            slug=slug,
            kind="replicable_model",
            status=status,
            title=f"Matriz {slug}",
            areas=["digital"],
            evidence_level=2,
        )

    published = resource("matriz-replicable", "published")
    fresh = resource("matriz-replicable-nuevo", "published")
    retired = resource("matriz-retirado", "retired")
    santiago = next(iter(directory_selectors.municipalities(codes=["13101"])))
    stgo = users["santiago"]
    planned = services.replication_record(actor=stgo, municipality=santiago, mode="adopt", resource_id=published.pk)
    pilot = Pilot.objects.get(is_demo=True, status="finished")  # Valparaíso's
    implemented = services.replication_record(actor=stgo, municipality=santiago, mode="adapt", pilot_id=pilot.pk)
    implemented = services.replication_transition(actor=stgo, replication=implemented, status=Status.IMPLEMENTING)
    services.result_add(
        actor=stgo, replication=implemented, label="Reclamos resueltos", value=80, measured_on=timezone.localdate()
    )
    implemented = services.replication_transition(actor=stgo, replication=implemented, status=Status.IMPLEMENTED)
    planned.refresh_from_db()
    return {
        RESOURCE: published.pk,
        FRESH: fresh.pk,
        RETIRED: retired.pk,
        RESOURCE_SLUG: published.slug,
        PLANNED: planned.pk,
        IMPLEMENTED: implemented.pk,
        PILOT: pilot.pk,
        TODAY: timezone.localdate().isoformat(),
        "<replications: planned version>": planned.row_version,
    }
