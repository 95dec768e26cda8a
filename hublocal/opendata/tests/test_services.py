"""Building the portal's versions: dictionaries, formats, Frictionless validity, the refusal of
personal data, kept versions and download counters."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import shutil
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from frictionless import validate
from openpyxl import load_workbook

from hublocal.core import registry
from hublocal.core.csvexport import csv_chunks
from hublocal.exports import services as exports_services
from hublocal.opendata import selectors, services
from hublocal.opendata.models import DatasetVersion, DownloadCount


def _read(data: dict) -> bytes:
    with default_storage.open(data["name"], "rb") as f:
        return f.read()


def _sample(monkeypatch, fields: tuple, key: str = "tests.sample") -> registry.Dataset:
    ds = registry.Dataset(
        key=key,
        slug="muestra",
        title="Muestra",
        description="Datos de prueba",
        formats=("csv",),
        build=lambda fmt, variant: csv_chunks([["id", "correo", "nombre"], [1, "ana@example.org", "Ana"]]),
        fields=fields,
    )
    monkeypatch.setitem(registry._DATASETS, ds.key, ds)
    return ds


def test_every_registered_dataset_has_a_dictionary():
    keys = {ds.key for ds in registry.datasets()}
    assert {
        "diagnosis.scores",
        "pilots.pilots",
        "pilots.indicators",
        "library.resources",
        "replications.replications",
        "agreements.register",
        "territory.communes",
        "solutions.catalogue",
        "innovation.challenges",
        "innovation.calls",
        "ictassets.aggregates",
        "evaluation.indicators",
        "diagnosis.ranking",
        "pilots.suppliers",
        "training.coverage",
        "events.events",
        "finance.summary",
    } <= keys
    for ds in registry.datasets():
        assert ds.fields, ds.key
        assert all(f.description for f in ds.fields), ds.key
        assert ds.temporal_start and ds.keywords, ds.key  # recommended by DCAT-AP
        services.check_publishable(ds)


def test_every_dataset_builds_a_valid_frictionless_package(published, tmp_path):
    """Build every registered dataset on the demo data and validate its data package (Table
    Schema from the dictionary) with frictionless: every one is valid."""
    for key, version in published.items():
        ds = registry.dataset(key)
        assert ds is not None
        folder = tmp_path / ds.slug
        folder.mkdir()
        (folder / "datapackage.json").write_bytes(_read(version.files["datapackage"]))
        (folder / f"{ds.slug}.csv").write_bytes(_read(version.files["csv"]))
        report = validate(str(folder / "datapackage.json"))
        assert report.valid, (key, report.flatten(["rowNumber", "fieldName", "type", "note"])[:5])
        package = json.loads((folder / "datapackage.json").read_text())
        assert [f["name"] for f in package["resources"][0]["schema"]["fields"]] == [f.name for f in ds.fields]
        assert package["licenses"][0]["name"] == "CC-BY-4.0"
        # JSON and XLSX hold the same rows as the CSV.
        rows = list(csv.reader(io.StringIO(_read(version.files["csv"]).decode())))
        assert len(rows) - 1 == version.rows
        records = json.loads(_read(version.files["json"]))
        assert len(records) == version.rows
        sheet = load_workbook(io.BytesIO(_read(version.files["xlsx"]))).active
        assert sheet.max_row == version.rows + 1
        assert [c.value for c in sheet[1]] == [f.name for f in ds.fields]
    shutil.rmtree(tmp_path, ignore_errors=True)


def test_territory_has_geojson_points(published):
    version = published["territory.communes"]
    collection = json.loads(_read(version.files["geojson"]))
    assert collection["type"] == "FeatureCollection"
    assert len(collection["features"]) >= 345
    santiago = next(f for f in collection["features"] if f["id"] == "13101")
    lon, lat = santiago["geometry"]["coordinates"]
    assert santiago["geometry"]["type"] == "Point"
    assert -71.0 < lon < -70.0 and -34.0 < lat < -33.0
    assert "geojson" not in published["pilots.pilots"].files


def test_portal_leaves_out_columns_outside_the_dictionary(published):
    """The agreements register's signatories (personal data) are not in the portal's files."""
    header = _read(published["agreements.register"].files["csv"]).decode().splitlines()[0]
    assert "firmante" not in header and "cargo" not in header
    assert header.startswith("convenio_id,")


def test_a_field_declared_personal_in_the_privacy_registry_is_refused(db, monkeypatch):
    declared = next(d for d in registry.personal_data() if d.model == "accounts.User")
    field = declared.fields[0]
    _sample(
        monkeypatch,
        (
            registry.DatasetField("id", "integer", "", "Id"),
            registry.DatasetField("correo", "string", "", "Correo", source=f"accounts.User.{field}"),
        ),
    )
    with pytest.raises(services.PersonalDataRefused, match="datos personales") as exc:
        services.version_build("tests.sample")
    assert "correo" in str(exc.value)
    assert not DatasetVersion.objects.filter(key="tests.sample").exists()


def test_a_field_marked_personal_is_refused_and_the_listener_skips_it(db, monkeypatch):
    _sample(monkeypatch, (registry.DatasetField("nombre", "string", "", "Nombre", personal=True),))
    with pytest.raises(services.PersonalDataRefused):
        services.version_build("tests.sample")
    services.on_dataset_built("tests.sample")  # logged, never raised into the exports build
    assert not DatasetVersion.objects.filter(key="tests.sample").exists()


def test_a_dictionary_naming_a_missing_column_is_refused(db, monkeypatch):
    _sample(monkeypatch, (registry.DatasetField("telefono", "string", "", "Teléfono"),))
    with pytest.raises(ValidationError, match="telefono"):
        services.version_build("tests.sample")


def test_a_dataset_without_dictionary_is_not_published(db, monkeypatch):
    _sample(monkeypatch, ())
    with pytest.raises(ValidationError, match="diccionario"):
        services.version_build("tests.sample")


def test_only_dictionary_columns_are_published(db, monkeypatch):
    _sample(monkeypatch, (registry.DatasetField("id", "integer", "", "Id"),))
    version = services.version_build("tests.sample")
    assert _read(version.files["csv"]).decode().splitlines() == ["id", "1"]
    assert json.loads(_read(version.files["json"])) == [{"id": 1}]


def test_versions_are_dated_and_the_last_ones_kept(db, monkeypatch):
    monkeypatch.setattr(services, "KEEP_VERSIONS", 2)
    _sample(monkeypatch, (registry.DatasetField("id", "integer", "", "Id"),))
    first = services.version_build("tests.sample")
    services.version_build("tests.sample")
    services.version_build("tests.sample")
    kept = list(selectors.versions_of("tests.sample", 10))
    assert len(kept) == 2 and first.pk not in {v.pk for v in kept}
    assert kept[0].built_at >= kept[1].built_at
    assert all(v.files["csv"]["size"] > 0 for v in kept)


def test_download_counts_are_counters_only(db):
    services.download_counted("tests.x", "csv")
    services.download_counted("tests.x", "csv")
    services.download_counted("tests.x", "json")
    assert selectors.download_counts()["tests.x"] == {"csv": 2, "json": 1}
    assert {f.name for f in DownloadCount._meta.get_fields()} == {"id", "key", "fmt", "count"}


def test_an_exports_build_publishes_a_new_version(db, django_capture_on_commit_callbacks):
    before = DatasetVersion.objects.filter(key="pilots.pilots").count()
    with django_capture_on_commit_callbacks(execute=True):
        exports_services.dataset_build("pilots.pilots")
    assert DatasetVersion.objects.filter(key="pilots.pilots").count() == before + 1


def test_registration_with_the_old_fields_keeps_working():
    ds = registry.Dataset(
        key="tests.old", slug="viejo", title="t", description="d", formats=("csv",), build=lambda f, v: iter([])
    )
    assert ds.fields == () and ds.geojson is None and ds.theme == "GOVE"
    assert dataclasses.replace(ds, theme="REGI").theme == "REGI"
    with pytest.raises(ValueError):
        registry.DatasetField("x", "texto")
    assert Path(services.__file__).name == "services.py"
