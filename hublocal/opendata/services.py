"""Writes of the open-data portal: dated versions of every registered dataset and the DCAT-AP
catalogue, built by the task queue, never in a request.

- Each app registers its datasets (core.registry.register_dataset) with a data dictionary
  (`fields`); the exports app builds their files whenever the data change and tells the portal
  (core.registry.dataset_built), which queues `version_build`: it reads the dataset's CSV once,
  keeps only the columns the dictionary declares, and writes CSV, JSON, XLSX (and GeoJSON for the
  territory) plus a Frictionless `datapackage.json` whose Table Schema is the dictionary. Each
  build is a dated version; the last KEEP_VERSIONS stay downloadable.
- A dataset whose dictionary declares a personal field (personal=True, or a `source` declared in
  core.registry.register_personal_data) is refused with PersonalDataRefused: personal data never
  becomes open data by mistake.
- The DCAT-AP catalogue (JSON-LD and Turtle) is serialised after every version, so that a
  harvester's request is one read.
- A download adds one to a counter with a single UPDATE ... SET count = count + 1.

This app sits above exports and core and imports no domain app."""

from __future__ import annotations

import csv
import json
import logging
import secrets
import tempfile
import time
from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from hublocal.core import registry
from hublocal.core.exports import StoredFile, delete_files, write_file

from .models import Catalogue, DatasetVersion, DownloadCount

logger = logging.getLogger(__name__)

PORTAL_DIR = "opendata"
KEEP_VERSIONS = 10
TABLE_FORMATS = ("csv", "json", "xlsx")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "geojson": "application/geo+json",
    "datapackage": "application/json; charset=utf-8",
}
# Frictionless reads these as booleans; the apps write "si"/"no" (Spanish) or "1"/"0".
TRUE_VALUES = ["si", "sí", "1", "true"]
FALSE_VALUES = ["no", "0", "false"]


class PersonalDataRefused(ValidationError):
    """The dataset's dictionary exposes a field declared personal: it is not published."""


def site_url() -> str:
    return str(getattr(settings, "SITE_URL", "")).rstrip("/")


def formats_of(ds: registry.Dataset) -> tuple[str, ...]:
    """The formats the portal offers for `ds` (the data package always besides)."""
    return TABLE_FORMATS + (("geojson",) if ds.geojson else ())


def filename(ds: registry.Dataset, fmt: str) -> str:
    return "datapackage.json" if fmt == "datapackage" else f"{ds.slug}.{fmt}"


# --- What may be published ----------------------------------------------------------------------


def personal_sources() -> set[str]:
    """ "app_label.Model.field" of every field declared personal in the privacy registry."""
    return {f"{d.model}.{name}" for d in registry.personal_data() for name in (*d.fields, *d.free_text_fields) if name}


def check_publishable(ds: registry.Dataset) -> None:
    """Raise unless `ds` may be published: it has a dictionary, a CSV to read it from, and no
    field of its dictionary is personal."""
    if not ds.fields:
        raise ValidationError(_("El conjunto «%(t)s» no tiene diccionario de datos: no se publica.") % {"t": ds.title})
    if "csv" not in ds.formats:
        raise ValidationError(_("El conjunto «%(t)s» no se genera en CSV: no se publica.") % {"t": ds.title})
    declared = personal_sources()
    personal = [f.name for f in ds.fields if f.personal or (f.source and f.source in declared)]
    if personal:
        raise PersonalDataRefused(
            _(
                "El conjunto «%(t)s» no se publica: expone datos personales (%(f)s). Quite esas columnas de su "
                "diccionario o publíquelas agregadas."
            )
            % {"t": ds.title, "f": ", ".join(personal)}
        )


# --- Building a version -------------------------------------------------------------------------


def _source_rows(ds: registry.Dataset) -> Iterator[list[str]]:
    """The dataset's own CSV, spooled to a temporary file and read back row by row."""
    with tempfile.TemporaryFile("w+", encoding="utf-8", newline="") as spool:
        for chunk in ds.build("csv", ""):
            spool.write(chunk.decode("utf-8") if isinstance(chunk, bytes) else chunk)
        spool.seek(0)
        first = spool.read(1)
        if first != "\ufeff":  # the apps' CSV starts with a BOM for Excel; the portal's does not
            spool.seek(0)
        yield from csv.reader(spool)


def _projected(ds: registry.Dataset, rows: Iterator[list[str]]) -> Iterator[list[str]]:
    """The dictionary's columns of each row, header first; refuses a dictionary that names a
    column the dataset does not have."""
    header = next(rows, [])
    missing = [f.name for f in ds.fields if f.name not in header]
    if missing:
        raise ValidationError(
            _("El diccionario de «%(t)s» declara columnas que el conjunto no tiene: %(c)s.")
            % {"t": ds.title, "c": ", ".join(missing)}
        )
    index = [header.index(f.name) for f in ds.fields]
    yield [f.name for f in ds.fields]
    for row in rows:
        yield [row[i] if i < len(row) else "" for i in index]


def typed(field: registry.DatasetField, value: str) -> Any:
    """A CSV cell as the JSON value its dictionary type says (None when empty or unreadable)."""
    if value == "":
        return None
    try:
        if field.type == "integer":
            return int(value)
        if field.type == "number":
            return float(value)
        if field.type == "boolean":
            low = value.lower()
            return True if low in TRUE_VALUES else False if low in FALSE_VALUES else None
        if field.type in ("object", "array"):
            return json.loads(value)
    except ValueError:
        return None
    return value


def _json_chunks(ds: registry.Dataset, csv_path: str) -> Iterator[str]:
    yield "["
    with open(csv_path, encoding="utf-8", newline="") as f:
        reader = csv.reader(f)
        next(reader, None)
        for n, row in enumerate(reader):
            record = {fld.name: typed(fld, v) for fld, v in zip(ds.fields, row, strict=False)}
            yield ("," if n else "") + json.dumps(record, ensure_ascii=False)
    yield "]"


def _xlsx_chunks(ds: registry.Dataset, csv_path: str) -> Iterator[bytes]:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title=ds.slug[:31])
    with open(csv_path, encoding="utf-8", newline="") as f:
        reader = csv.reader(f)
        ws.append(next(reader, []))
        for row in reader:
            values = []
            for fld, v in zip(ds.fields, row, strict=False):
                value = typed(fld, v)
                values.append(json.dumps(value, ensure_ascii=False) if isinstance(value, dict | list) else value)
            ws.append(values)
    with tempfile.TemporaryFile() as out:
        wb.save(out)
        out.seek(0)
        while chunk := out.read(1 << 16):
            yield chunk


def table_schema(ds: registry.Dataset) -> dict[str, Any]:
    """The dictionary as a Frictionless Table Schema."""
    fields = []
    for f in ds.fields:
        spec: dict[str, Any] = {"name": f.name, "type": f.type, "description": str(f.description)}
        if f.unit:
            spec["unit"] = str(f.unit)  # not part of Table Schema: kept as a custom property
        if f.type == "boolean":
            spec["trueValues"] = TRUE_VALUES
            spec["falseValues"] = FALSE_VALUES
        if f.type in ("date", "datetime"):
            spec["format"] = "any"
        fields.append(spec)
    return {"fields": fields, "missingValues": [""]}


def datapackage(ds: registry.Dataset, csv_size: int, built_at: datetime) -> dict[str, Any]:
    """The Frictionless Data Package of a version: one tabular resource (the CSV beside it)."""
    base = site_url()
    return {
        "profile": "tabular-data-package",
        "name": ds.slug,
        "title": str(ds.title),
        "description": str(ds.description),
        "homepage": base + reverse("opendata:dataset", kwargs={"slug": ds.slug}),
        "keywords": list(ds.keywords),
        "licenses": [{"name": ds.licence, "path": ds.licence_url, "title": "Creative Commons Attribution 4.0"}],
        "contributors": [{"title": str(ds.publisher), "role": "publisher"}],
        "created": built_at.isoformat(timespec="seconds"),
        "resources": [
            {
                "name": ds.slug,
                "path": filename(ds, "csv"),
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "bytes": csv_size,
                "schema": table_schema(ds),
            }
        ],
    }


def _generation(started: datetime) -> str:
    return f"{started:%Y%m%dT%H%M%S}-{secrets.token_hex(3)}"


def _stored(written: Any, ds: registry.Dataset, fmt: str, built_at: datetime) -> dict[str, Any]:
    return StoredFile(
        name=written.name,
        size=written.size,
        etag=f'"{written.sha256[:40]}"',
        modified=built_at,
        filename=filename(ds, fmt),
        content_type=CONTENT_TYPES[fmt],
        gz_name=written.gz_name,
        gz_size=written.gz_size,
    ).as_dict()


def version_build(key: str) -> DatasetVersion:
    """Build a new dated version of dataset `key` in every portal format, keep the last
    KEEP_VERSIONS and refresh the catalogue. Raises PersonalDataRefused (nothing written) when
    the dictionary exposes personal data."""
    ds = registry.dataset(key)
    if ds is None:
        raise KeyError(key)
    check_publishable(ds)
    built_at = timezone.now()
    clock = time.monotonic()
    prefix = f"{PORTAL_DIR}/{ds.slug}/{_generation(built_at)}"
    written: list[str] = []
    files: dict[str, dict[str, Any]] = {}
    rows = 0

    def keep(fmt: str, chunks: Iterable[str | bytes]) -> Any:
        out = write_file(f"{prefix}/{filename(ds, fmt)}", chunks)
        written.extend([out.name, out.gz_name])
        files[fmt] = _stored(out, ds, fmt, built_at)
        return out

    try:
        with tempfile.NamedTemporaryFile("w+", encoding="utf-8", newline="", suffix=".csv") as local:
            # Plain csv.writer: the apps' cells are already guarded against spreadsheet formulas
            # (core.csvexport.safe_text); guarding again would turn "-70.6" into "'-70.6".
            csv.writer(local, lineterminator="\r\n").writerows(_projected(ds, _source_rows(ds)))
            local.flush()
            local.seek(0)
            rows = max(sum(1 for _row in csv.reader(local)) - 1, 0)
            local.seek(0)
            csv_out = keep("csv", iter(lambda: local.read(1 << 16), ""))
            keep("json", _json_chunks(ds, local.name))
            keep("xlsx", _xlsx_chunks(ds, local.name))
        if ds.geojson is not None:
            keep("geojson", ds.geojson())
        package = json.dumps(datapackage(ds, csv_out.size, built_at), ensure_ascii=False, indent=2)
        keep("datapackage", [package])
    except Exception:
        delete_files(written)
        raise
    with transaction.atomic():
        version = DatasetVersion.objects.create(
            key=key, files=files, rows=rows, built_at=built_at, build_seconds=round(time.monotonic() - clock, 3)
        )
        old = list(DatasetVersion.objects.filter(key=key).order_by("-built_at", "-id")[KEEP_VERSIONS:])
        obsolete = [n for v in old for f in v.files.values() for n in (f["name"], f.get("gz_name", "")) if n]
        DatasetVersion.objects.filter(pk__in=[v.pk for v in old]).delete()
        transaction.on_commit(lambda: delete_files(obsolete))
    catalogue_build()
    logger.info("open data portal: %s version %s (%d rows)", key, version.pk, rows)
    return version


def versions_refresh(*, everything: bool = False) -> list[str]:
    """Build a version of every publishable dataset that has none (every one if `everything`);
    the keys built. A dataset that cannot be published is logged and skipped."""
    have = set(DatasetVersion.objects.values_list("key", flat=True).distinct())
    built = []
    for ds in registry.datasets():
        if not everything and ds.key in have:
            continue
        try:
            version_build(ds.key)
        except Exception:  # one broken dataset must not stop the others
            logger.exception("open data portal: %s not published", ds.key)
            continue
        built.append(ds.key)
    if not built:
        catalogue_build()
    return built


def on_dataset_built(key: str) -> None:
    """The exports app rebuilt `key`'s files (its data changed, or the nightly run): publish a new
    version from the task queue."""
    ds = registry.dataset(key)
    if ds is None:
        return
    try:
        check_publishable(ds)
    except ValidationError as exc:  # not publishable: the exports app's own files are unaffected
        logger.warning("open data portal: %s not published: %s", key, " ".join(exc.messages))
        return
    from . import tasks

    tasks.version_build_task(key)


def seed(write: Any) -> None:
    # The exports seeder (just before) already published each dataset through on_dataset_built;
    # this catches what it could not (no worker running the queue).
    built = versions_refresh()
    write(f"Open data portal: {len(built)} dataset versions")


# --- Downloads ----------------------------------------------------------------------------------


def download_counted(key: str, fmt: str) -> None:
    """One more download of `key` in `fmt`: one UPDATE in the usual case, never a read."""
    if DownloadCount.objects.filter(key=key, fmt=fmt).update(count=F("count") + 1):
        return
    try:
        with transaction.atomic():
            DownloadCount.objects.create(key=key, fmt=fmt, count=1)
    except IntegrityError:  # another request created the row a moment ago
        DownloadCount.objects.filter(key=key, fmt=fmt).update(count=F("count") + 1)


# --- The DCAT-AP catalogue ----------------------------------------------------------------------


def catalogue_build() -> dict[str, str]:
    """Serialise the catalogue (JSON-LD and Turtle) from the registry and the latest versions."""
    from . import catalogue, selectors

    graph = catalogue.graph(selectors.portal_entries())
    out = {"jsonld": graph.serialize(format="json-ld", indent=2), "ttl": graph.serialize(format="turtle")}
    now = timezone.now()
    with transaction.atomic():
        for fmt, content in out.items():
            Catalogue.objects.update_or_create(fmt=fmt, defaults={"content": content, "built_at": now})
    return out


def catalogue_text(fmt: str) -> str:
    """The stored serialisation; built now the first time (metadata only, a few kilobytes)."""
    row = Catalogue.objects.filter(fmt=fmt).values_list("content", flat=True).first()
    if row is None:
        return catalogue_build()[fmt]
    return row
