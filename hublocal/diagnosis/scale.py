"""Benchmark-scale diagnosis data: a 100-question instrument answered by every municipality.

Used by `manage.py seed_scale_diagnosis` and bench/diagnosis.py. Writes in bulk (no audit
event per row); the data is labelled by its campaign name and never mixed with demo data."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from hublocal.directory import selectors as directory_selectors
from hublocal.engagement import services as engagement_services

from . import instruments
from .models import Answer, Campaign, InstrumentVersion, Participation, ParticipationStatus
from .selectors import subject_key

SLUG = "escala-100"
CAMPAIGN = "Escala: 100 preguntas (benchmark)"
DIMENSIONS = [
    "digital_por_diseno",
    "sector_publico_datos",
    "gobierno_plataforma",
    "abierto_por_defecto",
    "impulsado_usuarios",
    "proactividad",
]


def instrument_data(n_questions: int = 100) -> dict[str, Any]:
    """A valid instrument with every question type and a few conditional questions."""
    dims: list[dict[str, Any]] = [
        {"id": d, "title": d.replace("_", " ").capitalize(), "questions": []} for d in DIMENSIONS
    ]
    for i in range(n_questions):
        dim = dims[i % len(dims)]
        qid = f"q{i:03d}"
        kind = ["single", "scale", "yesno", "multiple", "number", "single"][i % 6]
        q: dict[str, Any] = {"id": qid, "type": kind, "text": f"Pregunta de escala número {i}"}
        if kind == "single":
            q["options"] = [{"id": f"o{k}", "label": f"Opción {k}", "score": k * 25} for k in range(5)]
        elif kind == "multiple":
            q["options"] = [{"id": f"o{k}", "label": f"Opción {k}", "score": 25} for k in range(4)] + [
                {"id": "ninguna", "label": "Ninguna", "score": 0, "exclusive": True}
            ]
        elif kind == "number":
            q["number"] = {
                "min": 0,
                "max": 1000,
                "integer": True,
                "scoring": [{"upto": 0, "score": 0}, {"upto": 50, "score": 50}, {"score": 100}],
            }
        if i % 25 == 7 and i > 6:
            prev = dim["questions"][-1] if dim["questions"] else None
            if prev and prev["type"] == "yesno":
                q["show_if"] = {"question": prev["id"], "equals": True}
        dim["questions"].append(q)
    return {
        "slug": SLUG,
        "version": 1,
        "area": "digital",
        "title": "Instrumento de escala (100 preguntas)",
        "description": "Instrumento sintético para medir el rendimiento a escala latinoamericana.",
        "dimensions": dims,
    }


def random_value(q: instruments.Question, rng: random.Random) -> Any:
    if q.type == "single":
        return rng.choice(q.options).id
    if q.type == "multiple":
        return [o.id for o in q.options[:-1] if rng.random() < 0.5] or ["ninguna"]
    if q.type == "scale":
        return rng.randint(1, 5)
    if q.type == "yesno":
        return rng.random() < 0.6
    if q.type == "number":
        return rng.randint(0, 200)
    return None


def ensure(*, write: Callable[[str], None], seed: int = 7, batch: int = 20000) -> Campaign:
    data = instrument_data()
    parsed = instruments.parse(data)
    version, _created = InstrumentVersion.objects.get_or_create(
        slug=SLUG,
        version=1,
        defaults={
            "area": "digital",
            "title": data["title"],
            "content": data,
            "checksum": instruments.checksum(data),
            "question_count": len(parsed.questions),
        },
    )
    now = timezone.now()
    campaign, _created = Campaign.objects.get_or_create(
        name=CAMPAIGN,
        defaults={
            "instrument_version": version,
            "opens_at": now - timedelta(days=60),
            "closes_at": now + timedelta(days=365),
            "results_public": True,
        },
    )
    have = set(Participation.objects.filter(campaign=campaign).values_list("organization_id", flat=True))
    orgs = [o for o in directory_selectors.municipalities_everywhere() if o.pk not in have]
    rng = random.Random(seed)
    write(f"Participaciones nuevas: {len(orgs)}")
    for start in range(0, len(orgs), 2000):
        chunk = orgs[start : start + 2000]
        with transaction.atomic():
            parts = Participation.objects.bulk_create(
                [
                    Participation(
                        campaign=campaign,
                        organization=o,
                        status=ParticipationStatus.SUBMITTED,
                        commune_code=o.commune.code,
                        commune_name=o.commune.name,
                        region_code=o.commune.region.code if o.commune.region_id else o.commune.country.code,
                        typology=o.commune.typology,
                        submitted_at=now,
                        last_activity_at=now,
                    )
                    for o in chunk
                ]
            )
            if not all(p.pk for p in parts):  # SQLite < 3.35 would not return ids
                parts = list(Participation.objects.filter(campaign=campaign, organization__in=chunk))
            answers: list[Answer] = []
            for p in parts:
                for q in parsed.questions:
                    answers.append(Answer(participation_id=p.pk, question_id=q.id, value=random_value(q, rng)))
            Answer.objects.bulk_create(answers, batch_size=batch)
        write(f"  {start + len(chunk)}/{len(orgs)} municipios con respuestas")
    # Every participant is followed like in a real campaign (submitted ones are simply done).
    url_by_org = dict(Participation.objects.filter(campaign=campaign).values_list("organization_id", "pk"))
    created = engagement_services.track_open_many(
        process="diagnosis.campaign",
        subject_key=subject_key(campaign),
        organizations=list(url_by_org),
        label=campaign.name,
        url_for=lambda pk: f"/diagnostico/p/{url_by_org[pk]}/",
    )
    write(f"Seguimientos abiertos: {created}")
    return campaign
