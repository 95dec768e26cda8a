from __future__ import annotations

import pytest
from stdnum.cl import rut

from hublocal.audit.models import AuditEvent
from hublocal.solutions import demo, selectors
from hublocal.solutions.models import Solution, StartupProfile

pytestmark = pytest.mark.django_db


def test_demo_is_idempotent(network):
    before = (Solution.objects.count(), StartupProfile.objects.count(), AuditEvent.objects.count())
    messages: list[str] = []
    demo.seed(messages.append)
    assert (Solution.objects.count(), StartupProfile.objects.count(), AuditEvent.objects.count()) == before
    assert messages == ["Catálogo demo: 0 startups nuevas, 0 perfiles, 0 soluciones."]


def test_demo_startups_have_valid_ruts_and_profiles(network):
    for _name, value, _description, _website in demo.NEW_STARTUPS:
        assert rut.is_valid(value), value
    profiles = {p.organization.slug: p for p in selectors.startup_list()}
    assert len(profiles) >= len(demo.NEW_STARTUPS) + 2
    assert {"datamuni-spa", "tramite-facil-spa"} <= set(profiles)


def test_demo_solutions_were_written_through_the_services(network):
    created = AuditEvent.objects.filter(action="solutions.solution_create").values_list("object_id", flat=True)
    ids = {str(pk) for pk in Solution.objects.filter(is_demo=True).values_list("pk", flat=True)}
    assert ids <= set(created)
    assert not Solution.objects.filter(is_demo=True, terms=[]).exists()
    assert len(set(Solution.objects.values_list("pilots_done", flat=True))) >= 5
    assert len({tuple(t) for t in Solution.objects.values_list("typologies", flat=True)}) >= 4
