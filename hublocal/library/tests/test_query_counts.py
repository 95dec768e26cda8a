"""Query counts of the library's list and detail pages and API do not grow with the data."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hublocal.library import services
from hublocal.library.demo_files import build_file
from hublocal.library.models import Resource

from .factories import published


def _count(client, url: str) -> int:
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(queries)


def _grow(users, n: int) -> Resource:
    last = None
    for i in range(n):
        last = published(
            users["santiago"],
            users["staff"],
            title=f"Recurso de carga {i}",
            authors=[f"Autora {i}", f"Autor {i}"],
            uploads=[(f"a{i}.pdf", build_file("pdf", "t", "x"))],
        )
        services.evidence_level_set(
            actor=users["staff"], resource=last, level=2, justification="Cambio medido en indicadores.", evidence=[]
        )
    return last


@pytest.mark.parametrize(
    ("url", "ceiling"),
    [
        ("/biblioteca/", 6),
        ("/biblioteca/?q=carga&kind=management_protocol&area=seguridad", 6),
        ("/biblioteca/mis-recursos/", 12),
        ("/biblioteca/revision/", 12),
        ("/api/v1/library/resources/", 10),
    ],
)
def test_lists_do_not_grow(url, ceiling, users, client_for):
    who = "santiago" if "mis-recursos" in url else "staff" if "revision" in url else None
    client = client_for(who)
    _grow(users, 2)
    small = _count(client, url)
    _grow(users, 15)
    large = _count(client, url)
    assert small == large <= ceiling, (small, large)


def test_detail_does_not_grow(users, client_for):
    resource = _grow(users, 1)
    client = client_for(None)
    small = _count(client, resource.get_absolute_url())
    for n in range(8):
        services.resource_update(
            actor=users["santiago"],
            resource=resource,
            data={"title": f"Versión {n}", "summary": "S", "authors": ["A"], "areas": ["seguridad"]},
            expected_version=None,
            change_note=f"Cambio {n}",
            uploads=[(f"b{n}.pdf", build_file("pdf", "t", "x"))],
        )
        services.resource_submit(actor=users["santiago"], resource=resource)
        from .factories import ALL_MET

        services.review_record(
            actor=users["staff"], resource=resource, decision="approve", comment="", checklist=ALL_MET
        )
    large = _count(client, resource.get_absolute_url())
    assert small == large <= 12, (small, large)
    assert _count(client, f"/api/v1/library/resources/{resource.pk}/") <= 12
