"""Issue 13, item 9: training and assistance are connected to the rest of the hub. Each test
fails if one connection breaks: the diagnosis results page and "municipios como el mío"
recommend programmes and assistance for the weakest dimensions (next-steps registry); the
municipality page shows officials trained per programme, their valid certificates and the
assistance received (profile panels); programmes, cohorts and public group projects are found
by the site-wide search."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from hublocal.diagnosis.models import Result
from hublocal.replications import experience
from hublocal.search import services as search_services
from hublocal.training import selectors, services
from hublocal.training.models import CohortStatus, GroupProject

from . import factories as f

pytestmark = pytest.mark.django_db


def _public_result() -> Result:
    """A published diagnosis result of the demo (a municipality with scores per dimension)."""
    result = (
        Result.objects.filter(campaign__results_public=True, overall__isnull=False)
        .select_related("instrument_version")
        .order_by("commune_code", "pk")
        .first()
    )
    assert result is not None, "the demo publishes diagnosis results"
    return result


def _programme_for(result: Result, title: str):
    """A published programme declared to close every dimension of the result's instrument."""
    area = result.instrument_version.area
    return f.programme(title=title, areas=[area], dimensions=[[area, d] for d in sorted(result.dimensions)])


def test_diagnosis_results_recommend_a_programme_and_assistance(network):
    result = _public_result()
    programme = _programme_for(result, "AAA Programa para la brecha más débil")
    url = reverse("diagnosis:participation_results", kwargs={"pk": result.participation_id})
    page = Client().get(url).content.decode()
    assert reverse("training:programme_detail", kwargs={"slug": programme.slug}) in page
    assert programme.title in page and "Programa de formación" in page
    assert reverse("assistance:request_create") + "?area=" in page and "Asistencia técnica" in page


def test_like_mine_recommends_a_programme_and_assistance_for_the_weakest_dimensions(network):
    result = _public_result()
    weakest = experience.weakest_dimensions(commune_code=result.commune_code)
    assert weakest and all(a == result.instrument_version.area for a, _d in weakest)
    scores = result.dimensions
    assert scores[weakest[0][1]] == min(v for v in scores.values() if v is not None)
    programme = _programme_for(result, "AAA Programa para municipios como el mío")
    page = Client().get(reverse("replications:like_mine") + f"?municipio={result.commune_code}")
    body = page.content.decode()
    assert page.status_code == 200
    assert "dimensiones más débiles" in body
    assert reverse("training:programme_detail", kwargs={"slug": programme.slug}) in body
    assert reverse("assistance:request_create") + "?area=" in body


def test_like_mine_without_a_published_diagnosis_recommends_nothing_of_its_own(network):
    code = "05101"  # the demo's Valparaíso: peers are chosen, but no own weakest dimensions
    if Result.objects.filter(commune_code=code, campaign__results_public=True).exists():
        pytest.skip("the demo published a diagnosis of Valparaíso")
    assert experience.own_next_steps(commune_code=code) == []
    page = Client().get(reverse("replications:like_mine") + f"?municipio={code}").content.decode()
    assert "dimensiones más débiles" not in page


def test_municipality_page_shows_trained_certificates_and_assistance(network, users):
    # Certificates are issued when completion is computed (staff button or automatically).
    programme = f.programme(title="AAA Programa certificado", rules={"min_attendance_pct": 75})
    cohort = f.cohort(programme_obj=programme, capacity=5, starts_on=timezone.localdate() - timedelta(days=5))
    session = f.session(cohort, starts_at=timezone.now() - timedelta(days=2))
    person = f.official(code="13101", name="Marcela Certificada")
    application = services.application_enrol(
        actor=None, cohort=cohort, user=person, full_name="Marcela Certificada (demo)"
    )
    services.attendance_mark(actor=None, session=session, marks={application.pk: "present"})
    services.cohort_set_status(actor=users["staff"], cohort=cohort, status=CohortStatus.FINISHED)
    services.certificates_issue_for_cohort(actor=users["staff"], cohort=cohort)
    org_id = person.organization_id
    assert ("AAA Programa certificado", 1) in selectors.certificates_by_organization(organization_id=org_id)

    body = Client().get("/municipios/13101/").content.decode()
    assert "Funcionarios formados" in body and "AAA Programa certificado: 1 persona" in body
    assert "Certificados vigentes" in body and "AAA Programa certificado: 1 certificado" in body
    assert "Asistencia técnica recibida" in body  # the demo's engagement for Santiago
    assert "Marcela Certificada (demo) ·" not in body  # names only for the hub and the municipality


def test_a_revoked_certificate_leaves_the_municipality_record(network, users):
    from hublocal.certificates import selectors as certificate_selectors
    from hublocal.certificates import services as certificate_services

    demo = _finished_demo_cohort()
    certs = list(certificate_selectors.certificates_for_source("training.cohort", demo.pk).filter(revoked_at=None))
    target = next(c for c in certs if c.organization_id)
    before = dict(selectors.certificates_by_organization(organization_id=target.organization_id))
    certificate_services.certificate_revoke(actor=users["staff"], certificate=target, reason="Prueba de revocación.")
    after = dict(selectors.certificates_by_organization(organization_id=target.organization_id))
    assert after.get(target.title, 0) == before[target.title] - 1


def _finished_demo_cohort():
    from hublocal.training.models import Cohort

    return Cohort.objects.get(programme__slug="innovacion-como-herramienta-para-el-buen-gobierno")


def _search(q: str) -> str:
    return Client().get(reverse("search:search") + "?" + f"q={q}").content.decode()


def test_programmes_cohorts_and_public_projects_are_in_site_search(network):
    programme = f.programme(title="Gobernanza de datos territoriales avanzada")
    cohort = f.cohort(programme_obj=programme, name="Cohorte Zapallar de datos")
    project = GroupProject.objects.filter(is_public=True).select_related("group__cohort").first()
    assert project is not None, "the demo's finished cohort has public group projects"
    search_services.index_rebuild()
    page = _search("Gobernanza de datos territoriales")
    assert reverse("training:programme_detail", kwargs={"slug": programme.slug}) in page
    assert f"#cohorte-{cohort.pk}" in _search("Cohorte Zapallar")
    assert reverse("training:project_detail", kwargs={"pk": project.pk}) in _search(project.title)


def test_a_private_project_is_not_in_site_search(network):
    project = GroupProject.objects.filter(is_public=True).first()
    assert project is not None
    GroupProject.objects.filter(pk=project.pk).update(is_public=False)
    search_services.index_rebuild()
    assert reverse("training:project_detail", kwargs={"pk": project.pk}) not in _search(project.title)


# --- Item 3: the seed-003 participants of UY, BR and PY belong to their own municipality ------


def test_demo_foreign_participants_belong_to_their_own_municipality(network, users):
    from hublocal.certificates import selectors as certificate_selectors
    from hublocal.directory.models import Organization
    from hublocal.training.models import Application

    cohort = _finished_demo_cohort()
    foreign = list(
        Application.objects.filter(cohort=cohort)
        .exclude(country_code="CL")
        .select_related("organization", "organization__commune", "commune")
    )
    assert len(foreign) == 48  # twelve municipalities of UY, BR and PY, four officials each
    countries = set()
    for a in foreign:
        assert a.organization is not None and a.organization.kind == "municipality"
        assert a.organization.commune_id == a.commune_id and a.user.organization_id == a.organization_id
        countries.add(a.organization.commune.country.code)
    assert countries == {"UY", "BR", "PY"}
    assert not Organization.objects.filter(slug__startswith="red-municipios-rurales").exists()
    # Certificates keep the holder's municipality; the roster names it.
    by_org = {c.organization_id for c in certificate_selectors.certificates_for_source("training.cohort", cohort.pk)}
    assert {a.organization_id for a in foreign} & by_org
    staff = Client()
    staff.force_login(users["staff"])
    first = foreign[0]
    url = reverse("training:cohort_manage", kwargs={"pk": cohort.pk})
    page = staff.get(url, {"country": first.country_code, "q": first.full_name}).content.decode()
    assert first.organization.name in page and "Red de municipios rurales" not in page
