"""The demo tells the programme's story: calls, challenges in every status, a board, an event."""

from hublocal.innovation.models import Call, Challenge, ChallengeOrigin, EventRegistration, Question


def test_demo_calls_and_challenges(network):
    past = Call.objects.get(slug="municipia-2025")
    current = Call.objects.get(slug="municipia-2026")
    assert past.status == current.status == "published"
    assert [(c.name, c.weight) for c in current.criteria.all()] == [
        ("Pertinencia para el problema", 35),
        ("Viabilidad técnica y operativa", 25),
        ("Costo y sostenibilidad", 20),
        ("Experiencia y evidencia", 20),
    ]
    statuses = dict(Challenge.objects.filter(call=past).values_list("title", "status"))
    assert statuses == {
        "Atención ciudadana OIRS sin filas": "in_pilot",
        "Retiro de residuos voluminosos en cerros": "finished",
    }
    patentes = Challenge.objects.get(title="Patentes comerciales sin filas ni papeles")
    assert patentes.status == "published" and patentes.call == current
    assert set(patentes.memberships.values_list("organization__slug", flat=True)) == {
        "municipalidad-santiago",
        "municipalidad-valparaiso",
    }
    assert patentes.terms, "challenges are indexed for matching"
    assert Challenge.objects.filter(call=current, status="published").count() == 3
    gap = Challenge.objects.get(origin=ChallengeOrigin.DIAGNOSIS)
    assert gap.status == "draft" and gap.owner.slug == "municipalidad-santiago"
    assert Challenge.objects.filter(status="in_review").count() == 1
    assert Question.objects.filter(call=current).exclude(answer="").count() == 2
    assert Question.objects.filter(call=current, answer="").count() == 1
    assert EventRegistration.objects.filter(event__title="Muestra de soluciones Municipia 2026").count() == 4
