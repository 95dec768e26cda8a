"""Reads of the directory. Every list is built to run a fixed number of queries."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet

from hublocal.core.permissions import is_hub_staff, organization_id
from hublocal.core.text import fold

from .models import Designation, Membership, Organization, OrganizationKind, Person

__all__ = ["OrganizationKind"]  # re-exported for other apps' views and filters


def organization_list(
    *, kind: str = "", q: str = "", region: str = "", typology: str = "", country: str = ""
) -> QuerySet[Organization]:
    qs = Organization.objects.select_related("commune", "commune__region", "commune__country").order_by(
        "search_name", "id"
    )
    if kind:
        qs = qs.filter(kind=kind)
    if country:
        # By the country of the organisation's commune (the network spans several countries).
        qs = qs.filter(commune__country__code=country)
    if region:
        qs = qs.filter(commune__region__code=region)
    if typology:
        qs = qs.filter(commune__typology=typology)
    if q:
        folded = fold(q)
        qs = qs.filter(Q(search_name__contains=folded) | Q(rut=q.strip().upper()))
    return qs


def organization_get(*, slug: str) -> Organization | None:
    return (
        Organization.objects.select_related("commune", "commune__region", "commune__province").filter(slug=slug).first()
    )


def municipality_for_commune(*, commune_id: int) -> Organization | None:
    return Organization.objects.filter(kind=OrganizationKind.MUNICIPALITY, commune_id=commune_id).first()


def organization_members(*, organization: Organization, viewer: Any) -> list[Membership]:
    """Active members the viewer may see: public people, or everyone for the hub and colleagues."""
    return list(_visible_members(organization, viewer))


def organization_member_page_source(*, organization: Organization, viewer: Any) -> QuerySet[Membership]:
    """The same members as a lazy queryset for pages that show them a page at a time (an
    organisation may have thousands); only the fields the people list shows are read."""
    return _visible_members(organization, viewer).only("id", "title", "position", "person__id", "person__full_name")


def _visible_members(organization: Organization, viewer: Any) -> QuerySet[Membership]:
    qs = (
        Membership.objects.filter(organization=organization, is_active=True)
        .select_related("person")
        .order_by("position", "person__search_name", "pk")
    )
    if not (is_hub_staff(viewer) or organization_id(viewer) == organization.pk):
        qs = qs.filter(person__is_public=True)
    return qs


def organizations_with_commune(*, ids: list[int]) -> list[Organization]:
    return list(Organization.objects.filter(pk__in=ids).select_related("commune", "commune__region").order_by("pk"))


def municipalities(*, region: str = "", typology: str = "", codes: list[str] | None = None) -> QuerySet[Organization]:
    """Chilean municipality organisations, optionally by region, typology or commune codes."""
    qs = Organization.objects.filter(kind=OrganizationKind.MUNICIPALITY, commune__country__code="CL").select_related(
        "commune"
    )
    if region:
        qs = qs.filter(commune__region__code=region)
    if typology:
        qs = qs.filter(commune__typology=typology)
    if codes is not None:
        qs = qs.filter(commune__code__in=codes)
    return qs.order_by("commune__code")


def municipalities_everywhere() -> list[Organization]:
    """Every municipality organisation of every country, with its commune (benchmarks, exports)."""
    return list(
        Organization.objects.filter(kind=OrganizationKind.MUNICIPALITY, commune__isnull=False)
        .select_related("commune", "commune__region", "commune__country")
        .order_by("pk")
    )


def is_active_member(*, person_id: int, organization_id: int) -> bool:
    return Membership.objects.filter(person_id=person_id, organization_id=organization_id, is_active=True).exists()


def designations_for(*, organization: Organization) -> list[Designation]:
    return list(Designation.objects.filter(organization=organization).select_related("person").order_by("role"))


def designation_contact(*, organization_id: int, role: str) -> Person | None:
    """The person holding a role in a municipality's escalation chain (None if not named)."""
    d = Designation.objects.filter(organization_id=organization_id, role=role).select_related("person").first()
    return d.person if d else None


def escalation_contact(*, organization_id: int, role: str) -> tuple[Person | None, str, str]:
    """Who receives a reminder at one step of the chain: (person, name, e-mail).

    A municipality answers through the people it designated, so a missing designation stays
    missing (it is logged as "no contact" and shows on the follow-up dashboard). A startup or a
    partner has no focal point, administrator or mayor: every step goes to the organisation's
    contact address, which it keeps up to date in its own profile."""
    person = designation_contact(organization_id=organization_id, role=role)
    if person is not None:
        return person, person.full_name, person.email or ""
    org = Organization.objects.filter(pk=organization_id).only("kind", "name", "email").first()
    if org is None or org.kind == OrganizationKind.MUNICIPALITY:
        return None, "", ""
    return None, org.name, org.email or ""


def person_list(*, viewer: Any, q: str = "", organization_slug: str = "", position: str = "") -> QuerySet[Person]:
    qs = Person.objects.order_by("search_name", "id").prefetch_related(
        Prefetch(
            "memberships",
            queryset=Membership.objects.filter(is_active=True).select_related("organization"),
        )
    )
    # A join on memberships can repeat a person: DISTINCT then, and only then (it makes a
    # name search sort every match instead of walking the name index).
    joined = bool(organization_slug or position)
    if not is_hub_staff(viewer):
        own = organization_id(viewer)
        visible = Q(is_public=True)
        if own is not None:
            visible |= Q(memberships__organization_id=own, memberships__is_active=True)
            joined = True
        qs = qs.filter(visible)
    if q:
        # Folded substring; a trigram index serves it on PostgreSQL (directory migration 0003).
        qs = qs.filter(search_name__contains=fold(q))
    if organization_slug:
        qs = qs.filter(memberships__organization__slug=organization_slug, memberships__is_active=True)
    if position:
        qs = qs.filter(memberships__position=position, memberships__is_active=True)
    if joined:
        qs = qs.distinct()
    return qs


def person_named_in(*, organization: Organization, full_name: str) -> bool:
    """Whether the organisation has an active member of that name, public or not (demo seeding)."""
    return Membership.objects.filter(
        organization=organization, is_active=True, person__search_name=fold(full_name)
    ).exists()


def person_organization_ids(person: Person) -> set[int]:
    """Organisations the person actively belongs to (no query when memberships are prefetched,
    as person_list and person_get do)."""
    return {m.organization_id for m in person.memberships.all() if m.is_active}


def person_get(*, pk: int) -> Person | None:
    return (
        Person.objects.prefetch_related(
            Prefetch("memberships", queryset=Membership.objects.select_related("organization"))
        )
        .filter(pk=pk)
        .first()
    )


def organization_count() -> int:
    return Organization.objects.count()


def person_count() -> int:
    return Person.objects.count()


def organization_kind_counts() -> dict[str, int]:
    rows = Organization.objects.values("kind").annotate(n=Count("id"))
    counts = dict.fromkeys(OrganizationKind.values, 0)
    for row in rows:
        counts[row["kind"]] = row["n"]
    return counts
