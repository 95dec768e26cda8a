"""Territory writes: loading the official DPA, typology imports, foreign municipalities."""

from __future__ import annotations

import csv
import io
import math
import re
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as _noop

from hublocal.audit.services import audit_record
from hublocal.core.cache import bump
from hublocal.core.text import fold

from .models import Commune, CommuneIndicator, Country, IndicatorDefinition, IndicatorScale, Province, Region, Typology
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


# --------------------------------------------------------------------------- commune indicators


@dataclass
class IndicatorImportReport:
    total_rows: int = 0
    accepted: list[tuple[str, str, int, float, str]] = field(
        default_factory=list
    )  # code, indicator, year, value, source
    rejected: list[tuple[int, str, str]] = field(default_factory=list)  # (line, code, reason)
    created: int = 0
    updated: int = 0
    new_indicators: list[str] = field(default_factory=list)
    written: bool = False

    @property
    def ok(self) -> bool:
        return not self.rejected


# Indicators the hub compares communes by without a declaration in the file; any other code
# must be declared in the file itself (columns nombre/unidad/escala on its rows).
BUILTIN_INDICATORS: dict[str, tuple[str, str, str]] = {
    "poblacion": (_noop("Población"), _noop("habitantes"), IndicatorScale.LOG),
    "presupuesto": (_noop("Presupuesto municipal"), _noop("CLP"), IndicatorScale.LOG),
    "ruralidad": (_noop("Ruralidad"), "%", IndicatorScale.LINEAR),
}
SCALE_ALIASES = {
    "lineal": IndicatorScale.LINEAR,
    "linear": IndicatorScale.LINEAR,
    "log": IndicatorScale.LOG,
    "logaritmica": IndicatorScale.LOG,
}
YEAR_MIN, YEAR_MAX = 1990, 2100
THOUSANDS = re.compile(r"-?\d{1,3}(\.\d{3})+")


def _parse_number(raw: str) -> float | None:
    """A number as official spreadsheets write it: "12.345,6" and "404.495" (Chilean: dots group
    thousands), "0,5", "12345.6" or "12345". Dots in groups of three are always thousands, as
    Chilean files write them; any other single dot is a decimal point."""
    text = raw.replace(" ", "").replace("\u00a0", "")
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    elif THOUSANDS.fullmatch(text):
        text = text.replace(".", "")
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def indicators_import(*, actor: Any, text: str, dry_run: bool = False) -> IndicatorImportReport:
    """Validate every row of a long-format CSV (columns `codigo`, `indicador`, `anio`, `valor`,
    optionally `fuente`, and `nombre`/`unidad`/`escala` to declare an indicator that is not one
    of BUILTIN_INDICATORS) and write it only if every row is valid: never a partial import.

    Rejections: unknown commune, undeclared indicator, a year outside 1990–2100, a value that is
    not a number (or negative on a logarithmic indicator), a (commune, indicator, year) repeated.
    A value already stored for the same commune, indicator and year is replaced. Writes nothing
    when any row is rejected or when `dry_run`. Raises ValidationError when the header lacks
    the required columns, the file is not CSV or has no rows."""
    report = IndicatorImportReport()
    text = text.lstrip("\ufeff")
    try:
        dialect = csv.Sniffer().sniff(text[:2048], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(text, newline=""), dialect=dialect)
    try:
        return _indicators_import_rows(actor=actor, reader=reader, dry_run=dry_run, report=report)
    except csv.Error as exc:
        raise ValidationError(
            _("El archivo no es un CSV legible (línea %(line)s): %(error)s") % {"line": reader.line_num, "error": exc}
        ) from exc


def _column(headers: dict[str, str], *names: str) -> str | None:
    return next((headers[h] for h in names if h in headers), None)


def _indicators_import_rows(
    *, actor: Any, reader: csv.DictReader[str], dry_run: bool, report: IndicatorImportReport
) -> IndicatorImportReport:
    headers = {fold(h or ""): h for h in (reader.fieldnames or [])}
    code_col = _column(headers, "codigo", "code", "cut", "codigo comuna", "cut_com")
    ind_col = _column(headers, "indicador", "indicator")
    year_col = _column(headers, "anio", "ano", "year")
    value_col = _column(headers, "valor", "value")
    source_col = _column(headers, "fuente", "source")
    label_col = _column(headers, "nombre", "label")
    unit_col = _column(headers, "unidad", "unit")
    scale_col = _column(headers, "escala", "scale")
    if None in (code_col, ind_col, year_col, value_col):
        raise ValidationError(
            _("El archivo debe tener las columnas 'codigo', 'indicador', 'anio' y 'valor' (encontradas: %(cols)s).")
            % {"cols": ", ".join(reader.fieldnames or []) or _("ninguna")}
        )
    # Any municipality of the network: Chilean CUT codes and the other countries' "<ISO2>-…" codes.
    communes = set(Commune.objects.values_list("code", flat=True))
    defined = {d.code: d.scale for d in IndicatorDefinition.objects.all()}
    declared: dict[str, tuple[str, str, str]] = {}
    seen: dict[tuple[str, str, int], int] = {}
    for row in reader:
        line_no = reader.line_num
        report.total_rows += 1
        raw_code = (row.get(code_col) or "").strip()
        code = raw_code.zfill(5) if raw_code.isdigit() and len(raw_code) == 4 else raw_code
        indicator = fold((row.get(ind_col) or "").strip()).replace(" ", "_")
        raw_year = (row.get(year_col) or "").strip()
        raw_value = (row.get(value_col) or "").strip()
        source = (row.get(source_col) or "").strip()[:200] if source_col else ""

        def reject(reason: str, _line: int = line_no, _code: str = raw_code) -> None:
            report.rejected.append((_line, _code, reason))

        if not code:
            reject(_("falta el código de comuna"))
            continue
        if code not in communes:
            reject(_("código de comuna desconocido"))
            continue
        if not indicator or not re.fullmatch(r"[a-z0-9_-]{1,40}", indicator):
            reject(_("indicador vacío o con caracteres no permitidos: «%(value)s»") % {"value": row.get(ind_col)})
            continue
        scale = defined.get(indicator) or (declared[indicator][2] if indicator in declared else None)
        if scale is None and indicator in BUILTIN_INDICATORS:
            scale = BUILTIN_INDICATORS[indicator][2]
            declared[indicator] = (str(BUILTIN_INDICATORS[indicator][0]), str(BUILTIN_INDICATORS[indicator][1]), scale)
        if scale is None:
            label = (row.get(label_col) or "").strip()[:120] if label_col else ""
            raw_scale = fold((row.get(scale_col) or "").strip()) if scale_col else "lineal"
            if not label:
                reject(
                    _("indicador «%(code)s» no declarado: agregue su nombre en la columna 'nombre'")
                    % {"code": indicator}
                )
                continue
            if raw_scale not in SCALE_ALIASES:
                reject(_("escala desconocida: «%(value)s» (use lineal o log)") % {"value": raw_scale})
                continue
            scale = SCALE_ALIASES[raw_scale]
            unit = (row.get(unit_col) or "").strip()[:40] if unit_col else ""
            declared[indicator] = (label, unit, scale)
        if not raw_year.isdigit() or not YEAR_MIN <= int(raw_year) <= YEAR_MAX:
            reject(
                _("año inválido: «%(value)s» (entre %(min)d y %(max)d)")
                % {"value": raw_year, "min": YEAR_MIN, "max": YEAR_MAX}
            )
            continue
        year = int(raw_year)
        value = _parse_number(raw_value)
        if value is None:
            reject(_("valor no numérico: «%(value)s»") % {"value": raw_value})
            continue
        if scale == IndicatorScale.LOG and value <= 0:
            reject(
                _("el indicador «%(code)s» se compara en escala logarítmica: el valor debe ser mayor que cero")
                % {"code": indicator}
            )
            continue
        key = (code, indicator, year)
        if key in seen:
            reject(_("fila duplicada (misma comuna, indicador y año que la línea %(line)s)") % {"line": seen[key]})
            continue
        seen[key] = line_no
        report.accepted.append((code, indicator, year, value, source))
    if report.total_rows == 0:
        raise ValidationError(_("El archivo no contiene filas de datos."))
    report.new_indicators = sorted(set(declared) - set(defined))
    if report.rejected:
        return report
    existing = set(
        CommuneIndicator.objects.filter(commune__code__in={r[0] for r in report.accepted}).values_list(
            "commune__code", "indicator__code", "year"
        )
    )
    report.updated = sum(1 for r in report.accepted if (r[0], r[1], r[2]) in existing)
    report.created = len(report.accepted) - report.updated
    if dry_run:
        return report
    with transaction.atomic():
        for code in report.new_indicators:
            label, unit, scale = declared[code]
            IndicatorDefinition.objects.create(code=code, label=label, unit=unit, scale=scale)
        ids = dict(IndicatorDefinition.objects.values_list("code", "pk"))
        commune_ids = dict(Commune.objects.values_list("code", "pk"))
        # One statement per batch: replace the (commune, indicator, year) already stored.
        CommuneIndicator.objects.bulk_create(
            [
                CommuneIndicator(commune_id=commune_ids[c], indicator_id=ids[i], year=y, value=v, source=s)
                for c, i, y, v, s in report.accepted
            ],
            batch_size=500,
            update_conflicts=True,
            unique_fields=["commune", "indicator", "year"],
            update_fields=["value", "source"],
        )
        report.written = True
        bump("territory")
        audit_record(
            actor=actor,
            action="territory.indicators_import",
            object_type="territory.communeindicator",
            object_repr=_("Importación de indicadores comunales"),
            after={
                "rows": report.total_rows,
                "created": report.created,
                "updated": report.updated,
                "new_indicators": report.new_indicators,
            },
        )
    return report
