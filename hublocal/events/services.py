"""Events writes: events and their life cycle, registrations with a waitlist, demo-day pitches and
municipal interest, awards (editions, categories, jury, nominations, scores, winners).

Every function is atomic and audited. An event:

    draft ──▶ published ──▶ closed ──▶ held
                 └──────────┴────────▶ cancelled

A registration takes a seat while seats are left, else the end of the waitlist; a cancelled seat
goes to the first person waiting in the same transaction (the event row is locked with
select_for_update, as training cohorts do), so capacity is never exceeded under concurrency."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from hublocal.audit.services import audit_record
from hublocal.core import validation
from hublocal.core.locking import check_and_bump
from hublocal.core.permissions import is_hub_staff, organization_id
from hublocal.directory import selectors as directory_selectors
from hublocal.library import selectors as library_selectors
from hublocal.notifications import services as notification_services
from hublocal.pilots import selectors as pilot_selectors
from hublocal.solutions import selectors as solution_selectors

from . import rubric as rubrics
from .models import (
    AwardCategory,
    AwardEdition,
    AwardStatus,
    Event,
    EventKind,
    EventStatus,
    Juror,
    Nomination,
    ParticipantType,
    PaymentStatus,
    Pitch,
    PitchInterest,
    PitchStatus,
    Registration,
    RegistrationStatus,
    Score,
)
from .permissions import Action, can

MAX_TEXT = 20_000
MAX_CAPACITY = 100_000
MAX_FEE = 100_000_000
TRANSITIONS = {
    EventStatus.DRAFT: (EventStatus.PUBLISHED, EventStatus.CANCELLED),
    EventStatus.PUBLISHED: (EventStatus.CLOSED, EventStatus.HELD, EventStatus.CANCELLED),
    EventStatus.CLOSED: (EventStatus.PUBLISHED, EventStatus.HELD, EventStatus.CANCELLED),
    EventStatus.HELD: (),
    EventStatus.CANCELLED: (),
}
AWARD_TRANSITIONS = {AwardStatus.NOMINATING: AwardStatus.JUDGING}
ORG_KIND_TO_TYPE = {
    "municipality": ParticipantType.MUNICIPAL,
    "startup": ParticipantType.STARTUP,
    "university": ParticipantType.PARTNER,
    "central_state": ParticipantType.PARTNER,
    "cooperation": ParticipantType.PARTNER,
    "civil_society": ParticipantType.PARTNER,
    "hub": ParticipantType.PARTNER,
}


def _text(value: Any, field: str, *, required: bool, maximum: int = MAX_TEXT) -> str:
    return validation.clean_text(value, field, required=required, maximum=maximum)


_collect = validation.collect


def _unique_slug(model: Any, text: str, exclude: int | None = None) -> str:
    return validation.unique_slug(model, text, exclude, fallback="evento")


def _url(value: Any, field: str) -> str:
    url = _text(value, field, required=False, maximum=300)
    if url and urlsplit(url).scheme not in ("http", "https"):
        raise ValidationError({field: [_("Use una dirección que empiece con https://.")]})
    return url


def _aware(value: Any, zone: ZoneInfo | None, field: str) -> datetime | None:
    if not isinstance(value, datetime):
        raise ValidationError({field: [_("Indique fecha y hora.")]})
    if timezone.is_aware(value):
        return value
    return value.replace(tzinfo=zone) if zone is not None else None


# --- Events ------------------------------------------------------------------------------------


def _clean_event(data: dict[str, Any]) -> dict[str, Any]:
    errors: dict[str, list[str]] = {}
    kind = data.get("kind")
    if kind not in EventKind.values:
        errors["kind"] = [_("Elija un tipo de evento de la lista.")]
    title = _collect(errors, lambda: _text(data.get("title"), "title", required=True, maximum=200))
    description = _collect(errors, lambda: _text(data.get("description"), "description", required=False))
    tz = str(data.get("timezone") or "").strip()
    zone: ZoneInfo | None = None
    try:
        zone = ZoneInfo(tz) if tz and "\x00" not in tz and len(tz) <= 60 else None
    except (ZoneInfoNotFoundError, ValueError):
        zone = None
    if zone is None:
        errors["timezone"] = [_("Zona horaria desconocida: use un nombre IANA como America/Santiago.")]
    times = {}
    for f in ("starts_at", "ends_at", "registration_opens_at", "registration_closes_at"):
        times[f] = _collect(errors, lambda f=f: _aware(data.get(f), zone, f))
    if times["starts_at"] and times["ends_at"] and times["ends_at"] <= times["starts_at"]:
        errors["ends_at"] = [_("El término debe ser posterior al inicio.")]
    opens, closes = times["registration_opens_at"], times["registration_closes_at"]
    if opens and closes and closes <= opens:
        errors["registration_closes_at"] = [_("El cierre de inscripciones debe ser posterior a su apertura.")]
    if closes and times["ends_at"] and closes > times["ends_at"]:
        errors["registration_closes_at"] = [_("Las inscripciones deben cerrar antes de que termine el evento.")]
    place = _collect(errors, lambda: _text(data.get("place"), "place", required=False, maximum=200))
    online_url = _collect(errors, lambda: _url(data.get("online_url"), "online_url"))
    if not place and not online_url and "place" not in errors and "online_url" not in errors:
        errors["place"] = [_("Indique un lugar o un enlace de conexión.")]
    capacity = data.get("capacity")
    if not isinstance(capacity, int) or isinstance(capacity, bool) or not 1 <= capacity <= MAX_CAPACITY:
        errors["capacity"] = [_("Indique los cupos: un número entre 1 y %(n)s.") % {"n": MAX_CAPACITY}]
    fees = {}
    for t in ParticipantType.values:
        value = data.get(f"fee_{t}", 0) or 0
        if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= MAX_FEE:
            errors[f"fee_{t}"] = [_("Indique un valor en pesos entre 0 y %(n)s.") % {"n": MAX_FEE}]
        fees[f"fee_{t}"] = value
    organiser_ids = [int(i) for i in (data.get("organisers") or [])]
    organisers = directory_selectors.organizations_with_commune(ids=organiser_ids) if organiser_ids else []
    if len(organisers) != len(set(organiser_ids)):
        errors["organisers"] = [_("Elija organizaciones del directorio.")]
    if errors:
        raise ValidationError(errors)
    return {
        "kind": kind,
        "title": title,
        "description": description,
        "timezone": tz,
        **times,
        "place": place,
        "online_url": online_url,
        "capacity": capacity,
        **fees,
        "_organisers": organisers,
    }


def _json(values: dict[str, Any]) -> dict[str, Any]:
    # The audit trail stores JSON: times as ISO text.
    return {k: v.isoformat() if isinstance(v, datetime) else v for k, v in values.items()}


def _audit_view(clean: dict[str, Any]) -> dict[str, Any]:
    out = _json({k: v for k, v in clean.items() if not k.startswith("_")})
    out["organisers"] = [o.pk for o in clean.get("_organisers", [])]
    return out


@transaction.atomic
def event_create(*, actor: Any, data: dict[str, Any], is_demo: bool = False) -> Event:
    """A new event in draft (staff). data: the fields of EventForm; naive datetimes are wall time
    in data["timezone"]. Raises ValidationError with every problem at once."""
    if not can(actor, Action.MANAGE_EVENTS):
        raise ValidationError(_("Solo el equipo del Hub crea eventos."))
    clean = _clean_event(data)
    organisers = clean.pop("_organisers")
    event = Event.objects.create(slug=_unique_slug(Event, clean["title"]), is_demo=is_demo, **clean)
    event.organisers.set(organisers)
    audit_record(
        actor=actor, action="events.event_create", obj=event, after=_audit_view(clean | {"_organisers": organisers})
    )
    return event


@transaction.atomic
def event_update(*, actor: Any, event: Event, data: dict[str, Any], expected_version: int | None) -> Event:
    if not can(actor, Action.MANAGE_EVENTS, event):
        raise ValidationError(_("Solo el equipo del Hub edita eventos."))
    locked = Event.objects.select_for_update().get(pk=event.pk)
    check_and_bump(locked, expected_version)
    clean = _clean_event(data)
    organisers = clean.pop("_organisers")
    seated = Registration.objects.filter(event=locked, status=RegistrationStatus.CONFIRMED).count()
    if clean["capacity"] < seated:
        raise ValidationError(
            {"capacity": [_("Ya hay %(n)s personas inscritas: los cupos no pueden ser menos.") % {"n": seated}]}
        )
    before = {k: getattr(locked, k) for k in clean}
    for k, v in clean.items():
        setattr(locked, k, v)
    locked.save()
    locked.organisers.set(organisers)
    audit_record(
        actor=actor,
        action="events.event_update",
        obj=locked,
        before=_json(before),
        after=_audit_view(clean | {"_organisers": organisers}),
    )
    # More seats: the waitlist moves up at once.
    while _promote_next(locked) is not None:
        pass
    return locked


@transaction.atomic
def event_set_status(*, actor: Any, event: Event, status: str, expected_version: int | None = None) -> Event:
    if not can(actor, Action.MANAGE_EVENTS, event):
        raise ValidationError(_("Solo el equipo del Hub cambia el estado de un evento."))
    locked = Event.objects.select_for_update().get(pk=event.pk)
    if status not in TRANSITIONS.get(locked.status, ()):  # type: ignore[call-overload]
        raise ValidationError(
            _("Un evento «%(a)s» no puede pasar a «%(b)s».")
            % {"a": locked.get_status_display(), "b": dict(EventStatus.choices).get(status, status)}
        )
    check_and_bump(locked, expected_version)
    before = locked.status
    locked.status = status
    locked.save(update_fields=["status", "row_version", "updated_at"])
    audit_record(
        actor=actor, action="events.event_status", obj=locked, before={"status": before}, after={"status": status}
    )
    if status == EventStatus.CANCELLED:
        people = [
            r.user
            for r in Registration.objects.filter(event=locked)
            .exclude(status=RegistrationStatus.CANCELLED)
            .select_related("user")
            if r.user is not None
        ]
        notification_services.notify(
            users=people,
            kind="events.event_cancelled",
            title=_("Evento cancelado: %(t)s") % {"t": locked.title},
            body=_("El Hub canceló este evento. Disculpe las molestias."),
            url=reverse("events:detail", kwargs={"slug": locked.slug}),
        )
    return locked


def event_ics(event: Event) -> bytes:
    """The event as an iCalendar file in its own time zone (no connection link: the file may be
    shared; registered people read the link on the page)."""
    return notification_services.ics_event(
        uid=f"event-{event.pk}@hublocal",
        title=event.title,
        start=event.starts_at,
        end=event.ends_at,
        tz=event.timezone,
        location=event.place or _("En línea"),
        url=reverse("events:detail", kwargs={"slug": event.slug}),
        description=event.description[:2000],
    )


# --- Registrations -----------------------------------------------------------------------------


def participant_type_of(user: Any) -> str:
    """The fee category of an account, from its organisation's kind (none: public)."""
    org = getattr(user, "organization", None)
    return ORG_KIND_TO_TYPE.get(getattr(org, "kind", ""), ParticipantType.PUBLIC)


def _locked_event(event: Event) -> Event:
    return Event.objects.select_for_update().get(pk=event.pk)


def _seats_taken(event: Event) -> int:
    return Registration.objects.filter(event=event, status=RegistrationStatus.CONFIRMED).count()


def _next_waitlist_position(event: Event) -> int:
    top = Registration.objects.filter(event=event).aggregate(m=Max("waitlist_position"))["m"]
    return (top or 0) + 1


def registration_problems(*, event: Event, now: datetime | None = None) -> list[str]:
    """Why nobody may register to this event now, in words (empty: open)."""
    now = now or timezone.now()
    if event.status != EventStatus.PUBLISHED:
        return [_("Este evento no está recibiendo inscripciones.")]
    if now < event.registration_opens_at:
        return [
            _("Las inscripciones abren el %(d)s.")
            % {"d": timezone.localtime(event.registration_opens_at).strftime("%d-%m-%Y %H:%M")}
        ]
    if now > event.registration_closes_at:
        return [_("Las inscripciones cerraron.")]
    return []


def _confirmation(registration: Registration, event: Event) -> None:
    notification_services.notify(
        users=[registration.user],
        kind="events.registration_confirmed",
        title=_("Inscripción confirmada: %(t)s") % {"t": event.title},
        body=_("Adjuntamos la invitación para su calendario. Valor: $%(fee)s CLP.") % {"fee": registration.fee},
        url=reverse("events:detail", kwargs={"slug": event.slug}),
        ics=event_ics(event),
        dedupe_key=f"events.registration_confirmed:{registration.pk}:{registration.registered_at.timestamp()}",
    )


@transaction.atomic
def registration_create(*, actor: Any, event: Event, now: datetime | None = None) -> Registration:
    """Register the signed-in person. A seat while any is left, else the end of the waitlist (a
    success; its status says so). Raises ValidationError outside the window or for a second
    registration (a cancelled one is re-opened)."""
    now = now or timezone.now()
    event = _locked_event(event)
    if not can(actor, Action.REGISTER, event):
        raise ValidationError(_("Inicie sesión para inscribirse."))
    problems = registration_problems(event=event, now=now)
    if problems:
        raise ValidationError({"__all__": problems})
    existing = Registration.objects.select_for_update().filter(event=event, user=actor).first()
    if existing is not None and existing.status != RegistrationStatus.CANCELLED:
        raise ValidationError({"__all__": [_("Ya está inscrita o inscrito en este evento.")]})
    kind = participant_type_of(actor)
    fee = event.fee_for(kind)
    full = _seats_taken(event) >= event.capacity
    registration = existing or Registration(event=event, user=actor)
    registration.full_name = (actor.get_full_name() or actor.get_username()).strip()[:200]
    registration.email = actor.email or ""
    registration.organization = getattr(actor, "organization", None)
    registration.participant_type = kind
    registration.fee = fee
    registration.payment_status = PaymentStatus.PENDING if fee else PaymentStatus.NOT_DUE
    registration.status = RegistrationStatus.WAITLISTED if full else RegistrationStatus.CONFIRMED
    registration.waitlist_position = _next_waitlist_position(event) if full else None
    registration.registered_at = now
    registration.cancelled_at = None
    try:
        with transaction.atomic():
            registration.save()
    except IntegrityError:
        # Two clicks at once: the constraint decides, the second is told plainly.
        raise ValidationError({"__all__": [_("Ya está inscrita o inscrito en este evento.")]}) from None
    audit_record(
        actor=actor,
        action="events.registration_create",
        obj=registration,
        after={"event": event.pk, "status": registration.status, "fee": fee, "type": kind},
    )
    if registration.status == RegistrationStatus.CONFIRMED:
        _confirmation(registration, event)
    return registration


def _promote_next(event: Event) -> Registration | None:
    """Give a free seat to the first person waiting, and tell them. Precondition: the event row
    is locked by the caller's transaction."""
    if _seats_taken(event) >= event.capacity:
        return None
    candidate = (
        Registration.objects.select_for_update(of=("self",))
        .select_related("user")
        .filter(event=event, status=RegistrationStatus.WAITLISTED)
        .order_by("waitlist_position", "pk")
        .first()
    )
    if candidate is None:
        return None
    candidate.status = RegistrationStatus.CONFIRMED
    candidate.waitlist_position = None
    candidate.save(update_fields=["status", "waitlist_position"])
    audit_record(
        actor=None,
        action="events.waitlist_promote",
        obj=candidate,
        before={"status": RegistrationStatus.WAITLISTED},
        after={"status": candidate.status},
    )
    if candidate.user is not None:
        _confirmation(candidate, event)
    return candidate


@transaction.atomic
def registration_cancel(*, actor: Any, registration: Registration) -> Registration:
    """Cancel one's own registration (or, for staff, anyone's); a freed seat goes to the first
    person waiting in the same transaction."""
    if registration.user_id != getattr(actor, "pk", None) and not is_hub_staff(actor):
        raise ValidationError(_("Solo puede cancelar su propia inscripción."))
    event = _locked_event(registration.event)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status == RegistrationStatus.CANCELLED:
        raise ValidationError({"__all__": [_("Esta inscripción ya estaba cancelada.")]})
    if event.status in (EventStatus.HELD, EventStatus.CANCELLED):
        raise ValidationError({"__all__": [_("El evento ya terminó o fue cancelado.")]})
    before = {"status": registration.status}
    freed = registration.status == RegistrationStatus.CONFIRMED
    registration.status = RegistrationStatus.CANCELLED
    registration.waitlist_position = None
    registration.cancelled_at = timezone.now()
    registration.save(update_fields=["status", "waitlist_position", "cancelled_at"])
    audit_record(
        actor=actor, action="events.registration_cancel", obj=registration, before=before, after={"status": "cancelled"}
    )
    if freed:
        _promote_next(event)
    return registration


@transaction.atomic
def registration_set_payment(*, actor: Any, registration: Registration, payment_status: str) -> Registration:
    """Staff record a payment (or waive the fee)."""
    if not can(actor, Action.VIEW_REGISTRANTS, registration.event):
        raise ValidationError(_("Solo el equipo del Hub registra pagos."))
    if payment_status not in (PaymentStatus.PENDING, PaymentStatus.PAID, PaymentStatus.WAIVED):
        raise ValidationError({"payment_status": [_("Elija pendiente, pagado o exento.")]})
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.fee == 0:
        raise ValidationError({"payment_status": [_("Esta inscripción no tiene costo.")]})
    before = {"payment_status": registration.payment_status}
    registration.payment_status = payment_status
    registration.save(update_fields=["payment_status"])
    audit_record(
        actor=actor,
        action="events.payment_status",
        obj=registration,
        before=before,
        after={"payment_status": payment_status},
    )
    return registration


# --- Demo days ---------------------------------------------------------------------------------


@transaction.atomic
def pitch_apply(*, actor: Any, event: Event, solution_id: int | None, summary: str) -> Pitch:
    """A startup applies to pitch one of its own solutions at a published demo day."""
    if not can(actor, Action.APPLY_PITCH, event):
        raise ValidationError(_("Solo las startups postulan a presentar en un demo day."))
    errors: dict[str, list[str]] = {}
    if event.status != EventStatus.PUBLISHED:
        errors["__all__"] = [_("Este demo day no está recibiendo postulaciones.")]
    own = organization_id(actor)
    solution = solution_selectors.solution_get(pk=solution_id) if solution_id else None
    if solution is None or solution.organization_id != own:
        errors["solution"] = [_("Elija una solución de su propia startup.")]
    text = _collect(errors, lambda: _text(summary, "summary", required=True, maximum=2000))
    if text is not None and len(text) < 30:
        errors["summary"] = [_("Cuente en al menos 30 caracteres qué mostrará.")]
    if solution is not None and Pitch.objects.filter(event=event, solution_id=solution.pk).exists():
        errors["solution"] = [_("Esa solución ya está postulada a este demo day.")]
    if errors:
        raise ValidationError(errors)
    assert solution is not None and own is not None
    try:
        with transaction.atomic():
            pitch = Pitch.objects.create(
                event=event,
                organization_id=own,
                solution_id=solution.pk,
                solution_name=solution.name[:200],
                summary=text,
                applied_by=actor,
            )
    except IntegrityError:
        raise ValidationError({"solution": [_("Esa solución ya está postulada a este demo day.")]}) from None
    audit_record(
        actor=actor, action="events.pitch_apply", obj=pitch, after={"event": event.pk, "solution": solution.pk}
    )
    return pitch


@transaction.atomic
def pitch_decide(
    *, actor: Any, pitch: Pitch, status: str, agenda_order: int | None = None, expected_version: int | None = None
) -> Pitch:
    """Staff select (with a place in the agenda) or reject a pitch; the startup is told."""
    if not can(actor, Action.MANAGE_EVENTS):
        raise ValidationError(_("Solo el equipo del Hub selecciona los pitches."))
    if status not in (PitchStatus.SELECTED, PitchStatus.REJECTED, PitchStatus.APPLIED):
        raise ValidationError({"status": [_("Elija seleccionado, no seleccionado o postulado.")]})
    if status == PitchStatus.SELECTED and (agenda_order is None or not 1 <= agenda_order <= 1000):
        raise ValidationError({"agenda_order": [_("Indique el lugar en la agenda (1 a 1000).")]})
    locked = Pitch.objects.select_for_update(of=("self",)).select_related("event").get(pk=pitch.pk)
    check_and_bump(locked, expected_version)
    before = {"status": locked.status, "agenda_order": locked.agenda_order}
    locked.status = status
    locked.agenda_order = agenda_order if status == PitchStatus.SELECTED else None
    locked.save(update_fields=["status", "agenda_order", "row_version"])
    audit_record(
        actor=actor,
        action="events.pitch_decide",
        obj=locked,
        before=before,
        after={"status": status, "agenda_order": locked.agenda_order},
    )
    if status != before["status"] and status != PitchStatus.APPLIED:
        notification_services.notify(
            users=directory_people(locked.organization_id),
            kind="events.pitch_decided",
            title=(
                _("Su pitch fue seleccionado para «%(e)s»")
                if status == PitchStatus.SELECTED
                else _("Su pitch no fue seleccionado para «%(e)s»")
            )
            % {"e": locked.event.title},
            body=locked.solution_name,
            url=reverse("events:pitch_detail", kwargs={"pk": locked.pk}),
        )
    return locked


def directory_people(org_id: int) -> list[Any]:
    """The accounts of an organisation (who is told about its pitches)."""
    return list(get_user_model().objects.filter(organization_id=org_id, is_active=True))


@transaction.atomic
def pitch_interest(*, actor: Any, pitch: Pitch) -> PitchInterest:
    """A municipality marks interest in a selected pitch; the startup is told."""
    if not can(actor, Action.MARK_INTEREST, pitch):
        raise ValidationError(_("Solo los municipios marcan interés en un pitch."))
    if pitch.status != PitchStatus.SELECTED:
        raise ValidationError({"__all__": [_("Solo se marca interés en pitches de la agenda.")]})
    own = organization_id(actor)
    assert own is not None  # MARK_INTEREST requires an organisation
    if PitchInterest.objects.filter(pitch=pitch, organization_id=own).exists():
        raise ValidationError({"__all__": [_("Su municipio ya marcó interés en este pitch.")]})
    interest = PitchInterest.objects.create(pitch=pitch, organization_id=own, user=actor)
    audit_record(actor=actor, action="events.pitch_interest", obj=pitch, after={"organization": own})
    org_name = getattr(getattr(actor, "organization", None), "name", "")
    notification_services.notify(
        users=directory_people(pitch.organization_id),
        kind="events.pitch_interest",
        title=_("%(m)s se interesó en su pitch «%(s)s»") % {"m": org_name, "s": pitch.solution_name},
        body=_("Puede contactar al municipio desde el directorio."),
        url=reverse("events:pitch_detail", kwargs={"pk": pitch.pk}),
        dedupe_key=f"events.pitch_interest:{pitch.pk}:{own}",
    )
    return interest


# --- Awards ------------------------------------------------------------------------------------


@transaction.atomic
def edition_create(
    *,
    actor: Any,
    title: str,
    year: int,
    description: str = "",
    rubric_slug: str = "municipal-innovation",
    rubric_version: int = 1,
    event: Event | None = None,
    is_demo: bool = False,
) -> AwardEdition:
    if not can(actor, Action.MANAGE_AWARDS):
        raise ValidationError(_("Solo el equipo del Hub crea ediciones de premios."))
    errors: dict[str, list[str]] = {}
    title = _collect(errors, lambda: _text(title, "title", required=True, maximum=200))
    description = _collect(errors, lambda: _text(description, "description", required=False))
    if not isinstance(year, int) or not 2000 <= year <= 2100:
        errors["year"] = [_("Indique un año entre 2000 y 2100.")]
    try:
        rubrics.load(rubric_slug, rubric_version)
    except rubrics.RubricError:
        errors["rubric"] = [_("Elija una rúbrica de la lista.")]
    if errors:
        raise ValidationError(errors)
    edition = AwardEdition.objects.create(
        title=title,
        slug=_unique_slug(AwardEdition, f"{title}-{year}"),
        year=year,
        description=description,
        rubric_slug=rubric_slug,
        rubric_version=rubric_version,
        event=event,
        is_demo=is_demo,
    )
    audit_record(
        actor=actor,
        action="events.edition_create",
        obj=edition,
        after={"title": title, "year": year, "rubric": f"{rubric_slug} v{rubric_version}"},
    )
    return edition


@transaction.atomic
def category_add(*, actor: Any, edition: AwardEdition, name: str, description: str = "") -> AwardCategory:
    if not can(actor, Action.MANAGE_AWARDS, edition):
        raise ValidationError(_("Solo el equipo del Hub define las categorías."))
    errors: dict[str, list[str]] = {}
    name = _collect(errors, lambda: _text(name, "name", required=True, maximum=200))
    description = _collect(errors, lambda: _text(description, "description", required=False, maximum=2000))
    if name and AwardCategory.objects.filter(edition=edition, name__iexact=name).exists():
        errors["name"] = [_("Ya existe una categoría con ese nombre.")]
    if edition.status == AwardStatus.PUBLISHED:
        errors["__all__"] = [_("Los ganadores ya se publicaron.")]
    if errors:
        raise ValidationError(errors)
    position = (edition.categories.aggregate(m=Max("position"))["m"] or 0) + 1
    category = AwardCategory.objects.create(edition=edition, name=name, description=description, position=position)
    audit_record(actor=actor, action="events.category_add", obj=edition, after={"category": name})
    return category


@transaction.atomic
def juror_appoint(*, actor: Any, edition: AwardEdition, username: str) -> Juror:
    """Staff appoint an account to the jury; their organisation is recorded for conflicts."""
    if not can(actor, Action.MANAGE_AWARDS, edition):
        raise ValidationError(_("Solo el equipo del Hub nombra el jurado."))
    username = _text(username, "username", required=True, maximum=150)
    person = get_user_model().objects.select_related("organization").filter(username=username, is_active=True).first()
    if person is None:
        raise ValidationError({"username": [_("No hay una cuenta activa con ese nombre de usuario.")]})
    if Juror.objects.filter(edition=edition, user=person).exists():
        raise ValidationError({"username": [_("Esa persona ya integra el jurado.")]})
    if edition.status == AwardStatus.PUBLISHED:
        raise ValidationError({"__all__": [_("Los ganadores ya se publicaron.")]})
    juror = Juror.objects.create(
        edition=edition,
        user=person,
        full_name=(person.get_full_name() or person.get_username())[:200],
        organization=person.organization,
    )
    audit_record(actor=actor, action="events.juror_appoint", obj=edition, after={"juror": person.pk})
    notification_services.notify(
        users=[person],
        kind="events.juror_appointed",
        title=_("Integra el jurado de «%(t)s»") % {"t": edition.title},
        body=_("Cuando comience la evaluación verá las nominaciones en su inicio."),
        url=reverse("events:jury", kwargs={"slug": edition.slug}),
    )
    return juror


@transaction.atomic
def edition_set_status(*, actor: Any, edition: AwardEdition, status: str) -> AwardEdition:
    """Close nominations and open the jury's evaluation."""
    if not can(actor, Action.MANAGE_AWARDS, edition):
        raise ValidationError(_("Solo el equipo del Hub cambia la etapa del premio."))
    locked = AwardEdition.objects.select_for_update().get(pk=edition.pk)
    if AWARD_TRANSITIONS.get(locked.status) != status:  # type: ignore[call-overload]
        raise ValidationError({"__all__": [_("Ese cambio de etapa no es posible ahora.")]})
    before = locked.status
    locked.status = status
    locked.row_version += 1
    locked.save(update_fields=["status", "row_version"])
    audit_record(
        actor=actor, action="events.edition_status", obj=locked, before={"status": before}, after={"status": status}
    )
    return locked


@transaction.atomic
def nomination_create(
    *,
    actor: Any,
    category: AwardCategory,
    organization_id: int | None,
    title: str,
    description: str,
    evidence_url: str = "",
    pilot_id: int | None = None,
    resource_id: int | None = None,
) -> Nomination:
    """A municipal innovation nominated by its own municipality (or by staff for any)."""
    edition = AwardEdition.objects.get(pk=category.edition_id)
    if not can(actor, Action.NOMINATE, edition):
        raise ValidationError(_("Este premio no está recibiendo nominaciones."))
    errors: dict[str, list[str]] = {}
    if not is_hub_staff(actor):
        organization_id = getattr(actor, "organization_id", None)
    orgs = directory_selectors.organizations_with_commune(ids=[organization_id]) if organization_id else []
    if not orgs or orgs[0].kind != "municipality":
        errors["organization"] = [_("Elija un municipio del directorio.")]
    title = _collect(errors, lambda: _text(title, "title", required=True, maximum=200))
    description = _collect(errors, lambda: _text(description, "description", required=True, maximum=5000))
    evidence_url = _collect(errors, lambda: _url(evidence_url, "evidence_url"))
    if pilot_id is not None and pilot_selectors.pilot_get(pk=pilot_id) is None:
        errors["pilot"] = [_("Ese piloto no existe.")]
    if resource_id is not None and library_selectors.resource_get_public(pk=resource_id) is None:
        errors["resource"] = [_("Ese recurso no está publicado en la biblioteca.")]
    if errors:
        raise ValidationError(errors)
    nomination = Nomination.objects.create(
        category=category,
        organization=orgs[0],
        title=title,
        description=description,
        evidence_url=evidence_url,
        pilot_id=pilot_id,
        resource_id=resource_id,
        nominated_by=actor,
    )
    audit_record(
        actor=actor,
        action="events.nomination_create",
        obj=nomination,
        after={"category": category.pk, "organization": orgs[0].pk},
    )
    return nomination


def conflict_of_interest(juror: Juror, nomination: Nomination) -> bool:
    """A juror does not score a nomination of their own organisation."""
    return juror.organization_id is not None and juror.organization_id == nomination.organization_id


@transaction.atomic
def score_submit(
    *, actor: Any, nomination: Nomination, values: dict[str, Any], no_conflict: bool, comment: str = ""
) -> Score:
    """A juror's final scores of one nomination, with their declaration of no conflict of
    interest. Refused (ValidationError, nothing written) outside judging, for a nomination of
    the juror's own organisation, without the declaration, for a value off the scale or a
    second submission."""
    # Read afresh: the stage may have moved since the caller loaded the nomination.
    edition = AwardEdition.objects.prefetch_related("jurors").get(pk=nomination.category.edition_id)
    if not can(actor, Action.SCORE, edition):
        raise ValidationError(_("Solo el jurado evalúa las nominaciones."))
    juror = Juror.objects.get(edition=edition, user=actor)
    if edition.status != AwardStatus.JUDGING:
        raise ValidationError({"__all__": [_("El jurado evalúa solo durante la etapa de evaluación.")]})
    if conflict_of_interest(juror, nomination):
        raise ValidationError(
            {"__all__": [_("No puede evaluar una nominación de su propia organización (conflicto de interés).")]}
        )
    rubric = rubrics.load(edition.rubric_slug, edition.rubric_version)
    errors: dict[str, list[str]] = {}
    clean: dict[str, int] = {}
    for c in rubric.criteria:
        raw = values.get(c.id)
        try:
            value = int(raw)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            value = None
        if value is None or not rubric.scale_min <= value <= rubric.scale_max or str(raw).strip() != str(value):
            errors[c.id] = [_("Elija un valor de %(a)s a %(b)s.") % {"a": rubric.scale_min, "b": rubric.scale_max}]
        else:
            clean[c.id] = value
    if not no_conflict:
        errors["no_conflict"] = [_("Declare que no tiene conflicto de interés con esta nominación.")]
    comment = _collect(errors, lambda: _text(comment, "comment", required=False, maximum=2000)) or ""
    if Score.objects.filter(nomination=nomination, juror=juror).exists():
        errors["__all__"] = [_("Ya envió su evaluación de esta nominación.")]
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            score = Score.objects.create(
                nomination=nomination,
                juror=juror,
                values=clean,
                weighted=rubric.weighted_mean(clean),
                no_conflict_declared=True,
                comment=comment,
                submitted_at=timezone.now(),
            )
    except IntegrityError:
        raise ValidationError({"__all__": [_("Ya envió su evaluación de esta nominación.")]}) from None
    audit_record(
        actor=actor,
        action="events.score_submit",
        obj=nomination,
        after={"juror": juror.pk, "weighted": str(score.weighted)},
    )
    return score


@transaction.atomic
def winners_publish(*, actor: Any, edition: AwardEdition, winner_ids: list[int]) -> AwardEdition:
    """Staff choose one winner per category (from the results) and publish them."""
    if not can(actor, Action.MANAGE_AWARDS, edition):
        raise ValidationError(_("Solo el equipo del Hub publica a los ganadores."))
    locked = AwardEdition.objects.select_for_update().get(pk=edition.pk)
    if locked.status != AwardStatus.JUDGING:
        raise ValidationError({"__all__": [_("Se publican ganadores al terminar la evaluación del jurado.")]})
    nominations = {n.pk: n for n in Nomination.objects.filter(category__edition=locked)}
    chosen = [nominations[i] for i in winner_ids if i in nominations]
    if not chosen or len(chosen) != len(set(winner_ids)):
        raise ValidationError({"winners": [_("Elija al menos un ganador entre las nominaciones de esta edición.")]})
    per_category: dict[int, int] = {}
    for n in chosen:
        per_category[n.category_id] = per_category.get(n.category_id, 0) + 1
    if any(v > 1 for v in per_category.values()):
        raise ValidationError({"winners": [_("Elija un solo ganador por categoría.")]})
    Nomination.objects.filter(category__edition=locked).update(is_winner=False)
    Nomination.objects.filter(pk__in=[n.pk for n in chosen]).update(is_winner=True)
    locked.status = AwardStatus.PUBLISHED
    locked.published_at = timezone.now()
    locked.row_version += 1
    locked.save(update_fields=["status", "published_at", "row_version"])
    audit_record(actor=actor, action="events.winners_publish", obj=locked, after={"winners": [n.pk for n in chosen]})
    return locked


def mean_of(values: list[Decimal]) -> Decimal | None:
    return (sum(values, Decimal(0)) / len(values)).quantize(Decimal("0.001")) if values else None
