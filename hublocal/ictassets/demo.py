"""Demo ICT assets (seeder "ictassets", order 96): three to five systems for each of 30
municipalities (Santiago and Valparaíso among them, so the demo officials see their own), with
invented but plausible vendors and products, a mix of licences and some contracts ending within
a year; and four open-source solutions with their adopters. Idempotent: skipped once seeded."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from hublocal.directory import selectors as directory_selectors
from hublocal.replications import selectors as replications_selectors

from . import services
from .models import IctAsset, OpenSourceSolution

COMMUNES = (
    "13101", "05101", "08101", "13110", "13114", "13119", "13120", "13123", "13201", "05109",
    "02101", "01101", "04101", "06101", "07101", "09101", "10101", "14101", "12101", "11101",
    "15101", "03101", "16101", "08110", "04102", "09112", "13401", "07301", "10201", "05601",
)  # fmt: skip

# (category, product, vendor, licence, spdx, hosting, personal data)
CATALOGUE: tuple[tuple[str, str, str, str, str, str, list[str]], ...] = (
    ("finance", "FinanzasMuni 5", "Sistemas Municipales del Sur SpA (demo)", "proprietary", "", "on_premises",
     ["identification", "financial"]),
    ("finance", "ContaLocal Nube", "Nube Pública Ltda. (demo)", "saas", "", "vendor_cloud",
     ["identification", "financial"]),
    ("permits", "PatentesWeb", "GovSoft Chile SpA (demo)", "saas", "", "vendor_cloud", ["identification", "contact"]),
    ("permits", "Gestor de Patentes Libre", "", "open_source", "MIT", "hub", ["identification", "contact"]),
    ("hr", "RemuMuni", "Sistemas Municipales del Sur SpA (demo)", "proprietary", "", "on_premises",
     ["identification", "employment", "financial"]),
    ("documents", "GestorDoc Libre", "Cooperativa TIC Austral (demo)", "open_source", "AGPL-3.0-or-later",
     "public_cloud", ["identification"]),
    ("transparency", "Portal Transparente", "GovSoft Chile SpA (demo)", "saas", "", "vendor_cloud", []),
    ("health", "Ficha APS Local", "SaludTech SpA (demo)", "proprietary", "", "on_premises",
     ["identification", "health", "minors"]),
    ("security", "VigíaCam Central", "Seguridad Urbana Integral SpA (demo)", "proprietary", "", "on_premises",
     ["images", "location"]),
    ("gis", "QGIS", "", "open_source", "GPL-2.0-or-later", "on_premises", []),
    ("gis", "Mapa Comunal Abierto", "", "open_source", "GPL-3.0-or-later", "public_cloud", ["location"]),
    ("portal", "Trámites en Línea", "DataMuni SpA", "saas", "", "vendor_cloud", ["identification", "contact"]),
    ("erp", "ERP Comunal Integrado", "Sistemas Municipales del Sur SpA (demo)", "proprietary", "", "vendor_cloud",
     ["identification", "financial", "employment"]),
)  # fmt: skip

SOLUTIONS = (
    # name, repository, licence, maintainer commune, description, adopters (commune, status)
    ("Gestor de Patentes Libre", "https://github.com/municipios-abiertos-demo/patentes-libre", "MIT", "13101",
     "Tramitación de patentes comerciales y de alcoholes con pago en línea, publicada por la Municipalidad de "
     "Santiago para que otros municipios la reutilicen.",
     (("05101", "in_use"), ("13120", "in_use"), ("08101", "piloting"), ("04101", "evaluating"))),
    ("Mapa Comunal Abierto", "https://gitlab.com/municipios-abiertos-demo/mapa-comunal", "GPL-3.0-or-later", "05101",
     "Visor geográfico de la comuna (permisos de edificación, luminarias, ferias) sobre datos abiertos.",
     (("05109", "in_use"), ("13101", "evaluating"), ("14101", "piloting"))),
    ("Agenda de Horas APS", "https://github.com/municipios-abiertos-demo/agenda-aps", "AGPL-3.0-or-later", "08101",
     "Reserva de horas en los centros de salud familiar con recordatorios por SMS.",
     (("08110", "in_use"), ("16101", "abandoned"))),
    ("Portal de Transparencia Activa", "https://github.com/municipios-abiertos-demo/transparencia-activa",
     "Apache-2.0", "", "Publicación automática de la transparencia activa (Ley 20.285) desde los sistemas municipales.",
     (("13119", "in_use"), ("06101", "in_use"), ("07101", "evaluating"))),
)  # fmt: skip


def _library_resource_with_replications() -> int | None:
    """A published library resource that municipalities already replicate, if the demo has one."""
    for replication in replications_selectors.replication_list()[:50]:
        if replication.resource_id:
            return int(replication.resource_id)
    return None


def seed(write: Callable[[str], None]) -> None:
    staff = get_user_model().objects.filter(username="staff").first()
    if staff is None:
        write("ictassets: no staff account, skipped")
        return
    if IctAsset.objects.filter(is_demo=True).exists():
        write("ictassets: already seeded")
        return
    municipalities = {m.commune.code: m for m in directory_selectors.municipalities(codes=list(COMMUNES))}
    if "13101" not in municipalities or "05101" not in municipalities:
        write("ictassets: Santiago or Valparaíso missing, skipped")
        return
    vendors = {
        o.name: o.pk for o in directory_selectors.organization_list(kind="startup")[:200]
    }  # DataMuni SpA is in the directory's demo
    rng = random.Random(96)
    today = timezone.localdate()
    created = 0
    for code in COMMUNES:
        municipality = municipalities.get(code)
        if municipality is None:
            continue
        picks = rng.sample(CATALOGUE, rng.randint(3, 5))
        for category, product, vendor, licence, spdx, hosting, personal in picks:
            start = today - timedelta(days=rng.randint(200, 1500))
            # About a third of the contracts end within the next year: the procurement window.
            end = today + timedelta(days=rng.randint(20, 340) if rng.random() < 0.35 else rng.randint(400, 1400))
            paid = licence != "open_source"
            data: dict[str, Any] = {
                "name": f"{product} · {municipality.name}",
                "purpose": f"Sistema de {product} usado por la municipalidad (dato de demostración).",
                "category": category,
                "vendor_id": vendors.get(vendor),
                "vendor_name": vendor,
                "product": product,
                "licence_type": licence,
                "spdx_id": spdx,
                "contract_value": rng.randrange(4, 300) * 1_000_000 if paid else rng.choice([None, 2_500_000]),
                "starts_on": start,
                "ends_on": end if paid else None,
                "hosting": hosting,
                "has_api": rng.random() < 0.5,
                "standards": rng.choice(["", "REST/JSON", "Norma técnica de interoperabilidad", "SOAP"]),
                "pisee": rng.random() < 0.3,
                "claveunica": category in ("permits", "portal") and rng.random() < 0.7,
                "personal_data": personal,
                "owner_name": f"Encargada/o TI de {municipality.name} (demo)",
                "owner_email": f"ti.{code}@municipio-demo.cl",
                "satisfaction": rng.randint(2, 5),
            }
            services.asset_create(actor=staff, municipality=municipality, data=data, is_demo=True)
            created += 1
    resource_id = _library_resource_with_replications()
    for name, repo, spdx, maintainer, description, adopters in SOLUTIONS:
        if OpenSourceSolution.objects.filter(name=name).exists():
            continue
        hub = directory_selectors.organization_get(slug="hub-nacional-de-gobierno-local")
        maintainer_org = municipalities.get(maintainer) if maintainer else hub
        solution = services.solution_create(
            actor=staff,
            name=name,
            repository_url=repo,
            spdx_id=spdx,
            description=description,
            maintainer_id=maintainer_org.pk if maintainer_org else None,
            library_resource_id=resource_id if not maintainer else None,
            is_demo=True,
        )
        for code, status in adopters:
            if code in municipalities:
                services.adoption_declare(
                    actor=staff, solution=solution, municipality_id=municipalities[code].pk, status=status, is_demo=True
                )
    write(f"ictassets: {created} demo assets in {len(municipalities)} municipalities, {len(SOLUTIONS)} solutions")
