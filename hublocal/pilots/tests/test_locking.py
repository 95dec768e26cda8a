"""Optimistic locking of indicators and pilots (hublocal/core/locking.py)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from hublocal.core.locking import StaleVersion
from hublocal.pilots import selectors, services
from hublocal.pilots.models import Indicator, Pilot

from . import factories as f

pytestmark = pytest.mark.django_db

FORM = {
    "name": "Tiempo de respuesta",
    "unit": "días",
    "baseline": "10",
    "direction": "decrease",
    "method": "Promedio mensual del sistema.",
    "frequency": "monthly",
}


@pytest.fixture
def planned(users, network):
    """A planned pilot with one indicator (free edits, nothing locked yet)."""
    a = f.agreement(users["santiago"], municipality=f.org("municipalidad-santiago"), startup_org=f.org("datamuni-spa"))
    services.indicator_add(actor=users["santiago"], pilot=a.pilot, data=f.indicator_data())
    return a.pilot


def test_indicator_update_stale_version_changes_nothing(users, planned):
    ind = planned.indicators.get()
    read = ind.row_version
    services.indicator_update(
        actor=users["santiago"], indicator=ind, data=f.indicator_data(target=4.0), expected_version=read
    )
    with pytest.raises(StaleVersion):
        services.indicator_update(
            actor=users["staff"], indicator=ind, data=f.indicator_data(target=3.0), expected_version=read
        )
    assert selectors.indicator_current_version(indicator=ind).target == 4.0
    assert Indicator.objects.get(pk=ind.pk).row_version == read + 1


def test_indicator_edit_conflict_is_409_with_both_values(users, client_for, planned):
    ind = planned.indicators.get()
    read = ind.row_version
    services.indicator_update(
        actor=users["staff"], indicator=ind, data=f.indicator_data(target=4.0), expected_version=read
    )
    url = reverse("pilots:indicator_edit", args=[ind.pk])
    response = client_for("santiago").post(url, {**FORM, "target": "2", "row_version": str(read)})
    assert response.status_code == 409
    html = response.content.decode()
    assert "Otra persona guardó cambios" in html
    assert '<th scope="row">Meta</th>' in html  # the one field that differs, both values beside it
    assert selectors.indicator_current_version(indicator=ind).target == 4.0


def test_pilot_course_changes_count_as_edits(users, planned):
    before = Pilot.objects.get(pk=planned.pk).row_version
    services.pilot_start(actor=users["santiago"], pilot=planned)
    assert Pilot.objects.get(pk=planned.pk).row_version == before + 1
