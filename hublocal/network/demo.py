"""Demo units and the roadmap for `make run`, from content/network/units.yaml and roadmap.yaml.
The eight stages use the words of AMUCH's 2026 document (seed 002); their statuses and evidence
are demo values. Idempotent: once units or stages exist they are left as they are (staff may
have edited them)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import yaml
from django.contrib.auth import get_user_model
from django.utils import timezone

from hublocal.core.content import CONTENT_DIR
from hublocal.directory import selectors as directory_selectors
from hublocal.territory import selectors as territory_selectors

from . import selectors, services
from .models import Stage, Unit

UNITS_FILE = CONTENT_DIR / "network" / "units.yaml"
ROADMAP_FILE = CONTENT_DIR / "network" / "roadmap.yaml"


def _load(path: Any) -> dict[str, Any]:
    return yaml.safe_load(path.read_text(encoding="utf-8")) or {}


def seed(write: Callable[[str], None]) -> None:
    staff = get_user_model().objects.filter(username="staff").first()
    if staff is None:
        write("Falta la cuenta demo staff; se omiten las unidades y la hoja de ruta demo.")
        return
    if not Unit.objects.exists():
        data = _load(UNITS_FILE)
        units = {}
        for i, u in enumerate(data.get("units", [])):
            units[u["slug"]] = services.unit_upsert(
                actor=staff,
                slug=u["slug"],
                name=u["name"],
                kind=u["kind"],
                mission=u["mission"],
                order=i,
                products=[(p["kind"], p["title"], p.get("url", "")) for p in u.get("products", [])],
                is_demo=True,
            )
        for r in data.get("relations", []):
            services.relation_add(
                actor=staff,
                source=units[r["source"]],
                target=units[r["target"]],
                kind=r["kind"],
                description=r.get("description", ""),
            )
        write("Unidades demo del Hub creadas.")
    if not Stage.objects.exists():
        today = timezone.localdate()
        for s in _load(ROADMAP_FILE).get("stages", []):
            stage = services.stage_upsert(
                actor=staff,
                number=s["number"],
                title=s["title"],
                purpose=s["purpose"],
                components="\n".join(f"{c['title']}: {c['text']}" for c in s.get("components", [])),
                expected_result=s["expected_result"],
            )
            demo = s.get("demo_status")
            if demo:
                starts = today - timedelta(days=30 * demo["started_months_ago"])
                ends = starts + timedelta(days=30 * demo["months"]) if demo.get("months") else None
                services.stage_update(actor=staff, stage=stage, status=demo["status"], starts_on=starts, ends_on=ends)
            for ev in s.get("demo_evidence", []):
                services.evidence_add(
                    actor=staff, stage=stage, kind=ev["kind"], title=ev["title"], url=ev.get("url", "")
                )
        write("Hoja de ruta demo (ocho etapas) creada.")
    seed_networks(write)


NETWORKS_FILE = CONTENT_DIR / "network" / "networks.yaml"


def seed_networks(write: Callable[[str], None]) -> None:
    """AMUCH memberships of demo municipalities and three international networks. Idempotent: a
    municipality with a membership or an existing network is left as staff may have edited it."""
    staff = get_user_model().objects.filter(username="staff").first()
    if staff is None:
        return
    data = _load(NETWORKS_FILE)
    created = 0
    for m in data.get("memberships", []):
        commune = territory_selectors.commune_get(code=m["commune"])
        org = directory_selectors.municipality_for_commune(commune_id=commune.pk) if commune else None
        if org is None or selectors.membership_for(organization_id=org.pk) is not None:
            continue
        services.membership_set(
            actor=staff,
            organization=org,
            member_since=date.fromisoformat(m["since"]),
            status=m["status"],
            is_demo=True,
        )
        created += 1
    for n in data.get("networks", []):
        if selectors.network_get(slug=n["slug"]) is not None:
            continue
        known = [c for c in n.get("communes", []) if territory_selectors.commune_get(code=c) is not None]
        services.network_save(
            actor=staff,
            slug=n["slug"],
            name=n["name"],
            description=n["description"],
            url=n.get("url", ""),
            countries="\n".join(n.get("countries", [])),
            commune_codes=known,
            is_demo=True,
        )
        created += 1
    if created:
        write("Membresías AMUCH y redes internacionales demo creadas.")


def seed_agreement_links(write: Callable[[str], None]) -> None:
    """Issue 14: the framework agreement with SUBDERE is evidence of stage 4 (multi-actor
    articulation) on the roadmap. Idempotent (link_record)."""
    from hublocal.agreements import selectors as agreement_selectors
    from hublocal.agreements import services as agreement_services

    agreement = agreement_selectors.demo_agreement(
        "Convenio marco Hub–SUBDERE para el fortalecimiento municipal (demo)"
    )
    stage = Stage.objects.filter(number=4).first()
    if agreement is None or stage is None:
        write("network: demo agreement or stage 4 missing, evidence link skipped")
        return
    agreement_services.link_record(agreement=agreement, kind=selectors.STAGE_LINK_KIND, object_id=stage.pk)
    write("network: framework agreement cited as evidence of stage 4")
