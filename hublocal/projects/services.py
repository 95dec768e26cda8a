"""Project writes: a project with its partners and funding, milestones (added, their progress
and dates updated), results with evidence. Every function is atomic and audited; nothing is
half-written when input is refused. The project's % progress is never written: selectors compute
it from the milestones' weights and progress."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from hublocal.audit.services import audit_record
from hublocal.core.locking import check_and_bump
from hublocal.library import services as library_services

from .models import Currency, FundingSource, Milestone, Partner, PartnerRole, Project, ProjectStatus, Result
from .permissions import Action, can

MAX_TEXT = 10_000
MAX_MILESTONES = 40
# Evidence is a document a funder or a municipality can open: the library's own formats.
EVIDENCE_FORMATS = ("pdf", "docx", "xlsx", "odt", "csv")


def _text(value: Any, field: str, *, required: bool, maximum: int = MAX_TEXT) -> str:
    text = str(value or "").replace("\x00", "").strip()
    if required and not text:
        raise ValidationError({field: [_("Este campo es obligatorio.")]})
    if len(text) > maximum:
        raise ValidationError({field: [_("Máximo %(n)s caracteres.") % {"n": maximum}]})
    return text


def _collect(errors: dict[str, list[str]], fn: Any, *args: Any, **kwargs: Any) -> Any:
    try:
        return fn(*args, **kwargs)
    except ValidationError as exc:
        for key, messages in exc.message_dict.items():
            errors.setdefault(key, []).extend(messages)
        return None


def _check_progress(progress: Any) -> int:
    try:
        value = int(progress)
    except (TypeError, ValueError):
        raise ValidationError({"progress": [_("Escriba el avance como un número entero de 0 a 100.")]}) from None
    if not 0 <= value <= 100:
        raise ValidationError({"progress": [_("El avance es un porcentaje: entre 0 y 100.")]})
    return value


def _check_weight(weight: Any) -> int:
    try:
        value = int(weight)
    except (TypeError, ValueError):
        raise ValidationError({"weight": [_("Escriba el peso como un número entero de 1 a 100.")]}) from None
    if not 1 <= value <= 100:
        raise ValidationError({"weight": [_("El peso va de 1 a 100.")]})
    return value


def _check_dates(project: Project, starts_on: date | None, due_on: date | None) -> None:
    errors: dict[str, list[str]] = {}
    if starts_on is None:
        errors["starts_on"] = [_("Indique la fecha de inicio del hito.")]
    if due_on is None:
        errors["due_on"] = [_("Indique la fecha comprometida del hito.")]
    if errors:
        raise ValidationError(errors)
    assert starts_on is not None and due_on is not None
    if due_on < starts_on:
        errors["due_on"] = [_("El hito no puede terminar antes de empezar.")]
    if starts_on < project.starts_on:
        errors["starts_on"] = [
            _("El hito no puede empezar antes que el proyecto (%(d)s).") % {"d": project.starts_on.strftime("%d-%m-%Y")}
        ]
    if due_on < project.starts_on:
        errors["due_on"] = [
            _("El hito no puede terminar antes de que empiece el proyecto (%(d)s).")
            % {"d": project.starts_on.strftime("%d-%m-%Y")}
        ]
    elif due_on > project.ends_on:
        errors["due_on"] = [
            _("El hito no puede terminar después del término del proyecto (%(d)s).")
            % {"d": project.ends_on.strftime("%d-%m-%Y")}
        ]
    if errors:
        raise ValidationError(errors)


def _unique_slug(title: str) -> str:
    base = slugify(title)[:120] or "proyecto"
    slug, n = base, 2
    # "nuevo" is the address of the form that creates a project.
    while slug == "nuevo" or Project.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def project_create(
    *,
    actor: Any,
    title: str,
    summary: str,
    objectives: str,
    starts_on: date,
    ends_on: date,
    partners: list[tuple[Any, str]],
    funding: list[dict[str, Any]] | None = None,
    status: str = ProjectStatus.ACTIVE,
    contact_name: str = "",
    contact_email: str = "",
    slug: str = "",
    is_demo: bool = False,
) -> Project:
    """The hub records a project with its partner organisations ((organization, role) pairs, each
    organisation once) and its funding sources ({funder, amount, currency, note})."""
    if not can(actor, Action.CREATE):
        raise ValidationError(_("Solo el equipo del Hub registra proyectos colaborativos."))
    errors: dict[str, list[str]] = {}
    title = _collect(errors, _text, title, "title", required=True, maximum=200)
    summary = _collect(errors, _text, summary, "summary", required=True)
    objectives = _collect(errors, _text, objectives, "objectives", required=True)
    if starts_on is None or ends_on is None:
        errors["ends_on"] = [_("Indique las fechas de inicio y término.")]
    elif ends_on < starts_on:
        errors["ends_on"] = [_("El proyecto no puede terminar antes de empezar.")]
    if status not in ProjectStatus.values:
        errors["status"] = [_("Elija un estado de la lista.")]
    seen: set[int] = set()
    for org, role in partners:
        if role not in PartnerRole.values:
            errors.setdefault("partners", []).append(_("Elija un rol de la lista."))
        if org.pk in seen:
            errors.setdefault("partners", []).append(
                _("%(org)s figura dos veces entre los socios.") % {"org": org.name}
            )
        seen.add(org.pk)
    if not partners:
        errors["partners"] = [_("Un proyecto colaborativo tiene al menos una organización socia.")]
    funds = []
    for item in funding or []:
        fund = _collect(errors, _check_funding, item)
        if fund is not None:
            funds.append(fund)
    if errors:
        raise ValidationError(errors)
    project = Project.objects.create(
        slug=slug or _unique_slug(title),
        title=title,
        summary=summary,
        objectives=objectives,
        starts_on=starts_on,
        ends_on=ends_on,
        status=status,
        contact_name=_text(contact_name, "contact_name", required=False, maximum=200),
        contact_email=_text(contact_email, "contact_email", required=False, maximum=254),
        is_demo=is_demo,
    )
    Partner.objects.bulk_create([Partner(project=project, organization=o, role=r) for o, r in partners])
    FundingSource.objects.bulk_create([FundingSource(project=project, **f) for f in funds])
    audit_record(
        actor=actor,
        action="projects.project_create",
        obj=project,
        after={"title": title, "partners": sorted(seen), "funding": len(funds)},
    )
    return project


PROJECT_FIELDS = ("title", "summary", "objectives", "starts_on", "ends_on", "status", "contact_name", "contact_email")


@transaction.atomic
def project_update(
    *, actor: Any, project: Project, data: dict[str, Any], expected_version: int | None = None
) -> Project:
    """The hub changes a project's terms (PROJECT_FIELDS). Refused if another person saved first
    (StaleVersion), or if the new dates would leave a milestone outside the project."""
    if not can(actor, Action.MANAGE, project):
        raise ValidationError(_("Solo el equipo del Hub modifica los términos de un proyecto."))
    unknown = set(data) - set(PROJECT_FIELDS)
    if unknown:
        raise ValidationError(_("Campos que no se modifican aquí: %(f)s.") % {"f": ", ".join(sorted(unknown))})
    p = Project.objects.select_for_update().get(pk=project.pk)
    new = {**{f: getattr(p, f) for f in PROJECT_FIELDS}, **data}
    errors: dict[str, list[str]] = {}
    clean = {
        "title": _collect(errors, _text, new["title"], "title", required=True, maximum=200),
        "summary": _collect(errors, _text, new["summary"], "summary", required=True),
        "objectives": _collect(errors, _text, new["objectives"], "objectives", required=True),
        "contact_name": _collect(errors, _text, new["contact_name"], "contact_name", required=False, maximum=200),
        "contact_email": _collect(errors, _text, new["contact_email"], "contact_email", required=False, maximum=254),
    }
    starts_on, ends_on = new["starts_on"], new["ends_on"]
    if not isinstance(starts_on, date) or not isinstance(ends_on, date):
        errors["ends_on"] = [_("Indique las fechas de inicio y término.")]
    elif ends_on < starts_on:
        errors["ends_on"] = [_("El proyecto no puede terminar antes de empezar.")]
    else:
        if p.milestones.filter(starts_on__lt=starts_on).exists():
            errors["starts_on"] = [_("Hay hitos que empiezan antes de esa fecha: muévalos primero.")]
        if p.milestones.filter(due_on__gt=ends_on).exists():
            errors["ends_on"] = [_("Hay hitos que terminan después de esa fecha: muévalos primero.")]
    if new["status"] not in ProjectStatus.values:
        errors["status"] = [_("Elija un estado de la lista.")]
    if errors:
        raise ValidationError(errors)
    before = {f: str(getattr(p, f)) for f in PROJECT_FIELDS}
    check_and_bump(p, expected_version)
    for field, value in {**clean, "starts_on": starts_on, "ends_on": ends_on, "status": new["status"]}.items():
        setattr(p, field, value)
    p.save()
    after = {f: str(getattr(p, f)) for f in PROJECT_FIELDS}
    audit_record(
        actor=actor,
        action="projects.project_update",
        obj=p,
        before={f: v for f, v in before.items() if v != after[f]},
        after={f: v for f, v in after.items() if v != before[f]},
    )
    return p


def _check_funding(item: dict[str, Any]) -> dict[str, Any]:
    currency = item.get("currency") or ""
    if currency not in Currency.values:
        raise ValidationError({"funding": [_("Todo monto lleva su moneda: CLP, UF, USD o EUR.")]})
    try:
        amount = Decimal(str(item.get("amount")))
    except (InvalidOperation, TypeError):
        raise ValidationError({"funding": [_("Escriba el monto como un número.")]}) from None
    if not amount.is_finite() or amount <= 0 or amount >= Decimal(10) ** 14:
        raise ValidationError({"funding": [_("El monto debe ser mayor que cero.")]})
    if item.get("funder") is None:
        raise ValidationError({"funding": [_("Indique la organización que financia.")]})
    return {"funder": item["funder"], "amount": amount, "currency": currency, "note": str(item.get("note", ""))[:200]}


@transaction.atomic
def milestone_add(
    *,
    actor: Any,
    project: Project,
    title: str,
    starts_on: date | None,
    due_on: date | None,
    weight: Any = 1,
    progress: Any = 0,
    description: str = "",
) -> Milestone:
    """A new milestone within the project's dates."""
    project = Project.objects.select_for_update().get(pk=project.pk)
    if not can(actor, Action.EDIT, project):
        raise ValidationError(_("Solo el equipo del Hub y las organizaciones socias editan este proyecto."))
    errors: dict[str, list[str]] = {}
    title = _collect(errors, _text, title, "title", required=True, maximum=200)
    description = _collect(errors, _text, description, "description", required=False)
    weight = _collect(errors, _check_weight, weight)
    progress = _collect(errors, _check_progress, progress)
    _collect(errors, _check_dates, project, starts_on, due_on)
    if project.milestones.count() >= MAX_MILESTONES:
        errors.setdefault("__all__", []).append(_("Un proyecto tiene como máximo %(n)s hitos.") % {"n": MAX_MILESTONES})
    if errors:
        raise ValidationError(errors)
    assert starts_on is not None and due_on is not None  # _check_dates refused missing dates
    milestone = Milestone.objects.create(
        project=project,
        order=project.milestones.count() + 1,
        title=title,
        description=description,
        starts_on=starts_on,
        due_on=due_on,
        weight=weight,
        progress=progress,
    )
    audit_record(
        actor=actor,
        action="projects.milestone_add",
        obj=milestone,
        after={"project": project.pk, "title": title, "progress": progress, "weight": weight},
    )
    return milestone


@transaction.atomic
def milestone_update(
    *,
    actor: Any,
    milestone: Milestone,
    progress: Any,
    starts_on: date | None,
    due_on: date | None,
    weight: Any,
    expected_version: int | None = None,
) -> Milestone:
    """Report a milestone's progress (0–100 %) and adjust its dates and weight; the project's %
    follows. Raises StaleVersion when someone saved it meanwhile."""
    m = Milestone.objects.select_for_update().select_related("project").get(pk=milestone.pk)
    if not can(actor, Action.EDIT, m.project):
        raise ValidationError(_("Solo el equipo del Hub y las organizaciones socias editan este proyecto."))
    errors: dict[str, list[str]] = {}
    progress = _collect(errors, _check_progress, progress)
    weight = _collect(errors, _check_weight, weight)
    _collect(errors, _check_dates, m.project, starts_on, due_on)
    if errors:
        raise ValidationError(errors)
    assert starts_on is not None and due_on is not None  # _check_dates refused missing dates
    check_and_bump(m, expected_version)
    before = {"progress": m.progress, "starts_on": str(m.starts_on), "due_on": str(m.due_on), "weight": m.weight}
    m.progress, m.starts_on, m.due_on, m.weight = progress, starts_on, due_on, weight
    m.save(update_fields=["progress", "starts_on", "due_on", "weight", "row_version"])
    audit_record(
        actor=actor,
        action="projects.milestone_update",
        obj=m,
        before=before,
        after={"progress": m.progress, "starts_on": str(m.starts_on), "due_on": str(m.due_on), "weight": m.weight},
    )
    return m


@transaction.atomic
def result_add(
    *,
    actor: Any,
    project: Project,
    title: str,
    evidence: str,
    link: str = "",
    file_name: str = "",
    data: bytes = b"",
    recorded_on: date | None = None,
) -> Result:
    """A result with its evidence: a text, and optionally a link and a document (checked by the
    library's upload check, so it could later be published there)."""
    project = Project.objects.select_for_update().get(pk=project.pk)
    if not can(actor, Action.EDIT, project):
        raise ValidationError(_("Solo el equipo del Hub y las organizaciones socias editan este proyecto."))
    errors: dict[str, list[str]] = {}
    title = _collect(errors, _text, title, "title", required=True, maximum=200)
    evidence = _collect(errors, _text, evidence, "evidence", required=True)
    link = str(link or "").strip()
    if link:
        try:
            URLValidator(schemes=["http", "https"])(link)
        except ValidationError:
            errors["link"] = [_("Escriba una dirección web completa (https://…).")]
    checked = None
    if data or file_name:
        try:
            checked = library_services.upload_check(file_name, data)
        except ValidationError as exc:
            errors["file"] = exc.messages
        else:
            if checked.fmt not in EVIDENCE_FORMATS:
                errors["file"] = [_("Suba la evidencia en PDF, DOCX, XLSX, ODT o CSV.")]
    if errors:
        raise ValidationError(errors)
    result = Result(
        project=project,
        title=title,
        evidence=evidence,
        link=link,
        recorded_on=recorded_on or timezone.localdate(),
        recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    if checked is not None:
        result.file_name, result.file_fmt, result.file_size, result.sha256 = (
            checked.name,
            checked.fmt,
            checked.size,
            checked.sha256,
        )
        result.file.save(checked.name, ContentFile(data), save=False)
    result.save()
    audit_record(actor=actor, action="projects.result_add", obj=result, after={"project": project.pk, "title": title})
    return result


@transaction.atomic
def resources_link(*, actor: Any, project: Project, resources: list[Any]) -> None:
    """Link library resources to the project (used by the demo and staff)."""
    if not can(actor, Action.EDIT, project):
        raise ValidationError(_("Solo el equipo del Hub y las organizaciones socias editan este proyecto."))
    project.library_resources.add(*resources)
    audit_record(
        actor=actor, action="projects.resources_link", obj=project, after={"resources": [r.pk for r in resources]}
    )
