"""Agreement writes: record an agreement with its parties, obligations, milestones and
withheld fields; move it through signature; amend it (a new immutable version of the terms);
terminate it; report an obligation done; link it to another app's object; and the daily alerts.

Every function is atomic and audited; bad input raises ValidationError naming the field and
writes nothing. The course of an agreement:

    draft ──sign──▶ signing ──in_force──▶ in_force ──(end date passes)──▶ expired
      └──────────────┴───────────────────────┴──terminate (with a reason)──▶ terminated

An amendment is refused once an agreement is expired or terminated.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from hublocal.audit.services import audit_record
from hublocal.core import registry
from hublocal.core.locking import check_and_bump
from hublocal.core.uploads import check_document
from hublocal.directory import selectors as directory_selectors
from hublocal.engagement import selectors as engagement_selectors
from hublocal.engagement import services as engagement_services
from hublocal.notifications import services as notifications

from . import selectors
from .models import (
    Agreement,
    AgreementKind,
    AgreementLink,
    AgreementStatus,
    Amendment,
    Currency,
    Document,
    DocumentKind,
    DocumentVersion,
    Milestone,
    Obligation,
    ObligationStatus,
    Party,
    PartyRole,
    SignatureStatus,
    WithheldField,
    Withholding,
    WithholdingReason,
)
from .permissions import Action, can

MAX_TEXT = 10_000
MAX_AMOUNT = Decimal("1e15")
MAX_PARTIES = 20
ALERT_DAYS = (60, 30)
PROCESS_OBLIGATION = "agreements.obligation"
# A party with an overdue obligation is followed like any silent municipality: reminded, then
# its administrator, then its mayor (hublocal.engagement).
OBLIGATION_POLICY = engagement_services.Policy(
    remind_after_days=3, escalate_admin_after_days=10, escalate_mayor_after_days=20
)
AMENDABLE = ("title", "object", "starts_on", "ends_on", "amount", "currency")
CLOSED = (AgreementStatus.EXPIRED, AgreementStatus.TERMINATED)


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def _text(value: Any, field: str, *, required: bool = True, maximum: int = MAX_TEXT) -> str:
    text = str(value or "").replace("\x00", "").strip()
    if required and not text:
        raise ValidationError({field: [_("Este campo es obligatorio.")]})
    if len(text) > maximum:
        raise ValidationError({field: [_("Máximo %(n)s caracteres.") % {"n": maximum}]})
    return text


def _amount(amount: Any, currency: str) -> tuple[Decimal | None, str]:
    """An amount always with its currency, and a currency always with its amount."""
    currency = (currency or "").strip()
    if amount in (None, ""):
        if currency:
            raise ValidationError({"amount": [_("Indique el monto de la moneda elegida, o quite la moneda.")]})
        return None, ""
    try:
        value = Decimal(str(amount))
    except (InvalidOperation, ValueError):
        raise ValidationError({"amount": [_("Escriba el monto como un número.")]}) from None
    if not value.is_finite() or value < 0 or value >= MAX_AMOUNT:
        raise ValidationError({"amount": [_("El monto debe ser un número positivo razonable.")]})
    if currency not in Currency.values:
        raise ValidationError({"currency": [_("Un monto necesita su moneda: elija CLP, UF, USD o EUR.")]})
    return value.quantize(Decimal("0.01")), currency


def _dates(starts_on: Any, ends_on: Any) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if not isinstance(starts_on, date):
        errors["starts_on"] = [_("Indique la fecha de inicio de vigencia.")]
    if not isinstance(ends_on, date):
        errors["ends_on"] = [_("Indique la fecha de término de vigencia.")]
    if not errors and ends_on < starts_on:
        errors["ends_on"] = [_("El término de vigencia no puede ser anterior al inicio.")]
    return errors


def _clean_parties(parties: list[dict[str, Any]]) -> list[dict[str, Any]]:
    if len(parties) < 2:
        raise ValidationError({"parties": [_("Un convenio tiene al menos dos partes.")]})
    if len(parties) > MAX_PARTIES:
        raise ValidationError({"parties": [_("Máximo %(n)s partes.") % {"n": MAX_PARTIES}]})
    ids = [p.get("organization_id") for p in parties]
    if len(set(ids)) != len(ids):
        raise ValidationError({"parties": [_("Una organización aparece dos veces como parte: cada parte va una vez.")]})
    found = {o.pk: o for o in directory_selectors.organizations_with_commune(ids=[i for i in ids if i])}
    clean = []
    for p in parties:
        if p.get("organization_id") not in found:
            raise ValidationError({"parties": [_("Elija cada parte de las organizaciones del directorio.")]})
        if p.get("role") not in PartyRole.values:
            raise ValidationError({"parties": [_("Elija el rol de cada parte de la lista.")]})
        clean.append(
            {
                "organization_id": p["organization_id"],
                "role": p["role"],
                "signatory_name": _text(p.get("signatory_name"), "parties", required=False, maximum=200),
                "signatory_position": _text(p.get("signatory_position"), "parties", required=False, maximum=200),
            }
        )
    return clean


def _clean_obligations(obligations: list[dict[str, Any]], n_parties: int, ends_on: Any) -> list[dict[str, Any]]:
    clean = []
    for o in obligations:
        index = o.get("party")
        if not isinstance(index, int) or not 0 <= index < n_parties:
            raise ValidationError({"obligations": [_("Cada obligación corresponde a una de las partes del convenio.")]})
        due = o.get("due_on")
        if not isinstance(due, date):
            raise ValidationError({"obligations": [_("Indique el plazo de cada obligación.")]})
        if isinstance(ends_on, date) and due > ends_on:
            raise ValidationError(
                {
                    "obligations": [
                        _(
                            "Una obligación vence después del término del convenio: su plazo debe caer dentro "
                            "de la vigencia."
                        )
                    ]
                }
            )
        clean.append({"party": index, "due_on": due, "description": _text(o.get("description"), "obligations")})
    return clean


def _clean_milestones(milestones: list[dict[str, Any]], ends_on: Any) -> list[dict[str, Any]]:
    clean = []
    for m in milestones:
        due = m.get("due_on")
        if not isinstance(due, date):
            raise ValidationError({"milestones": [_("Indique la fecha de cada hito.")]})
        if isinstance(ends_on, date) and due > ends_on:
            raise ValidationError({"milestones": [_("Un hito cae después del término del convenio.")]})
        clean.append({"due_on": due, "title": _text(m.get("title"), "milestones", maximum=200)})
    return clean


def _clean_withholdings(withholdings: list[dict[str, Any]]) -> list[dict[str, Any]]:
    seen = set()
    for w in withholdings:
        if w.get("field") not in WithheldField.values:
            raise ValidationError({"withholdings": [_("Elija el campo reservado de la lista.")]})
        if w.get("reason") not in WithholdingReason.values:
            raise ValidationError(
                {
                    "withholdings": [
                        _("Un campo se reserva solo con una causal legal de la lista (Ley 20.285, art. 21).")
                    ]
                }
            )
        if w["field"] in seen:
            raise ValidationError({"withholdings": [_("Cada campo se reserva una sola vez.")]})
        seen.add(w["field"])
    return withholdings


def _terms(a: Agreement) -> dict[str, Any]:
    return {
        "title": a.title,
        "object": a.object,
        "starts_on": a.starts_on.isoformat(),
        "ends_on": a.ends_on.isoformat(),
        "amount": str(a.amount) if a.amount is not None else None,
        "currency": a.currency,
    }


@transaction.atomic
def agreement_create(
    *,
    actor: Any,
    kind: str,
    title: str,
    object: str,
    starts_on: date,
    ends_on: date,
    parties: list[dict[str, Any]],
    amount: Any = None,
    currency: str = "",
    is_public: bool = True,
    obligations: list[dict[str, Any]] | None = None,
    milestones: list[dict[str, Any]] | None = None,
    withholdings: list[dict[str, Any]] | None = None,
    status: str = AgreementStatus.DRAFT,
    is_demo: bool = False,
) -> Agreement:
    """Record an agreement and everything in it, all or nothing. `parties` are dicts with
    organization_id, role, signatory_name, signatory_position; an obligation names its party by
    position in `parties`; withholdings are {field, reason}. Every error found is reported at once."""
    if not can(actor, Action.MANAGE):
        raise ValidationError(_("Solo el equipo del Hub registra convenios."))
    errors: dict[str, list[str]] = {}
    if kind not in AgreementKind.values:
        errors["kind"] = [_("Elija el tipo de convenio de la lista.")]
    if status not in (AgreementStatus.DRAFT, AgreementStatus.SIGNING, AgreementStatus.IN_FORCE):
        errors["status"] = [_("Un convenio nuevo está en borrador, en firma o vigente.")]
    errors.update(_dates(starts_on, ends_on))
    clean: dict[str, Any] = {}
    checks = {
        "title": lambda: _text(title, "title", maximum=200),
        "object": lambda: _text(object, "object"),
        "amount": lambda: _amount(amount, currency),
        "parties": lambda: _clean_parties(parties),
        "obligations": lambda: _clean_obligations(obligations or [], len(parties), ends_on),
        "milestones": lambda: _clean_milestones(milestones or [], ends_on),
        "withholdings": lambda: _clean_withholdings(withholdings or []),
    }
    for key, check in checks.items():
        try:
            clean[key] = check()
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    value, cur = clean["amount"]
    agreement = Agreement.objects.create(
        kind=kind,
        title=clean["title"],
        object=clean["object"],
        starts_on=starts_on,
        ends_on=ends_on,
        status=status,
        amount=value,
        currency=cur,
        is_public=bool(is_public),
        created_by=_user(actor),
        is_demo=is_demo,
    )
    try:
        with transaction.atomic():
            created = [Party.objects.create(agreement=agreement, order=i, **p) for i, p in enumerate(clean["parties"])]
    except IntegrityError:  # a concurrent writer cannot add a duplicate either
        raise ValidationError({"parties": [_("Una organización aparece dos veces como parte.")]}) from None
    Obligation.objects.bulk_create(
        [
            Obligation(agreement=agreement, party=created[o["party"]], description=o["description"], due_on=o["due_on"])
            for o in clean["obligations"]
        ]
    )
    Milestone.objects.bulk_create([Milestone(agreement=agreement, **m) for m in clean["milestones"]])
    Withholding.objects.bulk_create(
        [Withholding(agreement=agreement, created_by=_user(actor), **w) for w in clean["withholdings"]]
    )
    audit_record(
        actor=actor,
        action="agreements.create",
        obj=agreement,
        after={
            **_terms(agreement),
            "kind": kind,
            "parties": [p["organization_id"] for p in clean["parties"]],
            "obligations": len(clean["obligations"]),
            "milestones": len(clean["milestones"]),
            "withheld": [w["field"] for w in clean["withholdings"]],
        },
    )
    return agreement


def agreement_record_signed(
    *,
    actor: Any,
    kind: str,
    title: str,
    object: str,
    starts_on: date,
    ends_on: date,
    parties: list[dict[str, Any]],
    amount: Any = None,
    currency: str = "",
    is_demo: bool = False,
) -> Agreement:
    """For an app that signs agreements of its own kind (pilots: a municipality and a startup)
    and has already checked, by its own rules, who may sign and that the terms are valid: record
    the terms, already signed by every party (`parties`: organization_id, role, signed_on), in
    force until their end date. Call inside the caller's transaction; audited here."""
    value, cur = _amount(amount, currency)
    agreement = Agreement.objects.create(
        kind=kind,
        title=title,
        object=object,
        starts_on=starts_on,
        ends_on=ends_on,
        status=AgreementStatus.IN_FORCE if ends_on >= timezone.localdate() else AgreementStatus.EXPIRED,
        amount=value,
        currency=cur,
        is_public=True,
        created_by=_user(actor),
        is_demo=is_demo,
    )
    Party.objects.bulk_create(
        [
            Party(
                agreement=agreement,
                organization_id=p["organization_id"],
                role=p["role"],
                signature_status=SignatureStatus.SIGNED,
                signed_on=p["signed_on"],
                order=i,
            )
            for i, p in enumerate(parties)
        ]
    )
    audit_record(
        actor=actor,
        action="agreements.create",
        obj=agreement,
        after={**_terms(agreement), "kind": kind, "parties": [p["organization_id"] for p in parties]},
    )
    return agreement


def link_record(*, agreement: Agreement, kind: str, object_id: int) -> AgreementLink:
    """For the app that owns the object (it created it with the agreement): the link, without
    the staff check of link_add. Idempotent."""
    link, _created = AgreementLink.objects.get_or_create(agreement=agreement, kind=kind, object_id=object_id)
    return link


def _locked(agreement: Agreement) -> Agreement:
    return Agreement.objects.select_for_update().get(pk=agreement.pk)


@transaction.atomic
def agreement_amend(
    *, actor: Any, agreement: Agreement, changes: dict[str, Any], reason: str, expected_version: int | None = None
) -> Amendment:
    """A new version of the terms (title, object, dates, amount and currency): the old terms stay
    in the amendment history with who, when, what changed and why. Refused for an expired or
    terminated agreement, without a reason, or when nothing changes."""
    if not can(actor, Action.MANAGE, agreement):
        raise ValidationError(_("Solo el equipo del Hub modifica convenios."))
    a = _locked(agreement)
    if a.status in CLOSED:
        raise ValidationError(_("Un convenio terminado o vencido no se puede modificar."), code="closed")
    unknown = set(changes) - set(AMENDABLE)
    if unknown:
        raise ValidationError(
            _("Campos que no se modifican por una modificación: %(f)s.") % {"f": ", ".join(sorted(unknown))}
        )
    errors: dict[str, list[str]] = {}
    try:
        reason = _text(reason, "reason")
    except ValidationError as exc:
        errors.update(exc.message_dict)
    new = {**{f: getattr(a, f) for f in AMENDABLE}, **changes}
    errors.update(_dates(new["starts_on"], new["ends_on"]))
    for key, check in {
        "title": lambda: _text(new["title"], "title", maximum=200),
        "object": lambda: _text(new["object"], "object"),
        "amount": lambda: _amount(new["amount"], new["currency"]),
    }.items():
        try:
            value = check()
        except ValidationError as exc:
            errors.update(exc.message_dict)
            continue
        if key == "amount":
            new["amount"], new["currency"] = value
        else:
            new[key] = value
    if not errors and isinstance(new["ends_on"], date):
        late = (
            a.obligations.filter(due_on__gt=new["ends_on"]).exists()
            or a.milestones.filter(due_on__gt=new["ends_on"]).exists()
        )
        if late:
            errors["ends_on"] = [_("Hay obligaciones o hitos que vencen después del nuevo término.")]
    if errors:
        raise ValidationError(errors)
    before = _terms(a)
    check_and_bump(a, expected_version)
    for field in AMENDABLE:
        setattr(a, field, new[field])
    after = _terms(a)
    diff = {f: [before[f], after[f]] for f in AMENDABLE if before[f] != after[f]}
    if not diff:
        raise ValidationError(_("La modificación no cambia nada de los términos."))
    if a.version == 1 and not a.amendments.exists():
        # Version 1 is kept too, so the history shows the original terms.
        Amendment.objects.create(
            agreement=a, version=1, changes={}, terms=before, reason=_("Texto original"), created_by=a.created_by
        )
    a.version += 1
    a.save()
    amendment = Amendment.objects.create(
        agreement=a, version=a.version, changes=diff, terms=after, reason=reason, created_by=_user(actor)
    )
    audit_record(actor=actor, action="agreements.amend", obj=a, before=before, after={**after, "reason": reason})
    return amendment


TRANSITIONS = {
    "sign": ((AgreementStatus.DRAFT,), AgreementStatus.SIGNING),
    "in_force": ((AgreementStatus.DRAFT, AgreementStatus.SIGNING), AgreementStatus.IN_FORCE),
}


@transaction.atomic
def agreement_transition(
    *, actor: Any, agreement: Agreement, action: str, expected_version: int | None = None
) -> Agreement:
    """sign (draft → signing) or in_force (→ in force: every party is then recorded as signed)."""
    if action not in TRANSITIONS:
        raise ValidationError({"action": [_("Acción desconocida.")]})
    if not can(actor, Action.MANAGE, agreement):
        raise ValidationError(_("Solo el equipo del Hub cambia el estado de un convenio."))
    a = _locked(agreement)
    sources, target = TRANSITIONS[action]
    if a.status not in sources:
        raise ValidationError(_("El convenio no está en un estado que permita ese cambio."))
    check_and_bump(a, expected_version)
    before = {"status": a.status}
    a.status = target
    a.save()
    if target == AgreementStatus.IN_FORCE:
        a.parties.filter(signed_on__isnull=True).update(signature_status="signed", signed_on=timezone.localdate())
    audit_record(actor=actor, action=f"agreements.{action}", obj=a, before=before, after={"status": a.status})
    return a


@transaction.atomic
def agreement_terminate(
    *, actor: Any, agreement: Agreement, reason: str, expected_version: int | None = None
) -> Agreement:
    """End an agreement before its term, with a reason. Its history stays; it changes no more."""
    if not can(actor, Action.MANAGE, agreement):
        raise ValidationError(_("Solo el equipo del Hub termina convenios."))
    a = _locked(agreement)
    if a.status in CLOSED:
        raise ValidationError(_("El convenio ya está terminado o vencido."))
    reason = _text(reason, "reason")
    check_and_bump(a, expected_version)
    before = {"status": a.status}
    a.status, a.termination_reason = AgreementStatus.TERMINATED, reason
    a.save()
    audit_record(
        actor=actor, action="agreements.terminate", obj=a, before=before, after={"status": a.status, "reason": reason}
    )
    return a


@transaction.atomic
def obligation_complete(
    *, actor: Any, obligation: Obligation, evidence: str, expected_version: int | None = None
) -> Obligation:
    """The party reports an obligation done, with its evidence; its follow-up track closes."""
    if not can(actor, Action.COMPLETE_OBLIGATION, obligation):
        raise ValidationError(_("Solo la parte obligada o el equipo del Hub informan el cumplimiento."))
    o = Obligation.objects.select_for_update().select_related("party").get(pk=obligation.pk)
    if o.status == ObligationStatus.DONE:
        raise ValidationError(_("Esta obligación ya está cumplida."))
    evidence = _text(evidence, "evidence")
    check_and_bump(o, expected_version)
    before = {"status": o.status}
    o.status, o.evidence, o.completed_at = ObligationStatus.DONE, evidence, timezone.now()
    o.save()
    key = f"obligation:{o.pk}"
    # Only an overdue obligation has a follow-up track to close.
    if engagement_selectors.track_get(
        process=PROCESS_OBLIGATION, subject_key=key, organization_id=o.party.organization_id
    ):
        engagement_services.track_done(
            process=PROCESS_OBLIGATION, subject_key=key, organization=o.party.organization_id, actor=actor
        )
    audit_record(actor=actor, action="agreements.obligation_complete", obj=o, before=before, after={"status": o.status})
    return o


@transaction.atomic
def link_add(*, actor: Any, agreement: Agreement, kind: str, object_id: int) -> AgreementLink:
    """Link the agreement to an object of a registered kind that exists (idempotent)."""
    if not can(actor, Action.MANAGE, agreement):
        raise ValidationError(_("Solo el equipo del Hub vincula convenios."))
    link_kind = registry.agreement_link_kind(kind)
    if link_kind is None:
        raise ValidationError({"kind": [_("Tipo de vínculo desconocido.")]})
    if not isinstance(object_id, int) or object_id not in link_kind.resolve([object_id]):
        raise ValidationError({"object_id": [_("No existe ese objeto.")]})
    link, created = AgreementLink.objects.get_or_create(agreement=agreement, kind=kind, object_id=object_id)
    if created:
        audit_record(
            actor=actor, action="agreements.link_add", obj=agreement, after={"kind": kind, "object_id": object_id}
        )
    return link


def link_options(*, user: Any) -> list[tuple[str, Any, list[tuple[int, str]]]]:
    """[(kind key, label, [(id, title)])] a person may pick from, per registered link kind that
    offers choices (core.registry.register_agreement_link_choices)."""
    out = []
    for link_kind in registry.agreement_link_kinds():
        choices = registry.agreement_link_choices(link_kind.key)
        if choices is not None:
            out.append((link_kind.key, link_kind.label, choices(user)))
    return out


@transaction.atomic
def link_create(*, actor: Any, agreement: Agreement, kind: str, object_id: Any) -> AgreementLink:
    """A link chosen by a person on the agreement page: the kind must be registered, the object
    must exist and be one the person may see, and the link must be new (a duplicate is an error
    a person is told about, not silently ignored as in link_add)."""
    if not can(actor, Action.MANAGE, agreement):
        raise ValidationError(_("Solo el equipo del Hub vincula convenios."))
    link_kind = registry.agreement_link_kind(kind)
    choices = registry.agreement_link_choices(kind)
    if link_kind is None or choices is None:
        raise ValidationError({"target": [_("Elija qué vincular de la lista.")]})
    if not isinstance(object_id, int) or object_id not in dict(choices(actor)):
        raise ValidationError({"target": [_("Ese objeto no existe o usted no puede verlo: elíjalo de la lista.")]})
    if AgreementLink.objects.filter(agreement=agreement, kind=kind, object_id=object_id).exists():
        raise ValidationError({"target": [_("El convenio ya está vinculado a ese objeto.")]})
    link = AgreementLink.objects.create(agreement=agreement, kind=kind, object_id=object_id)
    audit_record(actor=actor, action="agreements.link_add", obj=agreement, after={"kind": kind, "object_id": object_id})
    return link


@transaction.atomic
def link_remove(*, actor: Any, agreement: Agreement, link_id: Any) -> None:
    if not can(actor, Action.MANAGE, agreement):
        raise ValidationError(_("Solo el equipo del Hub desvincula convenios."))
    link = (
        AgreementLink.objects.filter(agreement=agreement, pk=link_id).first()
        if isinstance(link_id, int) and 0 < link_id < 2**62
        else None
    )
    if link is None:
        raise ValidationError(_("Ese vínculo ya no existe."))
    before = {"kind": link.kind, "object_id": link.object_id}
    link.delete()
    audit_record(actor=actor, action="agreements.link_remove", obj=agreement, before=before)


# --- Documents --------------------------------------------------------------------------------


@transaction.atomic
def document_upload(
    *,
    actor: Any,
    agreement: Agreement,
    name: str,
    data: bytes,
    document: Document | None = None,
    kind: str = "",
    title: str = "",
    is_public_version: bool = False,
    note: str = "",
) -> DocumentVersion:
    """Upload a file: a new document (with its kind and title) or a new version of `document`.
    Versions are immutable: the previous ones stay downloadable. A version marked public is the
    redacted copy the public is given when parts of the agreement are withheld. The file is
    checked by its content (PDF, DOCX, XLSX, ODT); all errors at once, nothing saved on error."""
    if not can(actor, Action.MANAGE_DOCUMENTS, agreement):
        raise ValidationError(_("Solo el equipo del Hub sube documentos de convenios."))
    errors: dict[str, list[str]] = {}
    if document is not None and document.agreement_id != agreement.pk:
        errors["document"] = [_("Ese documento no es de este convenio.")]
    if document is None:
        if kind not in DocumentKind.values:
            errors["kind"] = [_("Elija el tipo de documento de la lista.")]
        try:
            title = _text(title, "title", maximum=200)
        except ValidationError as exc:
            errors.update(exc.message_dict)
    try:
        note = _text(note, "note", required=False, maximum=300)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    checked = None
    if not name or not data:
        errors["file"] = [_("Elija el archivo del documento.")]
    else:
        try:
            checked = check_document(name, data)
        except ValidationError as exc:
            errors["file"] = exc.messages
    if errors:
        raise ValidationError(errors)
    assert checked is not None  # checked above
    if document is None:
        document = Document.objects.create(agreement=agreement, kind=kind, title=title, created_by=_user(actor))
    else:
        # Serialises concurrent uploads to the same document, so version numbers never clash.
        document = Document.objects.select_for_update().get(pk=document.pk)
    number = (document.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = DocumentVersion(
        document=document,
        number=number,
        is_public_version=bool(is_public_version),
        note=note,
        file_name=checked.name,
        file_fmt=checked.fmt,
        file_size=checked.size,
        sha256=checked.sha256,
        uploaded_by=_user(actor),
    )
    version.file.save(f"{checked.sha256[:16]}.{checked.fmt}", ContentFile(data), save=False)
    version.save()
    audit_record(
        actor=actor,
        action="agreements.document_upload",
        obj=agreement,
        after={
            "document": document.title,
            "version": number,
            "public_version": version.is_public_version,
            "sha256": checked.sha256,
        },
    )
    return version


# --- Alerts (task queue, daily) ---------------------------------------------------------------


def _party_users(organization_ids: list[int]) -> list[Any]:
    return selectors.party_accounts(organization_ids=organization_ids)


def alerts_send(*, today: date | None = None) -> dict[str, int]:
    """Renewal alerts 60 and 30 days before an agreement ends, due-obligation alerts 60 and 30
    days before and when overdue (then the party is followed through hublocal.engagement), and
    agreements past their end marked expired. Idempotent: each notice has a dedupe key."""
    today = today or timezone.localdate()
    counts = {"renewal": 0, "obligation": 0, "overdue": 0, "expired": 0}
    with transaction.atomic():
        counts["expired"] = Agreement.objects.filter(
            status__in=(AgreementStatus.IN_FORCE, AgreementStatus.SIGNING, AgreementStatus.DRAFT), ends_on__lt=today
        ).update(status=AgreementStatus.EXPIRED)
    for days in ALERT_DAYS:
        target = today + timedelta(days=days)
        for a in Agreement.objects.filter(status=AgreementStatus.IN_FORCE, ends_on=target).prefetch_related("parties"):
            users = _party_users([p.organization_id for p in a.parties.all()])
            counts["renewal"] += len(
                notifications.notify(
                    users=users,
                    kind="agreements.renewal",
                    title=_("El convenio «%(t)s» termina en %(d)s días") % {"t": a.title, "d": days},
                    body=_("Decida con las demás partes si se renueva antes del %(date)s.") % {"date": a.ends_on},
                    url=reverse("agreements:detail", kwargs={"pk": a.pk}),
                    dedupe_key=f"agreements.renewal:{a.pk}:{days}",
                )
            )
        for o in Obligation.objects.filter(status=ObligationStatus.PENDING, due_on=target).select_related(
            "agreement", "party"
        ):
            counts["obligation"] += len(
                notifications.notify(
                    users=_party_users([o.party.organization_id]),
                    kind="agreements.obligation_due",
                    title=_("Una obligación del convenio «%(t)s» vence en %(d)s días")
                    % {"t": o.agreement.title, "d": days},
                    body=o.description[:500],
                    url=reverse("agreements:detail", kwargs={"pk": o.agreement_id}),
                    dedupe_key=f"agreements.obligation_due:{o.pk}:{days}",
                )
            )
    for o in Obligation.objects.filter(status=ObligationStatus.PENDING, due_on__lt=today).select_related(
        "agreement", "party"
    ):
        with transaction.atomic():
            Obligation.objects.filter(pk=o.pk, status=ObligationStatus.PENDING).update(status=ObligationStatus.OVERDUE)
            url = reverse("agreements:detail", kwargs={"pk": o.agreement_id})
            notifications.notify(
                users=_party_users([o.party.organization_id]),
                kind="agreements.obligation_overdue",
                title=_("Obligación vencida en el convenio «%(t)s»") % {"t": o.agreement.title},
                body=o.description[:500],
                url=url,
                dedupe_key=f"agreements.obligation_overdue:{o.pk}",
            )
            engagement_services.track_open(
                process=PROCESS_OBLIGATION,
                subject_key=f"obligation:{o.pk}",
                organization=o.party.organization_id,
                label=_("Obligación del convenio «%(t)s»") % {"t": o.agreement.title},
                url=url,
                policy=OBLIGATION_POLICY,
            )
            counts["overdue"] += 1
    return counts
