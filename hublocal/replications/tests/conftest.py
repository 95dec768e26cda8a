from __future__ import annotations

from typing import Any

import pytest

from hublocal.directory import selectors as directory_selectors
from hublocal.library.models import Resource


def make_resource(slug: str, *, status: str = "published", evidence: int = 2, organization: Any = None) -> Resource:
    return Resource.objects.create(
        slug=slug,
        kind="replicable_model",
        status=status,
        title=f"Modelo {slug}",
        summary="Un modelo de prueba.",
        areas=["digital"],
        evidence_level=evidence,
        organization=organization,
    )


@pytest.fixture
def resource(network) -> Resource:
    return make_resource("modelo-prueba-replicaciones")


@pytest.fixture
def retired(network) -> Resource:
    return make_resource("modelo-retirado-replicaciones", status="retired")


@pytest.fixture
def santiago_org(network) -> Any:
    return next(iter(directory_selectors.municipalities(codes=["13101"])))


@pytest.fixture
def valparaiso_org(network) -> Any:
    return next(iter(directory_selectors.municipalities(codes=["05101"])))
