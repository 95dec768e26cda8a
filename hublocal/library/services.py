"""Library writes: proposing, editing (new versions), files, the editorial workflow, evidence
levels, reviewer appointments, the dimension mapping, usage counts and "turn a pilot into a
replicable model".

Every function is atomic and audited. The workflow:

    draft ──submit──▶ in_review ──approve──▶ published ──retire──▶ retired
      ▲                  │
      └─────return───────┘

A published resource keeps its current version public while an edit (a new version with a
required change note) is drafted, submitted and reviewed; approval makes it current and the
previous one "superseded" (still readable at its own stable URL)."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from hublocal.audit.services import audit_record, snapshot
from hublocal.core import search
from hublocal.core.areas import Area
from hublocal.core.locking import check_and_bump
from hublocal.innovation import selectors as innovation_selectors
from hublocal.pilots import selectors as pilot_selectors
from hublocal.solutions import selectors as solution_selectors
from hublocal.territory.selectors import Typology

from . import content, files, open_data
from .models import (
    PRACTICE_KINDS,
    Decision,
    DimensionLink,
    EvidenceAssessment,
    Extraction,
    Kind,
    Language,
    Licence,
    Resource,
    ResourceFile,
    ResourceVersion,
    Review,
    ReviewerAppointment,
    Status,
    UsageMonth,
    VersionState,
)
from .permissions import Action, can, forget_reviewer

# Path segments of the library's own pages: a resource slug equal to one would be unreachable.
RESERVED_SLUGS = frozenset(
    {
        "nuevo",
        "mis-recursos",
        "revision",
        "revisores",
        "dimensiones",
        "evidencia",
        "criterios",
        "feed",
        "como-el-mio",
        "replicaciones",
        "desde-piloto",
    }
)
COUNTRIES = ("CL", "UY", "BR", "PY", "AR", "PE", "CO", "MX", "BO", "EC")
TYPOLOGIES = tuple(t for t in Typology.values if t != "sin_clasificar")
VERSION_FIELDS = [
    "title",
    "summary",
    "body",
    "areas",
    "typologies",
    "countries",
    "language",
    "licence",
    "published_on",
    "authors",
    "related_solutions",
    "related_challenges",
    "related_pilots",
    "dimensions",
    "tags",
    "model",
]
MAX_LIST = 30
MAX_BODY = 60_000
MAX_FILES = 10
EVIDENCE_KINDS = ("pilot", "resource", "replication", "url")

# The replicable-model template: text sections and lists of lines, plus typed context and resources.
MODEL_TEXT = ("problem",)
MODEL_LISTS = ("steps", "prerequisites", "risks", "indicators", "contacts")


def upload_check(name: str, data: bytes) -> files.CheckedFile:
    """The library's acceptance of a document (extension, size, real format), for apps whose
    files may later be published to the library (technical assistance's deliverables), so a file
    they accept is never refused at publication. Raises ValidationError with a message a person
    understands."""
    return files.check_upload(name, data)


def _clean_list(value: Any, allowed: tuple[str, ...] | list[str] | None, field: str, label: str) -> list[str]:
    if value in (None, ""):
        return []
    if isinstance(value, str):
        value = re.split(r"[,\n]", value)
    if not isinstance(value, (list, tuple)):
        raise ValidationError({field: [_("%(label)s: se esperaba una lista.") % {"label": label}]})
    out: list[str] = []
    for item in value:
        text = str(item).strip()
        if not text or text in out:
            continue
        if allowed is not None and text not in allowed:
            raise ValidationError(
                {field: [_("%(label)s: «%(v)s» no es una opción válida.") % {"label": label, "v": text}]}
            )
        out.append(text[:200])
    if len(out) > MAX_LIST:
        raise ValidationError({field: [_("%(label)s: máximo %(n)s elementos.") % {"label": label, "n": MAX_LIST}]})
    return out


def _clean_ids(value: Any, field: str, exists: Any) -> list[int]:
    if value in (None, ""):
        return []
    if isinstance(value, str):
        value = [v for v in re.split(r"[,\s]+", value) if v]
    try:
        ids = sorted({int(v) for v in value})
    except (TypeError, ValueError):
        raise ValidationError({field: [_("Indique números de identificación separados por comas.")]}) from None
    missing = [i for i in ids if not exists(i)]
    if missing:
        raise ValidationError(
            {field: [_("No existen o no son públicos: %(ids)s.") % {"ids": ", ".join(str(i) for i in missing)}]}
        )
    return ids[:MAX_LIST]


def _clean_dimensions(value: Any) -> list[list[str]]:
    known = content.dimensions()
    out: list[list[str]] = []
    for item in value or []:
        pair = item.split(":", 1) if isinstance(item, str) else list(item)
        if len(pair) != 2 or (pair[0], pair[1]) not in known:
            raise ValidationError({"dimensions": [_("«%(v)s» no es una dimensión de diagnóstico.") % {"v": item}]})
        if list(pair) not in out:
            out.append([str(pair[0]), str(pair[1])])
    return out[:MAX_LIST]


def _int_or_none(value: Any, field: str) -> int | None:
    if value in (None, ""):
        return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise ValidationError({"model": [_("%(f)s debe ser un número entero.") % {"f": field}]}) from None
    if number < 0 or number > 10**13:
        raise ValidationError({"model": [_("%(f)s está fuera de rango.") % {"f": field}]})
    return number


def clean_model(value: Any) -> dict[str, Any]:
    """Validate the replicable-model template into its canonical shape. Raises ValidationError."""
    if not value:
        return {}
    if not isinstance(value, dict):
        raise ValidationError({"model": [_("La plantilla del modelo no es válida.")]})
    out: dict[str, Any] = {"problem": str(value.get("problem") or "").strip()[:5000]}
    for key in MODEL_LISTS:
        out[key] = _clean_list(value.get(key), None, "model", key)
    ctx = value.get("context") or {}
    res = value.get("resources") or {}
    if not isinstance(ctx, dict) or not isinstance(res, dict):
        raise ValidationError({"model": [_("La plantilla del modelo no es válida.")]})
    out["context"] = {
        "typologies": _clean_list(ctx.get("typologies"), TYPOLOGIES, "model", _("Tipologías del contexto")),
        "population_min": _int_or_none(ctx.get("population_min"), _("Población mínima")),
        "population_max": _int_or_none(ctx.get("population_max"), _("Población máxima")),
        "budget": str(ctx.get("budget") or "").strip()[:300],
    }
    out["resources"] = {
        "staff": str(res.get("staff") or "").strip()[:500],
        "cost_min_clp": _int_or_none(res.get("cost_min_clp"), _("Costo mínimo")),
        "cost_max_clp": _int_or_none(res.get("cost_max_clp"), _("Costo máximo")),
        "months": _int_or_none(res.get("months"), _("Duración en meses")),
    }
    c = out["context"]
    if (
        c["population_min"] is not None
        and c["population_max"] is not None
        and c["population_min"] > c["population_max"]
    ):
        raise ValidationError({"model": [_("La población mínima no puede superar la máxima.")]})
    r = out["resources"]
    if r["cost_min_clp"] is not None and r["cost_max_clp"] is not None and r["cost_min_clp"] > r["cost_max_clp"]:
        raise ValidationError({"model": [_("El costo mínimo no puede superar el máximo.")]})
    return out


def _clean_content(kind: str, data: dict[str, Any]) -> dict[str, Any]:
    """Validate a version's content fields. Raises ValidationError with per-field messages."""
    errors: dict[str, list[str]] = {}
    title = str(data.get("title") or "").strip()
    summary = str(data.get("summary") or "").strip()
    body = str(data.get("body") or "").replace("\x00", "")
    if not title:
        errors["title"] = [_("Escriba un título.")]
    elif len(title) > 250:
        errors["title"] = [_("El título admite hasta 250 caracteres.")]
    if not summary:
        errors["summary"] = [_("Escriba un resumen de una a tres frases.")]
    elif len(summary) > 1500:
        errors["summary"] = [_("El resumen admite hasta 1.500 caracteres.")]
    if len(body) > MAX_BODY:
        errors["body"] = [_("El contenido admite hasta 60.000 caracteres; adjunte el documento completo.")]
    language = data.get("language") or Language.ES
    if language not in Language.values:
        errors["language"] = [_("Idioma no válido.")]
    licence = data.get("licence") or Licence.CC_BY
    if licence not in Licence.values:
        errors["licence"] = [_("Elija una licencia de la lista.")]
    published_on = data.get("published_on") or None
    if isinstance(published_on, str):
        try:
            published_on = date.fromisoformat(published_on)
        except ValueError:
            errors["published_on"] = [_("Fecha no válida (AAAA-MM-DD).")]
            published_on = None
    if errors:
        raise ValidationError(errors)
    cleaned = {
        "title": title,
        "summary": summary,
        "body": body,
        "language": language,
        "licence": licence,
        "published_on": published_on,
        "areas": _clean_list(data.get("areas"), Area.values, "areas", _("Áreas")),
        "typologies": _clean_list(data.get("typologies"), TYPOLOGIES, "typologies", _("Tipologías")),
        "countries": _clean_list(data.get("countries") or ["CL"], COUNTRIES, "countries", _("Países")),
        "authors": _clean_list(data.get("authors"), None, "authors", _("Autores")),
        "tags": [t.lower() for t in _clean_list(data.get("tags"), None, "tags", _("Etiquetas"))],
        "related_solutions": _clean_ids(
            data.get("related_solutions"),
            "related_solutions",
            lambda i: (s := solution_selectors.solution_get(pk=i)) is not None and s.is_published,
        ),
        "related_challenges": _clean_ids(
            data.get("related_challenges"),
            "related_challenges",
            lambda i: (c := innovation_selectors.challenge_get(pk=i)) is not None
            and c.status not in ("draft", "in_review"),
        ),
        "related_pilots": _clean_ids(
            data.get("related_pilots"), "related_pilots", lambda i: pilot_selectors.pilot_get(pk=i) is not None
        ),
        "dimensions": _clean_dimensions(data.get("dimensions")),
        "model": clean_model(data.get("model")) if kind == Kind.REPLICABLE_MODEL else {},
    }
    model_sheet: dict[str, Any] = cleaned["model"]  # type: ignore[assignment]  # the value clean_model returned
    if kind == Kind.REPLICABLE_MODEL and model_sheet and not model_sheet["problem"]:
        raise ValidationError({"model": [_("Un modelo replicable describe el problema que resuelve.")]})
    return cleaned


def _unique_slug(title: str) -> str:
    base = slugify(title)[:120].strip("-") or "recurso"
    if base in RESERVED_SLUGS:
        base = f"{base}-recurso"
    slug, n = base, 2
    while Resource.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def working_version(resource: Resource) -> ResourceVersion | None:
    """The version being drafted or reviewed (not yet approved), if any."""
    return (
        ResourceVersion.objects.filter(resource=resource, state__in=(VersionState.DRAFT, VersionState.IN_REVIEW))
        .order_by("-number")
        .first()
    )


def _lock(resource: Resource) -> Resource:
    return Resource.objects.select_for_update().get(pk=resource.pk)


def _write_version(version: ResourceVersion, cleaned: dict[str, Any], organizations: Any) -> None:
    for key, value in cleaned.items():
        setattr(version, key, value)
    version.save()
    if organizations is not None:
        version.organizations.set([o.pk for o in organizations])


def _add_files(actor: Any, version: ResourceVersion, uploads: list[tuple[str, bytes]]) -> list[ResourceFile]:
    if not uploads:
        return []
    if version.files.count() + len(uploads) > MAX_FILES:
        raise ValidationError({"file": [_("Cada versión admite hasta %(n)s archivos.") % {"n": MAX_FILES}]})
    made = []
    for name, data in uploads:
        try:
            checked = files.check_upload(name, data)
        except ValidationError as exc:
            raise ValidationError({"file": exc.messages}) from None
        row = ResourceFile(
            version=version, name=checked.name, fmt=checked.fmt, size=checked.size, sha256=checked.sha256
        )
        row.file.save(checked.name, ContentFile(data), save=False)
        row.save()
        made.append(row)
        audit_record(
            actor=actor,
            action="library.file_add",
            obj=row,
            after={"resource": version.resource_id, "version": version.number, "name": row.name, "sha256": row.sha256},
        )
    from . import tasks

    ids = [f.pk for f in made]
    transaction.on_commit(lambda: tasks.extract_files(ids))
    return made


@transaction.atomic
def resource_create(
    *,
    actor: Any,
    organization: Any,
    kind: str,
    data: dict[str, Any],
    organizations: Any = None,
    uploads: list[tuple[str, bytes]] | None = None,
    is_demo: bool = False,
) -> Resource:
    """Propose a resource: a draft with its first version. `organization` is the proposer's
    (None for the hub itself). Raises ValidationError with per-field messages."""
    if kind not in Kind.values:
        raise ValidationError({"kind": [_("Elija un tipo de recurso.")]})
    cleaned = _clean_content(kind, data)
    resource = Resource(
        kind=kind,
        organization=organization,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        title=cleaned["title"],
        summary=cleaned["summary"],
        areas=cleaned["areas"],
        typologies=cleaned["typologies"],
        countries=cleaned["countries"],
        language=cleaned["language"],
        tags=cleaned["tags"],
        is_demo=is_demo,
    )
    resource.slug = _unique_slug(cleaned["title"])
    try:
        with transaction.atomic():
            resource.save()
    except IntegrityError:
        raise ValidationError({"title": [_("Otro recurso acaba de usar ese título. Vuelva a intentarlo.")]}) from None
    version = ResourceVersion(resource=resource, number=1, created_by=resource.created_by)
    _write_version(
        version, cleaned, organizations if organizations is not None else ([organization] if organization else [])
    )
    _add_files(actor, version, uploads or [])
    audit_record(
        actor=actor,
        action="library.resource_create",
        obj=resource,
        after={"kind": kind, "slug": resource.slug, **snapshot(version, ["title", "summary", "areas", "licence"])},
    )
    return resource


@transaction.atomic
def resource_update(
    *,
    actor: Any,
    resource: Resource,
    data: dict[str, Any],
    expected_version: int | None,
    change_note: str = "",
    organizations: Any = None,
    uploads: list[tuple[str, bytes]] | None = None,
) -> ResourceVersion:
    """Edit the resource's content. A draft is edited in place; a published resource gets a new
    version (a change note is required) that goes through review while the current one stays
    public. A version under review cannot be edited. Raises ValidationError / StaleVersion."""
    locked = _lock(resource)
    if locked.status == Status.RETIRED:
        raise ValidationError(_("Un recurso retirado no se edita."))
    working = working_version(locked)
    if working is not None and working.state == VersionState.IN_REVIEW:
        raise ValidationError(_("Esta versión está en revisión: espere la decisión antes de editarla."))
    cleaned = _clean_content(locked.kind, data)
    note = (change_note or "").strip()
    check_and_bump(locked, expected_version)
    if working is None:
        if not note:
            raise ValidationError({"change_note": [_("Explique qué cambia en esta nueva versión.")]})
        current = locked.current_version
        number = (
            ResourceVersion.objects.filter(resource=locked).order_by("-number").values_list("number", flat=True).first()
            or 0
        ) + 1
        working = ResourceVersion(resource=locked, number=number, created_by=actor)
        if organizations is None and current is not None:
            organizations = list(current.organizations.all())
        before: dict[str, Any] = {}
        action = "library.version_create"
    else:
        before = snapshot(working, VERSION_FIELDS)
        action = "library.resource_update"
    working.change_note = note or working.change_note
    _write_version(working, cleaned, organizations)
    if locked.status == Status.DRAFT:
        # Lists show a draft under its working title to its own organisation.
        locked.title, locked.summary = cleaned["title"], cleaned["summary"]
        locked.areas, locked.typologies = cleaned["areas"], cleaned["typologies"]
    locked.save()
    _add_files(actor, working, uploads or [])
    audit_record(
        actor=actor,
        action=action,
        obj=locked,
        before=before,
        after={"version": working.number, "change_note": working.change_note, **snapshot(working, VERSION_FIELDS)},
    )
    resource.row_version = locked.row_version
    return working


@transaction.atomic
def file_add(*, actor: Any, resource: Resource, uploads: list[tuple[str, bytes]]) -> list[ResourceFile]:
    """Attach files to the version being drafted. Raises ValidationError."""
    locked = _lock(resource)
    working = working_version(locked)
    if working is None or working.state != VersionState.DRAFT:
        raise ValidationError({"file": [_("Solo se adjuntan archivos a una versión en borrador.")]})
    return _add_files(actor, working, uploads)


@transaction.atomic
def file_extract(*, file_id: int) -> ResourceFile | None:
    """Read a stored file's text for search (run by the task queue). An unreadable file is kept
    and flagged with the reason, never dropped."""
    row = ResourceFile.objects.select_for_update().filter(pk=file_id).select_related("version").first()
    if row is None:
        return None
    try:
        with row.file.open("rb") as handle:
            data = handle.read()
        row.text = files.extract_text(row.fmt, data)
        row.extraction, row.extraction_reason = Extraction.OK, ""
    except files.ExtractionError as exc:
        row.text, row.extraction, row.extraction_reason = "", Extraction.FAILED, str(exc)[:300]
    except OSError:
        row.text, row.extraction = "", Extraction.FAILED
        row.extraction_reason = _("El archivo guardado no se encontró.")
    row.save(update_fields=["text", "extraction", "extraction_reason"])
    audit_record(
        actor=None,
        action="library.file_extract",
        obj=row,
        after={"extraction": row.extraction, "reason": row.extraction_reason, "chars": len(row.text)},
    )
    resource = Resource.objects.select_for_update().get(pk=row.version.resource_id)
    if resource.current_version_id == row.version_id:
        _refresh_search(resource)
        resource.save(update_fields=["search_document", "updated_at"])
    return row


@transaction.atomic
def resource_submit(*, actor: Any, resource: Resource) -> ResourceVersion:
    """Send the draft version to review. Raises ValidationError when there is nothing to submit."""
    locked = _lock(resource)
    working = working_version(locked)
    if locked.status == Status.RETIRED or working is None or working.state != VersionState.DRAFT:
        raise ValidationError(_("No hay un borrador para enviar a revisión."))
    if not working.authors and not working.organizations.exists():
        raise ValidationError(_("Indique al menos un autor o una organización autora antes de enviar."))
    working.state = VersionState.IN_REVIEW
    working.save(update_fields=["state"])
    if locked.status == Status.DRAFT:
        locked.status = Status.IN_REVIEW
    locked.row_version += 1
    locked.save()
    audit_record(
        actor=actor,
        action="library.resource_submit",
        obj=locked,
        after={"version": working.number, "status": locked.status},
    )
    resource.status, resource.row_version = locked.status, locked.row_version
    return working


def _refresh_search(resource: Resource) -> None:
    version = resource.current_version
    if version is None:
        resource.search_document = ""
        return
    texts = list(ResourceFile.objects.filter(version=version, extraction=Extraction.OK).values_list("text", flat=True))
    resource.search_document = search.document_of(
        version.title, version.summary, version.body, " ".join(version.tags), " ".join(version.authors), *texts
    )


def _denormalise(resource: Resource, version: ResourceVersion) -> None:
    resource.current_version = version
    resource.title, resource.summary = version.title, version.summary
    resource.areas, resource.typologies, resource.countries = version.areas, version.typologies, version.countries
    resource.language, resource.tags = version.language, version.tags
    resource.year = (version.published_on or timezone.localdate()).year
    _refresh_search(resource)


@transaction.atomic
def review_record(*, actor: Any, resource: Resource, decision: str, comment: str, checklist: dict[str, bool]) -> Review:
    """Decide on the version under review against the current acceptance criteria: approve
    (every criterion met: it becomes the current, public version) or return it to its authors
    with a comment. Raises ValidationError."""
    locked = _lock(resource)
    if not can(actor, Action.REVIEW, locked):
        raise ValidationError(_("Usted no puede revisar este recurso."))
    working = working_version(locked)
    if working is None or working.state != VersionState.IN_REVIEW:
        raise ValidationError(_("Este recurso no tiene una versión en revisión."))
    crit = content.criteria()
    ids = [c["id"] for c in crit["criteria"]]
    unknown = set(checklist) - set(ids)
    if unknown:
        raise ValidationError({"checklist": [_("Criterios desconocidos: %(c)s.") % {"c": ", ".join(sorted(unknown))}]})
    checks = {cid: bool(checklist.get(cid)) for cid in ids}
    comment = (comment or "").strip()
    if decision not in Decision.values:
        raise ValidationError({"decision": [_("Elija aprobar o devolver.")]})
    if decision == Decision.APPROVE and not all(checks.values()):
        raise ValidationError({"checklist": [_("Para aprobar, el recurso debe cumplir todos los criterios.")]})
    if decision == Decision.RETURN and not comment:
        raise ValidationError({"comment": [_("Explique a los autores qué deben corregir.")]})
    review = Review.objects.create(
        version=working,
        reviewer=actor,
        decision=decision,
        comment=comment,
        criteria_version=int(crit["version"]),
        checklist=checks,
    )
    now = timezone.now()
    if decision == Decision.APPROVE:
        ResourceVersion.objects.filter(resource=locked, state=VersionState.APPROVED).update(
            state=VersionState.SUPERSEDED
        )
        working.state, working.approved_at = VersionState.APPROVED, now
        if working.published_on is None:
            working.published_on = timezone.localdate()
        working.save(update_fields=["state", "approved_at", "published_on"])
        _denormalise(locked, working)
        locked.status = Status.PUBLISHED
        locked.published_at = locked.published_at or now
    else:
        working.state = VersionState.DRAFT
        working.save(update_fields=["state"])
        if locked.status == Status.IN_REVIEW:
            locked.status = Status.DRAFT
    locked.row_version += 1
    locked.save()
    if decision == Decision.APPROVE:
        open_data.changed()
    audit_record(
        actor=actor,
        action="library.review_approve" if decision == Decision.APPROVE else "library.review_return",
        obj=locked,
        after={"version": working.number, "status": locked.status, "comment": comment, "criteria": crit["version"]},
    )
    resource.status, resource.row_version = locked.status, locked.row_version
    return review


@transaction.atomic
def resource_retire(*, actor: Any, resource: Resource, reason: str) -> Resource:
    """Withdraw a published resource (its pages stay, marked retired, so citations resolve)."""
    locked = _lock(resource)
    if locked.status != Status.PUBLISHED:
        raise ValidationError(_("Solo se retira un recurso publicado."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Explique por qué se retira el recurso.")]})
    locked.status, locked.retired_at, locked.retired_reason = Status.RETIRED, timezone.now(), reason[:2000]
    locked.row_version += 1
    locked.save()
    open_data.changed()
    audit_record(actor=actor, action="library.resource_retire", obj=locked, after={"reason": locked.retired_reason})
    return locked


def _clean_evidence(evidence: list[dict]) -> list[dict[str, str]]:
    out = []
    for item in evidence or []:
        if not isinstance(item, dict):
            raise ValidationError({"evidence": [_("Cada evidencia indica tipo, referencia y descripción.")]})
        kind, ref, label = (str(item.get(k) or "").strip() for k in ("kind", "ref", "label"))
        if kind not in EVIDENCE_KINDS or not ref:
            raise ValidationError({"evidence": [_("Evidencia no válida: %(r)s.") % {"r": ref or kind}]})
        if kind == "url" and not re.match(r"^https?://", ref):
            raise ValidationError({"evidence": [_("Un enlace de evidencia empieza por http:// o https://.")]})
        if kind in ("pilot", "resource", "replication") and not ref.isdigit():
            raise ValidationError({"evidence": [_("La referencia a un %(k)s es su número.") % {"k": kind}]})
        if kind == "pilot" and pilot_selectors.pilot_get(pk=int(ref)) is None:
            raise ValidationError({"evidence": [_("No existe el piloto %(r)s.") % {"r": ref}]})
        out.append({"kind": kind, "ref": ref[:500], "label": label[:300]})
    return out[:20]


@transaction.atomic
def evidence_level_set(
    *, actor: Any, resource: Resource, level: int, justification: str, evidence: list[dict]
) -> EvidenceAssessment:
    """Set a resource's evidence level (1–5) with a justification and links to the evidence;
    only hub staff and appointed reviewers. The history is kept. Raises ValidationError."""
    locked = _lock(resource)
    if not can(actor, Action.SET_EVIDENCE, locked):
        raise ValidationError(
            _("Solo el equipo del Hub y las personas revisoras designadas asignan el nivel de evidencia.")
        )
    try:
        level = int(level)
    except (TypeError, ValueError):
        level = -1
    if level not in (1, 2, 3, 4, 5):
        raise ValidationError({"level": [_("El nivel de evidencia va de 1 a 5.")]})
    justification = (justification or "").strip()
    if len(justification) < 20:
        raise ValidationError({"justification": [_("Justifique el nivel en al menos una frase (20 caracteres).")]})
    items = _clean_evidence(evidence)
    before = {"evidence_level": locked.evidence_level}
    assessment = EvidenceAssessment.objects.create(
        resource=locked, level=level, justification=justification[:5000], evidence=items, set_by=actor
    )
    locked.evidence_level = level
    locked.row_version += 1
    locked.save(update_fields=["evidence_level", "row_version", "updated_at"])
    open_data.changed()
    audit_record(
        actor=actor,
        action="library.evidence_set",
        obj=locked,
        before=before,
        after={"evidence_level": level, "justification": justification, "evidence": items},
    )
    resource.evidence_level, resource.row_version = level, locked.row_version
    return assessment


@transaction.atomic
def reviewer_appoint(*, actor: Any, user: Any, areas: list[str]) -> ReviewerAppointment:
    """Appoint a partner organisation's person as a reviewer (for some areas; [] = all)."""
    if getattr(user, "role", None) != "partner" or not user.is_active:
        raise ValidationError({"user": [_("Solo se designan personas de organizaciones aliadas (cuentas activas).")]})
    clean = _clean_list(areas, Area.values, "areas", _("Áreas"))
    appointment, _created = ReviewerAppointment.objects.update_or_create(
        user=user, defaults={"areas": clean, "active": True, "appointed_by": actor}
    )
    forget_reviewer(user)
    audit_record(
        actor=actor, action="library.reviewer_appoint", obj=appointment, after={"user": user.pk, "areas": clean}
    )
    return appointment


@transaction.atomic
def reviewer_revoke(*, actor: Any, appointment: ReviewerAppointment) -> None:
    ReviewerAppointment.objects.filter(pk=appointment.pk).update(active=False)
    audit_record(actor=actor, action="library.reviewer_revoke", obj=appointment, after={"user": appointment.user_id})


@transaction.atomic
def dimension_link_add(*, actor: Any, resource: Resource, dimension: str, note: str = "") -> DimensionLink:
    """Map a diagnosis dimension ("area:dimension") to a published resource. Raises ValidationError."""
    if resource.status != Status.PUBLISHED:
        raise ValidationError({"resource": [_("Solo se vinculan recursos publicados.")]})
    pair = _clean_dimensions([dimension])
    if not pair:
        raise ValidationError({"dimension": [_("Elija una dimensión.")]})
    area, dim = pair[0]
    link, created = DimensionLink.objects.get_or_create(
        resource=resource, area=area, dimension=dim, defaults={"note": (note or "")[:300], "created_by": actor}
    )
    if not created:
        raise ValidationError({"dimension": [_("Ese recurso ya está vinculado a esa dimensión.")]})
    audit_record(
        actor=actor,
        action="library.dimension_link_add",
        obj=link,
        after={"resource": resource.pk, "area": area, "dimension": dim},
    )
    return link


@transaction.atomic
def dimension_link_remove(*, actor: Any, link: DimensionLink) -> None:
    audit_record(
        actor=actor,
        action="library.dimension_link_remove",
        obj=link,
        before={"resource": link.resource_id, "area": link.area, "dimension": link.dimension},
    )
    link.delete()


def usage_add(*, counts: dict[tuple[int, str], tuple[int, int]]) -> int:
    """Add counted views and downloads: {(resource id, "YYYY-MM-01"): (views, downloads)}.
    Counts only — no audit event (nothing about a person; run by the task queue)."""
    written = 0
    with transaction.atomic():
        existing = set(Resource.objects.filter(pk__in={rid for rid, _m in counts}).values_list("pk", flat=True))
        for (rid, month), (views, downloads) in counts.items():
            if rid not in existing or (views <= 0 and downloads <= 0):
                continue
            day = date.fromisoformat(month)
            updated = UsageMonth.objects.filter(resource_id=rid, month=day).update(
                views=F("views") + views, downloads=F("downloads") + downloads
            )
            if not updated:
                UsageMonth.objects.create(resource_id=rid, month=day, views=views, downloads=downloads)
            written += 1
    return written


def _money(value: Any) -> str:
    return f"{int(value):,}".replace(",", ".") if value else ""


@transaction.atomic
def model_draft_from_pilot(*, actor: Any, pilot_id: int) -> Resource:
    """ "Turn into a replicable model": a draft prefilled with the pilot's challenge, indicators
    and results, provider and costs, owned by the pilot's municipality, for them and the hub to
    complete. Raises ValidationError when the pilot does not exist or the actor may not."""
    detail = pilot_selectors.pilot_detail(pk=pilot_id)
    if detail is None:
        raise ValidationError(_("El piloto no existe."))
    pilot = detail.pilot
    if not can(actor, Action.DRAFT_FROM_PILOT, pilot):
        raise ValidationError(
            _("Solo la municipalidad de un piloto finalizado o el equipo del Hub lo convierten en modelo.")
        )
    agreement = pilot.agreement
    challenge = agreement.challenge
    indicators = [
        f"{iv.current.name} ({iv.current.unit}): línea base {iv.current.baseline:g}, meta {iv.current.target:g}"
        + (f", resultado {iv.indicator.final_value:g}" if iv.indicator.final_value is not None else "")
        + (" — cumplido" if iv.indicator.met else " — no cumplido" if iv.indicator.met is False else "")
        for iv in detail.indicators
    ]
    months = None
    if agreement.starts_on and agreement.ends_on:
        months = max(1, round((agreement.ends_on - agreement.starts_on).days / 30))
    body = "\n\n".join(
        part
        for part in [
            f"## {_('Origen')}\n\n"
            + _("Modelo elaborado a partir del piloto «%(p)s» de %(m)s con %(s)s.")
            % {"p": pilot.title, "m": agreement.municipality.name, "s": agreement.startup.name},
            f"## {_('Resultados del piloto')}\n\n{pilot.result_summary}" if pilot.result_summary else "",
            f"## {_('Indicadores')}\n\n" + "\n".join(f"- {line}" for line in indicators) if indicators else "",
        ]
        if part
    )
    data = {
        "title": _("Modelo: %(t)s") % {"t": challenge.title},
        "summary": (challenge.problem or pilot.title)[:600],
        "body": body,
        "areas": [challenge.area],
        "typologies": [],
        "countries": ["CL"],
        "related_challenges": [challenge.pk] if challenge.status not in ("draft", "in_review") else [],
        "related_pilots": [pilot.pk],
        "tags": [_("piloto")],
        "model": {
            "problem": challenge.problem,
            "context": {
                "typologies": [],
                "budget": (
                    _("%(a)s a %(b)s CLP") % {"a": _money(challenge.budget_min), "b": _money(challenge.budget_max)}
                    if challenge.budget_min or challenge.budget_max
                    else ""
                ),
            },
            "steps": [],
            "resources": {
                "staff": challenge.staff_skills or "",
                "cost_min_clp": agreement.value_clp or None,
                "cost_max_clp": agreement.value_clp or None,
                "months": months,
            },
            "indicators": [iv.current.name for iv in detail.indicators],
            "contacts": [_("Proveedor: %(s)s") % {"s": agreement.startup.name}],
        },
    }
    resource = resource_create(
        actor=actor,
        organization=agreement.municipality,
        kind=Kind.REPLICABLE_MODEL,
        data=data,
        organizations=[agreement.municipality],
    )
    audit_record(actor=actor, action="library.model_from_pilot", obj=resource, after={"pilot": pilot.pk})
    return resource


__all__ = [
    "PRACTICE_KINDS",
    "dimension_link_add",
    "evidence_level_set",
    "model_draft_from_pilot",
    "resource_create",
    "resource_submit",
    "resource_update",
    "review_record",
]
