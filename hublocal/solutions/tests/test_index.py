"""The matcher's catalogue index: BM25 ranking on plain documents, its stored form, the build by
the task queue when the catalogue changes, loading by other processes, one query when warm."""

from __future__ import annotations

import pytest
from django.db.models import F

from hublocal.core import spanish
from hublocal.directory.models import Organization
from hublocal.solutions import index as catalogue
from hublocal.solutions import tasks
from hublocal.solutions.index import Document, Index, TypologyFit
from hublocal.solutions.models import CatalogueVersion, MatcherIndex, Solution


def doc(pk: int, text: str, **extra) -> Document:
    return Document(id=pk, terms=spanish.analyze(text), **extra)


PLAIN = [
    doc(1, "Renovación de licencias de funcionamiento y pago en línea para negocios", area="digital"),
    doc(2, "Retiro de basura domiciliaria y reciclaje puerta a puerta", area="ambiente"),
    doc(3, "Cámaras de televigilancia para la prevención del delito", area="seguridad"),
    doc(4, "Reserva de horas para el consultorio sin conexión", area="aps", typologies=["rural_semiurbana"]),
    doc(5, "Examen y agenda para la licencia de conducir", area="digital", pilots_done=9),
]


def test_synonym_match_ranks_above_unrelated_documents():
    index = Index.from_documents(PLAIN)
    hits = index.match(spanish.analyze("Patentes comerciales sin filas"), area="digital", limit=5)
    assert [h.solution_id for h in hits][:1] == [1]
    assert "_patente_comercial" in hits[0].shared_terms
    # the driving-licence document shares no concept with commercial licences
    assert 5 not in [h.solution_id for h in hits]


def test_score_components():
    index = Index.from_documents(PLAIN)
    [hit] = index.match(
        spanish.analyze("Agenda de horas médicas en el CESFAM"), area="aps", typology="rural_semiurbana", limit=1
    )
    assert hit.solution_id == 4
    assert 0 < hit.score <= 100
    assert hit.same_area and hit.typology_fit == TypologyFit.LISTED and hit.typology_listed
    [other] = index.match(spanish.analyze("consultorio"), area="aps", typology="metropolitana", limit=1)
    assert other.typology_fit == TypologyFit.OTHER
    [unknown] = index.match(spanish.analyze("consultorio"), typology="sin_clasificar", limit=1)
    assert unknown.typology_fit == TypologyFit.UNKNOWN and not unknown.same_area


def test_ranking_is_exact_and_stable():
    """The pruned top-k equals composing the score of every candidate."""
    documents = [
        doc(
            i,
            f"{'basura reciclaje ' * (i % 4 + 1)} contenedores barrio {i}",
            area="ambiente" if i % 2 else "digital",
            pilots_done=i % 7,
            typologies=["mayor"] if i % 3 else [],
        )
        for i in range(1, 400)
    ]
    index = Index.from_documents(documents)
    query = spanish.analyze("Retiro de basura y reciclaje en barrios")
    everything = index.match(query, area="ambiente", typology="mayor", limit=len(documents))
    top = index.match(query, area="ambiente", typology="mayor", limit=10)
    assert [h.solution_id for h in top] == [h.solution_id for h in everything[:10]]
    assert top == index.match(query, area="ambiente", typology="mayor", limit=10)


def test_restricted_to_one_organization():
    index = Index.from_documents(
        [doc(1, "reciclaje", organization_id=7), doc(2, "reciclaje de basura", organization_id=8)]
    )
    hits = index.match(spanish.analyze("reciclaje de basura"), limit=5, organization_id=7)
    assert [h.solution_id for h in hits] == [1]
    assert index.match(spanish.analyze("reciclaje"), organization_id=99) == []


def test_search_box():
    index = Index.from_documents(PLAIN)
    hits = index.search("camaras de seguridad y delitos")
    assert hits[0].solution_id == 3 and hits[0].score > 0
    assert index.search("camaras", area="ambiente") == []
    assert index.search("") == []


# --- the process-wide index over the database ---------------------------------------------------


@pytest.fixture
def startup(network):
    return Organization.objects.create(kind="startup", name="Índice Prueba SpA", slug="indice-prueba-spa")


def add_solution(organization, slug: str, name: str, problem: str, *, published: bool = True) -> Solution:
    """As the solutions services do: analysed terms stored and the catalogue version bumped."""
    solution = Solution.objects.create(
        organization=organization,
        slug=slug,
        name=name,
        summary=name,
        problem=problem,
        area="digital",
        deployment="cloud",
        pricing_model="subscription",
        is_published=published,
        terms=spanish.document_terms(name, name, problem),
    )
    CatalogueVersion.objects.get_or_create(pk=1)
    CatalogueVersion.objects.filter(pk=1).update(version=F("version") + 1)
    return solution


def ids_for(text: str) -> list[int]:
    return [hit.solution_id for hit in catalogue.catalogue_index().search(text, limit=100)]


def test_rebuilt_when_the_version_changes(startup):
    first = add_solution(startup, "oirs-zeta", "Reclamos zetaplex", "La OIRS no responde a tiempo.")
    index = catalogue.catalogue_index()
    assert first.pk in ids_for("zetaplex")
    assert catalogue.catalogue_index() is index  # nothing changed: same object

    second = add_solution(startup, "oirs-zeta-2", "Reclamos zetaplex dos", "Oficina de reclamos.")
    assert catalogue.catalogue_index() is not index
    assert {first.pk, second.pk} <= set(ids_for("zetaplex"))


def test_only_published_solutions(startup):
    hidden = add_solution(startup, "borrador-yotaplex", "Borrador yotaplex", "Aún no publicado.", published=False)
    assert hidden.pk not in ids_for("yotaplex")


def test_one_query_when_warm(startup, django_assert_num_queries):
    add_solution(startup, "kappa", "Kappaplex", "Gestión documental en papel.")
    catalogue.catalogue_index()
    with django_assert_num_queries(1):
        catalogue.catalogue_index()


def test_rebuilt_while_the_version_row_is_missing(startup, django_assert_num_queries):
    solution = add_solution(startup, "lambda", "Lambdaplex", "Basura en los cerros.")
    CatalogueVersion.objects.filter(pk=1).delete()
    assert solution.pk in ids_for("lambdaplex")
    Solution.objects.filter(pk=solution.pk).update(is_published=False)  # a write that bumped nothing
    assert solution.pk not in ids_for("lambdaplex")
    with django_assert_num_queries(2):  # the missing version row, then the catalogue itself
        catalogue.catalogue_index()


def test_reset_forgets_the_index(startup):
    add_solution(startup, "mu", "Muplex", "Semáforos")
    index = catalogue.catalogue_index()
    catalogue.reset()
    assert catalogue.catalogue_index() is not index


# --- the shared index: built by the task queue, stored, loaded by every process -------------------


def _queries_of(index: Index, texts: list[str], **kwargs) -> list:
    return [index.match(spanish.analyze(t), limit=10, **kwargs) for t in texts]


def test_serialised_index_ranks_exactly_as_the_original():
    documents = [
        doc(
            i,
            PLAIN[i % len(PLAIN)].terms and "reciclaje basura licencias camaras consultorio " * (i % 4 + 1),
            area=["digital", "ambiente", "aps"][i % 3],
            typologies=["mayor"] if i % 2 else [],
            pilots_done=i % 7,
            organization_id=None if i % 5 == 0 else i % 9,
        )
        for i in range(1, 120)
    ] + PLAIN
    original = Index.from_documents(documents)
    loaded = Index.from_bytes(original.to_bytes())
    assert loaded.ids == original.ids and loaded.areas == original.areas
    assert loaded.typologies == original.typologies and loaded.organizations == original.organizations
    assert loaded.by_organization == original.by_organization and loaded.position == original.position
    assert loaded.postings == original.postings
    texts = ["retiro de basura y reciclaje", "licencia de conducir", "cámaras y delitos", "horas en el consultorio"]
    for kwargs in ({}, {"area": "ambiente", "typology": "mayor"}, {"organization_id": 3}):
        assert _queries_of(loaded, texts, **kwargs) == _queries_of(original, texts, **kwargs)
    assert loaded.search("reciclaje") == original.search("reciclaje")
    with pytest.raises(ValueError, match="not a matcher index"):
        Index.from_bytes(b"nonsense")


def test_the_task_builds_and_stores_the_index(startup):
    MatcherIndex.objects.all().delete()
    solution = add_solution(startup, "nu", "Nuplex", "Reciclaje de basura domiciliaria.")
    assert tasks.build_matcher_index.call_local() == CatalogueVersion.objects.get(pk=1).version
    stored = MatcherIndex.objects.get()
    assert stored.solutions == Solution.objects.filter(is_published=True).count()
    assert solution.pk in [h.solution_id for h in Index.from_bytes(bytes(stored.blob)).search("nuplex")]
    assert tasks.build_matcher_index.call_local() is None  # already current: nothing built
    assert MatcherIndex.objects.count() == 1


def test_a_new_process_loads_the_stored_index_instead_of_building(startup, monkeypatch, django_assert_num_queries):
    solution = add_solution(startup, "xi", "Xiplex", "Semáforos inteligentes.")
    catalogue.build_and_store()
    built = catalogue.catalogue_index()
    expected = built.search("xiplex")
    catalogue.reset()  # what a second gunicorn worker starts with

    def no_build(*args, **kwargs):
        raise AssertionError("a web process must load the stored index, not build one")

    monkeypatch.setattr(Index, "from_rows", no_build)
    with django_assert_num_queries(2):  # the latest build's id and the catalogue version, then its blob
        loaded = catalogue.catalogue_index()
    assert loaded is not built and loaded.search("xiplex") == expected
    assert expected[0].solution_id == solution.pk
    with django_assert_num_queries(1):
        assert catalogue.catalogue_index() is loaded


def test_a_catalogue_change_queues_one_build_on_commit(users, monkeypatch, django_capture_on_commit_callbacks):
    from hublocal.solutions import services

    queued = []
    monkeypatch.setattr(tasks, "build_matcher_index", lambda: queued.append(1))
    catalogue.cache.delete(catalogue.PENDING_KEY)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        solution = services.solution_create(
            actor=users["startup-a"],
            organization=Organization.objects.get(slug="datamuni-spa"),
            name="Omicronplex",
            summary="Patentes comerciales en línea.",
            problem="Las patentes se renuevan en papel.",
            area="digital",
            deployment="cloud",
            pricing_model="subscription",
        )
        services.solution_set_published(actor=users["startup-a"], solution=solution, is_published=False)
    # Two writes, one build queued (coalesced); other apps' on-commit work (the site-wide search
    # index) is not the matcher's business.
    builds = [c for c in callbacks if getattr(c, "__name__", "") == "request_build"]
    assert len(builds) == 2 and queued == [1]
    catalogue.cache.delete(catalogue.PENDING_KEY)


def test_production_never_builds_in_a_request(startup, monkeypatch):
    """With a real task queue a request serves the stored index, however stale, and queues a build;
    before the first build it gets an empty index marked pending."""
    MatcherIndex.objects.all().delete()  # the demo's catalogue was built when it was loaded
    queued = []
    monkeypatch.setattr(tasks, "build_matcher_index", lambda: queued.append(1))
    monkeypatch.setattr(catalogue, "_queue_runs_inline", lambda: False)
    catalogue.cache.delete(catalogue.PENDING_KEY)
    catalogue.reset()
    first = add_solution(startup, "pi", "Piplex", "Licencias de conducir.")
    pending = catalogue.catalogue_index()
    assert pending.pending and len(pending) == 0 and queued == [1]

    catalogue.build_and_store()
    catalogue.cache.delete(catalogue.PENDING_KEY)  # what the task does first
    add_solution(startup, "pi-2", "Piplex dos", "Licencias de conducir.")
    stale = catalogue.catalogue_index()
    assert not stale.pending and [h.solution_id for h in stale.search("piplex")] == [first.pk]
    assert queued == [1, 1]
    assert catalogue.catalogue_index() is stale  # the build is already queued: not queued again
    assert queued == [1, 1]
    catalogue.cache.delete(catalogue.PENDING_KEY)


def test_threads_of_a_new_process_load_the_stored_index_once(monkeypatch):
    """A recycled worker's first requests arrive together on its threads: one reads and decodes
    the stored build, the others wait for it and get the same index."""
    import threading
    import time
    import uuid

    build_id = uuid.uuid4()
    loads = []

    def slow_load(wanted):
        loads.append(wanted)
        time.sleep(0.05)  # reading and decoding the blob
        return catalogue._remember(Index.from_documents(PLAIN), 7, wanted)

    monkeypatch.setattr(catalogue, "_load", slow_load)
    catalogue.reset()
    got = []
    threads = [threading.Thread(target=lambda: got.append(catalogue._load_once(build_id))) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    catalogue.reset()
    assert loads == [build_id]
    assert len(got) == 4 and all(index is got[0] for index in got)


def test_a_new_web_process_loads_the_index_before_its_first_request(startup, django_assert_num_queries):
    """The warm-up registered for gunicorn's post_worker_init (core.warmup) loads the stored build,
    so the first matching request finds it in memory."""
    from hublocal.core import registry

    catalogue.build_and_store()
    catalogue.reset()
    assert ("solutions.matcher_index", catalogue.catalogue_index) in registry.warmups()
    dict(registry.warmups())["solutions.matcher_index"]()
    warmed = catalogue._current
    assert warmed is not None
    with django_assert_num_queries(1):  # the latest build's id only: the blob is already loaded
        assert catalogue.catalogue_index() is warmed
