"""Query bounds of the replication pages: the same number of queries whatever the data size."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from hublocal.directory import selectors as directory_selectors
from hublocal.replications import services
from hublocal.replications.models import Status
from hublocal.replications.tests.conftest import make_resource


@pytest.fixture
def many(users, network):
    """Twelve replications of one resource by twelve municipalities, each with results."""
    resource = make_resource("modelo-para-contar-consultas")
    staff = users["staff"]
    for org in list(directory_selectors.municipalities())[:12]:
        r = services.replication_record(actor=staff, municipality=org, mode="adopt", resource_id=resource.pk)
        r = services.replication_transition(actor=staff, replication=r, status=Status.IMPLEMENTING)
        for n in range(2):
            services.result_add(
                actor=staff, replication=r, label=f"Indicador {n}", value=n, measured_on=timezone.localdate()
            )
    return resource


@pytest.mark.parametrize(
    ("name", "bound"),
    [("list", 12), ("resource", 12), ("like_mine", 20), ("detail", 14)],
)
def test_pages_are_bounded(name, bound, many, client_for, django_assert_max_num_queries):
    from hublocal.replications.models import Replication

    urls = {
        "list": reverse("replications:replication_list"),
        "resource": reverse("replications:resource_replications", args=[many.slug]),
        "like_mine": reverse("replications:like_mine") + "?municipio=13101",
        "detail": reverse("replications:replication_detail", args=[Replication.objects.latest("pk").pk]),
    }
    client = client_for("santiago")
    client.get(urls[name])  # warms the peers matrix, built once per data generation
    with django_assert_max_num_queries(bound):
        assert client.get(urls[name]).status_code == 200


def test_diagnosis_results_page_stays_bounded(client_for, many, django_assert_max_num_queries):
    from hublocal.diagnosis.models import Result

    result = Result.objects.filter(commune_code="13101", campaign__results_public=True).first()
    url = reverse("diagnosis:participation_results", args=[result.participation_id])
    client = client_for(None)
    client.get(url)
    # The page's own queries plus the recommenders' (library and peers), each a fixed number.
    with django_assert_max_num_queries(30):
        assert client.get(url).status_code == 200
