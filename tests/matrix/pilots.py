"""Permission-matrix rows for the pilots app (see tests/test_permission_matrix.py for the columns).

The demo (hublocal/pilots/demo.py) gives a running pilot in Santiago (DataMuni) and a
finished, rated pilot in Valparaíso (Trámite Fácil, with a signed PDF). `placeholders` adds,
inside each test's transaction, what the demo has no reason to contain: a shortlisted
proposal without agreement, a planned pilot with an editable indicator and a finished pilot
still waiting for its rating (all on Santiago's OIRS challenge of municipia-2025)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from tests.matrix import LOGIN, Row, row

RUNNING = "<pilots: Santiago's running demo pilot>"
FINISHED = "<pilots: Valparaíso's finished, rated demo pilot>"
LOCKED_IND = "<pilots: an indicator of the running pilot>"
PLANNED = "<pilots: a planned pilot of Santiago>"
PLANNED_IND = "<pilots: the planned pilot's indicator>"
UNRATED = "<pilots: a finished pilot of Santiago, not yet rated>"
PROPOSAL = "<pilots: a shortlisted proposal without agreement>"
AGREEMENT = "<pilots: the running pilot's agreement>"
SIGNED = "<pilots: the finished pilot's agreement (signed PDF)>"
STGO_ORG = "<pilots: Municipalidad de Santiago's id>"
TODAY = "<pilots: today>"
YESTERDAY = "<pilots: yesterday>"
NEXT_MONTH = "<pilots: in a month>"

R = {"pk": RUNNING}
FIN = {"pk": FINISHED}
PLAN = {"pk": PLANNED}
UNR = {"pk": UNRATED}
IND_L = {"pk": LOCKED_IND}
IND_P = {"pk": PLANNED_IND}
PROP = {"proposal_pk": PROPOSAL}
AGR = {"pk": AGREEMENT}
SIG = {"pk": SIGNED}
NONE: dict[str, Any] = {}

INDICATOR_FORM = {
    "name": "Reclamos resueltos en plazo",
    "unit": "%",
    "baseline": "40",
    "target": "80",
    "direction": "increase",
    "method": "Reclamos cerrados dentro de 10 días hábiles sobre el total del mes.",
    "frequency": "monthly",
}
REVISE_FORM = {
    **INDICATOR_FORM,
    "name": "Solicitudes OIRS ingresadas en línea",
    "target": "45",
    "justification": "La campaña de difusión se postergó un trimestre por el presupuesto municipal.",
}
MEASUREMENT_FORM = {"indicator": LOCKED_IND, "measured_on": TODAY, "value": "5,5", "note": ""}
RATING_FORM = {
    "c_calidad_solucion": "4",
    "c_cumplimiento_plazos": "5",
    "c_soporte_capacitacion": "3",
    "c_comunicacion": "4",
    "c_costo_beneficio": "4",
    "comment": "Cumplió lo comprometido.",
}
AGREEMENT_FORM = {
    "municipality": STGO_ORG,
    "title": "Convenio de prueba de la matriz",
    "scope": "Piloto acotado a una oficina.",
    "starts_on": TODAY,
    "ends_on": NEXT_MONTH,
    "signed_on": YESTERDAY,
    "value_clp": "0",
    "pilot_title": "",
}
API_MEASUREMENT = {"indicator": LOCKED_IND, "measured_on": TODAY, "value": 5.5}

# fmt: off
ROWS: list[Row] = [
    #   route                             kwargs  method   anon   staff  anlst  stgo   valpo  st-a   st-b   partner
    # --- public pages
    row("pilots:pilot_list",              NONE,   "GET",   200,   200,   200,   200,   200,   200,   200,   200),
    row("pilots:pilot_detail",            R,      "GET",   200,   200,   200,   200,   200,   200,   200,   200),
    row("pilots:pilot_detail",            FIN,    "GET",   200,   200,   200,   200,   200,   200,   200,   200),
    row("pilots:agreement_list",          NONE,   "GET",   200,   200,   200,   200,   200,   200,   200,   200),
    row("pilots:agreement_detail",        AGR,    "GET",   200,   200,   200,   200,   200,   200,   200,   200),
    row("pilots:agreement_document",      SIG,    "GET",   200,   200,   200,   200,   200,   200,   200,   200,
        note="every agreement is public, its signed document too"),
    row("pilots:supplier_list",           NONE,   "GET",   200,   200,   200,   200,   200,   200,   200,   200),
    row("pilots:supplier_detail",         {"slug": "datamuni-spa"}, "GET", 200, 200, 200, 200, 200, 200, 200, 200,
        note="public summary for all; details only for municipalities, the hub and the startup"),
    row("pilots:programme",               NONE,   "GET",   200,   200,   200,   200,   200,   200,   200,   200,
        note="the per-municipality table is shown to hub staff only"),
    row("pilots:open_data",               {"dataset": "pilotos"}, "GET", 200, 200, 200, 200, 200, 200, 200, 200),
    # --- agreement from a shortlisted proposal (private: outsiders get 404)
    row("pilots:agreement_create",        PROP,   "GET",   LOGIN, 200,   403,   200,   404,   404,   404,   404,
        note="analysts see the proposal but do not sign; other startups and municipalities never see it"),
    row("pilots:agreement_create",        PROP,   "POST",  LOGIN, 302,   403,   302,   404,   404,   404,   404,
        data=AGREEMENT_FORM, audit="pilots.agreement_create"),
    # --- indicators while planned
    row("pilots:indicator_create",        PLAN,   "GET",   LOGIN, 200,   403,   200,   403,   403,   403,   403),
    row("pilots:indicator_create",        PLAN,   "POST",  LOGIN, 302,   403,   302,   403,   403,   403,   403,
        data=INDICATOR_FORM, audit="pilots.indicator_add"),
    row("pilots:indicator_edit",          IND_P,  "GET",   LOGIN, 200,   403,   200,   403,   403,   403,   403),
    row("pilots:indicator_edit",          IND_P,  "POST",  LOGIN, 302,   403,   302,   403,   403,   403,   403,
        data=INDICATOR_FORM, audit="pilots.indicator_update"),
    row("pilots:indicator_edit",          IND_L,  "POST",  LOGIN, 400,   403,   400,   403,   403,   403,   403,
        data=INDICATOR_FORM, note="locked since the start: refused, nothing written"),
    row("pilots:indicator_delete",        IND_P,  "GET",   405,   405,   405,   405,   405,   405,   405,   405),
    row("pilots:indicator_delete",        IND_P,  "POST",  LOGIN, 302,   403,   302,   403,   403,   403,   403,
        audit="pilots.indicator_remove"),
    row("pilots:pilot_start",             PLAN,   "GET",   405,   405,   405,   405,   405,   405,   405,   405),
    row("pilots:pilot_start",             PLAN,   "POST",  LOGIN, 302,   403,   302,   403,   403,   403,   403,
        audit="pilots.pilot_start"),
    # --- after the start
    row("pilots:indicator_revise",        IND_L,  "GET",   LOGIN, 200,   403,   200,   403,   403,   403,   403),
    row("pilots:indicator_revise",        IND_L,  "POST",  LOGIN, 302,   403,   302,   403,   403,   403,   403,
        data=REVISE_FORM, audit="pilots.indicator_revise"),
    row("pilots:measurement_create",      R,      "GET",   LOGIN, 200,   200,   200,   403,   200,   403,   403),
    row("pilots:measurement_create",      R,      "POST",  LOGIN, 302,   302,   302,   403,   302,   403,   403,
        data=MEASUREMENT_FORM, audit="pilots.measurement_record", note="both parties and the hub team measure"),
    row("pilots:pilot_pause",             R,      "GET",   405,   405,   405,   405,   405,   405,   405,   405),
    row("pilots:pilot_pause",             R,      "POST",  LOGIN, 302,   403,   302,   403,   403,   403,   403,
        audit="pilots.pilot_pause"),
    row("pilots:pilot_resume",            R,      "GET",   405,   405,   405,   405,   405,   405,   405,   405),
    row("pilots:pilot_resume",            R,      "POST",  LOGIN, 400,   403,   400,   403,   403,   403,   403,
        note="it is not paused: refused, nothing written"),
    row("pilots:pilot_cancel",            R,      "GET",   405,   405,   405,   405,   405,   405,   405,   405),
    row("pilots:pilot_cancel",            R,      "POST",  LOGIN, 302,   403,   302,   403,   403,   403,   403,
        data={"reason": "La municipalidad reorienta el presupuesto del año."}, audit="pilots.pilot_cancel"),
    row("pilots:pilot_finish",            R,      "GET",   LOGIN, 200,   403,   200,   403,   403,   403,   403),
    row("pilots:pilot_finish",            R,      "POST",  LOGIN, 302,   403,   302,   403,   403,   403,   403,
        data={"summary": "Cierre de prueba."}, audit="pilots.pilot_finish"),
    # --- the rating: the pilot's municipality, once
    row("pilots:rating_create",           UNR,    "GET",   LOGIN, 403,   403,   200,   403,   403,   403,   403),
    row("pilots:rating_create",           UNR,    "POST",  LOGIN, 403,   403,   302,   403,   403,   403,   403,
        data=RATING_FORM, audit="pilots.rating_submit", note="the buyer's judgement: never the hub's or the startup's"),
    row("pilots:rating_create",           FIN,    "POST",  LOGIN, 403,   403,   403,   400,   403,   403,   403,
        data=RATING_FORM, note="already rated: a second rating is refused"),
    # --- API
    row("api:pilot_list",                 NONE,   "GET",   200,   200,   200,   200,   200,   200,   200,   200),
    row("api:pilot_detail",               R,      "GET",   200,   200,   200,   200,   200,   200,   200,   200),
    row("api:pilot_measurements",         R,      "GET",   200,   200,   200,   200,   200,   200,   200,   200),
    row("api:pilot_measurements",         R,      "POST",  401,   201,   201,   201,   403,   201,   403,   403,
        data=API_MEASUREMENT, audit="pilots.measurement_record"),
    row("api:pilot_transition",           R,      "POST",  401,   200,   403,   200,   403,   403,   403,   403,
        data={"action": "pause"}, audit="pilots.pilot_pause"),
    row("api:pilot_transition",           FIN,    "POST",  401,   400,   403,   403,   400,   403,   403,   403,
        data={"action": "pause"}, note="a finished pilot does not move"),
    row("api:agreement_list",             NONE,   "GET",   200,   200,   200,   200,   200,   200,   200,   200),
    row("api:agreement_detail",           AGR,    "GET",   200,   200,   200,   200,   200,   200,   200,   200),
    row("api:supplier_detail",            {"slug": "tramite-facil-spa"}, "GET", 200, 200, 200, 200, 200, 200, 200, 200),
    row("api:programme_funnel",           NONE,   "GET",   200,   200,   200,   200,   200,   200,   200,   200),
]
# fmt: on


def placeholders(users: dict[str, Any]) -> dict[str, Any]:
    """Placeholder string → value (usually a pk) resolved against the demo data."""
    from django.utils import timezone

    from hublocal.directory.models import Organization
    from hublocal.innovation.models import Challenge
    from hublocal.pilots import services
    from hublocal.pilots.models import Pilot
    from hublocal.proposals.models import Proposal

    running = Pilot.objects.select_related("agreement").get(is_demo=True, status="running")
    finished = Pilot.objects.select_related("agreement").get(is_demo=True, status="finished")
    oirs = Challenge.objects.get(pk=running.agreement.challenge_id)
    santiago = Organization.objects.get(slug="municipalidad-santiago")
    today = timezone.localdate()
    staff = users["staff"]

    def shortlisted(slug: str) -> Proposal:
        org = Organization.objects.create(
            kind="startup", name=f"Matriz {slug}", search_name=f"matriz {slug}", slug=slug
        )
        return Proposal.objects.create(
            challenge=oirs,
            organization=org,
            approach="Propuesta creada para la matriz de permisos.",
            price_min=0,
            price_max=1,
            timeline_weeks=4,
            status="shortlisted",
        )

    def agreement(slug: str) -> Any:
        return services.agreement_create(
            actor=staff,
            proposal=shortlisted(slug),
            municipality=santiago,
            title=f"Convenio {slug}",
            scope="Alcance de la matriz.",
            starts_on=today - timedelta(days=30),
            ends_on=today + timedelta(days=30),
            value_clp=0,
            signed_on=today - timedelta(days=31),
        )

    indicator = services.IndicatorData(
        name="Tiempo de espera",
        unit="minutos",
        baseline=40,
        target=15,
        direction="decrease",
        method="Promedio semanal del sistema de turnos.",
        frequency="weekly",
    )
    planned = agreement("matriz-planificado").pilot
    planned_indicator = services.indicator_add(actor=staff, pilot=planned, data=indicator)
    unrated = agreement("matriz-sin-calificar").pilot
    services.indicator_add(actor=staff, pilot=unrated, data=indicator)
    services.pilot_start(actor=staff, pilot=unrated, at=timezone.now() - timedelta(days=20))
    services.pilot_finish(actor=staff, pilot=unrated)
    return {
        RUNNING: running.pk,
        FINISHED: finished.pk,
        LOCKED_IND: running.indicators.order_by("order").values_list("pk", flat=True)[1],
        PLANNED: planned.pk,
        PLANNED_IND: planned_indicator.pk,
        UNRATED: unrated.pk,
        PROPOSAL: shortlisted("matriz-propuesta").pk,
        AGREEMENT: running.agreement_id,
        SIGNED: finished.agreement_id,
        STGO_ORG: santiago.pk,
        TODAY: str(today),
        YESTERDAY: str(today - timedelta(days=1)),
        NEXT_MONTH: str(today + timedelta(days=30)),
    }
