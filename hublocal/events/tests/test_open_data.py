"""The events dataset on the open-data portal: one row per public event, counts only."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

from django.utils import timezone

from hublocal.core import registry
from hublocal.events import open_data
from hublocal.events.models import Event, Registration
from hublocal.opendata import services as opendata_services


def _rows(key: str) -> list[dict[str, str]]:
    ds = registry.dataset(key)
    assert ds is not None
    text = "".join(c.decode() if isinstance(c, bytes) else c for c in ds.build("csv", "")).lstrip("\ufeff")
    return list(csv.DictReader(io.StringIO(text)))


def _event(slug: str, status: str, capacity: int = 10) -> Event:
    now = timezone.now()
    return Event.objects.create(
        kind="workshop",
        title=f"Taller {slug}",
        slug=slug,
        starts_at=now + timedelta(days=10),
        ends_at=now + timedelta(days=10, hours=2),
        place="Biblioteca Municipal, Valparaíso",
        online_url="https://meet.example.org/secreto",
        capacity=capacity,
        registration_opens_at=now - timedelta(days=1),
        registration_closes_at=now + timedelta(days=9),
        status=status,
    )


def _register(event: Event, name: str, status: str) -> None:
    Registration.objects.create(
        event=event,
        full_name=name,
        email=f"{name.split()[0].lower()}@example.org",
        participant_type="public",
        status=status,
        registered_at=timezone.now(),
    )


def test_public_events_with_registration_counts_and_no_person(db, django_assert_max_num_queries):
    published = _event("taller-datos-abiertos", "published", capacity=2)
    draft = _event("taller-borrador", "draft")
    _register(published, "Ana Pérez", "confirmed")
    _register(published, "Berta Soto", "confirmed")
    _register(published, "Carla Díaz", "waitlisted")
    _register(published, "Dora Ruiz", "cancelled")
    _register(draft, "Eva Lara", "confirmed")
    with django_assert_max_num_queries(3):
        rows = _rows(open_data.KEY)
    by_slug = {r["url"].rstrip("/").rsplit("/", 1)[-1]: r for r in rows}
    assert "taller-borrador" not in by_slug
    row = by_slug["taller-datos-abiertos"]
    assert (row["cupos"], row["inscritos"], row["en_lista_de_espera"]) == ("2", "2", "1")
    assert row["tipo"] == "workshop" and row["estado"] == "published" and row["en_linea"] == "si"
    assert row["lugar"] == "Biblioteca Municipal, Valparaíso"
    assert row["inicio"].startswith(timezone.localtime(published.starts_at).date().isoformat())
    assert len(rows) == Event.objects.filter(status__in=("published", "closed", "held", "cancelled")).count()
    text = repr(rows)
    for private in ("Ana", "ana@example.org", "meet.example.org"):
        assert private not in text


def test_dictionary_is_publishable_and_matches_the_file(db):
    ds = registry.dataset(open_data.KEY)
    assert ds is not None
    opendata_services.check_publishable(ds)
    assert [f.name for f in ds.fields] == open_data.COLUMNS
    assert not {"nombre", "correo", "email", "full_name"} & set(open_data.COLUMNS)
