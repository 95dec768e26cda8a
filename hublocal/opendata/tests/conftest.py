from __future__ import annotations

import pytest

from hublocal.core import registry
from hublocal.opendata import services
from hublocal.opendata.models import Catalogue, DatasetVersion, DownloadCount


@pytest.fixture
def published(db):
    """Every registered dataset published once on the demo data (fresh versions and counters)."""
    DatasetVersion.objects.all().delete()
    DownloadCount.objects.all().delete()
    Catalogue.objects.all().delete()
    return {ds.key: services.version_build(ds.key) for ds in registry.datasets()}
