"""Directory writes. Each function validates, writes atomically and records an audit event."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _
from stdnum import exceptions as stdnum_exceptions
from stdnum.cl import rut as rut_validator

from hublocal.audit.services import audit_record, snapshot
from hublocal.core import registry
from hublocal.core.cache import bump
from hublocal.core.locking import check_and_bump
from hublocal.core.text import fold
from hublocal.territory import selectors as territory_selectors

from .models import Designation, DesignationRole, Membership, Organization, OrganizationKind, Person

ORGANIZATION_FIELDS = ["name", "kind", "rut", "description", "website", "email", "commune"]
PERSON_FIELDS = ["full_name", "email", "phone", "is_public"]
# The data generation (hublocal/core/cache.py) of the directory's public pages.
CACHE_NAMESPACE = "directory"


def normalize_rut(value: str) -> str:
    """Validate a Chilean RUT and return it as 76.123.456-7. Raises ValidationError."""
    value = (value or "").strip()
    if not value:
        return ""
    try:
        return rut_validator.format(rut_validator.validate(value))
    except stdnum_exceptions.InvalidChecksum:
        raise ValidationError({"rut": [_("El dígito verificador del RUT no es correcto.")]}) from None
    except stdnum_exceptions.ValidationError:
        raise ValidationError({"rut": [_("El RUT no tiene un formato válido (ej.: 76.123.456-7).")]}) from None


def _unique_slug(name: str, *, exclude_pk: int | None = None) -> str:
    base = slugify(fold(name))[:100] or "organizacion"
    slug, n = base, 2
    qs = Organization.objects.all()
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    taken = set(qs.filter(slug__startswith=base).values_list("slug", flat=True))
    while slug in taken:
        slug = f"{base}-{n}"
        n += 1
    return slug


def _save_organization(org: Organization) -> None:
    org.search_name = fold(org.name)
    if org.rut and Organization.objects.filter(rut=org.rut).exclude(pk=org.pk).exists():
        # Checked here to report it on the field; the constraint still guards concurrent writes.
        raise ValidationError({"rut": [_("Ya existe una organización registrada con ese RUT.")]})
    try:
        org.full_clean()
        with transaction.atomic():
            org.save()
    except IntegrityError:
        # Raced with another write of the same RUT or commune: report it like full_clean would.
        raise ValidationError({"rut": [_("Ya existe una organización con ese RUT o esa comuna.")]}) from None


@transaction.atomic
def municipality_organizations_sync(*, actor: Any = None) -> int:
    """Ensure every Chilean commune has exactly one municipality organisation. Idempotent."""
    communes = territory_selectors.commune_list(country="CL")
    have = set(Organization.objects.filter(kind=OrganizationKind.MUNICIPALITY).values_list("commune_id", flat=True))
    taken = set(Organization.objects.values_list("slug", flat=True))
    new: list[Organization] = []
    for commune in communes:
        if commune.pk in have:
            continue
        name = _("Municipalidad de %(name)s") % {"name": commune.name}
        slug = f"municipalidad-{slugify(fold(commune.name))}"
        if slug in taken:
            slug = f"{slug}-{commune.code}"
        taken.add(slug)
        new.append(
            Organization(
                kind=OrganizationKind.MUNICIPALITY, name=name, search_name=fold(name), slug=slug, commune=commune
            )
        )
    Organization.objects.bulk_create(new, batch_size=500)
    if new:
        bump(CACHE_NAMESPACE)
        audit_record(
            actor=actor,
            action="directory.municipality_organizations_sync",
            object_type="directory.organization",
            object_repr=_("Municipalidades"),
            after={"created": len(new)},
        )
    return len(new)


@transaction.atomic
def organization_create(
    *,
    actor: Any,
    name: str,
    kind: str,
    rut: str = "",
    description: str = "",
    website: str = "",
    email: str = "",
    commune: Any = None,
    is_demo: bool = False,
) -> Organization:
    if kind == OrganizationKind.MUNICIPALITY:
        # Municipalities come from the official territory, one per commune.
        raise ValidationError({"kind": [_("Las municipalidades se crean automáticamente, una por comuna.")]})
    org = Organization(
        name=(name or "").strip(),
        kind=kind,
        rut=normalize_rut(rut),
        description=description,
        website=website,
        email=email,
        commune=commune,
        is_demo=is_demo,
        slug=_unique_slug(name or ""),
    )
    _save_organization(org)
    bump(CACHE_NAMESPACE)
    audit_record(actor=actor, action="directory.organization_create", obj=org, after=snapshot(org, ORGANIZATION_FIELDS))
    return org


@transaction.atomic
def organization_update(
    *, actor: Any, organization: Organization, data: dict[str, Any], expected_version: int | None
) -> Organization:
    """Update editable fields. `kind` and `commune` of a municipality never change.

    `expected_version` is the row version the editor read (None: internal callers only);
    raises StaleVersion if someone saved since."""
    org = Organization.objects.select_for_update().get(pk=organization.pk)
    check_and_bump(org, expected_version)
    before = snapshot(org, ORGANIZATION_FIELDS)
    editable = {"name", "rut", "description", "website", "email"}
    if org.kind != OrganizationKind.MUNICIPALITY:
        editable |= {"commune"}
    unknown = set(data) - editable
    if unknown:
        raise ValidationError({f: [_("Este campo no se puede modificar.")] for f in sorted(unknown)})
    for key, value in data.items():
        if key == "rut":
            value = normalize_rut(value)
        setattr(org, key, value)
    if "name" in data and not (org.name or "").strip():
        raise ValidationError({"name": [_("El nombre es obligatorio.")]})
    _save_organization(org)
    after = snapshot(org, ORGANIZATION_FIELDS)
    if after != before:
        bump(CACHE_NAMESPACE)
        audit_record(actor=actor, action="directory.organization_update", obj=org, before=before, after=after)
    return org


@transaction.atomic
def person_create(
    *,
    actor: Any,
    full_name: str,
    email: str = "",
    phone: str = "",
    organization: Organization | None = None,
    position: str = "profesional",
    title: str = "",
    is_public: bool = False,
    user: Any = None,
    is_demo: bool = False,
) -> Person:
    """Add a person (private profile unless `is_public`, which only the person's own account,
    creating its own profile, may ask for: see person_set_public)."""
    if is_public and (user is None or actor is None or getattr(actor, "pk", None) != user.pk):
        raise ValidationError({"is_public": [_("Solo la propia persona puede hacer público su perfil.")]})
    person = Person(
        full_name=(full_name or "").strip(),
        search_name=fold(full_name or ""),
        email=email,
        phone=phone,
        is_public=is_public,
        user=user,
        is_demo=is_demo,
    )
    person.full_clean()
    person.save()
    if organization is not None:
        membership = Membership(person=person, organization=organization, position=position, title=title)
        membership.full_clean()
        membership.save()
    bump(CACHE_NAMESPACE)
    audit_record(
        actor=actor,
        action="directory.person_create",
        obj=person,
        after={**snapshot(person, PERSON_FIELDS), "organization": getattr(organization, "pk", None)},
    )
    return person


@transaction.atomic
def person_update(*, actor: Any, person: Person, data: dict[str, Any], expected_version: int | None) -> Person:
    """Update a person's own fields; raises StaleVersion if `expected_version` (the version the
    editor read; None for internal callers) is no longer the saved one."""
    unknown = set(data) - set(PERSON_FIELDS)
    if unknown:
        raise ValidationError({f: [_("Este campo no se puede modificar.")] for f in sorted(unknown)})
    data = dict(data)
    # Public or not is the person's consented choice, decided by person_set_public's rule (in
    # this same transaction, so a refused change writes nothing at all).
    make_public = data.pop("is_public", None)
    locked = Person.objects.select_for_update().get(pk=person.pk)
    check_and_bump(locked, expected_version)
    before = snapshot(locked, PERSON_FIELDS)
    for key, value in data.items():
        setattr(locked, key, value)
    locked.search_name = fold(locked.full_name)
    locked.full_clean()
    locked.save()
    after = snapshot(locked, PERSON_FIELDS)
    if after != before:
        bump(CACHE_NAMESPACE)
        audit_record(actor=actor, action="directory.person_update", obj=locked, before=before, after=after)
    if make_public is not None and bool(make_public) != locked.is_public:
        locked = person_set_public(actor=actor, person=locked, is_public=bool(make_public))
    return locked


@transaction.atomic
def person_set_public(*, actor: Any, person: Person, is_public: bool) -> Person:
    """Show or hide the person's profile (name, position, organisation) in the public directory.

    Turning it on is the person's own, consented choice (Ley 21.719): `actor` must be the
    account linked to the person, else ValidationError. Turning it off (withdrawing) is allowed
    to the person and to whoever may change the person: hiding a profile never exposes anyone.
    E-mail and phone stay need-to-know either way (permissions.Action.VIEW_CONTACT). The
    privacy app's consent service calls this after recording the consent; audited."""
    locked = Person.objects.select_for_update().get(pk=person.pk)
    if locked.is_public == is_public:
        return locked
    if is_public and (actor is None or locked.user_id is None or locked.user_id != getattr(actor, "pk", None)):
        raise ValidationError({"is_public": [_("Solo la propia persona puede hacer público su perfil.")]})
    check_and_bump(locked, None)
    locked.is_public = is_public
    locked.save(update_fields=["is_public", "row_version", "updated_at"])
    bump(CACHE_NAMESPACE)
    audit_record(
        actor=actor,
        action="directory.person_set_public",
        obj=locked,
        before={"is_public": not is_public},
        after={"is_public": is_public},
    )
    if locked.user is not None:
        # The proof of the choice (consent given or withdrawn, with the text's version) is kept by
        # the privacy app, whichever page the person used.
        registry.record_consent(user=locked.user, purpose="public_profile", given=is_public)
    return locked


@transaction.atomic
def membership_add(
    *, actor: Any, person: Person, organization: Organization, position: str, title: str = ""
) -> Membership:
    membership, created = Membership.objects.get_or_create(
        person=person, organization=organization, position=position, defaults={"title": title}
    )
    if not created and not membership.is_active:
        membership.is_active = True
        membership.save(update_fields=["is_active"])
    membership.full_clean()
    bump(CACHE_NAMESPACE)
    audit_record(
        actor=actor,
        action="directory.membership_add",
        obj=membership,
        after={"person": person.pk, "organization": organization.pk, "position": position},
    )
    return membership


@transaction.atomic
def membership_end(*, actor: Any, membership: Membership) -> Membership:
    membership.is_active = False
    membership.save(update_fields=["is_active"])
    bump(CACHE_NAMESPACE)
    audit_record(
        actor=actor,
        action="directory.membership_end",
        obj=membership,
        before={"is_active": True},
        after={"is_active": False},
    )
    return membership


@transaction.atomic
def designation_set(*, actor: Any, organization: Organization, role: str, person: Person) -> Designation:
    """Name the municipality's focal point, administrator or mayor contact.

    The person must be an active member of that municipality: escalation messages go to
    people who actually work there."""
    if organization.kind != OrganizationKind.MUNICIPALITY:
        raise ValidationError({"organization": [_("Solo las municipalidades designan estos roles.")]})
    if role not in DesignationRole.values:
        raise ValidationError({"role": [_("Rol desconocido.")]})
    if not Membership.objects.filter(person=person, organization=organization, is_active=True).exists():
        raise ValidationError({"person": [_("La persona debe pertenecer a esta municipalidad.")]})
    if not person.email:
        raise ValidationError({"person": [_("La persona designada necesita un correo para recibir avisos.")]})
    existing = Designation.objects.select_for_update().filter(organization=organization, role=role).first()
    before = {"person": existing.person_id} if existing else None
    if existing:
        existing.person = person
        existing.save(update_fields=["person", "updated_at"])
        designation = existing
    else:
        designation = Designation.objects.create(organization=organization, role=role, person=person)
    audit_record(
        actor=actor,
        action="directory.designation_set",
        obj=designation,
        before=before,
        after={"role": role, "person": person.pk},
    )
    return designation


# --- Municipalities of other countries (issue 13: the Latin-American network's participants) -----


@transaction.atomic
def foreign_municipality_organization_ensure(*, actor: Any, commune: Any, is_demo: bool = False) -> Organization:
    """The municipality organisation of a commune of another country, created once (idempotent).

    Chilean municipalities come from the DPA (municipality_organizations_sync); a foreign one
    is registered in the territory first and gets its organisation here, so that its officials
    belong to their own municipality rather than to a regional network."""
    if commune is None or commune.country.code == "CL":
        raise ValidationError({"commune": [_("Las municipalidades de Chile se crean desde el territorio oficial.")]})
    existing = Organization.objects.filter(kind=OrganizationKind.MUNICIPALITY, commune=commune).first()
    if existing is not None:
        return existing
    name = _("Municipio de %(name)s") % {"name": commune.name}
    org = Organization(
        kind=OrganizationKind.MUNICIPALITY,
        name=name,
        commune=commune,
        is_demo=is_demo,
        slug=_unique_slug(f"municipio {commune.name} {commune.country.code}"),
    )
    _save_organization(org)
    bump(CACHE_NAMESPACE)
    audit_record(actor=actor, action="directory.organization_create", obj=org, after=snapshot(org, ORGANIZATION_FIELDS))
    return org
