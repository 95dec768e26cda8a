"""Municipalities of other countries in the directory (issue 13, item 3): each registered
foreign municipality may get its own organisation (kind municipality, its commune and country),
created once; Chilean ones only come from the territory; the list filters by country."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from hublocal.audit.models import AuditEvent
from hublocal.directory import services
from hublocal.directory.models import Organization
from hublocal.territory import selectors as territory_selectors
from hublocal.territory import services as territory_services

pytestmark = pytest.mark.django_db


def _foreign_commune(name: str = "Villa Prueba", code: str = "AR"):
    return territory_services.foreign_municipality_register(
        actor=None, country_code=code, country_name="Argentina", name=name, national_code="T0001", admin_area="Salta"
    )


def test_ensure_creates_once_with_commune_and_audit(network, users):
    commune = _foreign_commune()
    org = services.foreign_municipality_organization_ensure(actor=users["staff"], commune=commune)
    again = services.foreign_municipality_organization_ensure(actor=users["staff"], commune=commune)
    assert org.pk == again.pk and org.kind == "municipality" and org.commune_id == commune.pk
    assert org.name == "Municipio de Villa Prueba" and org.slug.endswith("-ar")
    assert Organization.objects.filter(commune=commune).count() == 1
    assert AuditEvent.objects.filter(action="directory.organization_create", object_id=str(org.pk)).count() == 1


def test_a_chilean_commune_is_refused(network, users):
    santiago = territory_selectors.commune_get(code="13101")
    before = Organization.objects.count()
    with pytest.raises(ValidationError) as exc:
        services.foreign_municipality_organization_ensure(actor=users["staff"], commune=santiago)
    assert "territorio oficial" in " ".join(exc.value.messages)
    assert Organization.objects.count() == before


def test_directory_list_filters_by_country(network):
    commune = _foreign_commune(name="Villa Filtrada")
    services.foreign_municipality_organization_ensure(actor=None, commune=commune)
    url = reverse("directory:organization_list")
    page = Client().get(url + "?country=AR").content.decode()
    assert "Municipio de Villa Filtrada" in page and "(Argentina)" in page
    assert "Municipalidad de Santiago" not in page
    chile = Client().get(url + "?country=CL&q=Villa").content.decode()
    assert "Municipio de Villa Filtrada" not in chile
    everything = Client().get(url + "?q=Villa Filtrada").content.decode()
    assert 'name="country"' in everything and "Municipio de Villa Filtrada" in everything
    # A malformed country filters nothing and is never a 500.
    odd = Client().get(url + "?country=<script>&q=Villa Filtrada")
    assert odd.status_code == 200 and "Municipio de Villa Filtrada" in odd.content.decode()
