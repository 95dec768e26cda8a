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
    startups = demo.content()["startups"]
    for startup in startups:
        assert rut.is_valid(startup["rut"]), startup
    profiles = {p.organization.slug: p for p in selectors.startup_list()}
    assert len(profiles) >= len(startups) + 2
    assert {"datamuni-spa", "tramite-facil-spa"} <= set(profiles)


def test_demo_solutions_were_written_through_the_services(network):
    created = AuditEvent.objects.filter(action="solutions.solution_create").values_list("object_id", flat=True)
    ids = {str(pk) for pk in Solution.objects.filter(is_demo=True).values_list("pk", flat=True)}
    assert ids <= set(created)
    assert not Solution.objects.filter(is_demo=True, terms=[]).exists()
    assert len(set(Solution.objects.values_list("pilots_done", flat=True))) >= 5
    assert len({tuple(t) for t in Solution.objects.values_list("typologies", flat=True)}) >= 4


def test_demo_content_mistake_names_file_and_place(tmp_path, settings):
    """A typo in the demo file stops seeding with a message that says where, before any write."""
    from hublocal.core.demo_content import DemoContentError

    original = demo.content()
    original["solutions"][3]["pilots_done"] = "cuatro"
    settings.DEMO_CONTENT_DIR = tmp_path
    import yaml

    (tmp_path / "solutions.yaml").write_text(yaml.safe_dump(original, allow_unicode=True), encoding="utf-8")
    with pytest.raises(DemoContentError, match=r"solutions\.yaml: solutions/3/pilots_done: 'cuatro'"):
        demo.content()
    (tmp_path / "solutions.yaml").write_text("startups: [\n", encoding="utf-8")
    with pytest.raises(DemoContentError, match="no es YAML válido"):
        demo.content()
