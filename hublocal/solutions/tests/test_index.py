"""The matcher's in-memory catalogue index: BM25 ranking on plain documents, rebuild only when
the catalogue version changes, one query when warm."""

from __future__ import annotations

import pytest
from django.db.models import F

from hublocal.core import spanish
from hublocal.directory.models import Organization
from hublocal.solutions import index as catalogue
from hublocal.solutions.index import Document, Index, TypologyFit
from hublocal.solutions.models import CatalogueVersion, Solution


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
