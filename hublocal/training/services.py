"""Training writes: programmes, modules, cohorts and sessions; applications with eligibility,
selection, confirmation, withdrawal and the waitlist; attendance (instructor, check-in code,
video-tool import); deliveries; certificates for those who completed; session reminders.

Every function is atomic and audited. Services that change seats (apply, decide, confirm,
withdraw, enrol) lock the cohort row first (SELECT … FOR UPDATE), so two concurrent enrolments
cannot both take the last seat: the second waits for the first and counts its seat."""

from __future__ import annotations

import csv
import io
import re
import secrets
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from hublocal.audit.services import audit_record
from hublocal.certificates import services as certificate_services
from hublocal.core.cache import bump
from hublocal.core.locking import check_and_bump
from hublocal.core.text import fold
from hublocal.library import selectors as library_selectors
from hublocal.library import services as library_services
from hublocal.notifications import services as notification_services

from . import completion
from .models import (
    SEATED,
    Application,
    ApplicationStatus,
    Attendance,
    AttendanceSource,
    AttendanceStatus,
    Cohort,
    CohortStatus,
    Delivery,
    GroupMember,
    GroupProject,
    Module,
    Programme,
    ProgrammeStatus,
    ProjectFeedback,
    ProjectGroup,
    ProjectStageChange,
    PrototypeVersion,
    Session,
)

ISSUER = "Hub Nacional de Gobierno Local"
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud in a classroom
CODE_LENGTH = 6
CHECKIN_EARLY = timedelta(minutes=15)
MIN_MOTIVATION = 20
MAX_CSV_BYTES = 2 * 1024 * 1024
MAX_CSV_ROWS = 5000
CACHE_NAMESPACE = "training"


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def _changed() -> None:
    bump(CACHE_NAMESPACE)


# --------------------------------------------------------------------------- programmes and cohorts


@transaction.atomic
def programme_create(
    *,
    actor: Any,
    title: str,
    hours: Decimal | int,
    summary: str = "",
    objectives: str = "",
    areas: list[str] | None = None,
    audience: str = "",
    languages: list[str] | None = None,
    coverage: str = "agreement",
    fee_clp: int | None = None,
    dimensions: list[list[str]] | None = None,
    completion_rules: dict | None = None,
    signatories: list[dict] | None = None,
    partners: list[Any] | None = None,
    instructors: list[Any] | None = None,
    status: str = ProgrammeStatus.DRAFT,
    is_demo: bool = False,
) -> Programme:
    """Raises ValidationError for unknown completion rules or a fee without an amount."""
    rules = completion_rules or {}
    problems = completion.validate_rules(rules)
    if problems:
        raise ValidationError({"completion_rules": problems})
    if coverage == "fee" and not fee_clp:
        raise ValidationError({"fee_clp": [_("Indique el arancel en pesos chilenos.")]})
    base = slugify(fold(title))[:100] or "programa"
    slug, n = base, 2
    while Programme.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    programme = Programme(
        slug=slug,
        title=title.strip(),
        summary=summary,
        objectives=objectives,
        areas=areas or [],
        audience=audience,
        languages=languages or ["es"],
        hours=Decimal(hours),
        coverage=coverage,
        fee_clp=fee_clp,
        dimensions=[list(p) for p in (dimensions or [])],
        completion_rules=rules,
        signatories=signatories or [],
        status=status,
        is_demo=is_demo,
    )
    programme.full_clean()
    programme.save()
    if partners:
        programme.partners.set(partners)
    if instructors:
        programme.instructors.set(instructors)
    _changed()
    audit_record(actor=actor, action="training.programme_create", obj=programme, after={"title": programme.title})
    return programme


@transaction.atomic
def module_add(
    *, actor: Any, programme: Programme, title: str, mode: str, hours: Decimal | int, assignment_required: bool = False
) -> Module:
    order = (programme.modules.aggregate(m=Max("order"))["m"] or 0) + 1
    module = Module(
        programme=programme,
        order=order,
        title=title,
        mode=mode,
        hours=Decimal(hours),
        assignment_required=assignment_required,
    )
    module.full_clean()
    module.save()
    audit_record(actor=actor, action="training.module_add", obj=module, after={"title": title, "mode": mode})
    return module


@transaction.atomic
def cohort_create(
    *,
    actor: Any,
    programme: Programme,
    name: str,
    starts_on: date,
    ends_on: date,
    capacity: int,
    applications_open_at: datetime,
    applications_close_at: datetime,
    eligible_countries: list[str] | None = None,
    eligible_typologies: list[str] | None = None,
    eligible_roles: list[str] | None = None,
    quota_per_municipality: int | None = None,
    quota_per_country: int | None = None,
    status: str = CohortStatus.DRAFT,
    is_demo: bool = False,
) -> Cohort:
    errors: dict[str, list[str]] = {}
    if ends_on < starts_on:
        errors["ends_on"] = [_("El término no puede ser anterior al inicio.")]
    if applications_close_at <= applications_open_at:
        errors["applications_close_at"] = [_("El cierre de postulaciones debe ser posterior a su apertura.")]
    if capacity < 1:
        errors["capacity"] = [_("La cohorte necesita al menos un cupo.")]
    if errors:
        raise ValidationError(errors)
    cohort = Cohort(
        programme=programme,
        name=name,
        starts_on=starts_on,
        ends_on=ends_on,
        capacity=capacity,
        applications_open_at=applications_open_at,
        applications_close_at=applications_close_at,
        eligible_countries=[c.upper() for c in (eligible_countries or [])],
        eligible_typologies=eligible_typologies or [],
        eligible_roles=eligible_roles or [],
        quota_per_municipality=quota_per_municipality,
        quota_per_country=quota_per_country,
        status=status,
        is_demo=is_demo,
    )
    cohort.full_clean()
    cohort.save()
    _changed()
    audit_record(actor=actor, action="training.cohort_create", obj=cohort, after={"name": name, "capacity": capacity})
    return cohort


def new_checkin_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _i in range(CODE_LENGTH))


def _session_time_problems(
    *, cohort: Cohort, module: Module, starts_at: datetime, ends_at: datetime, tz: str, materials: list[int] | None
) -> dict[str, list[str]]:
    """What is wrong with a session's times, zone, module and materials (creation and edits alike)."""
    errors: dict[str, list[str]] = {}
    if timezone.is_naive(starts_at) or timezone.is_naive(ends_at):
        errors["starts_at"] = [_("La fecha y hora deben indicar su zona horaria.")]
    elif ends_at <= starts_at:
        errors["ends_at"] = [_("La sesión debe terminar después de empezar.")]
    try:
        ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError):
        errors["timezone"] = [_("Zona horaria desconocida: use un nombre IANA, p. ej. America/Montevideo.")]
    if module.programme_id != cohort.programme_id:
        errors["module"] = [_("El módulo no pertenece al programa de la cohorte.")]
    ids = sorted({int(i) for i in (materials or [])})
    if ids:
        found = library_selectors.resources_public_by_ids(ids=ids)
        unknown = [i for i in ids if i not in found]
        if unknown:
            errors["materials"] = [
                _("Estos materiales no son recursos publicados de la biblioteca: %(ids)s.")
                % {"ids": ", ".join(map(str, unknown))}
            ]
    return errors


@transaction.atomic
def session_create(
    *,
    actor: Any,
    cohort: Cohort,
    module: Module,
    starts_at: datetime,
    ends_at: datetime,
    tz: str = "America/Santiago",
    title: str = "",
    place: str = "",
    video_url: str = "",
    materials: list[int] | None = None,
) -> Session:
    """Raises ValidationError for naive or inverted times, an unknown time zone, a module of
    another programme or materials that are not published library resources."""
    errors = _session_time_problems(
        cohort=cohort, module=module, starts_at=starts_at, ends_at=ends_at, tz=tz, materials=materials
    )
    if errors:
        raise ValidationError(errors)
    session = Session.objects.create(
        cohort=cohort,
        module=module,
        title=title,
        starts_at=starts_at,
        ends_at=ends_at,
        timezone=tz,
        place=place,
        video_url=video_url,
        materials=sorted({int(i) for i in (materials or [])}),
        checkin_code=new_checkin_code(),
    )
    audit_record(
        actor=actor,
        action="training.session_create",
        obj=session,
        after={"cohort": cohort.pk, "starts_at": starts_at.isoformat(), "timezone": tz},
    )
    return session


# --------------------------------------------------------------------------- applications


def _locked_cohort(cohort: Cohort) -> Cohort:
    return Cohort.objects.select_for_update(of=("self",)).select_related("programme").get(pk=cohort.pk)


def _seats_taken(cohort: Cohort) -> int:
    return Application.objects.filter(cohort=cohort, status__in=SEATED).count()


def _next_waitlist_position(cohort: Cohort) -> int:
    top = Application.objects.filter(cohort=cohort).aggregate(m=Max("waitlist_position"))["m"]
    return (top or 0) + 1


def applicant_place(user: Any) -> tuple[Any, Any, str]:
    """The organisation, its commune and the commune's country code of an account."""
    org = getattr(user, "organization", None)
    commune = getattr(org, "commune", None) if org is not None else None
    country = commune.country.code if commune is not None else ""
    return org, commune, country


def eligibility_problems(*, user: Any, cohort: Cohort, now: datetime | None = None) -> list[str]:
    """Why this person may not apply to this cohort now, in words (empty: they may)."""
    now = now or timezone.now()
    problems = []
    if cohort.status != CohortStatus.OPEN or cohort.programme.status != ProgrammeStatus.PUBLISHED:
        problems.append(_("Esta cohorte no está recibiendo postulaciones."))
    elif now < cohort.applications_open_at:
        problems.append(
            _("Las postulaciones abren el %(d)s.")
            % {"d": timezone.localtime(cohort.applications_open_at).strftime("%d-%m-%Y %H:%M")}
        )
    elif now > cohort.applications_close_at:
        problems.append(
            _("Las postulaciones cerraron el %(d)s.")
            % {"d": timezone.localtime(cohort.applications_close_at).strftime("%d-%m-%Y %H:%M")}
        )
    _org, commune, country = applicant_place(user)
    if cohort.eligible_roles and getattr(user, "role", "") not in cohort.eligible_roles:
        problems.append(_("Esta cohorte es para funcionarios y funcionarias municipales."))
    if cohort.eligible_countries and country not in cohort.eligible_countries:
        problems.append(_("Esta cohorte es para municipios de: %(c)s.") % {"c": ", ".join(cohort.eligible_countries)})
    if cohort.eligible_typologies and (commune is None or commune.typology not in cohort.eligible_typologies):
        problems.append(_("La tipología de su comuna no está entre las que convoca esta cohorte."))
    return problems


def _quota_problem(cohort: Cohort, application: Application) -> str:
    seated = Application.objects.filter(cohort=cohort, status__in=SEATED).exclude(pk=application.pk)
    if (
        cohort.quota_per_municipality
        and application.organization_id
        and seated.filter(organization_id=application.organization_id).count() >= cohort.quota_per_municipality
    ):
        return _("Se alcanzó el cupo de %(n)d personas por municipio.") % {"n": cohort.quota_per_municipality}
    if (
        cohort.quota_per_country
        and application.country_code
        and seated.filter(country_code=application.country_code).count() >= cohort.quota_per_country
    ):
        return _("Se alcanzó el cupo de %(n)d personas por país.") % {"n": cohort.quota_per_country}
    return ""


def _notify(users: list[Any], kind: str, title: str, body: str, url: str, dedupe_key: str = "") -> None:
    notification_services.notify(users=users, kind=kind, title=title, body=body, url=url, dedupe_key=dedupe_key)


def _my_courses_url() -> str:
    return reverse("training:my_courses")


@transaction.atomic
def application_apply(*, actor: Any, cohort: Cohort, motivation: str, now: datetime | None = None) -> Application:
    """Apply to a cohort. Raises ValidationError (nothing written) outside the window, when not
    eligible or for a second application. When every seat is taken the application goes to the
    end of the waitlist (a success: its status says so)."""
    now = now or timezone.now()
    cohort = _locked_cohort(cohort)
    problems = eligibility_problems(user=actor, cohort=cohort, now=now)
    if problems:
        raise ValidationError({"__all__": problems})
    motivation = (motivation or "").strip()
    if len(motivation) < MIN_MOTIVATION:
        raise ValidationError(
            {
                "motivation": [
                    _("Cuéntenos en al menos %(n)d caracteres por qué quiere participar.") % {"n": MIN_MOTIVATION}
                ]
            }
        )
    if Application.objects.filter(cohort=cohort, user=actor).exists():
        raise ValidationError({"__all__": [_("Ya postuló a esta cohorte; puede ver su postulación en «Mis cursos».")]})
    org, commune, country = applicant_place(actor)
    full = _seats_taken(cohort) >= cohort.capacity
    application = Application(
        cohort=cohort,
        user=actor,
        full_name=(actor.get_full_name() or actor.get_username()).strip(),
        organization=org,
        commune=commune,
        country_code=country,
        motivation=motivation[:4000],
        status=ApplicationStatus.WAITLISTED if full else ApplicationStatus.APPLIED,
        waitlist_position=_next_waitlist_position(cohort) if full else None,
        applied_at=now,
    )
    try:
        with transaction.atomic():
            application.save()
    except IntegrityError:
        raise ValidationError(
            {"__all__": [_("Ya postuló a esta cohorte; puede ver su postulación en «Mis cursos».")]}
        ) from None
    audit_record(
        actor=actor,
        action="training.application_apply",
        obj=application,
        after={"cohort": cohort.pk, "status": application.status, "waitlist_position": application.waitlist_position},
    )
    return application


def _locked_application(application: Application) -> tuple[Cohort, Application]:
    cohort = _locked_cohort(application.cohort)
    return cohort, Application.objects.select_for_update(of=("self",)).select_related("user").get(pk=application.pk)


@transaction.atomic
def application_decide(*, actor: Any, application: Application, accept: bool, note: str = "") -> Application:
    """Accept or reject a pending (or waitlisted) application. Accepting when every seat is taken
    puts it on the waitlist instead (capacity is never exceeded). Raises ValidationError for a
    decided application or a full quota."""
    cohort, application = _locked_application(application)
    if application.status not in (ApplicationStatus.APPLIED, ApplicationStatus.WAITLISTED):
        raise ValidationError({"__all__": [_("Esta postulación ya fue resuelta.")]})
    before = {"status": application.status, "waitlist_position": application.waitlist_position}
    now = timezone.now()
    if not accept:
        application.status = ApplicationStatus.REJECTED
        application.waitlist_position = None
    else:
        quota = _quota_problem(cohort, application)
        if quota:
            raise ValidationError({"__all__": [quota]})
        if _seats_taken(cohort) >= cohort.capacity:
            if application.status != ApplicationStatus.WAITLISTED:
                application.status = ApplicationStatus.WAITLISTED
                application.waitlist_position = _next_waitlist_position(cohort)
        else:
            application.status = ApplicationStatus.ACCEPTED
            application.waitlist_position = None
    application.decided_at = now
    application.decision_note = (note or "").strip()[:500]
    application.save(update_fields=["status", "waitlist_position", "decided_at", "decision_note"])
    audit_record(
        actor=actor,
        action="training.application_decide",
        obj=application,
        before=before,
        after={"status": application.status, "waitlist_position": application.waitlist_position},
    )
    titles: dict[str, str] = {
        ApplicationStatus.ACCEPTED: _("Fue aceptada en «%(c)s»: confirme su participación"),
        ApplicationStatus.REJECTED: _("Su postulación a «%(c)s» no fue seleccionada"),
        ApplicationStatus.WAITLISTED: _("Quedó en lista de espera de «%(c)s»"),
    }
    if application.status != before["status"] or application.status == ApplicationStatus.WAITLISTED:
        _notify(
            [application.user],
            "training.application_decided",
            titles[application.status] % {"c": cohort.name},
            application.decision_note,
            _my_courses_url(),
        )
    return application


@transaction.atomic
def application_confirm(*, actor: Any, application: Application) -> Application:
    cohort, application = _locked_application(application)
    if application.status != ApplicationStatus.ACCEPTED:
        raise ValidationError({"__all__": [_("Solo se confirma una postulación aceptada.")]})
    application.status = ApplicationStatus.CONFIRMED
    application.confirmed_at = timezone.now()
    application.save(update_fields=["status", "confirmed_at"])
    audit_record(
        actor=actor,
        action="training.application_confirm",
        obj=application,
        before={"status": ApplicationStatus.ACCEPTED},
        after={"status": application.status},
    )
    return application


def _promote_next(cohort: Cohort) -> Application | None:
    """Give a free seat to the first waitlisted person whose quotas allow it, and tell them.
    Precondition: the cohort row is locked by the caller's transaction."""
    if _seats_taken(cohort) >= cohort.capacity:
        return None
    for candidate in (
        Application.objects.select_for_update(of=("self",))
        .select_related("user")
        .filter(cohort=cohort, status=ApplicationStatus.WAITLISTED)
        .order_by("waitlist_position", "pk")
    ):
        if _quota_problem(cohort, candidate):
            continue
        before = {"status": candidate.status, "waitlist_position": candidate.waitlist_position}
        candidate.status = ApplicationStatus.ACCEPTED
        candidate.waitlist_position = None
        candidate.decided_at = timezone.now()
        candidate.save(update_fields=["status", "waitlist_position", "decided_at"])
        audit_record(
            actor=None,
            action="training.waitlist_promote",
            obj=candidate,
            before=before,
            after={"status": candidate.status},
        )
        _notify(
            [candidate.user],
            "training.waitlist_promoted",
            _("Se liberó un cupo en «%(c)s»: confirme su participación") % {"c": cohort.name},
            _("Usted era la siguiente persona en la lista de espera."),
            _my_courses_url(),
        )
        return candidate
    return None


@transaction.atomic
def application_withdraw(*, actor: Any, application: Application) -> Application:
    """Withdraw; a freed seat goes to the next person on the waitlist in the same transaction."""
    cohort, application = _locked_application(application)
    if application.status in (ApplicationStatus.WITHDRAWN, ApplicationStatus.REJECTED):
        raise ValidationError({"__all__": [_("Esta postulación ya no está activa.")]})
    before = {"status": application.status}
    freed = application.status in SEATED
    application.status = ApplicationStatus.WITHDRAWN
    application.waitlist_position = None
    application.withdrawn_at = timezone.now()
    application.save(update_fields=["status", "waitlist_position", "withdrawn_at"])
    audit_record(
        actor=actor,
        action="training.application_withdraw",
        obj=application,
        before=before,
        after={"status": "withdrawn"},
    )
    if freed:
        _promote_next(cohort)
    return application


@transaction.atomic
def application_enrol(
    *, actor: Any, cohort: Cohort, user: Any, full_name: str = "", commune: Any = None, motivation: str = ""
) -> Application:
    """Staff registers a participant directly as confirmed (invited officials of a partner
    programme, past editions), outside the window and eligibility; capacity still holds."""
    cohort = _locked_cohort(cohort)
    if _seats_taken(cohort) >= cohort.capacity:
        raise ValidationError({"__all__": [_("La cohorte no tiene cupos libres.")]})
    org, own_commune, country = applicant_place(user)
    commune = commune or own_commune
    application = Application(
        cohort=cohort,
        user=user,
        full_name=(full_name or user.get_full_name() or user.get_username()).strip(),
        organization=org,
        commune=commune,
        country_code=commune.country.code if commune is not None else country,
        motivation=motivation or _("Inscripción directa del equipo del Hub."),
        status=ApplicationStatus.CONFIRMED,
        applied_at=timezone.now(),
        decided_at=timezone.now(),
        confirmed_at=timezone.now(),
    )
    try:
        with transaction.atomic():
            application.save()
    except IntegrityError:
        raise ValidationError({"__all__": [_("Esa persona ya está inscrita en esta cohorte.")]}) from None
    audit_record(actor=actor, action="training.application_enrol", obj=application, after={"cohort": cohort.pk})
    return application


# --------------------------------------------------------------------------- attendance


def _seated_applications(cohort_id: int) -> dict[int, Application]:
    return {a.pk: a for a in Application.objects.filter(cohort_id=cohort_id, status__in=SEATED).select_related("user")}


@transaction.atomic
def attendance_mark(*, actor: Any, session: Session, marks: dict[int, str]) -> int:
    """Record the instructor's marks {application id: status} for one session (all or nothing).
    Raises ValidationError for an unknown status or someone not seated in the cohort."""
    valid = set(AttendanceStatus.values)
    seated = set(
        Application.objects.filter(cohort_id=session.cohort_id, status__in=SEATED).values_list("pk", flat=True)
    )
    bad = [pk for pk, status in marks.items() if pk not in seated or status not in valid]
    if bad:
        raise ValidationError(
            {"__all__": [_("Hay marcas para personas que no participan en la cohorte o con un valor inválido.")]}
        )
    now = timezone.now()
    existing = {a.application_id: a for a in Attendance.objects.filter(session=session, application_id__in=list(marks))}
    new, changed = [], []
    for pk, status in marks.items():
        row = existing.get(pk)
        if row is None:
            new.append(
                Attendance(
                    session=session,
                    application_id=pk,
                    status=status,
                    source=AttendanceSource.INSTRUCTOR,
                    recorded_at=now,
                    recorded_by=_user(actor),
                )
            )
        elif row.status != status:
            row.status, row.source, row.recorded_at, row.recorded_by = (
                status,
                AttendanceSource.INSTRUCTOR,
                now,
                _user(actor),
            )
            changed.append(row)
    Attendance.objects.bulk_create(new, batch_size=500)
    Attendance.objects.bulk_update(changed, ["status", "source", "recorded_at", "recorded_by"], batch_size=500)
    audit_record(
        actor=actor,
        action="training.attendance_mark",
        obj=session,
        after={"created": len(new), "changed": len(changed)},
    )
    completion_check_later(application_ids=[pk for pk, st in marks.items() if st == AttendanceStatus.PRESENT])
    return len(new) + len(changed)


def checkin_window(session: Session) -> tuple[datetime, datetime]:
    return session.starts_at - CHECKIN_EARLY, session.ends_at


@transaction.atomic
def attendance_check_in(*, actor: Any, session: Session, code: str, now: datetime | None = None) -> Attendance:
    """A participant marks themself present with the session's code. Raises ValidationError
    (nothing written) for a wrong code, outside the window, or someone not seated."""
    now = now or timezone.now()
    opens, closes = checkin_window(session)
    if now < opens:
        raise ValidationError({"code": [_("El código se puede usar desde 15 minutos antes del inicio de la sesión.")]})
    if now > closes:
        raise ValidationError({"code": [_("La sesión ya terminó: el código expiró.")]})
    given = re.sub(r"[\s-]", "", (code or "").upper())
    if not secrets.compare_digest(given.encode(), session.checkin_code.encode()):
        raise ValidationError({"code": [_("El código no corresponde a esta sesión. Revíselo con su docente.")]})
    application = Application.objects.filter(cohort_id=session.cohort_id, user_id=actor.pk, status__in=SEATED).first()
    if application is None:
        raise ValidationError({"code": [_("No figura como participante confirmado de esta cohorte.")]})
    row, _created = Attendance.objects.update_or_create(
        session=session,
        application=application,
        defaults={
            "status": AttendanceStatus.PRESENT,
            "source": AttendanceSource.CHECKIN,
            "recorded_at": now,
            "recorded_by": _user(actor),
        },
    )
    audit_record(actor=actor, action="training.attendance_check_in", obj=session, after={"application": application.pk})
    completion_check_later(application_ids=[application.pk])
    return row


# Header aliases of Zoom, Google Meet and Microsoft Teams attendance reports (folded, lower case).
HEADERS = {
    "name": (
        "name",
        "nombre",
        "name (original name)",
        "nombre (nombre original)",
        "full name",
        "nombre completo",
        "participant",
        "participante",
        "display name",
    ),
    "email": (
        "email",
        "user email",
        "correo",
        "correo electronico",
        "correo electronico del usuario",
        "email address",
        "participant email",
        "e-mail",
        "upn",
    ),
    "join": (
        "join time",
        "hora de ingreso",
        "hora de entrada",
        "joined",
        "first join",
        "first seen",
        "first join time",
        "ingreso",
    ),
    "leave": ("leave time", "hora de salida", "left", "last leave", "last seen", "last leave time", "salida"),
    "duration": (
        "duration (minutes)",
        "duration",
        "duracion (minutos)",
        "duracion",
        "minutes",
        "minutos",
        "attendance duration",
        "time in call",
        "in-meeting duration",
        "time in meeting",
    ),
}
TIME_FORMATS = (
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%dT%H:%M:%S",
    "%m/%d/%Y %I:%M:%S %p",
    "%m/%d/%Y %I:%M %p",
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%d-%m-%Y %H:%M:%S",
    "%H:%M:%S",
    "%H:%M",
)


@dataclass
class ImportRow:
    line: int
    name: str
    email: str
    minutes: int


@dataclass
class ImportReport:
    errors: list[str] = field(default_factory=list)  # malformed: nothing can be written
    unmatched: list[ImportRow] = field(default_factory=list)
    # application id → (participant's name, minutes in the call, present?)
    matched: dict[int, tuple[str, int, bool]] = field(default_factory=dict)
    min_minutes: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


def _parse_time(raw: str, session: Session) -> datetime | None:
    raw = raw.strip()
    for fmt in TIME_FORMATS:
        try:
            value = datetime.strptime(raw, fmt)  # noqa: DTZ007 - wall time in the session's zone, set below
        except ValueError:
            continue
        zone = ZoneInfo(session.timezone)
        if fmt.startswith("%H"):
            day = session.starts_at.astimezone(zone).date()
            value = datetime.combine(day, value.time())
        return value.replace(tzinfo=zone)
    return None


def _parse_minutes(raw: str) -> int | None:
    raw = raw.strip().lower()
    if not raw:
        return None
    if re.fullmatch(r"\d+([.,]\d+)?", raw):
        return round(float(raw.replace(",", ".")))
    if m := re.fullmatch(r"(\d+):(\d{2})(?::(\d{2}))?", raw):
        h, mnt, s = int(m.group(1)), int(m.group(2)), int(m.group(3) or 0)
        return h * 60 + mnt + round(s / 60) if m.group(3) is not None else h * 60 + mnt
    parts = re.findall(r"(\d+)\s*(h|hr|hrs|hora|horas|m|min|mins|minutos|s|sec|seg)\b", raw)
    if parts:
        total = 0.0
        for n, unit in parts:
            total += int(n) * (60 if unit.startswith("h") else 1 if unit.startswith("m") else 1 / 60)
        return round(total)
    return None


def attendance_import_check(*, session: Session, content: bytes | str, min_minutes: int) -> ImportReport:
    """Read a video tool's attendance report and say, without writing, who it matches (by e-mail,
    then by exact name, among the cohort's seated participants), for how many minutes, and which
    rows it could not read or match. A person's several rows (rejoins) add up."""
    report = ImportReport(min_minutes=min_minutes)
    if isinstance(content, bytes):
        if len(content) > MAX_CSV_BYTES:
            report.errors.append(_("El archivo supera 2 MB."))
            return report
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                text = content.decode("utf-16")
            except UnicodeDecodeError:
                report.errors.append(_("El archivo no es texto CSV (UTF-8 o UTF-16)."))
                return report
    else:
        text = content.lstrip("\ufeff")
    if min_minutes < 0 or min_minutes > 24 * 60:
        report.errors.append(_("Los minutos mínimos deben estar entre 0 y 1440."))
        return report
    lines = text.splitlines()
    # Teams puts a summary block before the participants table: start at the header line.
    start = 0
    for i, line in enumerate(lines[:40]):
        if any(alias in fold(line).lower() for alias in HEADERS["email"] + HEADERS["name"][:2]):
            start = i
            break
    body = "\n".join(lines[start:])
    try:
        dialect = csv.Sniffer().sniff(body[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(body), dialect)
    header = next(reader, None)
    if not header:
        report.errors.append(_("El archivo está vacío."))
        return report
    columns: dict[str, int] = {}
    for idx, raw in enumerate(header):
        key = fold(raw).strip().lower()
        for name, aliases in HEADERS.items():
            if key in aliases and name not in columns:
                columns[name] = idx
    if "email" not in columns and "name" not in columns:
        report.errors.append(_("Falta una columna de correo o de nombre (p. ej. «Email», «Nombre»)."))
    if "duration" not in columns and not ("join" in columns and "leave" in columns):
        report.errors.append(_("Falta la duración, o las horas de ingreso y salida."))
    if report.errors:
        return report
    seated = _seated_applications(session.cohort_id)
    by_email = {(a.user.email or "").strip().lower(): a for a in seated.values() if a.user and a.user.email}
    by_name = {fold(a.full_name).strip().lower(): a for a in seated.values()}
    minutes_of: dict[int, int] = {}
    for line_no, cells in enumerate(reader, start=start + 2):
        if not any(c.strip() for c in cells):
            continue
        if line_no - start > MAX_CSV_ROWS:
            report.errors.append(_("El archivo tiene más de %(n)d filas.") % {"n": MAX_CSV_ROWS})
            break

        def cell(name: str, cells: list[str] = cells) -> str:
            idx = columns.get(name)
            return cells[idx].strip() if idx is not None and idx < len(cells) else ""

        name, email = cell("name"), cell("email").lower()
        minutes = _parse_minutes(cell("duration")) if "duration" in columns else None
        if minutes is None and "join" in columns and "leave" in columns:
            joined, left = _parse_time(cell("join"), session), _parse_time(cell("leave"), session)
            if joined is None or left is None or left < joined:
                report.errors.append(_("Fila %(n)d: horas de ingreso o salida ilegibles.") % {"n": line_no})
                continue
            minutes = round((left - joined).total_seconds() / 60)
        if minutes is None or minutes < 0 or minutes > 24 * 60:
            report.errors.append(_("Fila %(n)d: duración ilegible.") % {"n": line_no})
            continue
        if email and "@" not in email:
            report.errors.append(_("Fila %(n)d: correo inválido «%(e)s».") % {"n": line_no, "e": email[:80]})
            continue
        application = by_email.get(email) if email else None
        if application is None and name:
            application = by_name.get(fold(name).strip().lower())
        if application is None:
            report.unmatched.append(ImportRow(line_no, name[:200], email[:200], minutes))
            continue
        minutes_of[application.pk] = minutes_of.get(application.pk, 0) + minutes
    for pk, minutes in minutes_of.items():
        report.matched[pk] = (seated[pk].full_name, minutes, minutes >= min_minutes)
    if not report.errors and not report.matched:
        report.errors.append(_("Ninguna fila corresponde a participantes de la cohorte."))
    return report


@transaction.atomic
def attendance_import(*, actor: Any, session: Session, content: bytes | str, min_minutes: int) -> ImportReport:
    """Check the report again and write it all or nothing. Raises ValidationError with every
    problem when any row is malformed; unmatched rows are reported and left out."""
    report = attendance_import_check(session=session, content=content, min_minutes=min_minutes)
    if not report.ok:
        raise ValidationError({"__all__": report.errors})
    now = timezone.now()
    existing = {
        a.application_id: a for a in Attendance.objects.filter(session=session, application_id__in=list(report.matched))
    }
    new, changed = [], []
    for pk, (_name, minutes, present) in report.matched.items():
        status = AttendanceStatus.PRESENT if present else AttendanceStatus.ABSENT
        row = existing.get(pk)
        if row is None:
            new.append(
                Attendance(
                    session=session,
                    application_id=pk,
                    status=status,
                    source=AttendanceSource.IMPORT,
                    minutes=minutes,
                    recorded_at=now,
                    recorded_by=_user(actor),
                )
            )
        else:
            row.status, row.source, row.minutes, row.recorded_at, row.recorded_by = (
                status,
                AttendanceSource.IMPORT,
                minutes,
                now,
                _user(actor),
            )
            changed.append(row)
    Attendance.objects.bulk_create(new, batch_size=500)
    Attendance.objects.bulk_update(
        changed, ["status", "source", "minutes", "recorded_at", "recorded_by"], batch_size=500
    )
    audit_record(
        actor=actor,
        action="training.attendance_import",
        obj=session,
        after={"matched": len(report.matched), "unmatched": len(report.unmatched), "min_minutes": min_minutes},
    )
    completion_check_later(application_ids=[pk for pk, (_n, _m, present) in report.matched.items() if present])
    return report


@transaction.atomic
def delivery_record(*, actor: Any, application: Application, module: Module) -> Delivery:
    if module.programme_id != application.cohort.programme_id or not module.assignment_required:
        raise ValidationError({"module": [_("Ese módulo no pide entrega en este programa.")]})
    delivery, _created = Delivery.objects.get_or_create(
        application=application, module=module, defaults={"delivered_at": timezone.now(), "recorded_by": _user(actor)}
    )
    audit_record(actor=actor, action="training.delivery_record", obj=application, after={"module": module.pk})
    completion_check_later(application_ids=[application.pk])
    return delivery


# --------------------------------------------------------------------------- completion and certificates


@transaction.atomic
def certificates_issue_for_cohort(*, actor: Any, cohort: Cohort) -> int:
    """Issue a certificate to every seated participant whose completion is computed complete
    (idempotent: the certificates app returns one already issued). How many were issued now."""
    from . import selectors

    programme = cohort.programme
    issued = 0
    already = selectors.certified_user_ids(cohort=cohort)
    for progress in selectors.cohort_progress(cohort=cohort):
        application = progress.application
        if not progress.outcome.complete or application.user_id is None or application.user_id in already:
            continue
        certificate_services.certificate_issue(
            actor=actor,
            holder_user=application.user,
            holder_name=application.full_name,
            title=programme.title,
            hours=programme.hours,
            start_date=cohort.starts_on,
            end_date=cohort.ends_on,
            completion_date=max(progress.completed_on or cohort.ends_on, cohort.starts_on),
            issuer_name=ISSUER,
            signatories=list(programme.signatories),
            source="training.cohort",
            source_id=cohort.pk,
        )
        issued += 1
    audit_record(actor=actor, action="training.certificates_issue", obj=cohort, after={"issued": issued})
    return issued


@transaction.atomic
def cohort_set_status(*, actor: Any, cohort: Cohort, status: str) -> Cohort:
    cohort = _locked_cohort(cohort)
    if status not in CohortStatus.values:
        raise ValidationError({"status": [_("Estado desconocido.")]})
    before = cohort.status
    cohort.status = status
    cohort.save(update_fields=["status"])
    _changed()
    audit_record(
        actor=actor, action="training.cohort_status", obj=cohort, before={"status": before}, after={"status": status}
    )
    if status == CohortStatus.FINISHED and before != status:
        completion_check_later(
            application_ids=list(
                Application.objects.filter(cohort=cohort, status__in=SEATED).values_list("pk", flat=True)
            )
        )
    return cohort


# --------------------------------------------------------------------------- reminders


def session_reminders_send(*, now: datetime | None = None) -> int:
    """Tell every seated participant of each session starting in the next 24–48 hours, with a
    calendar invitation; the dedupe key makes a second run (or a retry) send nothing twice.
    How many notices were created."""
    from hublocal.notifications import ics

    from . import selectors

    now = now or timezone.now()
    sent = 0
    for session, users in selectors.sessions_to_remind(start=now + timedelta(hours=24), end=now + timedelta(hours=48)):
        local = session.starts_at.astimezone(ZoneInfo(session.timezone))
        invitation = ics.ics_event(
            uid=f"training-session-{session.pk}@hublocal",
            title=f"{session.cohort.programme.title}: {session}",
            start=session.starts_at,
            end=session.ends_at,
            tz=session.timezone,
            location=session.place or session.video_url,
            url=session.video_url,
            description=session.cohort.name,
        )
        created = notification_services.notify(
            users=users,
            kind="training.session_reminder",
            title=_("Mañana: %(s)s") % {"s": str(session)},
            body=_("%(when)s (hora de %(tz)s). %(where)s")
            % {
                "when": local.strftime("%d-%m-%Y %H:%M"),
                "tz": session.timezone,
                "where": session.place or session.video_url,
            },
            url=reverse("training:my_courses"),
            ics=invitation,
            dedupe_key=f"training.session_reminder:{session.pk}",
        )
        sent += len(created)
    return sent


# --- Evaluation --------------------------------------------------------------------------------
# Satisfaction per module and the pre/post self-assessment (issue 13 item 7): answered once per
# participant inside the survey's window, validated by the diagnosis instrument engine.


def _survey_window(application: Application, kind: str, module: Module | None) -> Any:
    from . import selectors

    for w in selectors.survey_windows(cohort=application.cohort):
        if w.kind == kind and (w.module.pk if w.module else None) == (module.pk if module else None):
            return w
    return None


def survey_answers_validate(*, kind: str, raw: dict[str, Any]) -> tuple[Any, dict[str, Any], dict[str, list[str]]]:
    """The instrument, the normalised answers and the problems per question id (none: valid)."""
    from hublocal.diagnosis import selectors as diagnosis_selectors

    from . import selectors

    instrument = selectors.survey_instrument(kind=kind)
    answers: dict[str, Any] = {}
    errors: dict[str, list[str]] = {}
    for q in instrument.questions:
        try:
            value = diagnosis_selectors.answer_validate(q, raw.get(q.id))
        except diagnosis_selectors.AnswerError as exc:
            errors[q.id] = [str(exc)]
            continue
        if value is not None:
            answers[q.id] = value
    for q in diagnosis_selectors.answers_missing(instrument, answers):
        errors.setdefault(q.id, [_("Responda esta pregunta.")])
    return instrument, answers, errors


@transaction.atomic
def survey_submit(
    *,
    actor: Any,
    application: Application,
    kind: str,
    module: Module | None = None,
    raw: dict[str, Any],
    now: datetime | None = None,
) -> Any:
    """Record a participant's answers to one survey. Raises ValidationError (nothing written)
    when the person is not seated, the survey is not open, it was already answered, or an answer
    is missing or invalid (errors keyed by question id)."""
    from .models import SurveyKind, SurveyResponse

    now = now or timezone.now()
    if kind not in SurveyKind.values or (kind == SurveyKind.SATISFACTION) != (module is not None):
        raise ValidationError({"__all__": [_("Encuesta desconocida.")]})
    if module is not None and module.programme_id != application.cohort.programme_id:
        raise ValidationError({"__all__": [_("Ese módulo no es parte de este programa.")]})
    if application.status not in SEATED:
        raise ValidationError({"__all__": [_("Solo responden quienes participan en la cohorte.")]})
    window = _survey_window(application, kind, module)
    if window is None:
        raise ValidationError({"__all__": [_("Esta encuesta aún no tiene fechas: la cohorte no tiene sesiones.")]})
    if window.opens is not None and now < window.opens:
        raise ValidationError(
            {
                "__all__": [
                    _("La encuesta se abre el %(d)s, al terminar la última sesión.")
                    % {"d": timezone.localtime(window.opens).strftime("%d-%m-%Y %H:%M")}
                ]
            }
        )
    if now > window.closes:
        raise ValidationError(
            {
                "__all__": [
                    _("La encuesta cerró el %(d)s.")
                    % {"d": timezone.localtime(window.closes).strftime("%d-%m-%Y %H:%M")}
                ]
            }
        )
    if SurveyResponse.objects.filter(application=application, kind=kind, module=module).exists():
        raise ValidationError({"__all__": [_("Ya respondió esta encuesta. Gracias.")]})
    instrument, answers, errors = survey_answers_validate(kind=kind, raw=raw)
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            response = SurveyResponse.objects.create(
                application=application,
                cohort_id=application.cohort_id,
                kind=kind,
                module=module,
                instrument_slug=instrument.slug,
                instrument_version=instrument.version,
                answers=answers,
                submitted_at=now,
            )
    except IntegrityError:
        # The same person submitted twice at once (two tabs): the first one counts.
        raise ValidationError({"__all__": [_("Ya respondió esta encuesta. Gracias.")]}) from None
    # The audit says who answered which survey, never what: answers are anonymous in reports.
    audit_record(
        actor=actor,
        action="training.survey_submit",
        obj=application,
        after={
            "kind": kind,
            "module": module.pk if module else None,
            "instrument": f"{instrument.slug}@v{instrument.version}",
        },
    )
    return response


def survey_openings_notify(*, now: datetime | None = None) -> int:
    """Tell participants when one of their surveys opens (a module's or the cohort's last
    session ended in the past day), and that the pre self-assessment is open at enrolment time
    (cohorts starting within a week). The dedupe key sends each notice once. How many notices."""
    from . import selectors

    now = now or timezone.now()
    sent = 0
    for cohort, window, users in selectors.surveys_opening(now=now):
        if window.module is not None:
            title = _("Encuesta del módulo «%(m)s»") % {"m": window.module.title}
        elif window.kind == "pre":
            title = _("Autoevaluación inicial de «%(c)s»") % {"c": cohort.name}
        else:
            title = _("Autoevaluación final de «%(c)s»") % {"c": cohort.name}
        created = notification_services.notify(
            users=users,
            kind="training.survey_open",
            title=title,
            body=_("Su opinión es anónima en los informes. Puede responder hasta el %(d)s.")
            % {"d": timezone.localtime(window.closes).strftime("%d-%m-%Y")},
            url=_my_courses_url(),
            dedupe_key=f"training.survey_open:{cohort.pk}:{window.kind}:{window.module.pk if window.module else 0}",
        )
        sent += len(created)
    return sent


# --------------------------------------------------------------------------- Group projects
# Issue 13, item 4. Groups of a cohort's seated participants, one project per group moving
# idea → concept → prototype → tested, immutable prototype versions, mentor feedback, the
# final presentation (the "project_presented" completion rule) and conversion into an
# innovation challenge or a library resource. Permission checks are the callers' (views and
# API ask permissions.can_project); these functions check the rules of the data.

PROJECT_STAGE_ORDER = ("idea", "concept", "prototype", "tested")
# The field a project must have filled to move forward into each stage.
PROJECT_STAGE_FIELD = {"concept": "concept", "prototype": "prototype", "tested": "test_findings"}
PROJECT_TEXT_FIELDS = ("title", "problem", "local_context", "concept", "test_findings")
PROJECT_TEXT_MAX = 8000
PROJECT_DOC_FORMATS = ("pdf", "docx", "xlsx", "odt")
PROJECT_IMAGE_FORMATS = {"png": b"\x89PNG\r\n\x1a\n", "jpg": b"\xff\xd8\xff", "jpeg": b"\xff\xd8\xff"}
PROJECT_IMAGE_MAX_BYTES = 5 * 1024 * 1024
MIN_PROTOTYPE = 30
MIN_FEEDBACK = 10
MAX_GROUP_MEMBERS = 8


@dataclass(frozen=True)
class CheckedProjectFile:
    name: str
    fmt: str
    size: int
    sha256: str


def project_file_check(name: str, data: bytes) -> CheckedProjectFile:
    """A project's file: a document the library would accept (library.services.upload_check:
    extension, size and real format) or a PNG/JPEG image up to 5 MB whose bytes are really an
    image. Raises ValidationError({"file": ...}) in words."""
    import hashlib

    clean = (name or "").strip().rsplit("/", 1)[-1].rsplit("\\", 1)[-1][-200:] or "archivo"
    ext = clean.rsplit(".", 1)[-1].lower() if "." in clean else ""
    if ext in PROJECT_IMAGE_FORMATS:
        if len(data) > PROJECT_IMAGE_MAX_BYTES:
            raise ValidationError({"file": [_("La imagen pesa más de 5 MB; redúzcala antes de subirla.")]})
        if not data.startswith(PROJECT_IMAGE_FORMATS[ext]):
            message = _("El archivo «%(n)s» no es una imagen PNG o JPEG válida.") % {"n": clean}
            raise ValidationError({"file": [message]})
        return CheckedProjectFile(clean, "jpg" if ext == "jpeg" else ext, len(data), hashlib.sha256(data).hexdigest())
    if ext not in PROJECT_DOC_FORMATS:
        raise ValidationError(
            {
                "file": [
                    _("El archivo «%(n)s» no es de un tipo aceptado. Suba PDF, DOCX, XLSX, ODT, PNG o JPEG.")
                    % {"n": clean}
                ]
            }
        )
    try:
        checked = library_services.upload_check(clean, data)
    except ValidationError as exc:
        raise ValidationError({"file": list(exc.messages)}) from None
    return CheckedProjectFile(checked.name, checked.fmt, checked.size, checked.sha256)


def _project_text(value: Any, field_name: str, *, required: bool = False, minimum: int = 0) -> str:
    text = str(value or "").replace("\r\n", "\n").strip()
    if "\x00" in text:
        raise ValidationError({field_name: [_("Contiene caracteres no permitidos.")]})
    if required and not text:
        raise ValidationError({field_name: [_("Este campo es obligatorio.")]})
    if text and len(text) < minimum:
        raise ValidationError({field_name: [_("Escriba al menos %(n)d caracteres.") % {"n": minimum}]})
    if len(text) > PROJECT_TEXT_MAX:
        raise ValidationError({field_name: [_("Máximo %(n)d caracteres.") % {"n": PROJECT_TEXT_MAX}]})
    return text


def _project_url(project: GroupProject) -> str:
    return reverse("training:project_detail", kwargs={"pk": project.pk})


def _locked_project(project: GroupProject) -> GroupProject:
    return (
        GroupProject.objects.select_for_update(of=("self",))
        .select_related("group", "group__cohort", "group__cohort__programme")
        .get(pk=project.pk)
    )


def _may_mentor(user: Any, cohort: Cohort) -> bool:
    from hublocal.core.permissions import is_hub_staff

    from .permissions import is_instructor

    return is_hub_staff(user) or is_instructor(user, cohort)


@transaction.atomic
def group_create(
    *,
    actor: Any,
    cohort: Cohort,
    name: str,
    applications: list[Application],
    mentor: Any = None,
    title: str = "",
) -> ProjectGroup:
    """Form a group (with its project, at stage idea) from seated applications of the cohort.
    Raises ValidationError when a member is not seated in this cohort or already in a group, or
    the mentor is neither an instructor of the cohort nor hub staff."""
    cohort = _locked_cohort(cohort)
    name = _project_text(name, "name", required=True)[:120]
    errors: dict[str, list[str]] = {}
    if not applications:
        errors["members"] = [_("Elija al menos una persona para el grupo.")]
    elif len(applications) > MAX_GROUP_MEMBERS:
        errors["members"] = [_("Un grupo tiene como máximo %(n)d personas.") % {"n": MAX_GROUP_MEMBERS}]
    ids = sorted({a.pk for a in applications})
    seated = set(Application.objects.filter(pk__in=ids, cohort=cohort, status__in=SEATED).values_list("pk", flat=True))
    if set(ids) - seated:
        errors["members"] = [_("Solo participantes aceptados o confirmados de esta cohorte forman grupos.")]
    taken = list(GroupMember.objects.filter(application_id__in=ids).values_list("application__full_name", flat=True))
    if taken:
        errors["members"] = [_("Ya están en otro grupo: %(n)s.") % {"n": ", ".join(sorted(taken))}]
    if mentor is not None and not _may_mentor(mentor, cohort):
        errors["mentor"] = [_("La mentoría es de un docente de la cohorte o del equipo del Hub.")]
    if ProjectGroup.objects.filter(cohort=cohort, name=name).exists():
        errors["name"] = [_("Ya hay un grupo con ese nombre en la cohorte.")]
    if errors:
        raise ValidationError(errors)
    group = ProjectGroup.objects.create(cohort=cohort, name=name, mentor=mentor)
    try:
        with transaction.atomic():
            GroupMember.objects.bulk_create([GroupMember(group=group, application_id=i) for i in ids])
    except IntegrityError:
        message = _("Alguien acaba de sumar a una de estas personas a otro grupo.")
        raise ValidationError({"members": [message]}) from None
    project = GroupProject.objects.create(group=group, title=(title or name)[:200])
    audit_record(
        actor=actor,
        action="training.group_create",
        obj=group,
        after={"cohort": cohort.pk, "members": ids, "mentor": getattr(mentor, "pk", None), "project": project.pk},
    )
    return group


@transaction.atomic
def project_update(
    *, actor: Any, project: GroupProject, data: dict[str, Any], expected_version: int | None = None
) -> GroupProject:
    """The group edits its texts (not the stage, the prototype or the presentation, which have
    their own steps). Raises ValidationError per field or StaleVersion."""
    from hublocal.core.locking import check_and_bump

    project = _locked_project(project)
    cleaned = {
        f: _project_text(data.get(f, getattr(project, f)), f, required=f == "title") for f in PROJECT_TEXT_FIELDS
    }
    if len(cleaned["title"]) > 200:
        raise ValidationError({"title": [_("Máximo 200 caracteres.")]})
    before = {f: getattr(project, f) for f in PROJECT_TEXT_FIELDS}
    check_and_bump(project, expected_version)
    for f, v in cleaned.items():
        setattr(project, f, v)
    project.save()
    audit_record(
        actor=actor,
        action="training.project_update",
        obj=project,
        before={f: v[:200] for f, v in before.items() if v != cleaned[f]},
        after={f: v[:200] for f, v in cleaned.items() if v != before[f]},
    )
    return project


def _stage_move(actor: Any, project: GroupProject, target: str, now: datetime) -> None:
    ProjectStageChange.objects.create(
        project=project, from_stage=project.stage, to_stage=target, changed_by=_user(actor), changed_at=now
    )
    audit_record(
        actor=actor,
        action="training.project_stage",
        obj=project,
        before={"stage": project.stage},
        after={"stage": target},
    )
    project.stage, project.stage_changed_at = target, now


@transaction.atomic
def project_advance(
    *, actor: Any, project: GroupProject, stage: str, expected_version: int | None = None, now: datetime | None = None
) -> GroupProject:
    """Move the project one stage forward; the target stage's field must be filled (a concept
    before "concept", a submitted prototype before "prototype", test findings before "tested").
    Going back is not a move: earlier stages' texts stay editable."""
    from hublocal.core.locking import check_and_bump

    project = _locked_project(project)
    if stage not in PROJECT_STAGE_ORDER:
        raise ValidationError({"stage": [_("Etapa desconocida.")]})
    current = PROJECT_STAGE_ORDER.index(project.stage)
    if PROJECT_STAGE_ORDER.index(stage) != current + 1:
        raise ValidationError({"stage": [_("El proyecto avanza de a una etapa, hacia adelante.")]})
    field_name = PROJECT_STAGE_FIELD[stage]
    if not getattr(project, field_name).strip() or (stage == "prototype" and not project.versions.exists()):
        messages = {
            "concept": _("Describa el concepto antes de pasar a la etapa «Concepto»."),
            "prototype": _("Envíe el prototipo antes de pasar a la etapa «Prototipo»."),
            "tested": _("Escriba los resultados de la prueba antes de pasar a «Probado»."),
        }
        raise ValidationError({field_name: [messages[stage]]})
    check_and_bump(project, expected_version)
    _stage_move(actor, project, stage, now or timezone.now())
    project.save()
    return project


@transaction.atomic
def prototype_submit(
    *,
    actor: Any,
    project: GroupProject,
    text: str,
    file_name: str = "",
    data: bytes = b"",
    now: datetime | None = None,
) -> PrototypeVersion:
    """Submit a prototype: a new immutable version (text and optionally one file) that becomes
    the project's prototype description; a project at stage concept moves to prototype.
    Raises ValidationError (nothing written) for a short text or a refused file."""
    from django.core.files.base import ContentFile

    project = _locked_project(project)
    text = _project_text(text, "text", required=True, minimum=MIN_PROTOTYPE)
    checked = project_file_check(file_name, data) if (file_name or data) else None
    now = now or timezone.now()
    number = (project.versions.aggregate(m=Max("number"))["m"] or 0) + 1
    version = PrototypeVersion(project=project, number=number, text=text, submitted_by=_user(actor), submitted_at=now)
    if checked is not None:
        version.file_name, version.file_fmt, version.file_size, version.sha256 = (
            checked.name,
            checked.fmt,
            checked.size,
            checked.sha256,
        )
        version.file.save(f"{checked.sha256[:16]}.{checked.fmt}", ContentFile(data), save=False)
    try:
        with transaction.atomic():
            version.save()
    except IntegrityError:
        raise ValidationError({"text": [_("Otra persona del grupo acaba de enviar el prototipo. Recargue.")]}) from None
    project.prototype = text
    if project.stage == "concept":
        _stage_move(actor, project, "prototype", now)
    project.row_version += 1
    project.save()
    audit_record(
        actor=actor,
        action="training.prototype_submit",
        obj=project,
        after={"version": number, "file": version.file_name, "sha256": version.sha256},
    )
    return version


@transaction.atomic
def feedback_add(
    *, actor: Any, project: GroupProject, body: str, version: PrototypeVersion | None = None
) -> ProjectFeedback:
    """The mentor (or the teaching team) comments on the project's current stage or on one
    prototype version; every member is notified."""
    project = _locked_project(project)
    body = _project_text(body, "body", required=True, minimum=MIN_FEEDBACK)
    if version is not None and version.project_id != project.pk:
        raise ValidationError({"version": [_("Esa versión no es de este proyecto.")]})
    feedback = ProjectFeedback.objects.create(
        project=project, author=_user(actor), stage=project.stage, version=version, body=body, created_at=timezone.now()
    )
    audit_record(
        actor=actor,
        action="training.project_feedback",
        obj=project,
        after={"feedback": feedback.pk, "stage": project.stage, "version": getattr(version, "number", None)},
    )
    members = [m.application.user for m in project.group.members.select_related("application__user")]
    _notify(
        [u for u in members if u is not None],
        "training.project_feedback",
        _("Comentarios sobre su proyecto «%(t)s»") % {"t": project.title},
        body[:300],
        _project_url(project),
    )
    return feedback


@transaction.atomic
def presentation_record(
    *,
    actor: Any,
    project: GroupProject,
    presented_on: date | None,
    url: str = "",
    file_name: str = "",
    data: bytes = b"",
) -> GroupProject:
    """Record the final presentation (a date and a link or a file): from then on every member
    meets the "project_presented" completion rule."""
    from django.core.files.base import ContentFile
    from django.core.validators import URLValidator

    project = _locked_project(project)
    errors: dict[str, list[str]] = {}
    if presented_on is None:
        errors["presented_on"] = [_("Indique la fecha de la presentación.")]
    elif presented_on > timezone.localdate():
        errors["presented_on"] = [_("La presentación no puede tener fecha futura.")]
    url = (url or "").strip()
    if url:
        try:
            URLValidator(schemes=["http", "https"])(url)
        except ValidationError:
            errors["url"] = [_("Escriba un enlace completo que empiece con https://.")]
    if not url and not (file_name or data) and not project.presentation_file_name:
        errors["url"] = [_("Adjunte el archivo de la presentación o un enlace a ella.")]
    checked = None
    if file_name or data:
        try:
            checked = project_file_check(file_name, data)
        except ValidationError as exc:
            errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    before = {"presented_on": project.presented_on.isoformat() if project.presented_on else None}
    project.presented_on = presented_on
    project.presentation_url = url
    if checked is not None:
        project.presentation_file.save(f"{checked.sha256[:16]}.{checked.fmt}", ContentFile(data), save=False)
        project.presentation_file_name = checked.name
    project.row_version += 1
    project.save()
    audit_record(
        actor=actor,
        action="training.project_presentation",
        obj=project,
        before=before,
        after={"presented_on": presented_on.isoformat() if presented_on else None, "url": url},
    )
    # A presentation may be the last rule a member lacked: their certificates follow automatically.
    completion_check_later(
        application_ids=list(GroupMember.objects.filter(group=project.group).values_list("application_id", flat=True))
    )
    return project


@transaction.atomic
def project_set_public(*, actor: Any, project: GroupProject, public: bool) -> GroupProject:
    """Show (or hide) a project to the public: only once its cohort finished."""
    project = _locked_project(project)
    if public and project.group.cohort.status != CohortStatus.FINISHED:
        raise ValidationError({"is_public": [_("Un proyecto se publica cuando su cohorte finaliza.")]})
    before = project.is_public
    project.is_public = public
    project.row_version += 1
    project.save()
    audit_record(
        actor=actor,
        action="training.project_publish",
        obj=project,
        before={"is_public": before},
        after={"is_public": public},
    )
    return project


def _member_municipality(project: GroupProject) -> Any:
    for m in project.group.members.select_related("application__organization").order_by("pk"):
        org = m.application.organization
        if org is not None and getattr(org, "kind", "") == "municipality":
            return org
    return None


@transaction.atomic
def project_convert(*, actor: Any, project: GroupProject, target: str, area: str = "") -> GroupProject:
    """Turn the project into (target "challenge") a draft challenge of the innovation
    programme owned by a member's municipality, or ("resource") a draft good-practice resource
    of the library; the new object's id is kept on the project. Once per target kind. Raises
    ValidationError (nothing written) with the other app's messages when its rules refuse."""
    from hublocal.innovation import services as innovation_services

    project = _locked_project(project)
    if target == "challenge":
        if project.challenge_id:
            raise ValidationError({"target": [_("Este proyecto ya se convirtió en desafío.")]})
        if not (project.problem and project.local_context and (project.test_findings or project.concept)):
            raise ValidationError(
                {"target": [_("Para convertirlo en desafío, complete el problema, el contexto local y el concepto.")]}
            )
        owner = _member_municipality(project)
        if owner is None:
            raise ValidationError(
                {"target": [_("Nadie del grupo pertenece a una municipalidad que pueda ser dueña del desafío.")]}
            )
        challenge = innovation_services.challenge_create(
            actor=actor,
            owner=owner,
            title=project.title,
            area=area,
            problem=project.problem,
            affected=project.local_context,
            current_process=project.local_context,
            success=project.test_findings or project.concept,
        )
        project.challenge_id = challenge.pk
        after: dict[str, Any] = {"challenge": challenge.pk}
    elif target == "resource":
        if project.resource_id:
            raise ValidationError({"target": [_("Este proyecto ya se convirtió en recurso de la biblioteca.")]})
        if not (project.problem or project.concept):
            raise ValidationError(
                {"target": [_("Describa el problema o el concepto antes de convertirlo en recurso de la biblioteca.")]}
            )
        members = list(project.group.members.select_related("application"))
        body = "\n\n".join(
            f"## {label}\n\n{text}"
            for label, text in (
                (_("Problema"), project.problem),
                (_("Contexto local"), project.local_context),
                (_("Concepto"), project.concept),
                (_("Prototipo"), project.prototype),
                (_("Resultados de la prueba"), project.test_findings),
            )
            if text
        )
        countries = sorted({m.application.country_code for m in members if m.application.country_code})
        resource = library_services.resource_create(
            actor=actor,
            organization=None,
            kind="good_practice",
            data={
                "title": project.title,
                "summary": (project.problem or project.concept)[:1500],
                "body": body,
                "countries": countries or ["CL"],
                "authors": [m.application.full_name for m in members],
            },
        )
        project.resource_id = resource.pk
        after = {"resource": resource.pk}
    else:
        raise ValidationError({"target": [_("Elija convertir en desafío o en recurso de la biblioteca.")]})
    project.row_version += 1
    project.save()
    audit_record(actor=actor, action="training.project_convert", obj=project, after=after)
    return project


# --------------------------------------------------------------------------- Authoring
# Staff pages create and edit programmes, modules, cohorts and sessions (issue 13, item 1).
# Every write locks its row, checks the version the person read (core.locking) and is audited.
# Cohort and session creation from the pages go through *_author_create, which add the rules a
# person typing dates can break (window closing after the start, a virtual session without a
# link) on top of cohort_create/session_create, which the seeders also use.

PROGRAMME_FIELDS = (
    "title",
    "summary",
    "objectives",
    "areas",
    "audience",
    "languages",
    "hours",
    "coverage",
    "fee_clp",
    "dimensions",
    "completion_rules",
    "signatories",
)


def _programme_problems(*, coverage: str, fee_clp: int | None, completion_rules: dict) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    problems = completion.validate_rules(completion_rules)
    if problems:
        errors["completion_rules"] = problems
    if coverage == "fee" and not fee_clp:
        errors["fee_clp"] = [_("Indique el arancel en pesos chilenos.")]
    elif coverage != "fee" and fee_clp:
        errors["fee_clp"] = [_("El arancel solo se indica cuando el financiamiento es «Arancel».")]
    return errors


def _audit_snapshot(obj: Any, names: tuple[str, ...]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name in names:
        value = getattr(obj, name)
        out[name] = str(value) if isinstance(value, (Decimal, date, datetime)) else value
    return out


@transaction.atomic
def programme_update(
    *,
    actor: Any,
    programme: Programme,
    expected_version: int | None,
    partners: list[Any] | None = None,
    instructors: list[Any] | None = None,
    **values: Any,
) -> Programme:
    """Change a programme's fields (those in PROGRAMME_FIELDS given as keywords). Raises
    StaleVersion when someone saved since `expected_version`, ValidationError for a fee without
    an amount (or an amount without a fee) and unknown completion rules; nothing is written then."""
    unknown = set(values) - set(PROGRAMME_FIELDS)
    if unknown:
        raise ValueError(f"not programme fields: {sorted(unknown)}")
    programme = Programme.objects.select_for_update().get(pk=programme.pk)
    check_and_bump(programme, expected_version)
    merged = {name: values.get(name, getattr(programme, name)) for name in PROGRAMME_FIELDS}
    errors = _programme_problems(
        coverage=merged["coverage"], fee_clp=merged["fee_clp"], completion_rules=merged["completion_rules"] or {}
    )
    if errors:
        raise ValidationError(errors)
    before = _audit_snapshot(programme, PROGRAMME_FIELDS)
    for name, value in merged.items():
        setattr(programme, name, value)
    programme.title = programme.title.strip()
    programme.hours = Decimal(programme.hours)
    programme.dimensions = [list(p) for p in programme.dimensions or []]
    programme.full_clean()
    programme.save()
    if partners is not None:
        programme.partners.set(partners)
    if instructors is not None:
        programme.instructors.set(instructors)
    _changed()
    audit_record(
        actor=actor,
        action="training.programme_update",
        obj=programme,
        before=before,
        after={
            **_audit_snapshot(programme, PROGRAMME_FIELDS),
            "instructors": sorted(u.pk for u in instructors) if instructors is not None else "unchanged",
        },
    )
    return programme


PROGRAMME_TRANSITIONS: dict[str, tuple[str, ...]] = {
    ProgrammeStatus.PUBLISHED: (ProgrammeStatus.DRAFT, ProgrammeStatus.ARCHIVED),
    ProgrammeStatus.ARCHIVED: (ProgrammeStatus.DRAFT, ProgrammeStatus.PUBLISHED),
    ProgrammeStatus.DRAFT: (ProgrammeStatus.PUBLISHED,),
}


@transaction.atomic
def programme_set_status(*, actor: Any, programme: Programme, status: str, expected_version: int | None) -> Programme:
    """Publish, archive or return to draft. A programme is published only with at least one
    module (a catalogue entry nobody can follow is an error). Raises ValidationError, StaleVersion."""
    programme = Programme.objects.select_for_update().get(pk=programme.pk)
    check_and_bump(programme, expected_version)
    if status not in PROGRAMME_TRANSITIONS or programme.status not in PROGRAMME_TRANSITIONS[status]:
        raise ValidationError({"status": [_("Ese cambio de estado no es posible desde el estado actual.")]})
    if status == ProgrammeStatus.PUBLISHED and not programme.modules.exists():
        raise ValidationError({"status": [_("Agregue al menos un módulo antes de publicar el programa.")]})
    before = programme.status
    programme.status = status
    programme.save(update_fields=["status", "row_version", "updated_at"])
    _changed()
    audit_record(
        actor=actor,
        action="training.programme_status",
        obj=programme,
        before={"status": before},
        after={"status": status},
    )
    return programme


@transaction.atomic
def module_update(
    *, actor: Any, module: Module, title: str, mode: str, hours: Decimal | int, assignment_required: bool
) -> Module:
    module = Module.objects.select_for_update().get(pk=module.pk)
    before = _audit_snapshot(module, ("title", "mode", "hours", "assignment_required"))
    module.title, module.mode, module.hours, module.assignment_required = (
        title.strip(),
        mode,
        Decimal(hours),
        assignment_required,
    )
    module.full_clean()
    module.save()
    audit_record(
        actor=actor,
        action="training.module_update",
        obj=module,
        before=before,
        after=_audit_snapshot(module, ("title", "mode", "hours", "assignment_required")),
    )
    return module


@transaction.atomic
def module_move(*, actor: Any, module: Module, up: bool) -> Module:
    """Swap a module with its neighbour (no-op at either end). The order is unique per
    programme, so the swap parks one module at 0 first; the programme row is locked so two
    reorderings do not interleave."""
    Programme.objects.select_for_update().get(pk=module.programme_id)
    module = Module.objects.get(pk=module.pk)
    siblings = Module.objects.filter(programme_id=module.programme_id)
    neighbour = (
        siblings.filter(order__lt=module.order).order_by("-order").first()
        if up
        else siblings.filter(order__gt=module.order).order_by("order").first()
    )
    if neighbour is None:
        return module
    mine, theirs = module.order, neighbour.order
    Module.objects.filter(pk=module.pk).update(order=0)
    Module.objects.filter(pk=neighbour.pk).update(order=mine)
    Module.objects.filter(pk=module.pk).update(order=theirs)
    module.order = theirs
    audit_record(
        actor=actor, action="training.module_move", obj=module, before={"order": mine}, after={"order": theirs}
    )
    return module


@transaction.atomic
def module_delete(*, actor: Any, module: Module) -> None:
    """Delete a module without sessions. Raises ValidationError when sessions were planned
    for it (they hold attendance: deleting would erase a participant's record)."""
    Programme.objects.select_for_update().get(pk=module.programme_id)
    n = Session.objects.filter(module_id=module.pk).count()
    if n:
        raise ValidationError(
            {
                "__all__": [
                    _(
                        "No se puede eliminar «%(m)s»: tiene %(n)d sesiones programadas. Elimine o mueva "
                        "esas sesiones a otro módulo primero."
                    )
                    % {"m": module.title, "n": n}
                ]
            }
        )
    audit_record(actor=actor, action="training.module_delete", obj=module, before={"title": module.title})
    Module.objects.filter(pk=module.pk).delete()


COHORT_FIELDS = (
    "name",
    "starts_on",
    "ends_on",
    "capacity",
    "applications_open_at",
    "applications_close_at",
    "eligible_countries",
    "eligible_typologies",
    "eligible_roles",
    "quota_per_municipality",
    "quota_per_country",
)


def _cohort_problems(values: dict[str, Any], seated: int = 0) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if values["ends_on"] < values["starts_on"]:
        errors["ends_on"] = [_("El término no puede ser anterior al inicio.")]
    if values["applications_close_at"] <= values["applications_open_at"]:
        errors["applications_close_at"] = [_("El cierre de postulaciones debe ser posterior a su apertura.")]
    elif timezone.localtime(values["applications_close_at"]).date() >= values["starts_on"]:
        errors["applications_close_at"] = [
            _("Las postulaciones deben cerrar antes del inicio de la cohorte (%(d)s).")
            % {"d": values["starts_on"].strftime("%d-%m-%Y")}
        ]
    capacity = values["capacity"]
    if capacity < 1:
        errors["capacity"] = [_("La cohorte necesita al menos un cupo.")]
    elif capacity < seated:
        errors["capacity"] = [_("Ya hay %(n)d personas con cupo: la capacidad no puede ser menor.") % {"n": seated}]
    for name in ("quota_per_municipality", "quota_per_country"):
        quota = values.get(name)
        if quota is not None and quota > capacity:
            errors[name] = [_("El cupo por municipio o país no puede superar la capacidad de la cohorte.")]
        elif quota is not None and quota < 1:
            errors[name] = [_("Deje el cupo vacío o indique al menos 1.")]
    return errors


@transaction.atomic
def programme_author_create(*, actor: Any, **values: Any) -> Programme:
    """A programme from the staff page: programme_create, refusing also an amount without a
    fee (the page shows both fields). Raises ValidationError."""
    errors = _programme_problems(
        coverage=values.get("coverage", "agreement"),
        fee_clp=values.get("fee_clp"),
        completion_rules=values.get("completion_rules") or {},
    )
    if errors:
        raise ValidationError(errors)
    return programme_create(actor=actor, **values)


@transaction.atomic
def cohort_author_create(*, actor: Any, programme: Programme, **values: Any) -> Cohort:
    """A cohort from the staff page: cohort_create plus the rules a person can break (window
    closing on or after the start, quotas above capacity). Raises ValidationError."""
    errors = _cohort_problems(values)
    if errors:
        raise ValidationError(errors)
    return cohort_create(actor=actor, programme=programme, **values)


@transaction.atomic
def cohort_update(*, actor: Any, cohort: Cohort, expected_version: int | None, **values: Any) -> Cohort:
    """Edit a cohort's dates, eligibility, capacity, quotas and window. Capacity may not fall
    below the seats already taken (nobody loses a confirmed seat by an edit). Raises
    StaleVersion or ValidationError; nothing is written then."""
    unknown = set(values) - set(COHORT_FIELDS)
    if unknown:
        raise ValueError(f"not cohort fields: {sorted(unknown)}")
    cohort = _locked_cohort(cohort)
    check_and_bump(cohort, expected_version)
    merged = {name: values.get(name, getattr(cohort, name)) for name in COHORT_FIELDS}
    errors = _cohort_problems(merged, seated=_seats_taken(cohort))
    if errors:
        raise ValidationError(errors)
    before = _audit_snapshot(cohort, COHORT_FIELDS)
    for name, value in merged.items():
        setattr(cohort, name, value)
    cohort.eligible_countries = [c.upper() for c in cohort.eligible_countries]
    cohort.full_clean()
    cohort.save()
    _changed()
    audit_record(
        actor=actor,
        action="training.cohort_update",
        obj=cohort,
        before=before,
        after=_audit_snapshot(cohort, COHORT_FIELDS),
    )
    return cohort


def _session_place_problems(*, module: Module, place: str, video_url: str) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if module.mode in ("in_person", "hybrid") and not place.strip():
        errors["place"] = [_("Una sesión presencial necesita un lugar (dirección o sala).")]
    if module.mode in ("virtual", "hybrid") and not video_url.strip():
        errors["video_url"] = [_("Una sesión virtual necesita el enlace de la videollamada.")]
    return errors


@transaction.atomic
def session_author_create(*, actor: Any, cohort: Cohort, module: Module, **values: Any) -> Session:
    """A session from the staff page: session_create (times, zone, materials; a check-in code
    is generated) plus the place or link its module's mode needs. Raises ValidationError."""
    errors = _session_place_problems(
        module=module, place=values.get("place", ""), video_url=values.get("video_url", "")
    )
    try:
        session = session_create(actor=actor, cohort=cohort, module=module, **values)
    except ValidationError as exc:
        for key, msgs in exc.message_dict.items():
            errors.setdefault(key, []).extend(msgs)
        raise ValidationError(errors) from None
    if errors:
        raise ValidationError(errors)  # rolls back the session just created
    return session


@transaction.atomic
def session_update(
    *,
    actor: Any,
    session: Session,
    expected_version: int | None,
    module: Module,
    starts_at: datetime,
    ends_at: datetime,
    tz: str,
    title: str = "",
    place: str = "",
    video_url: str = "",
    materials: list[int] | None = None,
) -> Session:
    """Edit a session (staff, or an instructor of its programme). The check-in code is kept.
    Raises StaleVersion or ValidationError (same rules as session_author_create)."""
    session = Session.objects.select_for_update(of=("self",)).select_related("cohort").get(pk=session.pk)
    check_and_bump(session, expected_version)
    errors = _session_place_problems(module=module, place=place, video_url=video_url)
    errors.update(
        _session_time_problems(
            cohort=session.cohort, module=module, starts_at=starts_at, ends_at=ends_at, tz=tz, materials=materials
        )
    )
    if errors:
        raise ValidationError(errors)
    names = ("module_id", "title", "starts_at", "ends_at", "timezone", "place", "video_url", "materials")
    before = _audit_snapshot(session, names)
    session.module = module
    session.title, session.starts_at, session.ends_at, session.timezone = title.strip(), starts_at, ends_at, tz
    session.place, session.video_url = place.strip(), video_url.strip()
    session.materials = sorted({int(i) for i in (materials or [])})
    session.save()
    audit_record(
        actor=actor, action="training.session_update", obj=session, before=before, after=_audit_snapshot(session, names)
    )
    return session


# --------------------------------------------------------------------------- Automatic certificates
# When a participant's completion may have become met (attendance marked, imported or checked
# in, an assignment delivered, the cohort finished), a queue job computes it and issues the
# certificate (issue 13, item 2). The certificates app is idempotent per (source, cohort,
# holder) — also under concurrent jobs, by a unique constraint — so a person never gets two
# certificates for one application, whatever the number of runs; it also tells the holder
# ("certificates.issued", with a link). The staff button re-runs the same for a whole cohort.


def completion_check_later(*, application_ids: list[int]) -> None:
    """Queue the completion check of these applications once the caller's transaction commits
    (the job must see the attendance just written; a rolled-back write queues nothing)."""
    ids = sorted(set(application_ids))
    if not ids:
        return
    from . import tasks

    transaction.on_commit(lambda: tasks.issue_certificates_on_completion(ids))


def _issue_certificate(*, actor: Any, progress: Any) -> Any:
    application = progress.application
    cohort = application.cohort
    programme = cohort.programme
    return certificate_services.certificate_issue(
        actor=actor,
        holder_user=application.user,
        holder_name=application.full_name,
        title=programme.title,
        hours=programme.hours,
        start_date=cohort.starts_on,
        end_date=cohort.ends_on,
        # The day the last rule became met (selectors.Progress.completed_on), never before the start.
        completion_date=max(progress.completed_on or timezone.localdate(), cohort.starts_on),
        issuer_name=ISSUER,
        signatories=list(programme.signatories),
        source="training.cohort",
        source_id=cohort.pk,
    )


@transaction.atomic
def certificates_issue_on_completion(*, application_ids: list[int]) -> int:
    """Issue the certificate of each of these (seated) applications whose completion is met and
    who have none yet. Safe to run any number of times. How many were issued now."""
    from . import selectors

    issued = 0
    certified: dict[int, set[int]] = {}  # cohort id → holders already certified (one query per cohort)
    for progress in selectors.progress_of_applications(ids=application_ids):
        application = progress.application
        if not progress.outcome.complete or application.user_id is None:
            continue
        if application.cohort_id not in certified:
            certified[application.cohort_id] = selectors.certified_user_ids(cohort=application.cohort)
        if application.user_id in certified[application.cohort_id]:
            continue
        _issue_certificate(actor=None, progress=progress)
        audit_record(
            actor=None,
            action="training.certificate_auto",
            obj=application,
            after={"cohort": application.cohort_id, "completed_on": str(progress.completed_on)},
        )
        issued += 1
    return issued
