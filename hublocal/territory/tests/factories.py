"""Test data for the territory app.

Chilean communes are never invented: tests load the official DPA with
`territory_services.territory_load_official()`. Factories here cover what the DPA does not:
foreign municipalities and an actor for audited writes."""

from __future__ import annotations

import factory
from django.contrib.auth import get_user_model

from hublocal.core.text import fold
from hublocal.territory.models import Commune, Country


class HubAdminFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"territory-admin-{n}")
    role = "hub_admin"


class CountryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Country
        django_get_or_create = ("code",)

    code = "UY"
    name = "Uruguay"


class ForeignCommuneFactory(factory.django.DjangoModelFactory):
    """A municipality outside Chile, coded "<ISO2>-<national code>" like the service does."""

    class Meta:
        model = Commune

    country = factory.SubFactory(CountryFactory)
    national_code = factory.Sequence(lambda n: f"{n:04d}")
    code = factory.LazyAttribute(lambda o: f"{o.country.code}-{o.national_code}")
    name = factory.Sequence(lambda n: f"Municipio {n}")
    search_name = factory.LazyAttribute(lambda o: fold(o.name))
    admin_area = "Montevideo"


def csv_text(
    rows: list[tuple[str, str]], *, delimiter: str = ",", header: tuple[str, str] = ("codigo", "tipologia")
) -> str:
    """A typology CSV as the service receives it (already decoded)."""
    lines = [delimiter.join(header), *(delimiter.join(row) for row in rows)]
    return "\n".join(lines) + "\n"
