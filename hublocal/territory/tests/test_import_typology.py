"""The `import_typology` management command: output, exit status, encodings."""

import os
import subprocess
import sys
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from hublocal.audit import selectors as audit_selectors
from hublocal.territory import selectors as territory_selectors
from hublocal.territory.models import Typology

PROVISIONAL = territory_selectors.DATA_DIR / "tipologia_provisional.csv"


def run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("import_typology", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def run_failing(*args: str) -> tuple[CommandError, str, str]:
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError) as exc:
        call_command("import_typology", *args, stdout=out, stderr=err)
    return exc.value, out.getvalue(), err.getvalue()


def typology_of(code: str) -> str:
    return territory_selectors.commune_get(code=code).typology


def test_valid_file_is_applied_with_a_report(territory, tmp_path):
    path = tmp_path / "tipologias.csv"
    path.write_text("codigo,tipologia\n13120,metropolitana\n8101,Metropolitana\n", encoding="utf-8")

    out, err = run(str(path))

    assert "Filas leídas: 2" in out
    assert "Filas válidas: 2" in out
    assert "Comunas con tipología cambiada: 2" in out
    assert "Importación completada." in out
    assert err == ""
    assert typology_of("13120") == typology_of("08101") == Typology.METROPOLITANA
    assert audit_selectors.audit_event_list().filter(action="territory.typology_import").count() == 1


def test_dry_run_reports_but_writes_nothing(territory, tmp_path):
    path = tmp_path / "tipologias.csv"
    path.write_text("codigo,tipologia\n13120,metropolitana\n", encoding="utf-8")

    out, _err = run(str(path), "--dry-run")

    assert "Comunas que cambiarían de tipología: 1" in out
    assert "no se guardó ningún cambio" in out
    assert typology_of("13120") == Typology.SIN_CLASIFICAR


def test_rejected_rows_are_listed_and_nothing_is_written(territory, tmp_path):
    path = tmp_path / "tipologias.csv"
    path.write_text(
        "codigo,tipologia\n13120,metropolitana\n99999,mayor\n13120,mayor\n08101,gigante\n08110,\n",
        encoding="utf-8",
    )

    error, out, err = run_failing(str(path))

    assert "Filas leídas: 5" in out
    assert "Filas válidas: 1" in out
    assert "Filas rechazadas: 4" in err
    assert "línea 3, código «99999»: código de comuna desconocido" in err
    assert "línea 4, código «13120»: código duplicado (ya aparece en la línea 2)" in err
    assert "línea 5, código «08101»: tipología desconocida: «gigante»" in err
    assert "línea 6, código «08110»: falta la tipología" in err
    assert "Se rechazaron 4 de 5 filas; no se guardó ningún cambio." in str(error)
    assert typology_of("13120") == Typology.SIN_CLASIFICAR
    assert not audit_selectors.audit_event_list().filter(action="territory.typology_import").exists()


def test_dry_run_still_fails_on_rejected_rows(territory, tmp_path):
    path = tmp_path / "tipologias.csv"
    path.write_text("codigo,tipologia\n99999,mayor\n", encoding="utf-8")

    error, _out, err = run_failing(str(path), "--dry-run")

    assert "línea 2, código «99999»" in err
    assert "Se rechazaron 1 de 1 filas" in str(error)


def test_missing_columns_is_a_command_error(territory, tmp_path):
    path = tmp_path / "tipologias.csv"
    path.write_text("comuna,grupo\n13120,mayor\n", encoding="utf-8")

    error, _out, _err = run_failing(str(path))

    assert "no se guardó ningún cambio" in str(error)
    assert "'codigo' y 'tipologia'" in str(error)


@pytest.mark.parametrize(
    ("content", "encoding"),
    [
        ("\ufeffCódigo;Tipología\r\n13120;Urbana mediana\r\n", "utf-8"),
        ("Código;Tipología\r\n13120;Urbana mediana\r\n", "latin-1"),
        ("Código;Tipología\r\n13120;Urbana mediana\r\n", "cp1252"),
    ],
    ids=["utf8-bom", "latin1", "cp1252"],
)
def test_excel_encodings_are_read(territory, tmp_path, content, encoding):
    path = tmp_path / "tipologias.csv"
    path.write_bytes(content.encode(encoding))

    out, _err = run(str(path))

    assert "Filas válidas: 1" in out
    assert typology_of("13120") == Typology.URBANA_MEDIANA


def test_missing_file_is_a_clear_error(tmp_path):
    error, _out, _err = run_failing(str(tmp_path / "no-existe.csv"))

    assert str(error) == f"No existe el archivo «{tmp_path / 'no-existe.csv'}»."


def test_directory_is_a_clear_error(tmp_path):
    error, _out, _err = run_failing(str(tmp_path))

    assert "es una carpeta" in str(error)


def test_provisional_file_imports_with_zero_rejections(territory):
    out, err = run(str(PROVISIONAL))

    assert "Filas leídas: 345" in out
    assert "Filas válidas: 345" in out
    assert err == ""
    assert territory_selectors.typology_counts()[Typology.SIN_CLASIFICAR] == 0


def test_provisional_file_lists_each_commune_once():
    lines = PROVISIONAL.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "codigo,tipologia"
    codes = [line.split(",")[0] for line in lines[1:]]
    assert len(codes) == len(set(codes)) == 345
    assert set(codes) == {c["code"] for c in territory_selectors.official_dpa()["communes"]}
    assert {line.split(",")[1] for line in lines[1:]} == {
        Typology.METROPOLITANA,
        Typology.MAYOR,
        Typology.URBANA_MEDIANA,
        Typology.RURAL_SEMIURBANA,
    }


def test_provisional_file_matches_its_build_script():
    result = subprocess.run(
        [sys.executable, "scripts/build_provisional_typology.py", "--check"],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_manage_py_exits_non_zero_without_traceback(tmp_path):
    # A missing file fails before any database access, so the real process can run here.
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "hublocal.settings.test"}
    result = subprocess.run(
        [sys.executable, "manage.py", "import_typology", str(tmp_path / "no-existe.csv")],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert "CommandError: No existe el archivo" in result.stderr
    assert "Traceback" not in result.stderr
