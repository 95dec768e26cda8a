"""`manage.py import_indicators`: every row validated, all or nothing, a clear report, audited."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from hublocal.audit.models import AuditEvent
from hublocal.territory import selectors
from hublocal.territory.models import CommuneIndicator, IndicatorDefinition

pytestmark = pytest.mark.django_db

VALID = (
    "codigo;indicador;anio;valor;fuente\n"
    "13101;poblacion;2017;404.495;Censo 2017\n"
    "5101;poblacion;2017;296655;Censo 2017\n"
    "13101;ruralidad;2017;0,5;INE\n"
    "13102;ruralidad;2017;1.5;INE\n"
)


def _run(tmp_path: Path, text: str, *args: str) -> tuple[str, str]:
    path = tmp_path / "indicadores.csv"
    path.write_text(text, encoding="utf-8")
    out, err = StringIO(), StringIO()
    call_command("import_indicators", str(path), *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def _values() -> dict[tuple[str, str, int], float]:
    return {
        (c, i, y): v
        for c, i, y, v in CommuneIndicator.objects.values_list("commune__code", "indicator__code", "year", "value")
    }


def test_valid_file_is_written_and_audited(tmp_path, network):
    CommuneIndicator.objects.all().delete()
    out, _err = _run(tmp_path, VALID)
    assert "Filas válidas: 4" in out and "Importación completada" in out
    values = _values()
    # Chilean files group thousands with dots: "404.495" is four hundred thousand people.
    assert values[("13101", "poblacion", 2017)] == 404495
    assert values[("05101", "poblacion", 2017)] == 296655  # a 4-digit code is zero-padded
    assert values[("13101", "ruralidad", 2017)] == 0.5
    assert values[("13102", "ruralidad", 2017)] == 1.5
    assert IndicatorDefinition.objects.get(code="poblacion").scale == "log"
    assert AuditEvent.objects.filter(action="territory.indicators_import").exists()
    # Importing again replaces, never duplicates.
    out, _err = _run(tmp_path, VALID)
    assert "valores reemplazados: 4" in out
    assert CommuneIndicator.objects.count() == 4
    assert selectors.indicator_latest_values()["13101"]["ruralidad"] == 0.5


def test_any_bad_row_writes_nothing_and_reports_every_bad_row(tmp_path, network):
    CommuneIndicator.objects.all().delete()
    bad = VALID + (
        "99999;poblacion;2017;10;x\n"  # unknown commune
        "13102;poblacion;1850;10;x\n"  # year out of range
        "13102;poblacion;2017;mucho;x\n"  # not a number
        "13102;presupuesto;2017;-5;x\n"  # log scale needs > 0
        "13101;poblacion;2017;1;x\n"  # duplicate of line 2
        "13102;camas_hospital;2017;3;x\n"  # undeclared indicator
    )
    with pytest.raises(CommandError, match="no se guardó ningún cambio"):
        _run(tmp_path, bad)
    assert CommuneIndicator.objects.count() == 0
    assert not IndicatorDefinition.objects.filter(code="camas_hospital").exists()
    path = tmp_path / "indicadores.csv"
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("import_indicators", str(path), stdout=StringIO(), stderr=err)
    report = err.getvalue()
    for needle in (
        "código de comuna desconocido",
        "año inválido",
        "valor no numérico",
        "escala logarítmica",
        "fila duplicada",
        "no declarado",
    ):
        assert needle in report


def test_new_indicator_declared_in_the_file(tmp_path, network):
    text = "codigo,indicador,anio,valor,nombre,unidad,escala\n13101,camas_sapu,2024,12,Camas SAPU,camas,lineal\n"
    _run(tmp_path, text)
    definition = IndicatorDefinition.objects.get(code="camas_sapu")
    assert (definition.label, definition.unit, definition.scale) == ("Camas SAPU", "camas", "linear")


def test_dry_run_validates_and_writes_nothing(tmp_path, network):
    CommuneIndicator.objects.all().delete()
    out, _err = _run(tmp_path, VALID, "--dry-run")
    assert "Valores nuevos: 4" in out and "no se guardó ningún cambio" in out
    assert CommuneIndicator.objects.count() == 0


def test_header_and_empty_files_are_refused(tmp_path, network):
    with pytest.raises(CommandError, match="columnas"):
        _run(tmp_path, "codigo;valor\n13101;3\n")
    with pytest.raises(CommandError, match="no contiene filas"):
        _run(tmp_path, "codigo;indicador;anio;valor\n")
    with pytest.raises(CommandError, match="No existe el archivo"):
        call_command("import_indicators", str(tmp_path / "nada.csv"), stdout=StringIO(), stderr=StringIO())
