"""A small, known year (2019: the demo has nothing in it) for the indicator tests: Santiago
replicates a practice, a person of Valparaíso is certified, a non-public agreement between the
hub and Santiago is in force with one obligation kept and one not, and a project has two
partners."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest
from django.utils import timezone

YEAR = 2019


@pytest.fixture
def small_year(network) -> dict[str, Any]:
    from hublocal.agreements.models import Agreement, Obligation, Party
    from hublocal.certificates.models import Certificate
    from hublocal.directory.models import Organization
    from hublocal.projects.models import Partner, Project
    from hublocal.replications.models import Replication

    orgs = {
        o.slug: o
        for o in Organization.objects.filter(
            slug__in=["municipalidad-santiago", "municipalidad-valparaiso", "hub-nacional-de-gobierno-local"]
        ).select_related("commune")
    }
    stgo, valpo, hub = (
        orgs["municipalidad-santiago"],
        orgs["municipalidad-valparaiso"],
        orgs["hub-nacional-de-gobierno-local"],
    )
    replication = Replication.objects.create(
        municipality=stgo,
        commune_code=stgo.commune.code,
        resource_id=999999,
        target_title="Ventanilla digital (prueba)",
        mode="adopt",
        status="implementing",
        started_on=date(YEAR, 3, 1),
    )
    certificate = Certificate.objects.create(
        code="EVAL2019A",
        holder_name="Persona Certificada",
        organization_id=valpo.pk,
        title="Gestión municipal (prueba)",
        hours=20,
        start_date=date(YEAR, 1, 1),
        end_date=date(YEAR, 2, 1),
        completion_date=date(YEAR, 2, 1),
        issuer="Hub",
        source="test",
        source_id=1,
        issued_at=timezone.make_aware(datetime(YEAR, 2, 5, 12)),
    )
    agreement = Agreement.objects.create(
        kind="specific",
        title="Convenio 2019 (prueba)",
        object="Objeto",
        starts_on=date(YEAR, 1, 1),
        ends_on=date(YEAR, 12, 31),
        status="expired",
        is_public=False,
    )
    hub_party = Party.objects.create(agreement=agreement, organization=hub, role="principal")
    stgo_party = Party.objects.create(agreement=agreement, organization=stgo, role="counterpart")
    Obligation.objects.create(
        agreement=agreement, party=hub_party, description="Kept", due_on=date(YEAR, 5, 1), status="done"
    )
    Obligation.objects.create(
        agreement=agreement, party=stgo_party, description="Missed", due_on=date(YEAR, 6, 1), status="overdue"
    )
    project = Project.objects.create(
        slug="proyecto-2019",
        title="Proyecto 2019 (prueba)",
        summary="s",
        objectives="o",
        starts_on=date(YEAR, 1, 1),
        ends_on=date(YEAR, 12, 31),
        status="finished",
    )
    Partner.objects.create(project=project, organization=hub, role="lead")
    Partner.objects.create(project=project, organization=stgo, role="beneficiary")
    return {
        "stgo": stgo,
        "valpo": valpo,
        "replication": replication,
        "certificate": certificate,
        "agreement": agreement,
        "project": project,
    }
