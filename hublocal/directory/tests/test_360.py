"""The 360° page of an organisation and "Mi participación" (issue 14 item 7): who may open them,
what each app's panel shows, and a query count that does not grow with the data."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hublocal.agreements.models import Agreement
from hublocal.agreements.tests import factories as agreement_factories
from hublocal.articulation.models import Member, RoundTable
from hublocal.certificates.models import Certificate
from hublocal.core import registry
from hublocal.pilots.models import Pilot
from hublocal.projects.tests import factories as project_factories
from hublocal.training.models import Application

STGO = "municipalidad-santiago"
URL = reverse("directory:organization_360", kwargs={"slug": STGO})


def _sections(html: str) -> list[str]:
    import re

    return re.findall(r'<h2 id="p360-[^"]*">([^<]*)</h2>', html)


@pytest.mark.django_db
def test_every_app_registers_its_panel() -> None:
    keys = [p.key for p in registry.organization_panels()]
    assert keys == [
        "agreements",
        "articulation",
        "projects",
        "pilots",
        "training",
        "certificates",
        "events",
        "assistance",
        "ictassets",
    ]
    assert [p.key for p in registry.person_panels()] == ["articulation", "training", "certificates", "events"]


@pytest.mark.django_db
def test_santiago_sees_its_agreements_tables_pilots_and_programmes(client_for, users) -> None:
    cohort = _santiago_trainee(users)
    response = client_for("santiago").get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    sections = _sections(html)
    for title in ("Convenios", "Mesas técnicas", "Pilotos", "Programas de formación"):
        assert title in sections
    agreement = Agreement.objects.filter(parties__organization__slug=STGO).order_by("pk").first()
    table = RoundTable.objects.filter(members__organization__slug=STGO).first()
    pilot = Pilot.objects.filter(agreement__municipality__slug=STGO).first()
    assert agreement is not None and table is not None and pilot is not None
    assert reverse("agreements:detail", kwargs={"pk": agreement.pk}) in html
    assert reverse("articulation:table_detail", kwargs={"slug": table.slug}) in html
    assert reverse("pilots:pilot_detail", kwargs={"pk": pilot.pk}) in html
    assert cohort.programme.title in html


def _santiago_trainee(users):
    # The demo has no Santiago official in a cohort: seat one (test data, as the roster would).
    from django.utils import timezone

    from hublocal.training.models import Cohort

    cohort = Cohort.objects.select_related("programme").order_by("pk").first()
    assert cohort is not None
    Application.objects.create(
        cohort=cohort,
        user=users["santiago"],
        full_name="Funcionaria de Santiago",
        organization=agreement_factories.orgs()["stgo"],
        motivation="Quiero aprender a gestionar proyectos de innovación en el municipio.",
        status="confirmed",
        applied_at=timezone.now(),
    )
    return cohort


@pytest.mark.django_db
def test_other_organisations_get_403_and_no_link(client_for) -> None:
    assert client_for("valparaiso").get(URL).status_code == 403
    assert client_for("startup-a").get(URL).status_code == 403
    page = client_for("valparaiso").get(reverse("directory:municipality_detail", kwargs={"code": "13101"}))
    assert URL not in page.content.decode()
    own = client_for("santiago").get(reverse("directory:municipality_detail", kwargs={"code": "13101"}))
    assert URL in own.content.decode()


@pytest.mark.django_db
def test_anonymous_is_sent_to_sign_in_and_unknown_is_404(client_for) -> None:
    response = client_for(None).get(URL)
    assert response.status_code == 302
    assert client_for("staff").get(URL.replace(STGO, "no-existe")).status_code == 404


@pytest.mark.django_db
def test_confidential_agreement_of_others_is_not_listed(client_for, users) -> None:
    # Santiago sees its own confidential agreement; a confidential one between the hub and
    # Valparaíso never reaches Santiago's page (it is not Santiago's anyway) nor Valparaíso's
    # agreement list through it.
    o = agreement_factories.orgs()
    own = agreement_factories.agreement(users["staff"], title="Convenio reservado de Santiago", is_public=False)
    html = client_for("santiago").get(URL).content.decode()
    assert own.title in html
    valpo = reverse("directory:organization_360", kwargs={"slug": o["valpo"].slug})
    assert own.title not in client_for("valparaiso").get(valpo).content.decode()


@pytest.mark.django_db
def test_my_participation_shows_own_tables_applications_and_certificates(client_for, users) -> None:
    user = users["santiago"]
    person = user.person
    table = RoundTable.objects.first()
    assert table is not None
    Member.objects.update_or_create(
        table=table, organization_id=user.organization_id, defaults={"person": person, "joined_on": date(2026, 1, 1)}
    )
    Certificate.objects.create(
        code="ZZ2345678Z",
        holder_user=user,
        holder_name="Funcionaria Santiago",
        title="Programa de prueba 360",
        hours=10,
        start_date=date(2026, 1, 1),
        end_date=date(2026, 2, 1),
        completion_date=date(2026, 2, 1),
        issuer="Hub",
        source="test",
        source_id=1,
    )
    html = client_for("santiago").get(reverse("directory:my_participation")).content.decode()
    assert table.theme in html
    assert "Programa de prueba 360" in html
    # Someone else's certificate is not in another person's page.
    other = client_for("valparaiso").get(reverse("directory:my_participation"))
    assert "Programa de prueba 360" not in other.content.decode()
    assert client_for(None).get(reverse("directory:my_participation")).status_code == 302


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx)


@pytest.mark.django_db
def test_query_count_does_not_grow_with_the_data(client_for, users) -> None:
    # Every panel non-empty at the small size too (an empty list skips its second query).
    _santiago_trainee(users)
    client = client_for("santiago")
    small = _count(client, URL)
    me_small = _count(client, reverse("directory:my_participation"))
    staff_small = _count(client_for("staff"), URL)
    stgo = agreement_factories.orgs()["stgo"]
    for i in range(4):
        agreement_factories.agreement(users["staff"], title=f"Convenio adicional {i}")
        project_factories.project(users)
    table_ids = list(RoundTable.objects.values_list("pk", flat=True))
    for pk in table_ids:
        Member.objects.update_or_create(
            table_id=pk, organization=stgo, defaults={"person": users["santiago"].person, "joined_on": date(2026, 1, 1)}
        )
    apps = list(Application.objects.exclude(organization=stgo)[:5])
    for a in apps:
        a.organization = stgo
        a.save(update_fields=["organization"])
    assert _count(client, URL) == small
    assert _count(client, reverse("directory:my_participation")) == me_small
    assert _count(client_for("staff"), URL) == staff_small
    assert small <= 25
