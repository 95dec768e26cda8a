"""Open innovation as open data: every public challenge (published or later) with its area,
municipality, call, budget range and status, one row per challenge. The problem statement is
on the challenge's page; contact data and review notes are never in the file. Rebuilt by the
exports app's nightly run (and hourly when missing)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hublocal.core import registry
from hublocal.core.csvexport import csv_chunks

from .models import Challenge
from .permissions import PUBLIC_STATUSES

KEY = "innovation.challenges"
CHUNK = 1000


def rows() -> Iterator[list[Any]]:
    yield [
        "desafio_id",
        "titulo",
        "area",
        "estado",
        "organizacion",
        "municipios",
        "convocatoria",
        "convocatoria_abre",
        "convocatoria_cierra",
        "presupuesto_min_clp",
        "presupuesto_max_clp",
        "origen",
        "publicado",
        "url",
    ]
    base = getattr(settings, "SITE_URL", "").rstrip("/")
    qs = (
        Challenge.objects.filter(status__in=PUBLIC_STATUSES)
        .select_related("owner", "call")
        .prefetch_related("municipalities")
        .order_by("pk")
    )
    last = 0
    while batch := list(qs.filter(pk__gt=last)[:CHUNK]):
        for c in batch:
            call = c.call
            yield [
                c.pk,
                c.title,
                c.area,
                c.status,
                c.owner.name,
                ";".join(sorted(str(m) for m in c.municipalities.all())),
                call.title if call else "",
                timezone.localtime(call.opens_at).date().isoformat() if call else "",
                timezone.localtime(call.closes_at).date().isoformat() if call else "",
                "" if c.budget_min is None else c.budget_min,
                "" if c.budget_max is None else c.budget_max,
                c.origin,
                timezone.localtime(c.published_at).date().isoformat() if c.published_at else "",
                base + reverse("innovation:challenge_detail", kwargs={"pk": c.pk}),
            ]
        last = batch[-1].pk


F = registry.DatasetField
FIELDS = (
    F("desafio_id", "integer", "", _("Id del desafío")),
    F("titulo", "string", "", _("Título del desafío")),
    F("area", "string", "", _("Área prioritaria municipal")),
    F("estado", "string", "", _("Estado: published, closed, in_pilot, finished o archived")),
    F("organizacion", "string", "", _("Organización que plantea el desafío")),
    F("municipios", "string", "", _("Municipios que comparten el desafío, separados por punto y coma")),
    F("convocatoria", "string", "", _("Convocatoria en la que participa")),
    F("convocatoria_abre", "date", "", _("Apertura de la convocatoria")),
    F("convocatoria_cierra", "date", "", _("Cierre de la convocatoria")),
    F("presupuesto_min_clp", "integer", "CLP", _("Presupuesto mínimo")),
    F("presupuesto_max_clp", "integer", "CLP", _("Presupuesto máximo")),
    F("origen", "string", "", _("Origen: directo o desde el diagnóstico")),
    F("publicado", "date", "", _("Fecha de publicación")),
    F("url", "string", "", _("Dirección de la página del desafío")),
)


def register() -> None:
    registry.register_dataset(
        registry.Dataset(
            key=KEY,
            slug="desafios",
            title=_("Desafíos y convocatorias de innovación abierta"),
            description=_(
                "Cada desafío público de innovación abierta: área, organización y municipios que lo plantean, "
                "convocatoria con sus fechas, rango de presupuesto, origen y estado."
            ),
            formats=("csv",),
            build=lambda fmt, variant: csv_chunks(rows()),
            keywords=("innovación abierta", "desafíos", "convocatorias", "compra pública de innovación"),
            page="innovation:challenge_list",
            fields=FIELDS,
            temporal_start="2025-01-01",
            theme="TECH",
            update_frequency=_("Una vez al día"),
        )
    )
