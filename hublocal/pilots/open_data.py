"""Open data of the pilots: every pilot with its results and every indicator's current version
and judgement, as CSV files built by the task queue (hublocal/exports) and regenerated when a
pilots service writes (`changed()`)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hublocal.core import registry
from hublocal.core.csvexport import csv_chunks
from hublocal.exports import services as exports_services

from . import selectors
from .models import PilotStatus

PILOTS = "pilots.pilots"
INDICATORS = "pilots.indicators"
SUPPLIERS = "pilots.suppliers"
# The URL's dataset name → the registered dataset.
DATASETS = {"pilotos": PILOTS, "indicadores": INDICATORS}


def changed() -> None:
    """A pilots write changed what the open data shows: rebuild both files after commit."""
    exports_services.dataset_changed(PILOTS)
    exports_services.dataset_changed(INDICATORS)
    exports_services.dataset_changed(SUPPLIERS)


def pilot_rows() -> Iterator[list[Any]]:
    yield [
        "piloto_id",
        "titulo",
        "estado",
        "municipalidad",
        "codigo_comuna",
        "startup",
        "desafio",
        "area",
        "convenio_id",
        "valor_clp",
        "fecha_firma",
        "inicio_convenio",
        "termino_convenio",
        "iniciado",
        "finalizado",
        "indicadores",
        "indicadores_cumplidos",
        "calificacion_promedio",
    ]
    p: Any  # annotated by the selector (n_indicators, n_met)
    for p in selectors.pilot_list().prefetch_related("agreement__terms__parties").iterator(chunk_size=500):
        a = p.agreement
        rating = getattr(p, "rating", None)
        yield [
            p.pk,
            p.title,
            p.status,
            a.municipality.name,
            a.municipality.commune.code if a.municipality.commune else "",
            a.startup.name,
            a.challenge.title,
            a.challenge.area,
            a.pk,
            a.value_clp,
            a.signed_on.isoformat() if a.signed_on else "",
            a.starts_on.isoformat(),
            a.ends_on.isoformat(),
            timezone.localtime(p.started_at).isoformat() if p.started_at else "",
            timezone.localtime(p.finished_at).isoformat() if p.finished_at else "",
            p.n_indicators,
            p.n_met if p.status == PilotStatus.FINISHED else "",
            rating.average if rating else "",
        ]


def indicator_rows() -> Iterator[list[Any]]:
    yield [
        "piloto_id",
        "indicador_id",
        "version",
        "nombre",
        "unidad",
        "linea_base",
        "meta",
        "sentido",
        "frecuencia",
        "valor_final",
        "cumplido",
        "juicio_corregido",
    ]
    for ind, v in selectors.indicator_export_rows():
        yield [
            ind.pilot_id,
            ind.pk,
            v.version,
            v.name,
            v.unit,
            v.baseline,
            v.target,
            v.direction,
            v.frequency,
            ind.final_value,
            "" if ind.met is None else ("si" if ind.met else "no"),
            "si" if ind.met_overridden else "no",
        ]


def supplier_rows() -> Iterator[list[Any]]:
    """The supplier-performance record as on /pilotos/proveedores/: one row per startup with an
    agreement (four grouped queries whatever the number of startups). Ratings only as averages
    and counts: the comments stay on the record page for those allowed to read them."""
    yield [
        "proveedor",
        "identificador",
        "pilotos",
        "pilotos_planificados",
        "pilotos_en_curso",
        "pilotos_finalizados",
        "pilotos_cancelados",
        "indicadores_evaluados",
        "indicadores_cumplidos",
        "calificacion_promedio",
        "calificaciones",
        "url",
    ]
    base = getattr(settings, "SITE_URL", "").rstrip("/")
    for s in selectors.supplier_list():
        yield [
            s.name,
            s.slug,
            s.pilots_total,
            s.pilots_by_status.get(PilotStatus.PLANNED, 0),
            s.pilots_running,
            s.pilots_finished,
            s.pilots_by_status.get(PilotStatus.CANCELLED, 0),
            s.indicators_total,
            s.indicators_met,
            "" if s.rating_average is None else s.rating_average,
            s.rating_count,
            base + reverse("pilots:supplier_detail", kwargs={"slug": s.slug}),
        ]


F = registry.DatasetField
SUPPLIER_FIELDS = (
    F("proveedor", "string", "", _("Startup proveedora (organización)")),
    F("identificador", "string", "", _("Identificador de la startup en la plataforma")),
    F("pilotos", "integer", _("pilotos"), _("Pilotos de la startup, en cualquier estado")),
    F("pilotos_planificados", "integer", _("pilotos"), _("Pilotos planificados")),
    F("pilotos_en_curso", "integer", _("pilotos"), _("Pilotos en curso o pausados")),
    F("pilotos_finalizados", "integer", _("pilotos"), _("Pilotos finalizados")),
    F("pilotos_cancelados", "integer", _("pilotos"), _("Pilotos cancelados")),
    F("indicadores_evaluados", "integer", _("indicadores"), _("Indicadores juzgados de los pilotos finalizados")),
    F("indicadores_cumplidos", "integer", _("indicadores"), _("Indicadores cumplidos de los pilotos finalizados")),
    F("calificacion_promedio", "number", _("puntos (1-5)"), _("Promedio de las calificaciones de los municipios")),
    F("calificaciones", "integer", _("calificaciones"), _("Número de calificaciones recibidas")),
    F("url", "string", "", _("Dirección del registro de desempeño de la startup")),
)
PILOT_FIELDS = (
    F("piloto_id", "integer", "", _("Id del piloto")),
    F("titulo", "string", "", _("Título del piloto")),
    F("estado", "string", "", _("Estado: planned, running, paused, finished o cancelled")),
    F("municipalidad", "string", "", _("Municipalidad que pilotea")),
    F("codigo_comuna", "string", "", _("Código comunal (CUT)")),
    F("startup", "string", "", _("Startup proveedora")),
    F("desafio", "string", "", _("Desafío de innovación que originó el piloto")),
    F("area", "string", "", _("Área municipal del desafío")),
    F("convenio_id", "integer", "", _("Id del convenio (registro público de convenios)")),
    F("valor_clp", "number", "CLP", _("Valor del convenio")),
    F("fecha_firma", "date", "", _("Fecha de firma del convenio")),
    F("inicio_convenio", "date", "", _("Inicio de la vigencia del convenio")),
    F("termino_convenio", "date", "", _("Término de la vigencia del convenio")),
    F("iniciado", "datetime", "", _("Inicio efectivo del piloto")),
    F("finalizado", "datetime", "", _("Fin efectivo del piloto")),
    F("indicadores", "integer", _("indicadores"), _("Número de indicadores del piloto")),
    F("indicadores_cumplidos", "integer", _("indicadores"), _("Indicadores cumplidos (solo pilotos finalizados)")),
    F("calificacion_promedio", "number", _("puntos (1-5)"), _("Calificación promedio de la municipalidad")),
)
INDICATOR_FIELDS = (
    F("piloto_id", "integer", "", _("Id del piloto")),
    F("indicador_id", "integer", "", _("Id del indicador")),
    F("version", "integer", "", _("Versión vigente del indicador")),
    F("nombre", "string", "", _("Nombre del indicador")),
    F("unidad", "string", "", _("Unidad de medida")),
    F("linea_base", "number", _("unidad del indicador"), _("Valor de línea base")),
    F("meta", "number", _("unidad del indicador"), _("Meta")),
    F("sentido", "string", "", _("Sentido de la meta (subir o bajar)")),
    F("frecuencia", "string", "", _("Frecuencia de medición")),
    F("valor_final", "number", _("unidad del indicador"), _("Valor final medido")),
    F("cumplido", "boolean", "", _("si/no: si se cumplió la meta")),
    F("juicio_corregido", "boolean", "", _("si/no: si el Hub corrigió el juicio automático")),
)


def register() -> None:
    common: dict[str, Any] = {
        "formats": ("csv",),
        "keywords": ("pilotos", "innovación abierta", "GovTech", "compras públicas"),
        "page": "pilots:pilot_list",
        "download": "pilots:open_data",
        "temporal_start": "2025-01-01",
        "theme": "TECH",
    }
    registry.register_dataset(
        registry.Dataset(
            key=PILOTS,
            slug="pilotos",
            title=_("Pilotos de innovación abierta"),
            description=_(
                "Cada piloto con su convenio (municipalidad, startup, desafío, valor y fechas), su estado, "
                "sus indicadores cumplidos y la calificación de la municipalidad."
            ),
            build=lambda fmt, variant: csv_chunks(pilot_rows()),
            fields=PILOT_FIELDS,
            **common,
        )
    )
    registry.register_dataset(
        registry.Dataset(
            key=INDICATORS,
            slug="indicadores",
            title=_("Indicadores de los pilotos"),
            description=_(
                "La versión vigente de cada indicador de cada piloto (nombre, unidad, línea base, meta, "
                "sentido, frecuencia), su valor final y si se cumplió."
            ),
            build=lambda fmt, variant: csv_chunks(indicator_rows()),
            fields=INDICATOR_FIELDS,
            **common,
        )
    )
    registry.register_dataset(
        registry.Dataset(
            key=SUPPLIERS,
            slug="desempeno-proveedores",
            title=_("Registro de desempeño de proveedores"),
            description=_(
                "Cada startup con convenio de piloto: sus pilotos por estado, los indicadores cumplidos de sus "
                "pilotos finalizados y el promedio de las calificaciones de los municipios, como en su registro "
                "público. Sin comentarios ni datos de personas."
            ),
            build=lambda fmt, variant: csv_chunks(supplier_rows()),
            fields=SUPPLIER_FIELDS,
            **{**common, "page": "pilots:supplier_list", "download": ""},
        )
    )
