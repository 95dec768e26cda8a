"""Permission-matrix rows for collaborative projects and the hub's network (units map, roadmap).
See tests/test_permission_matrix.py for the columns.

Projects are public; the demo project (hublocal/projects/demo.py) has as partners the hub, the
`partner` account's university, Santiago and Valparaíso, so their people and hub staff edit it;
the startups are not partners and are refused. The units map and the roadmap are public; only
hub staff update a stage."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from tests.matrix import LOGIN, Row, row

DEMO = {"slug": "red-observatorios-comunales-seguridad"}
MILESTONE = "<projects: the demo project's first milestone>"
RESULT_FILE = "<projects: a result of the demo project with a PDF>"
STAGE = "<network: stage 8 of the roadmap>"
IN_PROJECT = "<projects: a date inside the demo project>"
LATER = "<projects: a later date inside the demo project>"
BEFORE = "<projects: a date before the demo project starts>"

NONE: dict[str, Any] = {}
ADD_FORM = {
    "title": "Hito de la matriz",
    "description": "",
    "starts_on": IN_PROJECT,
    "due_on": LATER,
    "weight": "1",
    "progress": "0",
}
EDIT_FORM = {"progress": "100", "starts_on": IN_PROJECT, "due_on": LATER, "weight": "2"}
RESULT_FORM = {"title": "Resultado de la matriz", "evidence": "Evidencia de la matriz.", "link": ""}
PROJECT_VERSION = "<projects: the demo project's row_version>"
ORG_HUB = "<projects: the hub's organisation id>"
NEW_PROJECT_FORM = {
    "title": "Proyecto de la matriz",
    "summary": "Resumen del proyecto de la matriz.",
    "objectives": "Objetivo uno.",
    "starts_on": IN_PROJECT,
    "ends_on": LATER,
    "status": "planned",
    "partner_1_organization": ORG_HUB,
    "partner_1_role": "lead",
}
PROJECT_EDIT_FORM = {
    "title": "Red de observatorios comunales de seguridad (editado)",
    "summary": "Resumen editado.",
    "objectives": "Objetivo editado.",
    "starts_on": "<projects: the demo project's start>",
    "ends_on": "<projects: the demo project's end>",
    "status": "active",
    "row_version": PROJECT_VERSION,
}
STAGE_FORM = {"status": "in_progress", "starts_on": "2026-01-01", "ends_on": ""}

# fmt: off
ROWS: list[Row] = [
    # route kwargs method anon staff anlst stgo valpo st-a st-b partner
    row("projects:project_list", NONE, "GET", 200, 200, 200, 200, 200, 200, 200, 200),
    row("projects:project_detail", DEMO, "GET", 200, 200, 200, 200, 200, 200, 200, 200),
    row("projects:project_detail", {"slug": "no-existe"}, "GET", 404, 404, 404, 404, 404, 404, 404, 404),
    row("projects:milestone_add", DEMO, "GET", LOGIN, 200, 200, 200, 200, 403, 403, 200),
    row("projects:milestone_add", DEMO, "POST", LOGIN, 302, 302, 302, 302, 403, 403, 302,
        data=ADD_FORM, audit="projects.milestone_add", note="the hub and the partners' people plan milestones"),
    row("projects:milestone_add", DEMO, "POST", LOGIN, 400, 400, 400, 400, 403, 403, 400,
        data={**ADD_FORM, "starts_on": BEFORE, "due_on": BEFORE}, note="a milestone before the project: refused"),
    row("projects:milestone_edit", {"pk": MILESTONE}, "GET", LOGIN, 200, 200, 200, 200, 403, 403, 200),
    row("projects:milestone_edit", {"pk": MILESTONE}, "POST", LOGIN, 302, 302, 302, 302, 403, 403, 302,
        data=EDIT_FORM, audit="projects.milestone_update"),
    row("projects:milestone_edit", {"pk": MILESTONE}, "POST", LOGIN, 400, 400, 400, 400, 403, 403, 400,
        data={**EDIT_FORM, "progress": "120"}, note="progress over 100 %: refused"),
    row("projects:result_add", DEMO, "GET", LOGIN, 200, 200, 200, 200, 403, 403, 200),
    row("projects:result_add", DEMO, "POST", LOGIN, 302, 302, 302, 302, 403, 403, 302,
        data=RESULT_FORM, audit="projects.result_add"),
    row("projects:result_add", DEMO, "POST", LOGIN, 400, 400, 400, 400, 403, 403, 400,
        data={**RESULT_FORM, "evidence": ""}, note="a result without evidence: refused"),
    # The project's terms (issue 14): registered and changed by the hub's staff only.
    row("projects:project_create", NONE, "GET", LOGIN, 200, 200, 403, 403, 403, 403, 403),
    row("projects:project_create", NONE, "POST", LOGIN, 302, 302, 403, 403, 403, 403, 403,
        data=NEW_PROJECT_FORM, audit="projects.project_create", note="starting a project commits the hub"),
    row("projects:project_create", NONE, "POST", LOGIN, 400, 400, 403, 403, 403, 403, 403,
        data={**NEW_PROJECT_FORM, "partner_1_organization": ""}, note="a project without partners: refused"),
    row("projects:project_edit", DEMO, "GET", LOGIN, 200, 200, 403, 403, 403, 403, 403),
    row("projects:project_edit", DEMO, "POST", LOGIN, 302, 302, 403, 403, 403, 403, 403,
        data=PROJECT_EDIT_FORM, audit="projects.project_update",
        note="partners report progress; the terms are the hub's commitment"),
    row("projects:project_edit", DEMO, "POST", LOGIN, 400, 400, 403, 403, 403, 403, 403,
        data={**PROJECT_EDIT_FORM, "ends_on": BEFORE}, note="ending before it starts: refused"),
    row("projects:result_file", {"pk": RESULT_FILE}, "GET", 200, 200, 200, 200, 200, 200, 200, 200,
        note="evidence is public like the project"),
    row("network:unit_map", NONE, "GET", 200, 200, 200, 200, 200, 200, 200, 200),
    row("network:roadmap", NONE, "GET", 200, 200, 200, 200, 200, 200, 200, 200),
    row("network:stage_edit", {"pk": STAGE}, "GET", LOGIN, 200, 200, 403, 403, 403, 403, 403),
    row("network:stage_edit", {"pk": STAGE}, "POST", LOGIN, 302, 302, 403, 403, 403, 403, 403,
        data=STAGE_FORM, audit="network.stage_update", note="the roadmap states the hub's own progress"),
    row("network:stage_edit", {"pk": STAGE}, "POST", LOGIN, 400, 400, 403, 403, 403, 403, 403,
        data={**STAGE_FORM, "status": "done"}, note="a stage done without dates: refused"),
    # --- API
    row("api:project_list", NONE, "GET", 200, 200, 200, 200, 200, 200, 200, 200),
    row("api:project_detail", DEMO, "GET", 200, 200, 200, 200, 200, 200, 200, 200),
    row("api:network_unit_list", NONE, "GET", 200, 200, 200, 200, 200, 200, 200, 200),
]
# fmt: on


def placeholders(users: dict[str, Any]) -> dict[str, Any]:
    from hublocal.network.models import Stage
    from hublocal.projects import services
    from hublocal.projects.models import Milestone, Project

    project = Project.objects.get(slug=DEMO["slug"])
    result = services.result_add(
        actor=users["staff"],
        project=project,
        title="Informe de la matriz",
        evidence="Documento de la matriz.",
        file_name="informe.pdf",
        data=b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n",
    )
    from hublocal.directory.models import Organization

    return {
        PROJECT_VERSION: str(project.row_version),
        ORG_HUB: str(Organization.objects.get(slug="hub-nacional-de-gobierno-local").pk),
        "<projects: the demo project's start>": project.starts_on.isoformat(),
        "<projects: the demo project's end>": project.ends_on.isoformat(),
        MILESTONE: Milestone.objects.filter(project=project).order_by("order").first().pk,
        RESULT_FILE: result.pk,
        STAGE: Stage.objects.get(number=8).pk,
        IN_PROJECT: (project.starts_on + timedelta(days=10)).isoformat(),
        LATER: (project.starts_on + timedelta(days=40)).isoformat(),
        BEFORE: (project.starts_on - timedelta(days=10)).isoformat(),
    }
