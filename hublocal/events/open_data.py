"""The hub's events as open data: one row per public event (published, closed, held or
cancelled) with its kind, dates, place, capacity and how many registered. Counts only: nobody
who registered, pitched or attended is named; the connection link is never in the file."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hublocal.core import registry
from hublocal.core.csvexport import csv_chunks

from .models import Event, RegistrationStatus
from .permissions import PUBLIC_STATUSES

KEY = "events.events"
COLUMNS = [
    "evento_id",
    "titulo",
    "tipo",
    "estado",
    "inicio",
    "termino",
    "zona_horaria",
    "lugar",
    "en_linea",
    "cupos",
    "inscritos",
    "en_lista_de_espera",
    "url",
]


def rows() -> Iterator[list[Any]]:
    """One query whatever the number of events (registrations counted in it)."""
    yield COLUMNS
    base = getattr(settings, "SITE_URL", "").rstrip("/")
    qs = (
        Event.objects.filter(status__in=PUBLIC_STATUSES)
        .annotate(
            n_confirmed=Count("registrations", filter=Q(registrations__status=RegistrationStatus.CONFIRMED)),
            n_waitlisted=Count("registrations", filter=Q(registrations__status=RegistrationStatus.WAITLISTED)),
        )
        .values_list(
            "pk",
            "title",
            "kind",
            "status",
            "starts_at",
            "ends_at",
            "timezone",
            "place",
            "online_url",
            "capacity",
            "n_confirmed",
            "n_waitlisted",
            "slug",
        )
        .order_by("starts_at", "pk")
    )
    for pk, title, kind, status, starts, ends, tz, place, online, capacity, confirmed, waitlisted, slug in qs.iterator(
        chunk_size=1000
    ):
        yield [
            pk,
            title,
            kind,
            status,
            timezone.localtime(starts).isoformat(timespec="minutes"),
            timezone.localtime(ends).isoformat(timespec="minutes"),
            tz,
            place,
            "si" if online else "no",
            capacity,
            confirmed,
            waitlisted,
            base + reverse("events:detail", kwargs={"slug": slug}),
        ]


F = registry.DatasetField
FIELDS = (
    F("evento_id", "integer", "", _("Id del evento")),
    F("titulo", "string", "", _("Título del evento")),
    F("tipo", "string", "", _("Tipo: congress, demo_day, workshop o award_ceremony")),
    F("estado", "string", "", _("Estado: published, closed, held o cancelled")),
    F("inicio", "datetime", "", _("Inicio (hora de Chile continental)")),
    F("termino", "datetime", "", _("Término (hora de Chile continental)")),
    F("zona_horaria", "string", "", _("Zona horaria en que se anuncia el evento")),
    F("lugar", "string", "", _("Lugar y ciudad (vacío: solo en línea)")),
    F("en_linea", "boolean", "", _("si/no: si tiene transmisión o conexión en línea")),
    F("cupos", "integer", _("personas"), _("Cupos del evento")),
    F("inscritos", "integer", _("personas"), _("Inscripciones confirmadas")),
    F("en_lista_de_espera", "integer", _("personas"), _("Inscripciones en lista de espera")),
    F("url", "string", "", _("Dirección de la página del evento")),
)


def register() -> None:
    registry.register_dataset(
        registry.Dataset(
            key=KEY,
            slug="eventos",
            title=_("Eventos del Hub"),
            description=_(
                "Cada evento público del Hub (congresos, demo days, talleres y premiaciones): tipo, fechas, lugar, "
                "cupos e inscritos. Solo conteos: sin datos de quienes se inscribieron."
            ),
            formats=("csv",),
            build=lambda fmt, variant: csv_chunks(rows()),
            keywords=("eventos", "congresos", "demo day", "talleres"),
            page="events:list",
            fields=FIELDS,
            temporal_start="2025-01-01",
            theme="GOVE",
            update_frequency=_("Una vez al día"),
        )
    )
