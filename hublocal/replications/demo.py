"""Demo replications and commune indicators. Idempotent.

Loads data/indicadores_demo.csv (approximate 2017 census populations, illustrative budgets and
rurality for 60 communes, each row labelled as demo in its source) through the territory's import
service, so peers use indicators as they would with a real file. Then municipalities of different
typologies record replications of the demo library's models and practices and of the finished
demo pilot: some implemented with measured results, one confirmed by the hub, one abandoned with
its reason. Two of them are Santiago's nearest peers, so `santiago` finds, in "municipios como el
mío", models that municipalities like it replicated.

Built on the library demo (its published resources) and the pilots demo; without them it says so
and records only what it can."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils import timezone

from hublocal.diagnosis import neighbours
from hublocal.directory import selectors as directory_selectors
from hublocal.library import selectors as library_selectors
from hublocal.pilots import selectors as pilots_selectors
from hublocal.territory import services as territory_services

from . import services
from .models import Replication, Status

INDICATORS_CSV = Path(__file__).resolve().parent / "data" / "indicadores_demo.csv"
SANTIAGO = "13101"

# (commune code or "peer:N" for Santiago's N-th nearest peer, resource slug or "pilot", mode,
#  final status, what changed, results [(label, unit, baseline, value, months ago)], confirm)
PLAN: list[dict[str, Any]] = [
    {
        "where": "peer:0",
        "target": "modelo-observatorio-delictual-comunal",
        "mode": "adapt",
        "status": Status.IMPLEMENTED,
        "changes": "Se integró el observatorio con las cámaras de televigilancia existentes y se redujo el equipo a "
        "dos analistas con apoyo de la universidad regional.",
        "results": [
            ("Denuncias georreferenciadas dentro de 48 horas", "%", 35.0, 82.0, 2),
            ("Sesiones del consejo de seguridad con informe del observatorio", "sesiones", 0.0, 6.0, 1),
        ],
        "confirm": False,
    },
    {
        "where": "peer:1",
        "target": "auditoria-luminica-barrios",
        "mode": "adopt",
        "status": Status.IMPLEMENTED,
        "changes": "",
        "results": [("Puntos de luz reparados en barrios priorizados", "puntos", 0.0, 214.0, 1)],
        "confirm": True,
    },
    {
        "where": "peer:2",
        "target": "modelo-agenda-aps-recordatorios",
        "mode": "adapt",
        "status": Status.IMPLEMENTING,
        "changes": "Los recordatorios se envían también por llamada de voz para personas mayores sin WhatsApp.",
        "results": [("Inasistencia a controles crónicos", "%", 24.0, 18.5, 1)],
        "confirm": False,
    },
    {
        "where": "05101",
        "target": "modelo-agenda-aps-recordatorios",
        "mode": "adopt",
        "status": Status.IMPLEMENTED,
        "changes": "",
        "results": [
            ("Inasistencia a controles crónicos", "%", 27.0, 16.0, 3),
            ("Horas recuperadas por mes", "horas", 0.0, 310.0, 2),
        ],
        "confirm": True,
    },
    {
        "where": "10202",  # Ancud, rural
        "target": "buena-practica-rondas-rurales-telemedicina",
        "mode": "adapt",
        "status": Status.IMPLEMENTED,
        "changes": "Rondas quincenales en lancha a las islas, con interconsulta por telemedicina desde el CESFAM.",
        "results": [("Controles realizados en sectores aislados", "controles/mes", 40.0, 95.0, 1)],
        "confirm": False,
    },
    {
        "where": "05701",  # San Felipe, urbana mediana
        "target": "modelo-mediacion-vecinal",
        "mode": "adopt",
        "status": Status.ABANDONED,
        "changes": "",
        "reason": "El financiamiento regional para los mediadores no se renovó y el municipio no pudo absorber el "
        "costo del equipo con presupuesto propio.",
        "results": [],
        "confirm": False,
    },
    {
        "where": "05109",  # Viña del Mar
        "target": "pilot",
        "mode": "adapt",
        "status": Status.PLANNING,
        "changes": "Se evaluará el retiro agendado en línea solo en los cerros con más microbasurales.",
        "results": [],
        "confirm": False,
    },
]


def _load_indicators(staff: Any, write: Callable[[str], None]) -> None:
    try:
        report = territory_services.indicators_import(actor=staff, text=INDICATORS_CSV.read_text(encoding="utf-8"))
    except ValidationError as exc:
        write(f"Indicadores demo rechazados: {' '.join(exc.messages)}")
        return
    if report.rejected:
        write(f"Indicadores demo: {len(report.rejected)} filas rechazadas; no se cargaron.")
        return
    write(f"Indicadores comunales demo: {report.created} nuevos, {report.updated} reemplazados.")


def _municipality(where: str, peer_codes: list[str]) -> Any:
    if where.startswith("peer:"):
        n = int(where.split(":")[1])
        code = peer_codes[n] if n < len(peer_codes) else ""
    else:
        code = where
    return next(iter(directory_selectors.municipalities(codes=[code])), None) if code else None


def seed(write: Callable[[str], None]) -> None:
    staff = get_user_model().objects.filter(username="staff").first()
    _load_indicators(staff, write)
    if Replication.objects.filter(is_demo=True).exists():
        return
    found = neighbours.peers(commune_code=SANTIAGO, k=20)
    peer_codes: list[str] = []
    if found is not None:
        with_org = {o.commune.code for o in directory_selectors.municipalities(codes=[p.code for p in found.peers])}
        peer_codes = [p.code for p in found.peers if p.code in with_org]
    finished = pilots_selectors.finished_pilots(limit=1)
    today = timezone.localdate()
    recorded = 0
    for item in PLAN:
        municipality = _municipality(item["where"], peer_codes)
        if municipality is None:
            continue
        target: dict[str, Any] = {}
        if item["target"] == "pilot":
            if not finished or finished[0].agreement.municipality_id == municipality.pk:
                continue
            target["pilot_id"] = finished[0].pk
        else:
            resource = library_selectors.resource_get_by_slug(slug=item["target"])
            if resource is None or resource.status != "published":
                write(f"Sin el recurso demo «{item['target']}»: se omite su replicación.")
                continue
            target["resource_id"] = resource.pk
        started = today - datetime.timedelta(days=200)
        r = services.replication_record(
            actor=staff,
            municipality=municipality,
            mode=item["mode"],
            changes=item["changes"],
            started_on=started,
            contact_name="Encargada de Innovación (demo)",
            contact_email=f"innovacion@{municipality.slug}.demo.hublocal.cl",
            **target,
        )
        Replication.objects.filter(pk=r.pk).update(is_demo=True)
        if item["status"] != Status.PLANNING:
            services.replication_transition(actor=staff, replication=r, status=Status.IMPLEMENTING, on=started)
        if item["status"] == Status.ABANDONED:
            services.replication_transition(
                actor=staff,
                replication=r,
                status=Status.ABANDONED,
                reason=item["reason"],
                on=today - datetime.timedelta(days=60),
            )
        for label, unit, baseline, value, months in item["results"]:
            services.result_add(
                actor=staff,
                replication=r,
                label=label,
                unit=unit,
                baseline=baseline,
                value=value,
                measured_on=today - datetime.timedelta(days=30 * months),
            )
        if item["status"] == Status.IMPLEMENTED:
            services.replication_transition(
                actor=staff, replication=r, status=Status.IMPLEMENTED, on=today - datetime.timedelta(days=20)
            )
            if item["confirm"] and staff is not None:
                services.replication_confirm(
                    actor=staff,
                    replication=r,
                    note="Se revisaron el informe municipal de resultados y las actas del concejo (demo).",
                )
        recorded += 1
    write(f"Replicaciones demo: {recorded}")
