"""Open innovation as open data: every public challenge (published or later) with its area,
municipality, call, budget range and status, one row per challenge. The problem statement is
on the challenge's page; contact data and review notes are never in the file. Rebuilt by the
exports app's nightly run (and hourly when missing)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.db.models import Count, Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hublocal.core import registry
from hublocal.core.csvexport import csv_chunks

from .models import Call, CallStatus, Challenge, Criterion
from .permissions import PUBLIC_STATUSES

KEY = "innovation.challenges"
CALLS = "innovation.calls"
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


def call_rows() -> Iterator[list[Any]]:
    """One row per call made public (drafts are the hub's working document): its dates, status,
    number of public challenges and published criteria with their weights. One query for the
    calls (challenges counted in it) and one per chunk for the criteria."""
    yield [
        "convocatoria_id",
        "titulo",
        "estado",
        "abre",
        "cierra",
        "publicada",
        "desafios_publicos",
        "criterios",
        "url",
    ]
    base = getattr(settings, "SITE_URL", "").rstrip("/")
    qs = (
        Call.objects.exclude(status=CallStatus.DRAFT)
        .annotate(n_challenges=Count("challenges", filter=Q(challenges__status__in=PUBLIC_STATUSES)))
        .prefetch_related(Prefetch("criteria", queryset=Criterion.objects.order_by("order", "pk")))
        .order_by("pk")
    )
    call: Any  # annotated with n_challenges
    for call in qs.iterator(chunk_size=CHUNK):
        yield [
            call.pk,
            call.title,
            call.status,
            timezone.localtime(call.opens_at).date().isoformat(),
            timezone.localtime(call.closes_at).date().isoformat(),
            timezone.localtime(call.published_at).date().isoformat() if call.published_at else "",
            call.n_challenges,
            "; ".join(f"{c.name} ({c.weight}%)" for c in call.criteria.all()),
            base + reverse("innovation:call_detail", kwargs={"slug": call.slug}),
        ]


CALL_FIELDS = (
    F("convocatoria_id", "integer", "", _("Id de la convocatoria")),
    F("titulo", "string", "", _("Título de la convocatoria")),
    F("estado", "string", "", _("Estado: published (publicada) o cancelled (cancelada)")),
    F("abre", "date", "", _("Apertura de la convocatoria")),
    F("cierra", "date", "", _("Cierre de la convocatoria")),
    F("publicada", "date", "", _("Fecha de publicación")),
    F("desafios_publicos", "integer", _("desafíos"), _("Número de desafíos públicos de la convocatoria")),
    F("criterios", "string", "", _("Criterios de evaluación con su ponderación, separados por punto y coma")),
    F("url", "string", "", _("Dirección de la página de la convocatoria")),
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
    registry.register_dataset(
        registry.Dataset(
            key=CALLS,
            slug="convocatorias",
            title=_("Convocatorias de innovación abierta"),
            description=_(
                "Cada convocatoria pública de innovación abierta: fechas de apertura y cierre, estado, número de "
                "desafíos públicos y criterios de evaluación con su ponderación."
            ),
            formats=("csv",),
            build=lambda fmt, variant: csv_chunks(call_rows()),
            keywords=("innovación abierta", "convocatorias", "compra pública de innovación"),
            page="innovation:call_list",
            fields=CALL_FIELDS,
            temporal_start="2025-01-01",
            theme="TECH",
            update_frequency=_("Una vez al día"),
        )
    )
