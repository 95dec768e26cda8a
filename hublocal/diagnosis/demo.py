"""Demo diagnosis: a digital-maturity campaign across 64 municipalities of every typology.

Answers are generated plausibly (larger municipalities tend to be more mature, with noise),
clearly labelled demo. Santiago has submitted; Valparaíso is in progress and has been silent
for ten days, so the escalation chain has already reminded its focal point. Idempotent."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from hublocal.directory import selectors as directory_selectors
from hublocal.engagement import services as engagement_services

from . import selectors, services
from .instruments import Question
from .models import Campaign

CAMPAIGN_NAME = "Diagnóstico de madurez digital 2026 (demo)"
PER_TYPOLOGY = 16
# Typical maturity by typology: where a municipality's answers centre (0–100).
CENTRE = {"metropolitana": 62, "mayor": 55, "urbana_mediana": 44, "rural_semiurbana": 30, "sin_clasificar": 40}


def _pick(question: Question, target: float, rng: random.Random) -> Any:
    """An answer whose score lands near `target`, as a real municipality's would."""
    t = question.type
    if t == "single":
        scored = [o for o in question.options if o.score is not None]
        return min(scored, key=lambda o: abs(o.score - target) + rng.uniform(0, 25)).id
    if t == "multiple":
        chosen = [o.id for o in question.options if not o.exclusive and rng.uniform(0, 100) < target]
        return chosen or [next((o.id for o in question.options if o.exclusive), question.options[0].id)]
    if t == "scale":
        return max(1, min(5, round(1 + target / 25 + rng.uniform(-1, 1))))
    if t == "yesno":
        good = rng.uniform(0, 100) < target
        return (not good) if question.invert else good
    if t == "number":
        lo, hi = question.number_min or 0, question.number_max or 100
        value = lo + (hi - lo) * max(0.0, min(1.0, target / 100 * rng.uniform(0.05, 0.5)))
        return int(value) if question.number_integer else round(value, 1)
    if t == "text":
        return "Respuesta de demostración." if rng.random() < 0.3 else None
    return None


def _answers(instrument: Any, target: float, rng: random.Random) -> list[services.AnswerInput]:
    from .scoring import is_visible

    values: dict[str, Any] = {}
    for q in instrument.questions:
        if not is_visible(instrument, q, values):
            continue
        value = _pick(q, max(0.0, min(100.0, target + rng.uniform(-20, 20))), rng)
        if value is not None:
            values[q.id] = value
    return [services.AnswerInput(qid, v) for qid, v in values.items()]


def seed(write: Callable[[str], None]) -> None:
    report = services.instruments_publish()
    for error in report.errors:
        write(f"Instrumento con problemas: {error}")
    if report.published:
        write(f"Instrumentos publicados: {', '.join(report.published)}")
    if Campaign.objects.filter(name=CAMPAIGN_NAME).exists():
        return
    version = selectors.instrument_version_get(slug="madurez-digital")
    if version is None:
        write("No hay instrumento de madurez digital publicado; se omite la campaña demo.")
        return
    instrument = selectors.instrument_of(version)
    rng = random.Random(2026)
    chosen: dict[str, Any] = {}
    for typology in CENTRE:
        pool = list(directory_selectors.municipalities(typology=typology))
        for org in rng.sample(pool, min(PER_TYPOLOGY, len(pool))):
            chosen[org.commune.code] = org
    for code in ("13101", "05101"):
        org = next(iter(directory_selectors.municipalities(codes=[code])), None)
        if org is not None:
            chosen[code] = org
    now = timezone.now()
    opened = now - timedelta(days=45)
    staff = get_user_model().objects.filter(username="staff").first()
    campaign = services.campaign_create(
        actor=staff,
        name=CAMPAIGN_NAME,
        instrument_version=version,
        opens_at=opened,
        closes_at=now + timedelta(days=20),
        organizations=list(chosen.values()),
        is_demo=True,
    )
    santiago_user = get_user_model().objects.filter(username="santiago").first()
    valparaiso_user = get_user_model().objects.filter(username="valparaiso").first()
    participations = list(selectors.participation_list(campaign=campaign))
    for i, p in enumerate(participations):
        centre = CENTRE.get(p.typology, 40) + rng.uniform(-15, 15)
        started = opened + timedelta(days=rng.randint(1, 20), hours=rng.randint(8, 17))
        if p.commune_code == "05101":
            # In progress, then silent for ten days: half the instrument answered.
            items = _answers(instrument, centre, rng)
            services.answers_save(
                actor=valparaiso_user,
                participation=p,
                answers=items[: len(items) // 2],
                now=now - timedelta(days=10),
                allow_unversioned=True,  # the seeder is the only writer
            )
            continue
        if p.commune_code != "13101" and i % 16 == 5:
            continue  # invited, never answered
        if p.commune_code != "13101" and i % 16 == 9:
            services.answers_save(
                actor=None,
                participation=p,
                answers=_answers(instrument, centre, rng)[:5],
                now=now - timedelta(days=rng.randint(2, 6)),
                allow_unversioned=True,
            )
            continue  # in progress, recently active
        actor = santiago_user if p.commune_code == "13101" else None
        services.answers_save(
            actor=actor, participation=p, answers=_answers(instrument, centre, rng), now=started, allow_unversioned=True
        )
        services.participation_submit(actor=actor, participation=p, now=started + timedelta(days=rng.randint(1, 5)))
    # The hourly job would have run by now: remind the silent ones (logged, e-mailed to var/mail).
    sent = engagement_services.escalate_due(now=now)
    write(f"Campaña demo: {len(participations)} municipios; {len(sent)} recordatorios registrados.")
