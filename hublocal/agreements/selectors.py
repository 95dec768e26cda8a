"""Agreement reads: the register with its filters, one agreement with everything its page shows
(bounded queries), the open-data rows (never a withheld value) and the links other apps ask for."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Prefetch, Q, QuerySet
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from hublocal.core import registry
from hublocal.core.permissions import is_hub_staff, organization_id

from .models import (
    Agreement,
    AgreementLink,
    Amendment,
    Currency,
    Document,
    DocumentVersion,
    Milestone,
    Obligation,
    Party,
    WithheldField,
    Withholding,
    WithholdingReason,
)
from .permissions import sees_version, sees_withheld


def _with_parties(qs: QuerySet[Agreement]) -> QuerySet[Agreement]:
    return qs.prefetch_related(
        Prefetch("parties", queryset=Party.objects.select_related("organization")),
        Prefetch("withholdings", queryset=Withholding.objects.all()),
    )


def visible(*, user: Any) -> QuerySet[Agreement]:
    """The agreements a person may open: public ones, and for the hub all, for a party its own."""
    qs = Agreement.objects.all()
    if is_hub_staff(user):
        return qs
    org = organization_id(user) if getattr(user, "is_authenticated", False) else None
    if org is None:
        return qs.filter(is_public=True)
    return qs.filter(Q(is_public=True) | Q(parties__organization_id=org)).distinct()


def agreement_list(
    *, user: Any, kind: str = "", party: int | None = None, year: int | None = None, status: str = ""
) -> QuerySet[Agreement]:
    qs = visible(user=user)
    if kind:
        qs = qs.filter(kind=kind)
    if status:
        qs = qs.filter(status=status)
    if party:
        qs = qs.filter(pk__in=Party.objects.filter(organization_id=party).values("agreement_id"))
    if year:
        qs = qs.filter(starts_on__year__lte=year, ends_on__year__gte=year)
    return _with_parties(qs).order_by("-starts_on", "-id")


def agreement_get(*, pk: int) -> Agreement | None:
    return (
        _with_parties(Agreement.objects.all())
        .prefetch_related(
            Prefetch("obligations", queryset=Obligation.objects.select_related("party__organization")),
            Prefetch("milestones", queryset=Milestone.objects.all()),
            Prefetch("amendments", queryset=Amendment.objects.select_related("created_by")),
            Prefetch("links", queryset=AgreementLink.objects.all()),
            Prefetch(
                "documents",
                queryset=Document.objects.prefetch_related(
                    Prefetch("versions", queryset=DocumentVersion.objects.select_related("uploaded_by"))
                ),
            ),
        )
        .filter(pk=pk)
        .first()
    )


def obligation_get(*, pk: int) -> Obligation | None:
    return Obligation.objects.select_related("agreement", "party").filter(pk=pk).first()


def party_organizations_in_register() -> list[tuple[int, str]]:
    """The organisations that are a party to some public agreement: the register's party filter."""
    rows = (
        Party.objects.filter(agreement__is_public=True)
        .values_list("organization_id", "organization__name")
        .distinct()
        .order_by("organization__name")
    )
    return list(rows)


@dataclass(frozen=True)
class Shown:
    """A value as the register shows it: either the value or the reason it is withheld."""

    value: Any
    withheld: bool = False
    reason: str = ""


def withheld_reasons(agreement: Agreement) -> dict[str, str]:
    return {w.field: str(WithholdingReason(w.reason).label) for w in agreement.withholdings.all()}


def shown_terms(agreement: Agreement, *, user: Any) -> dict[str, Shown]:
    """The withholdable fields as a given person may see them."""
    reasons = {} if sees_withheld(user, agreement) else withheld_reasons(agreement)
    amount = (
        f"{agreement.amount:,.2f} {agreement.currency}".replace(",", "\u202f") if agreement.amount is not None else ""
    )
    values = {
        WithheldField.AMOUNT: amount,
        WithheldField.OBJECT: agreement.object,
        WithheldField.SIGNATORIES: [
            (p.signatory_name, p.signatory_position) for p in agreement.parties.all() if p.signatory_name
        ],
    }
    return {
        str(field): Shown(None, True, reasons[field]) if field in reasons else Shown(value)
        for field, value in values.items()
    }


def register_rows() -> list[dict[str, Any]]:
    """The public register as open data: public agreements only, withheld values replaced by the
    word "reservado" and their reason (never the value)."""
    rows = []
    for a in _with_parties(Agreement.objects.filter(is_public=True)).order_by("pk"):
        reasons = withheld_reasons(a)

        def hide(field: str, value: Any, reasons: dict[str, str] = reasons) -> Any:
            return None if field in reasons else value

        rows.append(
            {
                "id": a.pk,
                "tipo": a.kind,
                "titulo": a.title,
                "objeto": hide("object", a.object),
                "estado": a.status,
                "inicio": a.starts_on.isoformat(),
                "termino": a.ends_on.isoformat(),
                "monto": hide("amount", str(a.amount) if a.amount is not None else None),
                "moneda": hide("amount", a.currency or None),
                "version": a.version,
                "partes": [
                    {
                        "organizacion": p.organization.name,
                        "rol": p.role,
                        "firmante": hide("signatories", p.signatory_name or None),
                        "cargo": hide("signatories", p.signatory_position or None),
                        "firma": p.signature_status,
                    }
                    for p in a.parties.all()
                ],
                "reservas": [{"campo": f, "motivo": r} for f, r in sorted(reasons.items())],
            }
        )
    return rows


def agreements_linked_to(kind: str, object_id: int) -> list[Agreement]:
    """The agreements an object of another app is linked to (for its page), with their parties."""
    ids = AgreementLink.objects.filter(kind=kind, object_id=object_id).values("agreement_id")
    return list(_with_parties(Agreement.objects.filter(pk__in=ids)).order_by("-starts_on", "-id"))


def links_resolved(agreement: Agreement) -> list[dict[str, Any]]:
    """The agreement's links with the title and page of each object (one query per kind)."""
    by_kind: dict[str, list[int]] = {}
    for link in agreement.links.all():
        by_kind.setdefault(link.kind, []).append(link.object_id)
    out = []
    for kind, ids in sorted(by_kind.items()):
        link_kind = registry.agreement_link_kind(kind)
        resolved = link_kind.resolve(ids) if link_kind else {}
        for object_id in ids:
            title, url = resolved.get(object_id, (_("(eliminado)"), ""))
            out.append({"kind": link_kind.label if link_kind else kind, "title": title, "url": url})
    return out


def links_for_page(agreement: Agreement) -> list[dict[str, Any]]:
    """links_resolved with each link's id (for the form that removes it)."""
    by_kind: dict[str, list[AgreementLink]] = {}
    for link in agreement.links.all():
        by_kind.setdefault(link.kind, []).append(link)
    out = []
    for kind, links in sorted(by_kind.items()):
        link_kind = registry.agreement_link_kind(kind)
        resolved = link_kind.resolve([x.object_id for x in links]) if link_kind else {}
        for link in links:
            title, url = resolved.get(link.object_id, (_("(eliminado)"), ""))
            out.append({"id": link.pk, "kind": link_kind.label if link_kind else kind, "title": title, "url": url})
    return out


def agreements_linked_to_many(kind: str, object_ids: list[int], *, user: Any) -> dict[int, list[Agreement]]:
    """{object id: [agreements the person may see, linked to it]} for a page that lists several
    objects of one kind (a roadmap's stages, a project, a round table), in two queries."""
    links = list(
        AgreementLink.objects.filter(kind=kind, object_id__in=object_ids).values_list("object_id", "agreement_id")
    )
    shown = {a.pk: a for a in visible(user=user).filter(pk__in={a for _o, a in links}).order_by("-starts_on", "-id")}
    out: dict[int, list[Agreement]] = {}
    for object_id, agreement_id in links:
        if agreement_id in shown:
            out.setdefault(object_id, []).append(shown[agreement_id])
    for agreements in out.values():
        agreements.sort(key=lambda a: (a.starts_on, a.pk), reverse=True)
    return out


def document_rows(agreement: Agreement, *, user: Any) -> list[dict[str, Any]]:
    """The agreement's documents with the versions this person may download (newest first).
    A document with no version shown says so: withheld, its public version not yet uploaded."""
    rows = []
    for document in agreement.documents.all():
        versions = [v for v in document.versions.all() if sees_version(user, agreement, v)]
        rows.append({"document": document, "versions": versions, "current": versions[0] if versions else None})
    return rows


def version_get(*, pk: int) -> DocumentVersion | None:
    return (
        DocumentVersion.objects.select_related("document__agreement")
        .prefetch_related("document__agreement__parties", "document__agreement__withholdings")
        .filter(pk=pk)
        .first()
    )


AMENDMENT_FIELD_LABELS = {
    "title": _lazy("Título"),
    "object": _lazy("Objeto"),
    "starts_on": _lazy("Inicio de vigencia"),
    "ends_on": _lazy("Término de vigencia"),
    "amount": _lazy("Monto"),
    "currency": _lazy("Moneda"),
}


def _format_term(field: str, value: Any) -> str:
    if value in (None, ""):
        return "—"
    if field in ("starts_on", "ends_on"):
        try:
            return str(formats.date_format(date.fromisoformat(str(value)), "j M Y"))
        except ValueError:
            return str(value)
    if field == "amount":
        try:
            return str(formats.number_format(Decimal(str(value)), decimal_pos=2, use_l10n=True, force_grouping=True))
        except (InvalidOperation, ValueError):
            return str(value)
    if field == "currency":
        return str(Currency(value).label) if value in Currency.values else str(value)
    return str(value)


def amendment_rows(agreement: Agreement, *, user: Any) -> list[dict[str, Any]]:
    """The amendment history in words: each change as (field label, old → new) formatted, and
    a withheld field's values replaced by "reservado" for those who may not see them."""
    reasons = {} if sees_withheld(user, agreement) else withheld_reasons(agreement)
    hidden = set()
    if "amount" in reasons:
        hidden |= {"amount", "currency"}
    if "object" in reasons:
        hidden.add("object")
    rows = []
    for m in agreement.amendments.all():
        changes = []
        for field in AMENDMENT_FIELD_LABELS:
            if field not in (m.changes or {}):
                continue
            before, after = m.changes[field]
            label = str(AMENDMENT_FIELD_LABELS[field])
            if field in hidden:
                changes.append({"label": label, "withheld": True, "before": "", "after": ""})
            else:
                changes.append(
                    {
                        "label": label,
                        "withheld": False,
                        "before": _format_term(field, before),
                        "after": _format_term(field, after),
                    }
                )
        rows.append({"amendment": m, "changes": changes})
    return rows


def obligations_of_organization(*, organization_id: int) -> QuerySet[Obligation]:
    """The obligations an organisation owes, soonest first (for its members)."""
    return (
        Obligation.objects.filter(party__organization_id=organization_id)
        .exclude(status="done")
        .select_related("agreement")
        .order_by("due_on", "id")
    )


def agreement_count() -> int:
    return Agreement.objects.filter(is_public=True).count()


def party_accounts(*, organization_ids: list[int]) -> list[Any]:
    """The active accounts of the parties' organisations: who is told of renewals and dues."""
    return list(get_user_model().objects.filter(organization_id__in=organization_ids, is_active=True).order_by("pk"))


def demo_agreement(title: str) -> Agreement | None:
    """A demo agreement by its title: the demos of the apps above link their objects to it."""
    return Agreement.objects.filter(title=title, is_demo=True).first()


# ---------------------------------------------------------------------------- indicators (hublocal.evaluation)
# Aggregate reads behind this app's indicator sources (indicators.py): one query each, any size.


def indicator_agreement_parties(*, year: int) -> list[Any]:
    """One row per party of each agreement in force at some point of `year` (signed: in force,
    expired or terminated after it started)."""
    from datetime import date

    from .models import AgreementStatus

    return list(
        Party.objects.filter(
            agreement__status__in=[AgreementStatus.IN_FORCE, AgreementStatus.EXPIRED, AgreementStatus.TERMINATED],
            agreement__starts_on__lte=date(year, 12, 31),
            agreement__ends_on__gte=date(year, 1, 1),
        )
        .order_by("agreement_id", "pk")
        .values("agreement_id", "agreement__title", "agreement__is_public", "agreement__kind", "organization_id")
    )


def indicator_obligations(*, year: int, today: Any) -> list[Any]:
    """Obligations due during `year` up to `today` (later ones cannot be judged yet)."""
    return list(
        Obligation.objects.filter(due_on__year=year, due_on__lte=today)
        .order_by("pk")
        .values("pk", "status", "description", "agreement_id", "agreement__title", "agreement__is_public")
    )
