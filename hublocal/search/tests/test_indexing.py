"""The index follows the objects: saves, unpublishing, deletes, rebuilds; private objects never
enter it; a failing type never breaks the writer."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from hublocal.core import registry
from hublocal.innovation import services as innovation_services
from hublocal.search import indexer, selectors, signals
from hublocal.search.models import SearchEntry, SearchWord
from hublocal.solutions import services as solution_services
from hublocal.territory.models import Typology

from .conftest import entry

pytestmark = pytest.mark.django_db


def test_typology_codes_are_the_territory_ones():
    assert [c for c, _l in selectors.TYPOLOGIES] == [c for c in Typology.values if c != "sin_clasificar"]


def test_the_demo_is_indexed_by_the_seeder(network):
    counts = {v.value: v.count for v in selectors.type_counts()}
    for key in ("solutions.solution", "innovation.challenge", "innovation.call", "pilots.pilot"):
        assert counts.get(key, 0) > 0, key
    assert counts["directory.municipality"] >= 345
    assert counts["directory.organization"] > 0
    santiago = SearchEntry.objects.get(type="directory.municipality", title__contains="Santiago", country="CL")
    assert santiago.url.startswith("/municipios/")
    assert SearchWord.objects.exists()


def test_a_saved_solution_is_indexed_on_commit_and_unpublishing_removes_it(users, make_solution, committed):
    solution = make_solution()
    found = entry("solutions.solution", solution.pk)
    assert found is not None
    assert found.url == f"/soluciones/{solution.slug}/"
    assert found.areas == "|digital|"
    # No typology chosen: it serves every kind of municipality.
    assert "|rural_semiurbana|" in found.typologies
    with committed():
        solution_services.solution_set_published(actor=users["staff"], solution=solution, is_published=False)
    assert entry("solutions.solution", solution.pk) is None
    with committed():
        solution_services.solution_set_published(actor=users["staff"], solution=solution, is_published=True)
    assert entry("solutions.solution", solution.pk) is not None


def test_an_edit_is_reindexed_and_a_delete_removes_the_entry(users, make_solution, committed):
    solution = make_solution()
    with committed():
        solution_services.solution_update(
            actor=users["staff"], solution=solution, data={"name": "Ventanilla Única"}, expected_version=None
        )
    assert entry("solutions.solution", solution.pk).title == "Ventanilla Única"
    with committed():
        solution.delete()
    assert entry("solutions.solution", solution.pk) is None


def test_a_rolled_back_write_indexes_nothing(users, make_solution, committed):
    from django.db import transaction

    with committed(), pytest.raises(RuntimeError), transaction.atomic():
        solution_services.solution_create(
            actor=users["staff"],
            organization=make_solution().organization,
            name="Nunca Guardada",
            summary="s",
            problem="p",
            area="digital",
            deployment="cloud",
            pricing_model="subscription",
        )
        raise RuntimeError
    assert not SearchEntry.objects.filter(title="Nunca Guardada").exists()


def test_a_draft_challenge_is_never_indexed_until_published(users, draft_challenge, open_call, committed):
    assert entry("innovation.challenge", draft_challenge.pk) is None
    with committed():
        innovation_services.challenge_transition(actor=users["santiago"], challenge=draft_challenge, to="in_review")
    assert entry("innovation.challenge", draft_challenge.pk) is None
    with committed():
        innovation_services.challenge_transition(
            actor=users["staff"], challenge=draft_challenge, to="published", call=open_call
        )
    published = entry("innovation.challenge", draft_challenge.pk)
    assert published is not None and published.areas == "|ambiente|"
    assert published.url == f"/innovacion/desafios/{draft_challenge.pk}/"
    # The call now holds a public challenge of that area.
    assert "|ambiente|" in entry("innovation.call", open_call.pk).areas


def test_a_failing_type_never_breaks_the_writer(users, make_solution, committed, monkeypatch, caplog):
    original = registry.search_type("solutions.solution")

    def broken(ids):
        raise RuntimeError("boom")

    monkeypatch.setitem(
        registry._SEARCH_TYPES,
        "solutions.solution",
        registry.SearchType(original.key, original.label, broken, original.watch, original.ids_for, original.order),
    )
    signals.reset()
    try:
        solution = make_solution(name="Sigue Guardada")
    finally:
        signals.reset()
    assert solution.pk and entry("solutions.solution", solution.pk) is None
    assert "re-indexing solutions.solution" in caplog.text


def test_rebuild_writes_only_what_changed_and_removes_what_is_gone(make_solution):
    solution = make_solution()
    SearchEntry.objects.create(type="solutions.solution", object_id=10**9, title="fantasma", url="/x/", digest="x")
    SearchEntry.objects.create(type="retired.type", object_id=1, title="de una app retirada", url="/y/", digest="y")
    first = indexer.rebuild()
    assert first["solutions.solution"].removed == 1
    assert not SearchEntry.objects.filter(type="retired.type").exists()
    again = indexer.rebuild("solutions.solution")["solutions.solution"]
    assert again.written == 0 and again.removed == 0 and again.unchanged > 0
    assert entry("solutions.solution", solution.pk) is not None


def test_rebuild_command(network, capsys):
    call_command("rebuild_search_index", "--type", "pilots.pilot")
    assert "pilots.pilot:" in capsys.readouterr().out
    with pytest.raises(CommandError, match="Tipo desconocido"):
        call_command("rebuild_search_index", "--type", "nada.nada")


def test_words_are_recounted_by_the_rebuild(make_solution):
    make_solution(summary="Telemedicina para postas rurales.")
    assert SearchWord.objects.filter(word="telemedicina").exists()
    indexer.recount_words()
    assert SearchWord.objects.get(word="telemedicina").frequency >= 1
    assert not SearchWord.objects.filter(word="telemedicinas").exists()
