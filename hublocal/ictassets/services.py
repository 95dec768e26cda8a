"""ICT asset writes: record and edit an asset, import a municipality's register from CSV (all or
nothing, with an error per line), record an open-source solution and declare its adoption.

Every function validates before writing, runs inside one transaction and is audited; bad input
raises ValidationError naming the field (or the CSV line) and writes nothing."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from hublocal.audit.services import audit_record
from hublocal.core.permissions import is_hub_staff, organization_id
from hublocal.core.text import fold
from hublocal.directory import selectors as directory_selectors
from hublocal.library import selectors as library_selectors

from .models import (
    Adoption,
    AdoptionStatus,
    Category,
    Hosting,
    IctAsset,
    LicenceType,
    OpenSourceSolution,
    PersonalDataCategory,
)
from .permissions import Action, can

MAX_VALUE = 10**13  # CLP: far above any municipal contract, below what a typo could reach
MAX_IMPORT_ROWS = 2000
MAX_IMPORT_BYTES = 1_000_000
# The licences municipalities actually publish under (SPDX identifiers, canonical spelling).
SPDX_IDS = (
    "0BSD", "AGPL-3.0-only", "AGPL-3.0-or-later", "Apache-2.0", "Artistic-2.0", "BSD-2-Clause", "BSD-3-Clause",
    "BSL-1.0", "CC-BY-4.0", "CC-BY-SA-4.0", "CC0-1.0", "EPL-2.0", "EUPL-1.2", "GPL-2.0-only",
    "GPL-2.0-or-later", "GPL-3.0-only", "GPL-3.0-or-later", "ISC", "LGPL-2.1-only", "LGPL-2.1-or-later",
    "LGPL-3.0-only", "LGPL-3.0-or-later", "MIT", "MPL-2.0", "OSL-3.0", "PostgreSQL", "Unlicense", "Zlib",
)  # fmt: skip
_SPDX = {s.lower(): s for s in SPDX_IDS}
ASSET_FIELDS = (
    "name", "purpose", "category", "vendor_id", "vendor_name", "product", "licence_type", "spdx_id",
    "contract_value", "starts_on", "ends_on", "hosting", "has_api", "standards", "pisee", "claveunica",
    "personal_data", "owner_name", "owner_email", "satisfaction",
)  # fmt: skip
CSV_COLUMNS = (
    "comuna", "nombre", "proposito", "categoria", "proveedor", "producto", "licencia", "spdx", "valor_clp",
    "inicio", "termino", "alojamiento", "api", "estandares", "pisee", "claveunica", "datos_personales",
    "responsable", "correo_responsable", "satisfaccion",
)  # fmt: skip
REQUIRED_COLUMNS = ("comuna", "nombre", "categoria", "licencia", "alojamiento")
# The CSV column each field comes from, so an import error names what the person typed.
FIELD_COLUMN = {
    "name": "nombre", "purpose": "proposito", "category": "categoria", "vendor_id": "proveedor",
    "vendor_name": "proveedor", "product": "producto", "licence_type": "licencia", "spdx_id": "spdx",
    "contract_value": "valor_clp", "starts_on": "inicio", "ends_on": "termino", "hosting": "alojamiento",
    "standards": "estandares", "personal_data": "datos_personales", "owner_name": "responsable",
    "owner_email": "correo_responsable", "satisfaction": "satisfaccion",
}  # fmt: skip


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def _date(value: Any) -> date | None | str:
    """A date, None when empty, or the text "bad" when it cannot be read."""
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    raw = str(value).strip()
    for fmt in ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"):
        try:
            parsed = datetime.strptime(raw, fmt).date()  # noqa: DTZ007 - a calendar date, no time
        except ValueError:
            continue
        if 1990 <= parsed.year <= 2100:
            return parsed
    return "bad"


def _bool(value: Any) -> bool:
    return value is True or fold(str(value or "")) in ("1", "si", "s", "true", "x", "yes", "on")


def spdx_canonical(value: str) -> str | None:
    return _SPDX.get((value or "").strip().lower())


def clean_asset(data: dict[str, Any]) -> dict[str, Any]:
    """The asset's fields validated; ValidationError {field: [message]} with every problem."""
    errors: dict[str, list[str]] = {}
    out: dict[str, Any] = {}

    def text(name: str, maximum: int, *, required: bool = False) -> str:
        raw = str(data.get(name) or "").replace("\x00", "").strip()
        if required and not raw:
            errors[name] = [_("Este campo es obligatorio.")]
        elif len(raw) > maximum:
            errors[name] = [_("Máximo %(n)s caracteres.") % {"n": maximum}]
        return raw

    out["name"] = text("name", 200, required=True)
    out["purpose"] = text("purpose", 5000)
    out["product"] = text("product", 200)
    out["vendor_name"] = text("vendor_name", 200)
    out["standards"] = text("standards", 300)
    out["owner_name"] = text("owner_name", 200)
    out["owner_email"] = text("owner_email", 254)
    category = str(data.get("category") or "")
    if category not in Category.values:
        errors["category"] = [_("Categoría desconocida. Valores: %(v)s.") % {"v": ", ".join(Category.values)}]
    out["category"] = category
    licence = str(data.get("licence_type") or "")
    if licence not in LicenceType.values:
        errors["licence_type"] = [
            _("Tipo de licencia desconocido. Valores: %(v)s.") % {"v": ", ".join(LicenceType.values)}
        ]
    out["licence_type"] = licence
    spdx_raw = str(data.get("spdx_id") or "").strip()
    if licence == LicenceType.OPEN_SOURCE:
        spdx = spdx_canonical(spdx_raw)
        if spdx is None:
            errors["spdx_id"] = [
                _(
                    "Una licencia de código abierto se indica con su identificador SPDX (por ejemplo MIT, "
                    "Apache-2.0, GPL-3.0-or-later); «%(v)s» no es uno conocido."
                )
                % {"v": spdx_raw[:60]}
            ]
        out["spdx_id"] = spdx or ""
    else:
        if spdx_raw:
            errors["spdx_id"] = [_("El identificador SPDX es solo para licencias de código abierto.")]
        out["spdx_id"] = ""
    hosting = str(data.get("hosting") or "")
    if hosting not in Hosting.values:
        errors["hosting"] = [_("Alojamiento desconocido. Valores: %(v)s.") % {"v": ", ".join(Hosting.values)}]
    out["hosting"] = hosting
    value = data.get("contract_value")
    if value in (None, ""):
        out["contract_value"] = None
    else:
        raw_value = re.sub(r"[.\s$]", "", str(value))
        if not raw_value.isdigit() or int(raw_value) >= MAX_VALUE:
            errors["contract_value"] = [_("Escriba el valor en pesos como un número entero positivo.")]
            out["contract_value"] = None
        else:
            out["contract_value"] = int(raw_value)
    for name in ("starts_on", "ends_on"):
        parsed = _date(data.get(name))
        if parsed == "bad":
            errors[name] = [_("Fecha no válida: use AAAA-MM-DD (entre 1990 y 2100).")]
            parsed = None
        out[name] = parsed
    if out["starts_on"] and out["ends_on"] and out["ends_on"] < out["starts_on"]:
        errors["ends_on"] = [_("El término del contrato no puede ser anterior a su inicio.")]
    for name in ("has_api", "pisee", "claveunica"):
        out[name] = _bool(data.get(name))
    personal = data.get("personal_data") or []
    if isinstance(personal, str):
        personal = [p.strip() for p in re.split(r"[;|]", personal) if p.strip()]
    unknown = [p for p in personal if p not in PersonalDataCategory.values]
    if unknown:
        errors["personal_data"] = [
            _("Categoría de datos personales desconocida: %(u)s. Valores: %(v)s.")
            % {"u": ", ".join(str(u)[:40] for u in unknown[:3]), "v": ", ".join(PersonalDataCategory.values)}
        ]
    out["personal_data"] = sorted({p for p in personal if p in PersonalDataCategory.values})
    if out["owner_email"] and "owner_email" not in errors:
        try:
            EmailValidator()(out["owner_email"])
        except ValidationError:
            errors["owner_email"] = [_("Correo no válido.")]
    satisfaction = data.get("satisfaction")
    if satisfaction in (None, ""):
        out["satisfaction"] = None
    elif str(satisfaction).strip() in ("1", "2", "3", "4", "5"):
        out["satisfaction"] = int(str(satisfaction).strip())
    else:
        errors["satisfaction"] = [_("La satisfacción va de 1 a 5.")]
        out["satisfaction"] = None
    vendor_id = data.get("vendor_id")
    out["vendor_id"] = None
    if vendor_id not in (None, ""):
        raw_id = str(vendor_id)
        found = (
            directory_selectors.organizations_with_commune(ids=[int(raw_id)])
            if raw_id.isdigit() and len(raw_id) < 12
            else []
        )
        if not found:
            errors["vendor_id"] = [_("Ese proveedor no está en el directorio.")]
        else:
            out["vendor_id"] = found[0].pk
            out["vendor_name"] = found[0].name
    if not out["vendor_name"] and out["licence_type"] != LicenceType.OPEN_SOURCE and "vendor_name" not in errors:
        errors["vendor_name"] = [_("Indique el proveedor (o elija uno del directorio).")]
    if errors:
        raise ValidationError(errors)
    return out


def _snapshot(asset: IctAsset) -> dict[str, Any]:
    # The audit trail keeps what changed, never the owner's contact data.
    return {
        "name": asset.name,
        "category": asset.category,
        "vendor_name": asset.vendor_name,
        "licence_type": asset.licence_type,
        "contract_value": asset.contract_value,
        "ends_on": asset.ends_on.isoformat() if asset.ends_on else None,
    }


def asset_create(*, actor: Any, municipality: Any, data: dict[str, Any], is_demo: bool = False) -> IctAsset:
    if municipality is None or municipality.kind != "municipality":
        raise ValidationError({"commune": [_("Elija una comuna con municipio.")]})
    if not is_demo and not can(actor, Action.EDIT, _Stub(municipality.pk)):
        raise ValidationError({"commune": [_("Solo puede registrar activos de su propio municipio.")]})
    clean = clean_asset(data)
    with transaction.atomic():
        asset = IctAsset.objects.create(municipality=municipality, created_by=_user(actor), is_demo=is_demo, **clean)
        audit_record(actor=_user(actor), action="ictassets.asset_create", obj=asset, after=_snapshot(asset))
    return asset


def asset_update(*, actor: Any, asset: IctAsset, data: dict[str, Any]) -> IctAsset:
    if not can(actor, Action.EDIT, asset):
        raise ValidationError({"__all__": [_("No puede editar este activo.")]})
    clean = clean_asset(data)
    with transaction.atomic():
        locked = IctAsset.objects.select_for_update().get(pk=asset.pk)
        before = _snapshot(locked)
        for name, value in clean.items():
            setattr(locked, name, value)
        locked.save()
        audit_record(
            actor=_user(actor), action="ictassets.asset_update", obj=locked, before=before, after=_snapshot(locked)
        )
    return locked


@dataclass(frozen=True)
class _Stub:
    """An asset not yet saved, for the object rule (its municipality is all the rule needs)."""

    municipality_id: int


# ---------------------------------------------------------------------------- CSV import


@dataclass
class ImportReport:
    rows: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)  # (line number, message)
    preview: list[dict[str, Any]] = field(default_factory=list)  # one entry per accepted row
    created: int = 0
    dry_run: bool = True

    @property
    def ok(self) -> bool:
        return not self.errors and self.rows > 0


def _read_csv(text: str) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    text = text.lstrip("\ufeff").replace("\x00", "")
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header: list[str] = []
    rows: list[tuple[int, dict[str, str]]] = []
    for values in reader:
        if not header:
            header = [fold(h) for h in values]
            continue
        if not any(v.strip() for v in values):
            continue
        rows.append((reader.line_num, {h: (values[i] if i < len(values) else "") for i, h in enumerate(header)}))
        if len(rows) > MAX_IMPORT_ROWS:
            break
    return header, rows


def _vendor_lookup(names: set[str]) -> dict[str, tuple[int, str]]:
    """Directory organisations named exactly as the file's vendors (accents and case aside)."""
    found: dict[str, tuple[int, str]] = {}
    for name in names:
        for org in directory_selectors.organization_list(q=name)[:5]:
            if fold(org.name) == fold(name):
                found[fold(name)] = (org.pk, org.name)
                break
    return found


def import_csv(*, actor: Any, text: str, dry_run: bool) -> ImportReport:
    """Import a register from CSV: every row valid or nothing saved. Officials import only their
    own municipality's rows; the hub any municipality's. The report names each bad line."""
    report = ImportReport(dry_run=dry_run)
    if len(text.encode("utf-8", "ignore")) > MAX_IMPORT_BYTES:
        report.errors.append((0, _("El archivo supera 1 MB: divídalo en partes.")))
        return report
    header, rows = _read_csv(text)
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        report.errors.append(
            (
                1,
                _("Faltan columnas: %(c)s. Columnas: %(all)s.")
                % {"c": ", ".join(missing), "all": ", ".join(CSV_COLUMNS)},
            )
        )
        return report
    if len(rows) > MAX_IMPORT_ROWS:
        report.errors.append((0, _("Máximo %(n)s filas por archivo.") % {"n": MAX_IMPORT_ROWS}))
        return report
    report.rows = len(rows)
    if not rows:
        report.errors.append((2, _("El archivo no tiene filas de datos.")))
        return report
    codes = {r.get("comuna", "").strip() for _line, r in rows}
    municipalities = {
        m.commune.code: m for m in directory_selectors.municipalities(codes=sorted(codes)) if m.commune is not None
    }
    vendors = _vendor_lookup({r.get("proveedor", "").strip() for _line, r in rows if r.get("proveedor", "").strip()})
    staff = is_hub_staff(actor)
    own = organization_id(actor)
    valid: list[tuple[Any, dict[str, Any]]] = []
    for line, r in rows:
        code = r.get("comuna", "").strip()
        municipality = municipalities.get(code)
        if municipality is None:
            report.errors.append((line, _("Código de comuna desconocido: «%(c)s».") % {"c": code[:20]}))
            continue
        if not staff and municipality.pk != own:
            report.errors.append(
                (
                    line,
                    _("La comuna %(c)s no es la de su municipio: solo puede importar sus propios activos.")
                    % {"c": code},
                )
            )
            continue
        vendor = vendors.get(fold(r.get("proveedor", "").strip()))
        data = {
            "name": r.get("nombre"),
            "purpose": r.get("proposito"),
            "category": r.get("categoria", "").strip(),
            "vendor_id": vendor[0] if vendor else None,
            "vendor_name": r.get("proveedor"),
            "product": r.get("producto"),
            "licence_type": r.get("licencia", "").strip(),
            "spdx_id": r.get("spdx"),
            "contract_value": r.get("valor_clp", "").strip(),
            "starts_on": r.get("inicio", "").strip(),
            "ends_on": r.get("termino", "").strip(),
            "hosting": r.get("alojamiento", "").strip(),
            "has_api": r.get("api"),
            "standards": r.get("estandares"),
            "pisee": r.get("pisee"),
            "claveunica": r.get("claveunica"),
            "personal_data": r.get("datos_personales", ""),
            "owner_name": r.get("responsable"),
            "owner_email": r.get("correo_responsable", "").strip(),
            "satisfaction": r.get("satisfaccion", "").strip(),
        }
        try:
            clean = clean_asset(data)
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                for message in messages:
                    report.errors.append((line, f"{FIELD_COLUMN.get(name, name)}: {message}"))
            continue
        valid.append((municipality, clean))
        report.preview.append({"line": line, "commune": municipality.name, **clean})
    if report.errors or dry_run:
        return report
    with transaction.atomic():
        objs = IctAsset.objects.bulk_create(
            [IctAsset(municipality=m, created_by=_user(actor), **clean) for m, clean in valid]
        )
        audit_record(
            actor=_user(actor),
            action="ictassets.import",
            object_type="ictassets.ictasset",
            object_repr=_("Importación de %(n)s activos TIC") % {"n": len(objs)},
            after={"rows": len(objs), "communes": sorted({m.commune.code for m, _c in valid})},
        )
    report.created = len(valid)
    return report


# ---------------------------------------------------------------------------- open source


def _https(url: str) -> str:
    url = (url or "").strip()
    try:
        URLValidator(schemes=["https"])(url)
    except ValidationError:
        raise ValidationError({"repository_url": [_("Indique la dirección https:// del repositorio.")]}) from None
    if len(url) > 300:
        raise ValidationError({"repository_url": [_("Máximo %(n)s caracteres.") % {"n": 300}]})
    return url


def solution_create(
    *,
    actor: Any,
    name: str,
    repository_url: str,
    spdx_id: str,
    description: str = "",
    maintainer_id: int | None = None,
    library_resource_id: int | None = None,
    is_demo: bool = False,
) -> OpenSourceSolution:
    if not is_demo and not can(actor, Action.SOLUTION_CREATE):
        raise ValidationError({"__all__": [_("No puede registrar soluciones.")]})
    errors: dict[str, list[str]] = {}
    name = str(name or "").replace("\x00", "").strip()
    if not name or len(name) > 200:
        errors["name"] = [_("Indique el nombre (máximo 200 caracteres).")]
    description = str(description or "").replace("\x00", "").strip()
    if len(description) > 5000:
        errors["description"] = [_("Máximo %(n)s caracteres.") % {"n": 5000}]
    try:
        url = _https(repository_url)
    except ValidationError as exc:
        errors.update(exc.message_dict)
        url = ""
    spdx = spdx_canonical(spdx_id)
    if spdx is None:
        errors["spdx_id"] = [_("Indique la licencia con su identificador SPDX (por ejemplo MIT o GPL-3.0-or-later).")]
    if not is_hub_staff(actor) and not is_demo:
        # An official publishes what their own municipality maintains.
        maintainer_id = organization_id(actor)
    if maintainer_id is not None and not directory_selectors.organizations_with_commune(ids=[maintainer_id]):
        errors["maintainer_id"] = [_("Esa organización no está en el directorio.")]
    if library_resource_id is not None and library_selectors.resource_get_public(pk=library_resource_id) is None:
        errors["library_resource_id"] = [_("Ese recurso no está publicado en la biblioteca.")]
    if errors:
        raise ValidationError(errors)
    base = slugify(name)[:100] or "solucion"
    slug, n = base, 2
    while OpenSourceSolution.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    with transaction.atomic():
        solution = OpenSourceSolution.objects.create(
            name=name,
            slug=slug,
            description=description,
            repository_url=url,
            spdx_id=spdx or "",
            maintainer_id=maintainer_id,
            library_resource_id=library_resource_id,
            created_by=_user(actor),
            is_demo=is_demo,
        )
        audit_record(
            actor=_user(actor),
            action="ictassets.solution_create",
            obj=solution,
            after={"name": name, "repository_url": url, "spdx_id": spdx},
        )
    return solution


def adoption_declare(
    *, actor: Any, solution: OpenSourceSolution, municipality_id: int | None, status: str, is_demo: bool = False
) -> Adoption:
    """A municipality says it evaluates, pilots, uses or abandoned a solution (one row per pair,
    updated when declared again)."""
    if not is_demo and not can(actor, Action.ADOPT):
        raise ValidationError({"__all__": [_("No puede declarar adopciones.")]})
    if not is_demo and not is_hub_staff(actor):
        municipality_id = organization_id(actor)
    if status not in AdoptionStatus.values:
        raise ValidationError(
            {"status": [_("Estado desconocido. Valores: %(v)s.") % {"v": ", ".join(AdoptionStatus.values)}]}
        )
    found = directory_selectors.organizations_with_commune(ids=[municipality_id]) if municipality_id else []
    if not found or found[0].kind != "municipality":
        raise ValidationError({"municipality": [_("Elija un municipio.")]})
    with transaction.atomic():
        adoption, created = Adoption.objects.select_for_update().get_or_create(
            solution=solution, municipality_id=municipality_id, defaults={"status": status, "declared_by": _user(actor)}
        )
        before = None if created else {"status": adoption.status}
        if not created:
            adoption.status = status
            adoption.declared_by = _user(actor)
            adoption.save(update_fields=["status", "declared_by", "updated_at"])
        audit_record(
            actor=_user(actor),
            action="ictassets.adoption_declare",
            obj=adoption,
            object_repr=f"{solution.name} · {found[0].name}",
            before=before,
            after={"status": status},
        )
    return adoption
