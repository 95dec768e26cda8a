"""Territory writes: loading the official DPA, typology imports, foreign municipalities."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from hublocal.audit.services import audit_record
from hublocal.core.cache import bump
from hublocal.core.text import fold

from .models import Commune, Country, Province, Region, Typology
from .selectors import official_dpa


@dataclass
class LoadResult:
    created: int = 0
    updated: int = 0


@transaction.atomic
def territory_load_official(*, actor: Any = None) -> LoadResult:
    """Create or update Chile's 16 regions, 56 provinces and 345 communes from the shipped
    DPA 2023 file. Idempotent: running it twice changes nothing; typologies are kept."""
    data = official_dpa()
    result = LoadResult()
    chile, _created = Country.objects.update_or_create(code="CL", defaults={"name": "Chile"})
    regions: dict[str, Region] = {}
    for row in data["regions"]:
        region, created = Region.objects.update_or_create(
            code=row["code"], defaults={"name": row["name"], "order": row["order"]}
        )
        regions[row["code"]] = region
    provinces: dict[str, Province] = {}
    for row in data["provinces"]:
        province, _c = Province.objects.update_or_create(
            code=row["code"], defaults={"name": row["name"], "region": regions[row["region"]]}
        )
        provinces[row["code"]] = province
    existing = {c.code: c for c in Commune.objects.filter(country=chile)}
    to_create: list[Commune] = []
    to_update: list[Commune] = []
    for row in data["communes"]:
        province = provinces[row["province"]]
        values = {
            "name": row["name"],
            "search_name": fold(row["name"]),
            "national_code": row["code"],
            "region_id": province.region_id,
            "province_id": province.pk,
            "area_km2": row["area_km2"],
        }
        commune = existing.get(row["code"])
        if commune is None:
            to_create.append(Commune(code=row["code"], country=chile, **values))
        elif any(getattr(commune, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(commune, k, v)
            to_update.append(commune)
    Commune.objects.bulk_create(to_create)
    if to_update:
        Commune.objects.bulk_update(to_update, list(values.keys()))
    result.created, result.updated = len(to_create), len(to_update)
    if to_create or to_update:
        bump("territory")  # public lists cached for anonymous visitors (core/cache.py)
        audit_record(
            actor=actor,
            action="territory.load_official",
            object_type="territory.commune",
            object_repr="DPA 2023",
            after={"created": result.created, "updated": result.updated},
        )
    return result


@dataclass
class TypologyImportReport:
    total_rows: int = 0
    accepted: list[tuple[str, str]] = field(default_factory=list)
    rejected: list[tuple[int, str, str]] = field(default_factory=list)  # (line, code, reason)
    changed: int = 0
    written: bool = False

    @property
    def ok(self) -> bool:
        return not self.rejected


# Accepted spellings of each typology in official files (accent- and case-insensitive).
TYPOLOGY_ALIASES: dict[str, str] = {
    "metropolitana": Typology.METROPOLITANA,
    "mayor": Typology.MAYOR,
    "urbana mediana": Typology.URBANA_MEDIANA,
    "urbana_mediana": Typology.URBANA_MEDIANA,
    "rural/semiurbana": Typology.RURAL_SEMIURBANA,
    "rural / semiurbana": Typology.RURAL_SEMIURBANA,
    "rural_semiurbana": Typology.RURAL_SEMIURBANA,
    "rural": Typology.RURAL_SEMIURBANA,
    "semiurbana": Typology.RURAL_SEMIURBANA,
    "sin clasificar": Typology.SIN_CLASIFICAR,
    "sin_clasificar": Typology.SIN_CLASIFICAR,
}


def typology_import(*, actor: Any, text: str, dry_run: bool = False) -> TypologyImportReport:
    """Validate every row of a CSV (columns `codigo`/`code` and `tipologia`/`typology`)
    and apply it only if every row is valid: never a partial import.

    Rejections: unknown commune code, unknown typology, a code repeated in the file,
    a missing value. Returns the report; writes nothing when any row is rejected or when
    `dry_run` (then `changed` counts the communes that would change).
    Raises ValidationError when the header lacks the two columns or the text is not CSV."""
    report = TypologyImportReport()
    text = text.lstrip("\ufeff")
    try:
        dialect = csv.Sniffer().sniff(text[:2048], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    # newline="" lets the csv module see the file's own line ends: files saved with bare
    # "\r" (old Excel for Mac) would otherwise fail as "new-line character in unquoted field".
    reader = csv.DictReader(io.StringIO(text, newline=""), dialect=dialect)
    try:
        return _typology_import_rows(actor=actor, reader=reader, dry_run=dry_run, report=report)
    except csv.Error as exc:
        raise ValidationError(
            _("El archivo no es un CSV legible (línea %(line)s): %(error)s") % {"line": reader.line_num, "error": exc}
        ) from exc


def _typology_import_rows(
    *, actor: Any, reader: csv.DictReader[str], dry_run: bool, report: TypologyImportReport
) -> TypologyImportReport:
    headers = {fold(h or ""): h for h in (reader.fieldnames or [])}
    code_col = next((headers[h] for h in ("codigo", "code", "cut", "codigo comuna", "cut_com") if h in headers), None)
    typ_col = next((headers[h] for h in ("tipologia", "typology", "tipo") if h in headers), None)
    if code_col is None or typ_col is None:
        raise ValidationError(
            _("El archivo debe tener las columnas 'codigo' y 'tipologia' (encontradas: %(cols)s).")
            % {"cols": ", ".join(reader.fieldnames or []) or _("ninguna")}
        )
    known = dict(Commune.objects.filter(country__code="CL").values_list("code", "typology"))
    seen: dict[str, int] = {}
    for row in reader:
        # The physical line, so blank lines and quoted line breaks do not shift what we report.
        line_no = reader.line_num
        report.total_rows += 1
        raw_code = (row.get(code_col) or "").strip()
        raw_typ = (row.get(typ_col) or "").strip()
        code = raw_code.zfill(5) if raw_code.isdigit() and len(raw_code) == 4 else raw_code
        if not code:
            report.rejected.append((line_no, raw_code, _("falta el código de comuna")))
            continue
        if code not in known:
            report.rejected.append((line_no, raw_code, _("código de comuna desconocido")))
            continue
        if code in seen:
            report.rejected.append(
                (line_no, raw_code, _("código duplicado (ya aparece en la línea %(line)s)") % {"line": seen[code]})
            )
            continue
        seen[code] = line_no
        if not raw_typ:
            report.rejected.append((line_no, raw_code, _("falta la tipología")))
            continue
        typology = TYPOLOGY_ALIASES.get(fold(raw_typ))
        if typology is None:
            report.rejected.append((line_no, raw_code, _("tipología desconocida: «%(value)s»") % {"value": raw_typ}))
            continue
        report.accepted.append((code, str(typology)))
    if report.total_rows == 0:
        raise ValidationError(_("El archivo no contiene filas de datos."))
    if report.rejected:
        return report
    changes = {code: typ for code, typ in report.accepted if known[code] != typ}
    if dry_run:
        report.changed = len(changes)
        return report
    with transaction.atomic():
        communes = list(Commune.objects.filter(country__code="CL", code__in=changes))
        for commune in communes:
            commune.typology = changes[commune.code]
        Commune.objects.bulk_update(communes, ["typology"], batch_size=500)
        report.changed = len(communes)
        report.written = True
        bump("territory")  # public lists cached for anonymous visitors (core/cache.py)
        audit_record(
            actor=actor,
            action="territory.typology_import",
            object_type="territory.commune",
            object_repr=_("Importación de tipologías"),
            after={"rows": report.total_rows, "changed": report.changed},
        )
    return report


@transaction.atomic
def commune_set_typology(*, actor: Any, commune: Commune, typology: str) -> Commune:
    if typology not in Typology.values:
        raise ValidationError({"typology": [_("Tipología desconocida.")]})
    before = {"typology": commune.typology}
    commune.typology = typology
    commune.save(update_fields=["typology"])
    bump("territory")  # public lists cached for anonymous visitors (core/cache.py)
    audit_record(
        actor=actor, action="territory.commune_set_typology", obj=commune, before=before, after={"typology": typology}
    )
    return commune


@transaction.atomic
def foreign_municipality_register(
    *, actor: Any, country_code: str, country_name: str, name: str, national_code: str, admin_area: str = ""
) -> Commune:
    """Register a municipality of another country for the Latin-American network."""
    errors: dict[str, list[str]] = {}
    country_code = (country_code or "").strip().upper()
    if len(country_code) != 2 or not country_code.isalpha():
        errors["country_code"] = [_("Use el código ISO de dos letras del país (p. ej. UY, AR, PE).")]
    elif country_code == "CL":
        errors["country_code"] = [_("Las comunas de Chile vienen de la DPA oficial; no se registran a mano.")]
    if not (name or "").strip():
        errors["name"] = [_("Indique el nombre del municipio.")]
    if not (national_code or "").strip():
        errors["national_code"] = [_("Indique el código nacional del municipio.")]
    if errors:
        raise ValidationError(errors)
    country, _c = Country.objects.get_or_create(code=country_code, defaults={"name": country_name or country_code})
    code = f"{country_code}-{national_code.strip()}"
    if Commune.objects.filter(code=code).exists():
        raise ValidationError({"national_code": [_("Ese municipio ya está registrado.")]})
    commune = Commune(
        code=code,
        national_code=national_code.strip(),
        name=name.strip(),
        search_name=fold(name),
        country=country,
        admin_area=admin_area.strip(),
    )
    commune.full_clean()
    commune.save()
    bump("territory")  # public lists cached for anonymous visitors (core/cache.py)
    audit_record(
        actor=actor,
        action="territory.foreign_municipality_register",
        obj=commune,
        after={"code": code, "name": commune.name},
    )
    return commune
