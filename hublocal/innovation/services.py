"""Open-innovation writes: challenges and their workflow, calls and criteria, questions and
answers, presentation events.

Every function is atomic and audited, and validates what does not depend on who asks (status,
dates, weights, capacity), so the web pages, the API and the demo cannot disagree. Who may act
is decided by permissions.py before these are called; the transition table below names, for
each move of a challenge, the permission that guards it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hublocal.audit.services import audit_record, snapshot
from hublocal.core import spanish
from hublocal.core.areas import Area
from hublocal.core.locking import check_and_bump
from hublocal.core.text import fold
from hublocal.diagnosis import selectors as diagnosis_selectors
from hublocal.diagnosis import services as diagnosis_services
from hublocal.directory import selectors as directory_selectors
from hublocal.engagement import selectors as engagement_selectors
from hublocal.engagement import services as engagement_services

from .models import (
    Call,
    CallStatus,
    Challenge,
    ChallengeMunicipality,
    ChallengeOrigin,
    ChallengeStatus,
    Criterion,
    Event,
    EventRegistration,
    Question,
)
from .permissions import Action

PROCESS = "innovation.challenge"
# A municipality that stops responding on a published challenge is reminded after a week,
# then its administrator and its mayor (the engagement app's chain).
POLICY = engagement_services.Policy(remind_after_days=7, escalate_admin_after_days=14, escalate_mayor_after_days=21)

# Budgets beyond this are typing mistakes (a hundred billion pesos), not a municipal pilot.
MAX_BUDGET = 100_000_000_000
MAX_CO_MUNICIPALITIES = 50
MAX_CRITERIA = 12

CHALLENGE_FIELDS = [
    "title",
    "area",
    "owner",
    "problem",
    "affected",
    "current_process",
    "constraints",
    "budget_min",
    "budget_max",
    "connectivity",
    "staff_skills",
    "success",
    "origin",
    "call",
    "status",
    "review_note",
]
CALL_FIELDS = ["title", "slug", "description", "eligibility", "opens_at", "closes_at", "status"]
EVENT_FIELDS = ["title", "description", "call", "starts_at", "ends_at", "place", "online_url", "capacity"]
# What a challenge must say before the hub reviews it (a problem, not a specification).
REQUIRED_PROBLEM_FIELDS = {
    "title": lambda: _("Indique un título breve del problema."),
    "problem": lambda: _("Describa el problema."),
    "affected": lambda: _("Diga quiénes sufren el problema."),
    "current_process": lambda: _("Describa cómo se resuelve hoy."),
    "success": lambda: _("Diga qué resultado medible sería un éxito."),
}


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def subject_key(challenge: Challenge) -> str:
    """How a challenge is named in the engagement tracks of its municipalities."""
    return f"challenge:{challenge.pk}"


# --- Challenges -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Transition:
    source: str
    target: str
    action: Action
    label: Any  # a lazy translation: what the button says


# Every move of a challenge, and the permission that guards it. in_pilot and finished are set
# by the pilots app through challenge_set_status (they follow an agreement, not a decision here).
TRANSITIONS: tuple[Transition, ...] = (
    Transition(
        ChallengeStatus.DRAFT, ChallengeStatus.IN_REVIEW, Action.SEND_TO_REVIEW, gettext_lazy("Enviar a revisión")
    ),
    Transition(
        ChallengeStatus.IN_REVIEW,
        ChallengeStatus.DRAFT,
        Action.RETURN_CHALLENGE,
        gettext_lazy("Devolver con observaciones"),
    ),
    Transition(
        ChallengeStatus.IN_REVIEW,
        ChallengeStatus.PUBLISHED,
        Action.PUBLISH_CHALLENGE,
        gettext_lazy("Publicar en una convocatoria"),
    ),
    Transition(ChallengeStatus.PUBLISHED, ChallengeStatus.CLOSED, Action.CLOSE_CHALLENGE, gettext_lazy("Cerrar")),
    Transition(ChallengeStatus.CLOSED, ChallengeStatus.ARCHIVED, Action.ARCHIVE_CHALLENGE, gettext_lazy("Archivar")),
    Transition(ChallengeStatus.FINISHED, ChallengeStatus.ARCHIVED, Action.ARCHIVE_CHALLENGE, gettext_lazy("Archivar")),
)
# What the pilots app may set, from which statuses (a pilot may follow a challenge whose call
# closed without anyone closing the challenge; a cancelled pilot closes it again).
PILOT_STATUSES: dict[str, tuple[str, ...]] = {
    ChallengeStatus.IN_PILOT: (ChallengeStatus.PUBLISHED, ChallengeStatus.CLOSED),
    ChallengeStatus.FINISHED: (ChallengeStatus.IN_PILOT,),
    ChallengeStatus.CLOSED: (ChallengeStatus.IN_PILOT,),
}


def transition_for(*, source: str, target: str) -> Transition | None:
    return next((t for t in TRANSITIONS if t.source == source and t.target == target), None)


def _clean_text(value: Any, limit: int | None = None) -> str:
    text = str(value or "").strip()
    return text[:limit] if limit else text


def _check_text(errors: dict[str, list[str]], data: dict[str, Any]) -> None:
    """The database refuses NUL characters in text; say so instead of failing."""
    for name, value in data.items():
        if isinstance(value, str) and "\x00" in value:
            errors.setdefault(name, []).append(_("Contiene caracteres no permitidos."))


def _validate_challenge(data: dict[str, Any], *, require_all: bool) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    _check_text(errors, data)
    for name, message in REQUIRED_PROBLEM_FIELDS.items():
        if (name in ("title", "problem") or require_all) and not data.get(name):
            errors.setdefault(name, []).append(message())
    if len(data.get("title", "")) > 200:
        errors.setdefault("title", []).append(_("Máximo 200 caracteres."))
    for name in ("connectivity", "staff_skills"):
        if len(data.get(name, "")) > 200:
            errors.setdefault(name, []).append(_("Máximo 200 caracteres."))
    if data.get("area") not in Area.values:
        errors.setdefault("area", []).append(_("Elija una de las cinco áreas prioritarias."))
    low, high = data.get("budget_min"), data.get("budget_max")
    for name, value in (("budget_min", low), ("budget_max", high)):
        if value is not None and (not isinstance(value, int) or isinstance(value, bool) or value < 0):
            errors.setdefault(name, []).append(_("Indique un monto en pesos, sin decimales, mayor o igual que 0."))
        elif value is not None and value > MAX_BUDGET:
            errors.setdefault(name, []).append(_("El monto parece demasiado alto; revíselo."))
    if (
        isinstance(low, int)
        and isinstance(high, int)
        and "budget_min" not in errors
        and "budget_max" not in errors
        and high < low
    ):
        errors.setdefault("budget_max", []).append(_("El presupuesto máximo no puede ser menor que el mínimo."))
    return errors


def _normalise(data: dict[str, Any]) -> dict[str, Any]:
    out = dict(data)
    for name in (
        "title",
        "problem",
        "affected",
        "current_process",
        "constraints",
        "connectivity",
        "staff_skills",
        "success",
    ):
        if name in out:
            out[name] = _clean_text(out[name])
    return out


def _check_municipalities(owner: Any, co_municipalities: Iterable[Any]) -> tuple[list[Any], dict[str, list[str]]]:
    errors: dict[str, list[str]] = {}
    if getattr(owner, "kind", "") != "municipality":
        errors["owner"] = [_("El desafío debe pertenecer a una municipalidad.")]
    others: dict[int, Any] = {}
    for org in co_municipalities:
        if getattr(org, "kind", "") != "municipality":
            errors["municipalities"] = [_("Solo municipalidades pueden compartir un desafío.")]
        elif org.pk != getattr(owner, "pk", None):
            others[org.pk] = org
    if len(others) > MAX_CO_MUNICIPALITIES:
        errors["municipalities"] = [_("Máximo %(n)s municipios por desafío.") % {"n": MAX_CO_MUNICIPALITIES}]
    return list(others.values()), errors


def _index(challenge: Challenge) -> None:
    challenge.terms = spanish.document_terms(
        challenge.title,
        challenge.problem,
        challenge.affected,
        challenge.current_process,
        challenge.constraints,
        challenge.success,
    )
    challenge.search_text = fold(f"{challenge.title} {challenge.problem}")


@transaction.atomic
def challenge_create(
    *,
    actor: Any,
    owner: Any,
    title: str,
    area: str,
    problem: str,
    affected: str = "",
    current_process: str = "",
    success: str = "",
    constraints: str = "",
    budget_min: int | None = None,
    budget_max: int | None = None,
    connectivity: str = "",
    staff_skills: str = "",
    co_municipalities: Iterable[Any] = (),
    proposed_challenge: Any = None,
    is_demo: bool = False,
) -> Challenge:
    """Write a challenge as a draft for `owner` (a municipality), shared with `co_municipalities`.

    Written directly, every part of the problem statement is required; adopted from a diagnosis
    gap (`proposed_challenge`, see challenge_create_from_gap) only the title and the problem are,
    and the rest is completed before review. Raises ValidationError with per-field messages."""
    data = _normalise(
        {
            "title": title,
            "area": area,
            "problem": problem,
            "affected": affected,
            "current_process": current_process,
            "success": success,
            "constraints": constraints,
            "budget_min": budget_min,
            "budget_max": budget_max,
            "connectivity": connectivity,
            "staff_skills": staff_skills,
        }
    )
    errors = _validate_challenge(data, require_all=proposed_challenge is None)
    others, org_errors = _check_municipalities(owner, co_municipalities)
    errors.update(org_errors)
    if errors:
        raise ValidationError(errors)
    challenge = Challenge(
        **data,
        owner=owner,
        origin=ChallengeOrigin.DIAGNOSIS if proposed_challenge is not None else ChallengeOrigin.DIRECT,
        proposed_challenge=proposed_challenge,
        created_by=_user(actor),
        is_demo=is_demo,
    )
    _index(challenge)
    challenge.save()
    ChallengeMunicipality.objects.bulk_create(
        [ChallengeMunicipality(challenge=challenge, organization=o) for o in [owner, *others]]
    )
    audit_record(
        actor=actor,
        action="innovation.challenge_create",
        obj=challenge,
        after={**snapshot(challenge, CHALLENGE_FIELDS), "municipalities": sorted(o.pk for o in [owner, *others])},
    )
    return challenge


@transaction.atomic
def challenge_create_from_gap(*, actor: Any, proposed: Any, is_demo: bool = False) -> Challenge:
    """Adopt a diagnosis gap draft: a challenge draft prefilled with its title, area and problem,
    owned by the gap's municipality; the gap is marked adopted in the same transaction (so a
    gap is never adopted twice, nor marked adopted without its challenge)."""
    fresh = diagnosis_selectors.proposed_challenge_get(pk=proposed.pk)
    if fresh is None:
        raise ValidationError(_("Esa brecha ya no existe."))
    # Locks the gap and refuses one already adopted or discarded (before anything is written).
    diagnosis_services.proposed_challenge_adopt(actor=actor, proposed=fresh)
    owner = _organization(fresh.organization_id)
    try:
        challenge = challenge_create(
            actor=actor,
            owner=owner,
            title=fresh.title,
            area=fresh.area,
            problem=fresh.problem,
            proposed_challenge=fresh,
            is_demo=is_demo,
        )
    except IntegrityError:
        raise ValidationError(_("Esta brecha ya fue convertida en desafío.")) from None
    return challenge


def _organization(pk: int) -> Any:
    found = directory_selectors.organizations_with_commune(ids=[pk])
    if not found:
        raise ValidationError(_("La municipalidad de esta brecha no existe."))
    return found[0]


def _locked(challenge: Challenge) -> Challenge:
    return Challenge.objects.select_for_update(of=("self",)).select_related("owner", "call").get(pk=challenge.pk)


@transaction.atomic
def challenge_update(
    *,
    actor: Any,
    challenge: Challenge,
    data: dict[str, Any],
    expected_version: int | None,
    co_municipalities: Iterable[Any] | None = None,
) -> Challenge:
    """Edit the problem statement while it is a draft (or under review, for the hub team: the
    permission decides who). Every part of the statement is then required. `co_municipalities`
    (None: unchanged) replaces the municipalities sharing it, the owner always included.
    Raises StaleVersion if `expected_version` (None: internal callers) is not the saved one."""
    c = _locked(challenge)
    check_and_bump(c, expected_version)
    if c.status not in (ChallengeStatus.DRAFT, ChallengeStatus.IN_REVIEW):
        raise ValidationError(_("Un desafío publicado ya no se puede editar."))
    editable = {
        "title",
        "area",
        "problem",
        "affected",
        "current_process",
        "success",
        "constraints",
        "budget_min",
        "budget_max",
        "connectivity",
        "staff_skills",
    }
    unknown = set(data) - editable
    if unknown:
        raise ValidationError({name: [_("Este campo no se puede editar.")] for name in sorted(unknown)})
    before = snapshot(c, CHALLENGE_FIELDS)
    merged = _normalise({name: getattr(c, name) for name in editable} | data)
    errors = _validate_challenge(merged, require_all=True)
    others: list[Any] = []
    if co_municipalities is not None:
        others, org_errors = _check_municipalities(c.owner, co_municipalities)
        errors.update(org_errors)
    if errors:
        raise ValidationError(errors)
    for name, value in merged.items():
        setattr(c, name, value)
    _index(c)
    c.save()
    after = snapshot(c, CHALLENGE_FIELDS)
    if co_municipalities is not None:
        wanted = {c.owner_id, *(o.pk for o in others)}
        current = set(c.memberships.values_list("organization_id", flat=True))
        c.memberships.filter(organization_id__in=current - wanted).delete()
        ChallengeMunicipality.objects.bulk_create(
            [ChallengeMunicipality(challenge=c, organization_id=pk) for pk in sorted(wanted - current)]
        )
        before["municipalities"] = sorted(current)
        after["municipalities"] = sorted(wanted)
    audit_record(actor=actor, action="innovation.challenge_update", obj=c, before=before, after=after)
    return c


def _municipality_ids(c: Challenge) -> list[int]:
    ids = set(c.memberships.values_list("organization_id", flat=True))
    ids.add(c.owner_id)
    return sorted(ids)


def _close_tracks(*, c: Challenge, actor: Any, at: datetime) -> None:
    """Mark done every municipality's engagement track of the challenge (those that exist)."""
    for track in engagement_selectors.track_list(process=PROCESS, subject_key=subject_key(c)):
        engagement_services.track_done(
            process=PROCESS, subject_key=subject_key(c), organization=track.organization_id, actor=actor, at=at
        )


@transaction.atomic
def challenge_transition(
    *,
    actor: Any,
    challenge: Challenge,
    to: str,
    note: str = "",
    call: Call | None = None,
    now: datetime | None = None,
    expected_version: int | None = None,
) -> Challenge:
    """Move a challenge along TRANSITIONS (the caller has checked the transition's permission).

    - to in_review: the problem statement must be complete.
    - back to draft: `note` (the review's observations) is required and kept on the challenge.
    - to published: needs `call`, a published call that has not closed; opens one engagement
      track per municipality of the challenge.
    - to closed / archived: the municipalities' tracks are done.
    Raises ValidationError when the move is not in the table from the current status;
    StaleVersion when `expected_version` is given (API If-Match) and is not the saved one."""
    now = now or timezone.now()
    c = _locked(challenge)
    # Counted as an edit: a form opened before the move must not silently undo it.
    check_and_bump(c, expected_version)
    transition = transition_for(source=c.status, target=to)
    if transition is None:
        raise ValidationError(
            {
                "to": [
                    _("No se puede pasar de «%(a)s» a «%(b)s».")
                    % {"a": c.get_status_display(), "b": dict(ChallengeStatus.choices).get(to, to)}
                ]
            }
        )
    before = snapshot(c, CHALLENGE_FIELDS)
    note = _clean_text(note)
    if "\x00" in note:
        raise ValidationError({"note": [_("Contiene caracteres no permitidos.")]})
    if to == ChallengeStatus.IN_REVIEW:
        errors = _validate_challenge(
            {name: getattr(c, name) for name in [*REQUIRED_PROBLEM_FIELDS, "area", "budget_min", "budget_max"]},
            require_all=True,
        )
        if errors:
            raise ValidationError(
                {
                    **errors,
                    "to": [_("Complete la descripción del problema antes de enviarla a revisión.")],
                }
            )
    if to == ChallengeStatus.DRAFT and not note:
        raise ValidationError({"note": [_("Explique qué debe mejorar la municipalidad.")]})
    if to == ChallengeStatus.PUBLISHED:
        if call is None:
            raise ValidationError({"call": [_("Elija la convocatoria en que se publica.")]})
        locked_call = Call.objects.select_for_update().get(pk=call.pk)
        if locked_call.status != CallStatus.PUBLISHED:
            raise ValidationError({"call": [_("La convocatoria debe estar publicada.")]})
        if locked_call.closes_at <= now:
            raise ValidationError({"call": [_("Esa convocatoria ya cerró.")]})
        c.call = locked_call
        c.published_at = now
    if note:
        c.review_note = note
    c.status = to
    c.save()
    if to == ChallengeStatus.PUBLISHED:
        path = reverse("innovation:challenge_detail", kwargs={"pk": c.pk})
        engagement_services.track_open_many(
            process=PROCESS,
            subject_key=subject_key(c),
            organizations=_municipality_ids(c),
            label=c.title,
            url_for=lambda _pk: path,
            policy=POLICY,
            actor=actor,
            at=now,
        )
    elif to in (ChallengeStatus.CLOSED, ChallengeStatus.ARCHIVED):
        _close_tracks(c=c, actor=actor, at=now)
    audit_record(
        actor=actor,
        action="innovation.challenge_transition",
        obj=c,
        before=before,
        after={**snapshot(c, CHALLENGE_FIELDS), "note": note},
    )
    return c


@transaction.atomic
def challenge_set_status(*, actor: Any, challenge: Challenge, status: str, now: datetime | None = None) -> Challenge:
    """For the pilots app: a challenge goes in_pilot when an agreement opens its pilot, finished
    when the pilot ends, and back to closed if the pilot is cancelled (see PILOT_STATUSES).
    Reaching a pilot or finishing marks the municipalities' engagement done."""
    now = now or timezone.now()
    c = _locked(challenge)
    allowed = PILOT_STATUSES.get(status)
    if allowed is None or c.status not in allowed:
        raise ValidationError(
            {
                "status": [
                    _("No se puede pasar de «%(a)s» a «%(b)s».")
                    % {"a": c.get_status_display(), "b": dict(ChallengeStatus.choices).get(status, status)}
                ]
            }
        )
    before = snapshot(c, CHALLENGE_FIELDS)
    c.status = status
    check_and_bump(c, None)
    c.save(update_fields=["status", "row_version", "updated_at"])
    _close_tracks(c=c, actor=actor, at=now)
    audit_record(
        actor=actor, action="innovation.challenge_set_status", obj=c, before=before, after={"status": c.status}
    )
    return c


# --- Calls ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CriterionInput:
    name: str
    weight: int
    description: str = ""


def _validate_call(data: dict[str, Any]) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    _check_text(errors, data)
    if not data.get("title"):
        errors.setdefault("title", []).append(_("Indique un título."))
    elif len(data["title"]) > 200:
        errors.setdefault("title", []).append(_("Máximo 200 caracteres."))
    if not data.get("description"):
        errors.setdefault("description", []).append(_("Describa la convocatoria."))
    if not data.get("eligibility"):
        errors.setdefault("eligibility", []).append(_("Indique quiénes pueden postular."))
    opens, closes = data.get("opens_at"), data.get("closes_at")
    if opens is None:
        errors.setdefault("opens_at", []).append(_("Indique la fecha de apertura."))
    if closes is None:
        errors.setdefault("closes_at", []).append(_("Indique la fecha de cierre."))
    if opens is not None and closes is not None and closes <= opens:
        errors.setdefault("closes_at", []).append(_("El cierre debe ser posterior a la apertura."))
    return errors


# Path segments of the call pages ("/convocatorias/nueva/"): a call may not be named like them.
RESERVED_SLUGS = {"nueva"}


def _unique_slug(title: str, wanted: str = "") -> str:
    base = slugify(wanted or title)[:120] or "convocatoria"
    slug, n = base, 2
    while slug in RESERVED_SLUGS or Call.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def call_create(
    *,
    actor: Any,
    title: str,
    description: str,
    eligibility: str,
    opens_at: datetime,
    closes_at: datetime,
    slug: str = "",
    is_demo: bool = False,
) -> Call:
    """A call as a draft (criteria and publication come next). The slug is derived from the
    title (or `slug`) and made unique."""
    data: dict[str, Any] = {
        "title": _clean_text(title),
        "description": _clean_text(description),
        "eligibility": _clean_text(eligibility),
        "opens_at": opens_at,
        "closes_at": closes_at,
    }
    errors = _validate_call(data)
    if slug and (slugify(slug) != slug or len(slug) > 140):
        errors["slug"] = [_("Use solo minúsculas, números y guiones.")]
    elif slug and (slug in RESERVED_SLUGS or Call.objects.filter(slug=slug).exists()):
        errors["slug"] = [_("Ya existe una convocatoria con ese identificador.")]
    if errors:
        raise ValidationError(errors)
    call = Call.objects.create(**data, slug=_unique_slug(data["title"], slug), created_by=_user(actor), is_demo=is_demo)
    audit_record(actor=actor, action="innovation.call_create", obj=call, after=snapshot(call, CALL_FIELDS))
    return call


def _locked_call(call: Call) -> Call:
    return Call.objects.select_for_update().get(pk=call.pk)


@transaction.atomic
def call_update(*, actor: Any, call: Call, data: dict[str, Any], expected_version: int | None) -> Call:
    """Edit a draft call. After publication its text, criteria and opening are frozen (only the
    close may be extended, with call_extend_close). Raises StaleVersion if `expected_version`
    (None: internal callers) is not the saved one."""
    c = _locked_call(call)
    check_and_bump(c, expected_version)
    if c.status != CallStatus.DRAFT:
        raise ValidationError(_("Una convocatoria publicada o cancelada ya no se puede editar."))
    editable = {"title", "description", "eligibility", "opens_at", "closes_at"}
    unknown = set(data) - editable
    if unknown:
        raise ValidationError({name: [_("Este campo no se puede editar.")] for name in sorted(unknown)})
    merged = {name: getattr(c, name) for name in editable} | data
    for name in ("title", "description", "eligibility"):
        merged[name] = _clean_text(merged[name])
    errors = _validate_call(merged)
    if errors:
        raise ValidationError(errors)
    before = snapshot(c, CALL_FIELDS)
    for name, value in merged.items():
        setattr(c, name, value)
    c.save()
    audit_record(actor=actor, action="innovation.call_update", obj=c, before=before, after=snapshot(c, CALL_FIELDS))
    return c


def _criteria_errors(criteria: list[CriterionInput]) -> dict[str, list[str]]:
    messages: list[str] = []
    if not criteria:
        messages.append(_("Defina al menos un criterio de evaluación."))
    if len(criteria) > MAX_CRITERIA:
        messages.append(_("Máximo %(n)s criterios.") % {"n": MAX_CRITERIA})
    seen: set[str] = set()
    for i, item in enumerate(criteria, start=1):
        name = _clean_text(item.name)
        if not name:
            messages.append(_("El criterio %(i)s no tiene nombre.") % {"i": i})
        elif len(name) > 200:
            messages.append(_("El nombre del criterio %(i)s supera 200 caracteres.") % {"i": i})
        elif "\x00" in name or "\x00" in item.description:
            messages.append(_("El criterio %(i)s contiene caracteres no permitidos.") % {"i": i})
        elif fold(name) in seen:
            messages.append(_("El criterio «%(name)s» está repetido.") % {"name": name})
        seen.add(fold(name))
        weight = item.weight
        if not isinstance(weight, int) or isinstance(weight, bool) or not 1 <= weight <= 100:
            messages.append(_("La ponderación del criterio %(i)s debe ser un entero entre 1 y 100.") % {"i": i})
    if not messages:
        total = sum(item.weight for item in criteria)
        if total != 100:
            messages.append(_("Las ponderaciones deben sumar 100; ahora suman %(t)s.") % {"t": total})
    return {"criteria": messages} if messages else {}


@transaction.atomic
def call_criteria_set(*, actor: Any, call: Call, criteria: list[CriterionInput]) -> list[Criterion]:
    """Replace every criterion of a draft call (weights 1–100 summing to 100). Published criteria
    are frozen: suppliers must know in advance how they will be judged."""
    c = _locked_call(call)
    if c.status != CallStatus.DRAFT:
        raise ValidationError({"criteria": [_("Los criterios de una convocatoria publicada no se pueden cambiar.")]})
    errors = _criteria_errors(criteria)
    if errors:
        raise ValidationError(errors)
    before = [{"name": x.name, "weight": x.weight} for x in c.criteria.order_by("order", "pk")]
    c.criteria.all().delete()
    created = Criterion.objects.bulk_create(
        [
            Criterion(
                call=c,
                name=_clean_text(item.name),
                description=_clean_text(item.description),
                weight=item.weight,
                order=i,
            )
            for i, item in enumerate(criteria)
        ]
    )
    audit_record(
        actor=actor,
        action="innovation.call_criteria_set",
        obj=c,
        before={"criteria": before},
        after={"criteria": [{"name": x.name, "weight": x.weight} for x in created]},
    )
    return list(c.criteria.order_by("order", "pk"))


@transaction.atomic
def call_publish(*, actor: Any, call: Call, now: datetime | None = None) -> Call:
    """Publish a draft call: its criteria (≥ 1, weights summing to 100), text and opening date
    are frozen from now on. The close must be in the future."""
    now = now or timezone.now()
    c = _locked_call(call)
    if c.status != CallStatus.DRAFT:
        raise ValidationError(_("Solo se publica una convocatoria en borrador."))
    criteria = [CriterionInput(x.name, x.weight, x.description) for x in c.criteria.order_by("order", "pk")]
    errors = _criteria_errors(criteria)
    if c.closes_at <= now:
        errors["closes_at"] = [_("La fecha de cierre ya pasó: extiéndala antes de publicar.")]
    if errors:
        raise ValidationError(errors)
    before = snapshot(c, CALL_FIELDS)
    c.status = CallStatus.PUBLISHED
    c.published_at = now
    check_and_bump(c, None)
    c.save(update_fields=["status", "published_at", "row_version", "updated_at"])
    audit_record(
        actor=actor,
        action="innovation.call_publish",
        obj=c,
        before=before,
        after={**snapshot(c, CALL_FIELDS), "criteria": [{"name": x.name, "weight": x.weight} for x in criteria]},
    )
    return c


@transaction.atomic
def call_extend_close(*, actor: Any, call: Call, closes_at: datetime, now: datetime | None = None) -> Call:
    """Move a published call's close later (never earlier: applicants plan on the published date)."""
    now = now or timezone.now()
    c = _locked_call(call)
    if c.status != CallStatus.PUBLISHED:
        raise ValidationError(_("Solo se extiende una convocatoria publicada."))
    if c.closes_at <= now:
        # Reopening a closed call would let proposals change while the committee scores them.
        raise ValidationError(_("La convocatoria ya cerró; no se puede extender su plazo."), code="closed")
    if closes_at is None or closes_at <= c.closes_at:
        raise ValidationError({"closes_at": [_("La nueva fecha de cierre debe ser posterior a la actual.")]})
    if closes_at <= now:
        raise ValidationError({"closes_at": [_("La nueva fecha de cierre debe ser futura.")]})
    before = {"closes_at": c.closes_at.isoformat()}
    c.closes_at = closes_at
    check_and_bump(c, None)
    c.save(update_fields=["closes_at", "row_version", "updated_at"])
    audit_record(
        actor=actor,
        action="innovation.call_extend_close",
        obj=c,
        before=before,
        after={"closes_at": c.closes_at.isoformat()},
    )
    return c


@transaction.atomic
def call_cancel(*, actor: Any, call: Call, now: datetime | None = None) -> Call:
    """Cancel a draft or published call. Its published challenges are closed (no proposal can be
    made to a cancelled call) and their municipalities' engagement is done."""
    now = now or timezone.now()
    c = _locked_call(call)
    if c.status == CallStatus.CANCELLED:
        raise ValidationError(_("La convocatoria ya está cancelada."))
    before = snapshot(c, CALL_FIELDS)
    c.status = CallStatus.CANCELLED
    check_and_bump(c, None)
    c.save(update_fields=["status", "row_version", "updated_at"])
    closed = []
    for challenge in Challenge.objects.select_for_update().filter(call=c, status=ChallengeStatus.PUBLISHED):
        challenge.status = ChallengeStatus.CLOSED
        check_and_bump(challenge, None)
        challenge.save(update_fields=["status", "row_version", "updated_at"])
        _close_tracks(c=challenge, actor=actor, at=now)
        closed.append(challenge.pk)
    audit_record(
        actor=actor,
        action="innovation.call_cancel",
        obj=c,
        before=before,
        after={**snapshot(c, CALL_FIELDS), "closed_challenges": closed},
    )
    return c


# --- Questions and answers --------------------------------------------------------------------

MAX_QUESTION = 2000
MAX_ANSWER = 5000


@transaction.atomic
def question_ask(
    *,
    actor: Any,
    call: Call,
    text: str,
    anonymous: bool = True,
    challenge: Challenge | None = None,
    now: datetime | None = None,
) -> Question:
    """Ask on a published call's public board (until it closes). Anonymous questions hide the
    asker from everyone but the hub team; the answer will be public to all."""
    now = now or timezone.now()
    if _user(actor) is None:
        raise ValidationError(_("Inicie sesión para preguntar."))
    text = _clean_text(text)
    errors: dict[str, list[str]] = {}
    if not text:
        errors["text"] = [_("Escriba su pregunta.")]
    elif len(text) > MAX_QUESTION:
        errors["text"] = [_("Máximo %(n)s caracteres.") % {"n": MAX_QUESTION}]
    elif "\x00" in text:
        errors["text"] = [_("Contiene caracteres no permitidos.")]
    if call.status != CallStatus.PUBLISHED:
        errors["call"] = [_("Solo se pregunta en convocatorias publicadas.")]
    elif call.closes_at <= now:
        errors["call"] = [_("La convocatoria ya cerró: no recibe preguntas.")]
    if challenge is not None and (challenge.call_id != call.pk or challenge.status != ChallengeStatus.PUBLISHED):
        errors["challenge"] = [_("Ese desafío no está publicado en esta convocatoria.")]
    if errors:
        raise ValidationError(errors)
    question = Question.objects.create(
        call=call, challenge=challenge, text=text, asked_by=_user(actor), anonymous=bool(anonymous)
    )
    audit_record(
        actor=actor,
        action="innovation.question_ask",
        obj=question,
        object_repr=_("Pregunta %(n)s") % {"n": question.pk},
        after={"call": call.pk, "challenge": challenge.pk if challenge else None, "anonymous": question.anonymous},
    )
    return question


@transaction.atomic
def question_answer(*, actor: Any, question: Question, answer: str, now: datetime | None = None) -> Question:
    """Answer (or correct the answer to) a question; the answer is public to every applicant.
    When a municipality answers about its own challenge, that counts as its activity."""
    now = now or timezone.now()
    q = Question.objects.select_for_update(of=("self",)).select_related("challenge").get(pk=question.pk)
    answer = _clean_text(answer)
    if not answer:
        raise ValidationError({"answer": [_("Escriba la respuesta.")]})
    if len(answer) > MAX_ANSWER:
        raise ValidationError({"answer": [_("Máximo %(n)s caracteres.") % {"n": MAX_ANSWER}]})
    if "\x00" in answer:
        raise ValidationError({"answer": [_("Contiene caracteres no permitidos.")]})
    before = {"answer": q.answer}
    q.answer = answer
    q.answered_by = _user(actor)
    q.answered_at = now
    q.save(update_fields=["answer", "answered_by", "answered_at"])
    own_org = getattr(_user(actor), "organization_id", None)
    if q.challenge is not None and own_org is not None and getattr(actor, "role", "") == "municipal":
        track = engagement_selectors.track_get(
            process=PROCESS, subject_key=subject_key(q.challenge), organization_id=own_org
        )
        if track is not None:
            engagement_services.track_activity(
                process=PROCESS,
                subject_key=subject_key(q.challenge),
                organization=own_org,
                actor=actor,
                status="in_progress",
                at=now,
            )
    audit_record(
        actor=actor,
        action="innovation.question_answer",
        obj=q,
        object_repr=_("Pregunta %(n)s") % {"n": q.pk},
        before=before,
        after={"answer": q.answer},
    )
    return q


# --- Events -----------------------------------------------------------------------------------


def _validate_event(data: dict[str, Any]) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    _check_text(errors, data)
    if not data.get("title"):
        errors.setdefault("title", []).append(_("Indique un título."))
    elif len(data["title"]) > 200:
        errors.setdefault("title", []).append(_("Máximo 200 caracteres."))
    if not data.get("description"):
        errors.setdefault("description", []).append(_("Describa el evento."))
    if len(data.get("place", "")) > 200:
        errors.setdefault("place", []).append(_("Máximo 200 caracteres."))
    starts, ends = data.get("starts_at"), data.get("ends_at")
    if starts is None:
        errors.setdefault("starts_at", []).append(_("Indique el inicio."))
    if ends is None:
        errors.setdefault("ends_at", []).append(_("Indique el término."))
    if starts is not None and ends is not None and ends <= starts:
        errors.setdefault("ends_at", []).append(_("El término debe ser posterior al inicio."))
    capacity = data.get("capacity")
    if not isinstance(capacity, int) or isinstance(capacity, bool) or not 1 <= capacity <= 100_000:
        errors.setdefault("capacity", []).append(_("Indique los cupos: un entero entre 1 y 100.000."))
    if not data.get("place") and not data.get("online_url"):
        errors.setdefault("place", []).append(_("Indique un lugar o un enlace de transmisión."))
    return errors


@transaction.atomic
def event_create(
    *,
    actor: Any,
    title: str,
    description: str,
    starts_at: datetime,
    ends_at: datetime,
    capacity: int,
    place: str = "",
    online_url: str = "",
    call: Call | None = None,
    is_demo: bool = False,
) -> Event:
    data = {
        "title": _clean_text(title),
        "description": _clean_text(description),
        "starts_at": starts_at,
        "ends_at": ends_at,
        "capacity": capacity,
        "place": _clean_text(place),
        "online_url": _clean_text(online_url),
    }
    errors = _validate_event(data)
    if errors:
        raise ValidationError(errors)
    event = Event.objects.create(**data, call=call, created_by=_user(actor), is_demo=is_demo)
    audit_record(actor=actor, action="innovation.event_create", obj=event, after=snapshot(event, EVENT_FIELDS))
    return event


@transaction.atomic
def event_update(*, actor: Any, event: Event, data: dict[str, Any], expected_version: int | None) -> Event:
    """Edit an event; its capacity never drops below the people already registered. Raises
    StaleVersion if `expected_version` (None: internal callers) is not the saved one."""
    e = Event.objects.select_for_update().get(pk=event.pk)
    check_and_bump(e, expected_version)
    editable = {"title", "description", "starts_at", "ends_at", "capacity", "place", "online_url", "call"}
    unknown = set(data) - editable
    if unknown:
        raise ValidationError({name: [_("Este campo no se puede editar.")] for name in sorted(unknown)})
    merged = {name: getattr(e, name) for name in editable} | data
    for name in ("title", "description", "place", "online_url"):
        merged[name] = _clean_text(merged[name])
    errors = _validate_event(merged)
    registered = e.registrations.count()
    if "capacity" not in errors and merged["capacity"] < registered:
        errors["capacity"] = [_("Ya hay %(n)s personas inscritas: los cupos no pueden ser menos.") % {"n": registered}]
    if errors:
        raise ValidationError(errors)
    before = snapshot(e, EVENT_FIELDS)
    for name, value in merged.items():
        setattr(e, name, value)
    e.save()
    audit_record(actor=actor, action="innovation.event_update", obj=e, before=before, after=snapshot(e, EVENT_FIELDS))
    return e


@transaction.atomic
def event_register(
    *,
    actor: Any,
    event: Event,
    full_name: str,
    email: str,
    organization_name: str = "",
    now: datetime | None = None,
) -> EventRegistration:
    """Register one person (anonymous visitors too) while seats remain and before the event ends.

    The event row is locked while seats are counted, so two people racing for the last seat
    never both get it. One registration per e-mail and event (also enforced by the database)."""
    now = now or timezone.now()
    full_name = _clean_text(full_name)
    email = _clean_text(email).lower()
    organization_name = _clean_text(organization_name)
    errors: dict[str, list[str]] = {}
    _check_text(errors, {"full_name": full_name, "email": email, "organization_name": organization_name})
    if not full_name:
        errors.setdefault("full_name", []).append(_("Indique su nombre."))
    elif len(full_name) > 200:
        errors.setdefault("full_name", []).append(_("Máximo 200 caracteres."))
    if len(organization_name) > 200:
        errors.setdefault("organization_name", []).append(_("Máximo 200 caracteres."))
    try:
        validate_email(email)
    except ValidationError:
        errors.setdefault("email", []).append(_("Indique un correo válido."))
    if errors:
        raise ValidationError(errors)
    e = Event.objects.select_for_update().get(pk=event.pk)
    if e.ends_at <= now:
        raise ValidationError(_("El evento ya terminó: no recibe inscripciones."))
    if e.registrations.filter(email=email).exists():
        raise ValidationError({"email": [_("Ese correo ya está inscrito en este evento.")]})
    if e.registrations.count() >= e.capacity:
        raise ValidationError(_("No quedan cupos para este evento."))
    try:
        with transaction.atomic():
            registration = EventRegistration.objects.create(
                event=e,
                user=_user(actor),
                full_name=full_name,
                email=email,
                organization_name=organization_name,
            )
    except IntegrityError:
        raise ValidationError({"email": [_("Ese correo ya está inscrito en este evento.")]}) from None
    audit_record(
        actor=actor,
        action="innovation.event_register",
        obj=registration,
        object_repr=_("Inscripción %(n)s en %(event)s") % {"n": registration.pk, "event": e.title},
        after={"event": e.pk},
    )
    return registration


@transaction.atomic
def event_set_attendance(*, actor: Any, event: Event, attended: dict[int, bool | None]) -> int:
    """Record who came (registration id → True/False, None: unknown). Ids of other events are
    refused. Returns how many registrations changed."""
    e = Event.objects.select_for_update().get(pk=event.pk)
    rows = {r.pk: r for r in EventRegistration.objects.filter(event=e, pk__in=list(attended))}
    unknown = sorted(set(attended) - set(rows))
    if unknown:
        raise ValidationError(
            {"attended": [_("Inscripciones desconocidas en este evento: %(ids)s.") % {"ids": unknown}]}
        )
    changed = [r for pk, r in rows.items() if r.attended != attended[pk]]
    before = {str(r.pk): r.attended for r in changed}
    for r in changed:
        r.attended = attended[r.pk]
    EventRegistration.objects.bulk_update(changed, ["attended"])
    audit_record(
        actor=actor,
        action="innovation.event_set_attendance",
        obj=e,
        before=before,
        after={str(r.pk): r.attended for r in changed},
    )
    return len(changed)
