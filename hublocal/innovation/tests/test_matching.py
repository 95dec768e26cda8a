"""Explainable matching: ranking sanity, readable reasons, bounded queries, open challenges only."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db.models import F
from django.utils import timezone

from hublocal.core import spanish
from hublocal.directory.models import Organization
from hublocal.innovation import matching
from hublocal.innovation.models import Call, CallStatus, Challenge, ChallengeStatus
from hublocal.solutions.models import CatalogueVersion, Solution
from hublocal.territory.models import Commune

AGENDA = {
    "title": "Horas para el consultorio sin madrugar",
    "area": "aps",
    "problem": "Los usuarios de las postas hacen fila desde las seis para pedir hora con el médico.",
    "affected": "Adultos mayores y pacientes crónicos de sectores rurales.",
    "current_process": "Cuaderno de citaciones y llamados que nadie contesta.",
    "constraints": "La señal de internet se corta seguido.",
    "success": "Nadie espera más de dos días por una hora.",
}
PATENTES = {
    "title": "Patentes comerciales sin papeles",
    "area": "digital",
    "problem": "Renovar una patente comercial exige tres visitas y pagar en caja.",
    "affected": "Almaceneros y emprendedores.",
    "current_process": "Formularios impresos y pago presencial.",
    "constraints": "",
    "success": "80% de las renovaciones sin venir al municipio.",
}


def make_call(slug: str, opens_days: int, closes_days: int) -> Call:
    now = timezone.now()
    return Call.objects.create(
        title=slug,
        slug=slug,
        description="Convocatoria de prueba.",
        eligibility="Startups.",
        opens_at=now + timedelta(days=opens_days),
        closes_at=now + timedelta(days=closes_days),
        status=CallStatus.PUBLISHED,
    )


def make_challenge(owner, call, statement, status=ChallengeStatus.PUBLISHED, *, analysed=True) -> Challenge:
    challenge = Challenge(owner=owner, call=call, status=status, **statement)
    if analysed:
        challenge.terms = spanish.document_terms(*matching.challenge_texts(challenge))
    challenge.save()
    return challenge


def make_solution(organization, slug, name, text, area, *, typologies=(), pilots=0, published=True) -> Solution:
    solution = Solution.objects.create(
        organization=organization,
        slug=slug,
        name=name,
        summary=name,
        problem=text,
        area=area,
        deployment="cloud",
        pricing_model="subscription",
        typologies=list(typologies),
        pilots_done=pilots,
        is_published=published,
        terms=spanish.document_terms(name, name, text),
    )
    CatalogueVersion.objects.get_or_create(pk=1)
    CatalogueVersion.objects.filter(pk=1).update(version=F("version") + 1)
    return solution


@pytest.fixture
def rural_municipality(network):
    municipality = Organization.objects.filter(kind="municipality", commune__isnull=False).order_by("pk").first()
    Commune.objects.filter(pk=municipality.commune_id).update(typology="rural_semiurbana")
    municipality.refresh_from_db()
    return municipality


@pytest.fixture
def startup(network):
    return Organization.objects.create(kind="startup", name="Agenda Sur SpA", slug="agenda-sur-spa")


@pytest.fixture
def catalogue(startup):
    other = Organization.objects.create(kind="startup", name="Otra Cosa SpA", slug="otra-cosa-spa")
    return {
        "agenda": make_solution(
            startup,
            "agenda-sur",
            "Agenda Sur",
            "Reserva de horas médicas en el CESFAM y las postas rurales, funciona sin conexión y confirma por SMS.",
            "aps",
            typologies=["rural_semiurbana"],
            pilots=3,
        ),
        "licencias": make_solution(
            startup,
            "licencias-sur",
            "Licencias Sur",
            "Licencias de funcionamiento de negocios tramitadas en línea con pago electrónico.",
            "digital",
        ),
        "hidden": make_solution(
            startup,
            "agenda-borrador",
            "Agenda borrador",
            "Reserva de horas médicas en el consultorio rural sin conexión.",
            "aps",
            published=False,
        ),
        "unrelated": make_solution(
            other, "arbolado", "Arbolado urbano", "Inventario de árboles con sensores de riego.", "ambiente"
        ),
    }


@pytest.fixture
def challenges(rural_municipality):
    open_call = make_call("abierta-prueba", -1, 30)
    closed_call = make_call("cerrada-prueba", -60, -30)
    return {
        "open": make_challenge(rural_municipality, open_call, AGENDA),
        "patentes": make_challenge(rural_municipality, open_call, {**PATENTES, "title": "Patentes de prueba"}),
        "closed": make_challenge(rural_municipality, closed_call, {**AGENDA, "title": "Horas, convocatoria cerrada"}),
        "draft": make_challenge(
            rural_municipality, open_call, {**AGENDA, "title": "Horas en borrador"}, status=ChallengeStatus.DRAFT
        ),
    }


def loaded(challenge: Challenge) -> Challenge:
    return Challenge.objects.select_related("owner", "owner__commune", "call").get(pk=challenge.pk)


def test_synonyms_rank_the_right_solution_first(catalogue, challenges):
    matches = matching.matches_for_challenge(challenge=loaded(challenges["open"]), limit=50)
    ranked = [m.solution.pk for m in matches]
    assert catalogue["agenda"].pk in ranked
    assert catalogue["hidden"].pk not in ranked  # unpublished
    if catalogue["unrelated"].pk in ranked:
        assert ranked.index(catalogue["agenda"].pk) < ranked.index(catalogue["unrelated"].pk)
    if catalogue["licencias"].pk in ranked:
        assert ranked.index(catalogue["agenda"].pk) < ranked.index(catalogue["licencias"].pk)
    assert all(0 <= m.score <= 100 for m in matches)
    assert [m.score for m in matches] == sorted((m.score for m in matches), reverse=True)


def test_reasons_are_readable_sentences(catalogue, challenges):
    matches = matching.matches_for_challenge(challenge=loaded(challenges["open"]), limit=50)
    match = next(m for m in matches if m.solution.pk == catalogue["agenda"].pk)
    assert match.reasons[0].startswith("Comparten los conceptos: ")
    assert "Misma área prioritaria: Atención primaria de salud" in match.reasons
    assert "Pensada para municipios de tipología rural / semiurbana" in match.reasons
    assert "3 pilotos previos en municipios" in match.reasons
    assert "agendamiento de horas" in match.shared_terms
    assert not any(term.startswith("_") for term in match.shared_terms)


def test_stored_terms_are_used_when_present(catalogue, challenges):
    challenge = loaded(challenges["patentes"])
    matches = matching.matches_for_challenge(challenge=challenge, limit=50)
    assert catalogue["licencias"].pk in [m.solution.pk for m in matches]
    match = next(m for m in matches if m.solution.pk == catalogue["licencias"].pk)
    assert "patentes comerciales" in match.shared_terms

    Challenge.objects.filter(pk=challenge.pk).update(terms=spanish.analyze("árboles y riego"))
    stored = matching.matches_for_challenge(challenge=loaded(challenge), limit=50)
    assert catalogue["licencias"].pk not in [m.solution.pk for m in stored]
    assert catalogue["unrelated"].pk in [m.solution.pk for m in stored]


def test_unanalysed_challenge_is_analysed_on_the_fly(catalogue, rural_municipality):
    challenge = make_challenge(rural_municipality, None, AGENDA, status=ChallengeStatus.DRAFT, analysed=False)
    assert challenge.terms == []
    matches = matching.matches_for_challenge(challenge=loaded(challenge), limit=50)
    assert catalogue["agenda"].pk in [m.solution.pk for m in matches]


def test_query_count_is_bounded(catalogue, challenges, django_assert_max_num_queries):
    challenge = loaded(challenges["open"])
    matching.matches_for_challenge(challenge=challenge)  # warms the index
    with django_assert_max_num_queries(2):  # catalogue version + the solutions shown
        matches = matching.matches_for_challenge(challenge=challenge, limit=10)
    assert matches


def test_startup_sees_only_open_challenges(catalogue, challenges, startup):
    matches = matching.matches_for_startup(organization=startup, limit=100)
    seen = {m.challenge.pk: m for m in matches}
    open_ids = {c.pk for c in matching.open_challenges_for_matching()}
    assert set(seen) <= open_ids
    assert challenges["open"].pk in seen and challenges["patentes"].pk in seen
    assert challenges["closed"].pk not in seen and challenges["draft"].pk not in seen
    assert seen[challenges["open"].pk].solution.pk == catalogue["agenda"].pk
    assert seen[challenges["patentes"].pk].solution.pk == catalogue["licencias"].pk
    assert all(m.solution.organization_id == startup.pk for m in matches)
    assert seen[challenges["open"].pk].reasons
    assert [m.score for m in matches] == sorted((m.score for m in matches), reverse=True)


def test_startup_matching_queries_do_not_grow_with_challenges(
    catalogue, challenges, startup, rural_municipality, django_assert_max_num_queries
):
    open_call = challenges["open"].call
    for n in range(5):
        make_challenge(rural_municipality, open_call, {**AGENDA, "title": f"Horas {n}"})
    matching.matches_for_startup(organization=startup)  # warms the index
    with django_assert_max_num_queries(3):  # catalogue version, open challenges, solutions shown
        assert matching.matches_for_startup(organization=startup, limit=10)


def test_startup_without_published_solutions_gets_nothing(challenges, network):
    empty = Organization.objects.create(kind="startup", name="Sin Soluciones SpA", slug="sin-soluciones-spa")
    assert matching.matches_for_startup(organization=empty) == []


def test_hits_are_ranked_once_per_build_and_terms_and_shared_by_every_process(catalogue, challenges, monkeypatch):
    from hublocal.solutions.index import Index

    calls = []
    original = Index.match

    def counting(self, *args, **kwargs):
        calls.append(args)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Index, "match", counting)
    challenge = loaded(challenges["patentes"])
    first = matching.matches_for_challenge(challenge=challenge, limit=50)
    second = matching.matches_for_challenge(challenge=loaded(challenge), limit=50)
    assert len(calls) == 1, "the second page view ranks nothing: the hits come from the shared cache"
    assert [m.solution.pk for m in first] == [m.solution.pk for m in second]
    assert [m.reasons for m in first] == [m.reasons for m in second]
    # New terms (an edit or a re-analysis) are a new key: ranked again, never stale.
    Challenge.objects.filter(pk=challenge.pk).update(terms=spanish.analyze("árboles y riego"))
    matching.matches_for_challenge(challenge=loaded(challenge), limit=50)
    assert len(calls) == 2
