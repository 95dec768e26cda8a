"""Demo library: the resources of content/library/demo/resources.yaml (each with a real file built
by demo_files.build_file, its text extracted), taken through the real workflow (proposed,
submitted, approved by `staff`, evidence levels with justifications), staff's mapping of each to
its first diagnosis dimension, and two replicable models derived from the demo pilots with
`model_draft_from_pilot`. Idempotent; entries naming unknown organisations keep the known ones.

Runs after the pilots demo (order 60); without the YAML or the pilots it seeds what it can."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import yaml
from django.contrib.auth import get_user_model

from hublocal.core.content import CONTENT_DIR
from hublocal.directory import selectors as directory_selectors
from hublocal.pilots import selectors as pilot_selectors

from . import services
from .demo_files import build_file
from .models import Extraction, Resource, ResourceFile

DEMO_FILE = CONTENT_DIR / "library" / "demo" / "resources.yaml"


def _approve(staff: Any, resource: Resource) -> None:
    from . import content

    services.resource_submit(actor=staff, resource=resource)
    checklist = {c["id"]: True for c in content.criteria()["criteria"]}
    services.review_record(actor=staff, resource=resource, decision="approve", comment="", checklist=checklist)


def load_entries() -> list[dict[str, Any]]:
    if not DEMO_FILE.exists():
        return []
    data = yaml.safe_load(DEMO_FILE.read_text(encoding="utf-8")) or []
    return [e for e in data if isinstance(e, dict) and e.get("slug") and e.get("kind") and e.get("title")]


def seed_entry(staff: Any, entry: dict[str, Any]) -> Resource | None:
    """One YAML entry through the workflow; None when it is already there or cannot be seeded."""
    if Resource.objects.filter(slug=entry["slug"]).exists():
        return None
    orgs = [o for o in (directory_selectors.organization_get(slug=s) for s in entry.get("organizations") or []) if o]
    published_on = entry.get("published_on")
    data = {
        "title": entry["title"],
        "summary": entry.get("summary", ""),
        "body": entry.get("body", ""),
        "areas": entry.get("areas") or [],
        "typologies": entry.get("typologies") or [],
        "countries": entry.get("countries") or ["CL"],
        "language": entry.get("language") or "es",
        "licence": entry.get("licence") or "CC-BY-4.0",
        "published_on": published_on if isinstance(published_on, date) else None,
        "authors": entry.get("authors") or [],
        "tags": entry.get("tags") or [],
        "dimensions": entry.get("dimensions") or [],
        "model": entry.get("model") or {},
    }
    uploads = []
    spec = entry.get("file") or {}
    if spec.get("format") in ("pdf", "docx", "xlsx", "odt", "csv") and spec.get("name"):
        uploads.append((spec["name"], build_file(spec["format"], entry["title"], spec.get("text") or entry["title"])))
    resource = services.resource_create(
        actor=staff,
        organization=orgs[0] if orgs else None,
        kind=entry["kind"],
        data=data,
        organizations=orgs,
        uploads=uploads,
        is_demo=True,
    )
    # The proposer's own slug, so links in the demo content and the tests stay stable.
    Resource.objects.filter(pk=resource.pk).update(slug=entry["slug"])
    resource.slug = entry["slug"]
    _approve(staff, resource)
    evidence = entry.get("evidence") or {}
    if evidence.get("level") and evidence.get("justification"):
        services.evidence_level_set(
            actor=staff,
            resource=resource,
            level=int(evidence["level"]),
            justification=str(evidence["justification"]),
            evidence=[],
        )
    dims = data["dimensions"]
    if dims:
        services.dimension_link_add(
            actor=staff, resource=resource, dimension=f"{dims[0][0]}:{dims[0][1]}", note="Vínculo de demostración"
        )
    return resource


def _model_from_pilot(staff: Any, pilot: Any, steps: list[str], level: int, file_text: str) -> None:
    resource = services.model_draft_from_pilot(actor=staff, pilot_id=pilot.pk)
    detail_version = services.working_version(resource)
    assert detail_version is not None
    data = {
        "title": detail_version.title,
        "summary": detail_version.summary,
        "body": detail_version.body,
        "areas": detail_version.areas,
        "typologies": ["metropolitana", "mayor"],
        "countries": ["CL"],
        "authors": ["Equipo Hub Nacional de Gobierno Local"],
        "tags": [*detail_version.tags, "modelo desde piloto"],
        "related_pilots": detail_version.related_pilots,
        "related_challenges": detail_version.related_challenges,
        "dimensions": [],
        "model": {
            **detail_version.model,
            "steps": steps,
            "prerequisites": ["Convenio de colaboración firmado", "Encargado municipal con dedicación parcial"],
            "risks": ["Baja adopción si no se capacita al equipo de atención"],
            "context": {**detail_version.model.get("context", {}), "typologies": ["metropolitana", "mayor"]},
        },
    }
    services.resource_update(
        actor=staff,
        resource=resource,
        data=data,
        expected_version=None,
        uploads=[("ficha-modelo.pdf", build_file("pdf", data["title"], file_text))],
    )
    Resource.objects.filter(pk=resource.pk).update(is_demo=True)
    _approve(staff, resource)
    services.evidence_level_set(
        actor=staff,
        resource=resource,
        level=level,
        justification=(
            "Derivado de un piloto con indicadores preregistrados y medidos durante su ejecución; "
            "los resultados muestran un cambio medido en la municipalidad que lo aplicó."
        ),
        evidence=[{"kind": "pilot", "ref": str(pilot.pk), "label": pilot.title}],
    )


def seed(write: Callable[[str], None]) -> None:
    staff = get_user_model().objects.filter(username="staff").first()
    if staff is None:
        write("library: no staff account (run the accounts demo first); skipped")
        return
    made = 0
    for entry in load_entries():
        try:
            if seed_entry(staff, entry) is not None:
                made += 1
        except Exception as exc:  # noqa: BLE001 - one bad demo entry must not stop the others
            write(f"library: entry {entry.get('slug')!r} skipped: {exc}")
    if not Resource.objects.filter(
        is_demo=True, kind="replicable_model", tags__icontains="modelo desde piloto"
    ).exists():
        pilots = [p for p in pilot_selectors.pilot_list() if p.status in ("finished", "running")][:2]
        for pilot in sorted(pilots, key=lambda p: p.status != "finished"):
            _model_from_pilot(
                staff,
                pilot,
                steps=[
                    "Levantar la línea base del proceso con datos de los últimos seis meses",
                    "Firmar un convenio de colaboración con el proveedor",
                    "Capacitar al equipo municipal y abrir el canal a los vecinos",
                    "Medir mensualmente los indicadores y ajustar",
                    "Evaluar al cierre y decidir la continuidad",
                ],
                level=2 if pilot.status == "finished" else 1,
                file_text=(
                    f"Ficha del modelo replicable derivado del piloto {pilot.title}.\n\n"
                    "Incluye la planilla de seguimiento mensual y el acta de cierre (documento demostrativo "
                    "con la palabra clave pilotoreplicable)."
                ),
            )
            made += 1
    # Without an immediate task queue the extraction waits for a worker; the demo must be searchable now.
    for row in ResourceFile.objects.filter(extraction=Extraction.PENDING, version__resource__is_demo=True):
        services.file_extract(file_id=row.pk)
    write(f"library: {made} demo resources")
