"""Catalogue writes: startup sign-up and profiles, solutions and their publication.

Every function is atomic and audited. Each solution write refreshes the analysed `terms` the
matcher reads and bumps the single CatalogueVersion row in the same transaction, and queues a build of the
matcher's shared index on commit (coalesced), so it is rebuilt exactly when the catalogue changed."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from hublocal.accounts import selectors as account_selectors
from hublocal.accounts import services as account_services
from hublocal.audit.services import audit_record, snapshot
from hublocal.core import search, spanish
from hublocal.core.locking import check_and_bump
from hublocal.core.text import fold
from hublocal.directory import services as directory_services

from . import index as catalogue_index
from .models import CatalogueVersion, Solution, Stage, StartupProfile

# Typologies a solution may declare it serves well ("sin_clasificar" is a state, not a group).
TYPOLOGIES = ("metropolitana", "mayor", "urbana_mediana", "rural_semiurbana")
# Path segments of the catalogue's own pages: a solution slug equal to one would be unreachable.
RESERVED_SLUGS = frozenset({"startups", "nueva", "mis-soluciones", "registrar-startup", "editar", "publicar"})

PROFILE_FIELDS = ["stage", "team_size", "founded_year", "team", "references", "public_sector_experience"]
SOLUTION_FIELDS = [
    "name",
    "summary",
    "problem",
    "description",
    "area",
    "deployment",
    "pricing_model",
    "price_range",
    "typologies",
    "pilots_done",
    "evidence",
    "keywords",
    "is_published",
]
# What the startup may change after creation (the owner organisation and the slug never change:
# proposals and links point at them).
EDITABLE_SOLUTION_FIELDS = frozenset(SOLUTION_FIELDS)
EDITABLE_PROFILE_FIELDS = frozenset(PROFILE_FIELDS)
MIN_FOUNDED_YEAR = 1950
MAX_PILOTS = 10_000
TEXT_FIELDS = ("name", "summary", "problem", "description", "price_range", "evidence", "keywords")
REQUIRED_TEXT = frozenset({"name", "summary", "problem"})
PROFILE_TEXT = ("team", "references", "public_sector_experience")


# --- helpers ----------------------------------------------------------------------------------


def _bump_catalogue() -> None:
    CatalogueVersion.objects.get_or_create(pk=1)
    CatalogueVersion.objects.filter(pk=1).update(version=F("version") + 1)
    # The matcher's shared index is rebuilt by the task queue once this transaction commits.
    transaction.on_commit(catalogue_index.request_build)


def _refresh_derived(solution: Solution) -> None:
    solution.terms = spanish.document_terms(
        solution.name, solution.summary, solution.problem, solution.description, solution.keywords
    )
    solution.search_name = fold(solution.name)[:200]
    # The catalogue's full-text index (core.search) reads this column.
    solution.search_document = search.document(solution.terms)


def _unique_slug(name: str) -> str:
    base = slugify(fold(name))[:130].strip("-") or "solucion"
    if base in RESERVED_SLUGS:
        base = f"{base}-solucion"
    taken = set(Solution.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    slug, n = base, 2
    while slug in taken:
        slug = f"{base}-{n}"
        n += 1
    return slug


def _clean_typologies(value: Any) -> list[str]:
    """A sorted list of known typologies, or a field error. Empty means "any municipality"."""
    if value is None:
        return []
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise ValidationError({"typologies": [_("Indique una lista de tipologías.")]})
    items = list(value)
    unknown = [str(v) for v in items if v not in TYPOLOGIES]
    if unknown:
        raise ValidationError(
            {
                "typologies": [
                    _("Tipología desconocida: %(u)s. Valores: %(v)s.")
                    % {"u": ", ".join(unknown[:5]), "v": ", ".join(TYPOLOGIES)}
                ]
            }
        )
    return sorted(set(items), key=TYPOLOGIES.index)


def _validate_solution(solution: Solution) -> None:
    errors: dict[str, list[str]] = {}
    for name in TEXT_FIELDS:
        value = getattr(solution, name)
        if not isinstance(value, str):
            errors[name] = [_("Debe ser texto.")]
        elif "\x00" in value:
            errors[name] = [_("Contiene caracteres no permitidos.")]
        elif name in REQUIRED_TEXT and not value.strip():
            errors[name] = [_("Este campo es obligatorio.")]
    pilots = solution.pilots_done
    if not isinstance(pilots, int) or isinstance(pilots, bool) or not 0 <= pilots <= MAX_PILOTS:
        errors["pilots_done"] = [_("Indique un número entre 0 y %(n)s.") % {"n": MAX_PILOTS}]
    if errors:
        raise ValidationError(errors)
    for name in TEXT_FIELDS:
        setattr(solution, name, getattr(solution, name).strip())
    solution.full_clean(exclude=["organization", "created_by", "slug"])


def _ensure_startup(organization: Any) -> None:
    if organization is None or getattr(organization, "kind", "") != "startup":
        raise ValidationError({"organization": [_("Las soluciones del catálogo pertenecen a una startup.")]})


def _validate_profile(profile: StartupProfile) -> None:
    errors: dict[str, list[str]] = {}
    if profile.stage not in Stage.values:
        errors["stage"] = [_("Elija una etapa de la lista.")]
    if not isinstance(profile.team_size, int) or isinstance(profile.team_size, bool) or profile.team_size < 1:
        errors["team_size"] = [_("El equipo tiene al menos una persona.")]
    elif profile.team_size > 100_000:
        errors["team_size"] = [_("Revise el tamaño del equipo.")]
    year = profile.founded_year
    if year is not None:
        if not isinstance(year, int) or isinstance(year, bool):
            errors["founded_year"] = [_("Indique un año, p. ej. 2021.")]
        elif not MIN_FOUNDED_YEAR <= year <= timezone.localdate().year:
            errors["founded_year"] = [
                _("El año de fundación debe estar entre %(lo)s y %(hi)s.")
                % {"lo": MIN_FOUNDED_YEAR, "hi": timezone.localdate().year}
            ]
    for name in PROFILE_TEXT:
        value = getattr(profile, name)
        if not isinstance(value, str):
            errors[name] = [_("Debe ser texto.")]
        elif "\x00" in value:
            errors[name] = [_("Contiene caracteres no permitidos.")]
        elif len(value) > 4000:
            errors[name] = [_("Máximo %(n)s caracteres.") % {"n": 4000}]
    if errors:
        raise ValidationError(errors)
    for name in PROFILE_TEXT:
        setattr(profile, name, getattr(profile, name).strip())


# --- startups ---------------------------------------------------------------------------------


@transaction.atomic
def startup_register(
    *,
    organization_name: str,
    rut: str,
    username: str,
    email: str,
    password: str,
    first_name: str = "",
    last_name: str = "",
    website: str = "",
    description: str = "",
    stage: str = Stage.MVP,
    team_size: int = 1,
    founded_year: int | None = None,
    team: str = "",
    references: str = "",
    public_sector_experience: str = "",
) -> Any:
    """A startup joins the hub on its own: its organisation (RUT validated), the first member's
    account (role startup) and its profile, all or nothing.

    Returns the new user (signed in by the caller). Raises ValidationError with a message per
    field: RUT format or check digit, RUT, user name or e-mail already registered, weak
    password, profile data."""
    errors: dict[str, list[str]] = {}
    if not (organization_name or "").strip():
        errors["organization_name"] = [_("Indique el nombre de la startup.")]
    if not (rut or "").strip():
        errors["rut"] = [_("El RUT es obligatorio para registrar una startup.")]
    else:
        try:
            directory_services.normalize_rut(rut)
        except ValidationError as exc:
            errors.update(exc.message_dict)
    username = (username or "").strip()
    email = (email or "").strip()
    if not username:
        errors["username"] = [_("Elija un nombre de usuario.")]
    elif account_selectors.user_list(q=username).filter(username__iexact=username).exists():
        errors["username"] = [_("Ese nombre de usuario ya está en uso. Elija otro.")]
    if not email:
        errors["email"] = [_("Indique un correo: lo usaremos para avisos de convocatorias.")]
    elif account_selectors.user_list(q=email).filter(email__iexact=email).exists():
        errors["email"] = [_("Ya existe una cuenta con ese correo. Ingrese con ella o use otro correo.")]
    candidate = get_user_model()(username=username, email=email, first_name=first_name, last_name=last_name)
    try:
        password_validation.validate_password(password or "", user=candidate)
    except ValidationError as exc:
        errors["password"] = exc.messages
    profile = StartupProfile(
        stage=stage,
        team_size=team_size,
        founded_year=founded_year,
        team=team or "",
        references=references or "",
        public_sector_experience=public_sector_experience or "",
    )
    try:
        _validate_profile(profile)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)

    # Each of these raises a field ValidationError (duplicate RUT, invalid e-mail, user name
    # taken by a concurrent sign-up…); the transaction then rolls everything back.
    organization = directory_services.organization_create(
        actor=None,
        name=organization_name,
        kind="startup",
        rut=rut,
        description=description,
        website=website,
        email=email,
    )
    try:
        user = account_services.user_create(
            actor=None,
            username=username,
            email=email,
            password=password,
            role="startup",
            organization=organization,
            first_name=first_name,
            last_name=last_name,
        )
    except IntegrityError:
        # Another sign-up took the user name between our check and the insert.
        raise ValidationError({"username": [_("Ese nombre de usuario ya está en uso. Elija otro.")]}) from None
    profile.organization = organization
    profile.save()
    audit_record(
        actor=user,
        action="solutions.startup_register",
        obj=profile,
        after={"organization": organization.pk, "user": user.pk, **snapshot(profile, PROFILE_FIELDS)},
    )
    return user


@transaction.atomic
def startup_profile_update(
    *, actor: Any, organization: Any, data: dict[str, Any], expected_version: int | None
) -> StartupProfile:
    """Create or update a startup's profile. Only the fields of PROFILE_FIELDS may change.

    `expected_version` is the profile's row version the editor read, 0 when it had no profile
    yet (None: internal callers); raises StaleVersion if someone saved since."""
    _ensure_startup(organization)
    unknown = set(data) - EDITABLE_PROFILE_FIELDS
    if unknown:
        raise ValidationError({f: [_("Este campo no se puede modificar.")] for f in sorted(unknown)})
    profile = StartupProfile.objects.select_for_update().filter(organization_id=organization.pk).first()
    created = profile is None
    if profile is None:
        profile = StartupProfile(organization_id=organization.pk)  # version 1 once saved
    else:
        check_and_bump(profile, expected_version)
    before = None if created else snapshot(profile, PROFILE_FIELDS)
    for key, value in data.items():
        setattr(
            profile, key, "" if value is None and key in {"team", "references", "public_sector_experience"} else value
        )
    _validate_profile(profile)
    try:
        with transaction.atomic():
            profile.save()
    except IntegrityError:
        # A colleague created the profile at the same moment: theirs stands, ask to retry.
        raise ValidationError(_("El perfil cambió mientras lo editaba. Vuelva a intentarlo.")) from None
    after = snapshot(profile, PROFILE_FIELDS)
    if after != before:
        audit_record(actor=actor, action="solutions.startup_profile_update", obj=profile, before=before, after=after)
    return profile


# --- solutions --------------------------------------------------------------------------------


@transaction.atomic
def solution_create(
    *,
    actor: Any,
    organization: Any,
    name: str,
    summary: str,
    problem: str,
    area: str,
    deployment: str,
    pricing_model: str,
    description: str = "",
    price_range: str = "",
    typologies: Iterable[str] | None = None,
    pilots_done: int = 0,
    evidence: str = "",
    keywords: str = "",
    is_published: bool = True,
    is_demo: bool = False,
) -> Solution:
    """Add a solution to a startup's catalogue. Raises ValidationError with per-field messages."""
    _ensure_startup(organization)
    solution = Solution(
        organization_id=organization.pk,
        name=name,
        summary=summary,
        problem=problem,
        description=description or "",
        area=area,
        deployment=deployment,
        pricing_model=pricing_model,
        price_range=price_range or "",
        typologies=_clean_typologies(typologies),
        pilots_done=pilots_done,
        evidence=evidence or "",
        keywords=keywords or "",
        is_published=bool(is_published),
        is_demo=is_demo,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    _validate_solution(solution)
    solution.slug = _unique_slug(solution.name)
    _refresh_derived(solution)
    try:
        with transaction.atomic():
            solution.save()
    except IntegrityError:
        # Another solution took the same slug between our check and the insert.
        raise ValidationError({"name": [_("Otra solución acaba de usar ese nombre. Vuelva a intentarlo.")]}) from None
    _bump_catalogue()
    audit_record(
        actor=actor, action="solutions.solution_create", obj=solution, after=snapshot(solution, SOLUTION_FIELDS)
    )
    return solution


@transaction.atomic
def solution_update(*, actor: Any, solution: Solution, data: dict[str, Any], expected_version: int | None) -> Solution:
    """Change the fields named in `data` (a subset of SOLUTION_FIELDS). Raises StaleVersion if
    `expected_version` (the version the editor read; None: internal callers) is not the saved one."""
    unknown = set(data) - EDITABLE_SOLUTION_FIELDS
    if unknown:
        raise ValidationError({f: [_("Este campo no se puede modificar.")] for f in sorted(unknown)})
    locked = Solution.objects.select_for_update().get(pk=solution.pk)
    check_and_bump(locked, expected_version)
    before = snapshot(locked, SOLUTION_FIELDS)
    for key, value in data.items():
        if key == "typologies":
            value = _clean_typologies(value)
        elif key == "is_published":
            value = bool(value)
        elif key in {"description", "price_range", "evidence", "keywords"} and value is None:
            value = ""
        setattr(locked, key, value)
    _validate_solution(locked)
    _refresh_derived(locked)
    locked.save()
    after = snapshot(locked, SOLUTION_FIELDS)
    if after != before:
        _bump_catalogue()
        audit_record(actor=actor, action="solutions.solution_update", obj=locked, before=before, after=after)
    return locked


@transaction.atomic
def solution_set_published(*, actor: Any, solution: Solution, is_published: bool) -> Solution:
    """Show or withdraw a solution from the public catalogue (and from matching)."""
    locked = Solution.objects.select_for_update().get(pk=solution.pk)
    before = {"is_published": locked.is_published}
    locked.is_published = bool(is_published)
    _refresh_derived(locked)
    check_and_bump(locked, None)
    locked.save(update_fields=["is_published", "terms", "search_name", "search_document", "row_version", "updated_at"])
    _bump_catalogue()
    audit_record(
        actor=actor,
        action="solutions.solution_set_published",
        obj=locked,
        before=before,
        after={"is_published": locked.is_published},
    )
    return locked
