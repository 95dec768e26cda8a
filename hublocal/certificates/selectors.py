"""Reads of certificates."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from . import codes
from .models import Certificate

LIST_FIELDS = (
    "pk",
    "code",
    "holder_name",
    "holder_erased",
    "title",
    "hours",
    "completion_date",
    "issued_at",
    "revoked_at",
    "source",
    "pdf",
    "holder_user_id",
)


def certificate_by_code(code: str) -> Certificate | None:
    """The certificate a typed or scanned code names (case, spaces and dashes ignored), or None
    for a malformed or unknown code. One query on the unique index."""
    normal = codes.normalise(code)
    if not codes.is_valid(normal):
        return None
    return Certificate.objects.filter(code=normal).first()


def certificates_of_user(user: Any) -> QuerySet[Certificate]:
    if not getattr(user, "is_authenticated", False):
        return Certificate.objects.none()
    return Certificate.objects.filter(holder_user_id=user.pk).order_by("-issued_at", "-pk")


def certificates_for_organization(org_id: int) -> QuerySet[Certificate]:
    """Certificates of the people of one organisation when they were issued (its record shows who
    was trained in what)."""
    return Certificate.objects.filter(organization_id=org_id).order_by("-issued_at", "-pk")


def certificates_for_source(source: str, source_id: int) -> QuerySet[Certificate]:
    return Certificate.objects.filter(source=source, source_id=source_id).order_by("holder_name", "pk")


STATUSES = ("valid", "revoked")


def certificate_list(*, q: str = "", status: str = "", source: str = "") -> QuerySet[Certificate]:
    """The staff list: newest first, filtered by a code or words of the holder's name or title."""
    rows = Certificate.objects.only(*[f for f in LIST_FIELDS if f != "pk"])
    if q:
        normal = codes.normalise(q)
        match = Q(holder_name__icontains=q) | Q(title__icontains=q)
        if codes.is_valid(normal):
            match |= Q(code=normal)
        rows = rows.filter(match)
    if status == "valid":
        rows = rows.filter(revoked_at__isnull=True)
    elif status == "revoked":
        rows = rows.filter(revoked_at__isnull=False)
    if source:
        rows = rows.filter(source=source)
    return rows.order_by("-issued_at", "-pk")


def certificate_sources() -> list[str]:
    return list(Certificate.objects.order_by("source").values_list("source", flat=True).distinct())


def issued_count() -> int:
    return Certificate.objects.filter(revoked_at__isnull=True).count()


# ---------------------------------------------------------------------------- indicators (hublocal.evaluation)
# Aggregate reads behind this app's indicator sources (indicators.py): one query each, any size.


def indicator_certificates(*, year: int) -> list[Any]:
    """Certificates issued during `year` to someone of an organisation, revoked ones left out."""
    return list(
        Certificate.objects.filter(issued_at__year=year, revoked_at__isnull=True, organization_id__isnull=False)
        .order_by("pk")
        .values("pk", "code", "organization_id", "title")
    )
