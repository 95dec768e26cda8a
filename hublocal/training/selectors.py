"""Training reads: public programmes and cohorts, a person's courses and what they still lack,
staff and instructor lists, the roster and attendance grid with bounded queries, and what the
registry asks for (search documents, recommendations, the municipality panel, home items)."""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db.models import Count, Max, Prefetch, Q, QuerySet
from django.utils import timezone

from hublocal.certificates import selectors as certificate_selectors

from . import completion
from .models import (
    SEATED,
    Application,
    ApplicationStatus,
    Attendance,
    AttendanceStatus,
    Cohort,
    CohortStatus,
    Delivery,
    Module,
    Programme,
    ProgrammeStatus,
    Session,
)

# The zone each network country's participants see times in, beside the session's own.
COUNTRY_ZONES = {
    "CL": "America/Santiago",
    "UY": "America/Montevideo",
    "BR": "America/Sao_Paulo",
    "PY": "America/Asuncion",
    "AR": "America/Argentina/Buenos_Aires",
    "PE": "America/Lima",
    "CO": "America/Bogota",
    "MX": "America/Mexico_City",
}


def public_programmes() -> QuerySet[Programme]:
    return (
        Programme.objects.filter(status=ProgrammeStatus.PUBLISHED)
        .annotate(open_cohorts=Count("cohorts", filter=Q(cohorts__status=CohortStatus.OPEN)))
        .order_by("title")
    )


def programme_get(*, slug: str) -> Programme | None:
    return Programme.objects.filter(slug=slug).prefetch_related("partners", "instructors").first()


def programme_modules(*, programme: Programme) -> list[Module]:
    return list(programme.modules.all())


def programme_cohorts(*, programme: Programme, public_only: bool = True) -> list[Cohort]:
    qs = programme.cohorts.all()
    if public_only:
        qs = qs.exclude(status=CohortStatus.DRAFT)
    return list(qs.annotate(seated=Count("applications", filter=Q(applications__status__in=SEATED))))


def cohort_get(*, pk: int) -> Cohort | None:
    return Cohort.objects.select_related("programme").filter(pk=pk).first()


def public_cohorts() -> QuerySet[Cohort]:
    return (
        Cohort.objects.filter(programme__status=ProgrammeStatus.PUBLISHED)
        .exclude(status=CohortStatus.DRAFT)
        .select_related("programme")
        .annotate(seated=Count("applications", filter=Q(applications__status__in=SEATED)))
        .order_by("-starts_on", "pk")
    )


def seats_taken(*, cohort: Cohort) -> int:
    return Application.objects.filter(cohort=cohort, status__in=SEATED).count()


def application_get(*, pk: int) -> Application | None:
    return Application.objects.select_related("cohort", "cohort__programme", "user").filter(pk=pk).first()


def application_of(*, user: Any, cohort: Cohort) -> Application | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return Application.objects.filter(cohort=cohort, user=user).first()


def session_get(*, pk: int) -> Session | None:
    return Session.objects.select_related("cohort", "cohort__programme", "module").filter(pk=pk).first()


def cohort_sessions(*, cohort: Cohort) -> list[Session]:
    return list(cohort.sessions.select_related("module").order_by("starts_at", "pk"))


def local_times(session: Session, country: str = "") -> list[tuple[str, datetime]]:
    """The session's start in its own zone and, when different, in the viewer's country's zone."""
    from zoneinfo import ZoneInfo

    zones = [session.timezone]
    own = COUNTRY_ZONES.get(country or "CL")
    if own and own not in zones:
        zones.append(own)
    return [(z, session.starts_at.astimezone(ZoneInfo(z))) for z in zones]


# --------------------------------------------------------------------------- progress


@dataclass
class Progress:
    application: Application
    attended: int
    sessions_total: int
    outcome: completion.Outcome
    completed_on: date | None


def _progress_for(applications: list[Application], cohort_ids: set[int]) -> list[Progress]:
    """Completion of each application in two queries per call (sessions, attendance + deliveries)."""
    if not applications:
        return []
    session_counts = dict(
        Session.objects.filter(cohort_id__in=cohort_ids)
        .values("cohort_id")
        .annotate(n=Count("pk"))
        .values_list("cohort_id", "n")
    )
    ids = [a.pk for a in applications]
    attended: dict[int, int] = defaultdict(int)
    days_present: dict[int, list[date]] = defaultdict(list)
    for app_id, starts_at in Attendance.objects.filter(
        application_id__in=ids, status=AttendanceStatus.PRESENT
    ).values_list("application_id", "session__starts_at"):
        attended[app_id] += 1
        days_present[app_id].append(timezone.localdate(starts_at))
    delivered: dict[int, int] = {}
    last_delivery: dict[int, date] = {}
    for app_id, n, last in (
        Delivery.objects.filter(application_id__in=ids)
        .values("application_id")
        .annotate(n=Count("pk"), last=Max("delivered_at"))
        .values_list("application_id", "n", "last")
    ):
        delivered[app_id], last_delivery[app_id] = n, timezone.localdate(last)
    required = dict(
        Module.objects.filter(programme__cohorts__in=cohort_ids, assignment_required=True)
        .values("programme__cohorts")
        .annotate(n=Count("pk"))
        .values_list("programme__cohorts", "n")
    )
    result = []
    for a in applications:
        facts = completion.Facts(
            sessions_total=session_counts.get(a.cohort_id, 0),
            sessions_attended=attended[a.pk],
            modules_requiring_assignment=required.get(a.cohort_id, 0),
            assignments_delivered=delivered.get(a.pk, 0),
        )
        rules = a.cohort.programme.completion_rules
        outcome = completion.evaluate(rules, facts)
        done_on = _completed_on(rules, facts, days_present[a.pk], last_delivery.get(a.pk)) if outcome.complete else None
        result.append(Progress(a, attended[a.pk], facts.sessions_total, outcome, done_on))
    return result


def _completed_on(rules: dict, facts: completion.Facts, days_present: list[date], last_delivery: date | None) -> Any:
    """The day the last rule became met (printed on the certificate): the day of the session that
    reached the minimum attendance, and the day of the last required delivery. None when no rule
    has a date (the caller then uses the issue day)."""
    days = sorted(days_present)
    dates: list[date] = []
    minimum = float(rules.get("min_attendance_pct", 0) or 0)
    needed = math.ceil(minimum * facts.sessions_total / 100 - 1e-9) if minimum > 0 else 0
    if needed and len(days) >= needed:
        dates.append(days[needed - 1])
    elif days:
        dates.append(days[-1])
    if rules.get("assignments") and facts.modules_requiring_assignment and last_delivery:
        dates.append(last_delivery)
    return max(dates) if dates else None


def cohort_progress(*, cohort: Cohort) -> list[Progress]:
    applications = list(
        Application.objects.filter(cohort=cohort, status__in=SEATED).select_related("user", "cohort__programme")
    )
    return _progress_for(applications, {cohort.pk})


def progress_of_applications(*, ids: list[int]) -> list[Progress]:
    """Completion of these applications (those still seated), for the automatic certificates."""
    applications = list(
        Application.objects.filter(pk__in=ids, status__in=SEATED).select_related("user", "cohort__programme")
    )
    return _progress_for(applications, {a.cohort_id for a in applications})


def certified_user_ids(*, cohort: Cohort) -> set[int]:
    return set(
        certificate_selectors.certificates_for_source("training.cohort", cohort.pk).values_list(
            "holder_user_id", flat=True
        )
    )


@dataclass
class MyCourse:
    application: Application
    progress: Progress | None
    next_sessions: list[Session]
    certificate: Any


def my_courses(*, user: Any) -> list[MyCourse]:
    applications = list(
        Application.objects.filter(user=user).select_related("cohort", "cohort__programme").order_by("-applied_at")
    )
    seated = [a for a in applications if a.status in SEATED]
    progress = {p.application.pk: p for p in _progress_for(seated, {a.cohort_id for a in seated})}
    now = timezone.now()
    upcoming: dict[int, list[Session]] = defaultdict(list)
    for s in (
        Session.objects.filter(cohort_id__in=[a.cohort_id for a in seated], ends_at__gte=now)
        .select_related("module")
        .order_by("starts_at")[:50]
    ):
        if len(upcoming[s.cohort_id]) < 3:
            upcoming[s.cohort_id].append(s)
    certificates = {
        c.source_id: c for c in certificate_selectors.certificates_of_user(user).filter(source="training.cohort")
    }
    return [
        MyCourse(a, progress.get(a.pk), upcoming.get(a.cohort_id, []), certificates.get(a.cohort_id))
        for a in applications
    ]


# --------------------------------------------------------------------------- staff and instructors


APPLICATION_FILTERS = ("status", "country", "q")


def cohort_applications(*, cohort: Cohort, status: str = "", country: str = "", q: str = "") -> QuerySet[Application]:
    qs = Application.objects.filter(cohort=cohort).select_related("organization", "commune", "commune__country")
    if status:
        qs = qs.filter(status=status)
    if country:
        qs = qs.filter(country_code=country)
    if q:
        qs = qs.filter(full_name__icontains=q)
    return qs.order_by("status", "waitlist_position", "applied_at", "pk")


def status_counts(*, cohort: Cohort) -> dict[str, int]:
    return dict(
        Application.objects.filter(cohort=cohort).values("status").annotate(n=Count("pk")).values_list("status", "n")
    )


def waitlist(*, cohort: Cohort) -> list[Application]:
    return list(
        Application.objects.filter(cohort=cohort, status=ApplicationStatus.WAITLISTED).order_by(
            "waitlist_position", "pk"
        )
    )


def staff_cohorts() -> list[Cohort]:
    return list(
        Cohort.objects.select_related("programme")
        .annotate(
            seated=Count("applications", filter=Q(applications__status__in=SEATED)),
            pending=Count("applications", filter=Q(applications__status=ApplicationStatus.APPLIED)),
            waiting=Count("applications", filter=Q(applications__status=ApplicationStatus.WAITLISTED)),
        )
        .order_by("-starts_on", "pk")
    )


def instructor_cohorts(*, user: Any) -> list[Cohort]:
    return list(
        Cohort.objects.filter(programme__instructors=user)
        .select_related("programme")
        .annotate(seated=Count("applications", filter=Q(applications__status__in=SEATED), distinct=True))
        .order_by("-starts_on", "pk")
    )


def roster_source(*, cohort: Cohort) -> QuerySet[Application]:
    return (
        Application.objects.filter(cohort=cohort, status__in=SEATED)
        .select_related("organization", "commune", "commune__country", "cohort__programme")
        .order_by("full_name", "pk")
    )


def roster_progress(*, applications: list[Application], cohort: Cohort) -> list[Progress]:
    """Progress of one page of the roster (bounded: a handful of queries whatever the page)."""
    return _progress_for(applications, {cohort.pk})


def attendance_sheet(*, session: Session, applications: list[Application]) -> dict[int, str]:
    return dict(
        Attendance.objects.filter(session=session, application_id__in=[a.pk for a in applications]).values_list(
            "application_id", "status"
        )
    )


def sessions_to_remind(*, start: datetime, end: datetime) -> list[tuple[Session, list[Any]]]:
    sessions = list(
        Session.objects.filter(starts_at__gte=start, starts_at__lt=end)
        .exclude(cohort__status=CohortStatus.CANCELLED)
        .select_related("cohort", "cohort__programme", "module")
        .prefetch_related(
            Prefetch(
                "cohort__applications",
                queryset=Application.objects.filter(status__in=SEATED, user__isnull=False).select_related("user"),
                to_attr="seated_apps",
            )
        )
    )
    return [(s, [a.user for a in s.cohort.seated_apps]) for s in sessions]  # type: ignore[attr-defined]  # to_attr


def sessions_today_for(*, user: Any) -> list[Session]:
    today = timezone.localdate()
    return list(
        Session.objects.filter(cohort__programme__instructors=user, starts_at__date=today)
        .select_related("cohort", "module")
        .order_by("starts_at")[:20]
    )


def pending_decisions() -> list[tuple[Cohort, int]]:
    rows = (
        Cohort.objects.filter(applications__status=ApplicationStatus.APPLIED)
        .annotate(n=Count("applications", filter=Q(applications__status=ApplicationStatus.APPLIED)))
        .select_related("programme")
        .order_by("applications_close_at")[:20]
    )
    return [(c, c.n) for c in rows]


# --------------------------------------------------------------------------- registry


def programme_count() -> int:
    return Programme.objects.filter(status=ProgrammeStatus.PUBLISHED).count()


def trained_count() -> int:
    """Participants of finished cohorts (the home page's figure)."""
    return Application.objects.filter(cohort__status=CohortStatus.FINISHED, status__in=SEATED).count()


def programmes_for_dimensions(*, dimensions: list[tuple[str, str]], limit: int) -> list[tuple[Programme, str, str]]:
    """Published programmes that address these dimensions (or, failing that, their areas), in
    the dimensions' order. One query."""
    wanted = [(a, d) for a, d in dimensions]
    if not wanted:
        return []
    programmes = list(Programme.objects.filter(status=ProgrammeStatus.PUBLISHED).order_by("title"))
    scored = []
    for p in programmes:
        own = {tuple(x) for x in p.dimensions or []}
        best = None
        for rank, pair in enumerate(wanted):
            if pair in own:
                best = (0, rank, pair[0], pair[1])
                break
        if best is None:
            for rank, pair in enumerate(wanted):
                if pair[0] in (p.areas or []):
                    best = (1, rank, pair[0], "")
                    break
        if best is not None:
            scored.append((best, p))
    scored.sort(key=lambda x: (x[0][0], x[0][1], x[1].title))
    return [(p, key[2], key[3]) for key, p in scored[:limit]]


def trained_by_organization(*, organization_id: int) -> tuple[list[tuple[str, int]], list[tuple[str, str]]]:
    """For a municipality's page: (programme title, people who completed or are taking it) and
    the (name, programme) pairs. Two queries."""
    rows = list(
        Application.objects.filter(organization_id=organization_id, status__in=SEATED, anonymised=False)
        .exclude(cohort__status=CohortStatus.CANCELLED)
        .values_list("full_name", "cohort__programme__title")
        .order_by("cohort__programme__title", "full_name")
    )
    counts: dict[str, int] = defaultdict(int)
    for _name, title in rows:
        counts[title] += 1
    return sorted(counts.items()), rows[:200]


def search_programmes(ids: list[int] | None) -> list[Programme]:
    qs = Programme.objects.filter(status=ProgrammeStatus.PUBLISHED).prefetch_related("modules", "partners")
    return list(qs.filter(pk__in=ids) if ids is not None else qs)


def search_cohorts(ids: list[int] | None) -> list[Cohort]:
    qs = (
        Cohort.objects.filter(programme__status=ProgrammeStatus.PUBLISHED)
        .exclude(status=CohortStatus.DRAFT)
        .select_related("programme")
    )
    return list(qs.filter(pk__in=ids) if ids is not None else qs)


# --------------------------------------------------------------------------- Authoring
# Reads of the staff authoring pages (views_authoring.py).

MATERIAL_CHOICES_LIMIT = 200


def authoring_programmes() -> QuerySet[Programme]:
    """Every programme for the hub team, with its module and cohort counts (one query)."""
    return Programme.objects.annotate(
        n_modules=Count("modules", distinct=True), n_cohorts=Count("cohorts", distinct=True)
    ).order_by("status", "title")


def authoring_programme_get(*, pk: int) -> Programme | None:
    return Programme.objects.prefetch_related("partners", "instructors").filter(pk=pk).first()


def authoring_modules(*, programme: Programme) -> list[Module]:
    """The programme's modules in order, each with how many sessions it has (delete is refused then)."""
    return list(programme.modules.annotate(n_sessions=Count("sessions")).order_by("order"))


def authoring_cohorts(*, programme: Programme) -> list[Cohort]:
    return list(
        programme.cohorts.annotate(
            seated=Count("applications", filter=Q(applications__status__in=SEATED), distinct=True),
            n_sessions=Count("sessions", distinct=True),
        ).order_by("-starts_on", "pk")
    )


def module_get(*, pk: int) -> Module | None:
    return Module.objects.select_related("programme").filter(pk=pk).first()


def instructor_candidates() -> QuerySet[Any]:
    """Who may teach: the hub's staff and partner institutions' accounts."""
    from django.contrib.auth import get_user_model

    return (
        get_user_model()
        .objects.filter(is_active=True, role__in=("hub_admin", "hub_analyst", "partner"))
        .select_related("organization")
        .order_by("first_name", "last_name", "username")
    )


def partner_candidates() -> QuerySet[Any]:
    """Institutions that may co-teach a programme: every organisation but municipalities."""
    from hublocal.directory import selectors as directory_selectors

    return directory_selectors.organization_list().exclude(kind="municipality")


def material_choices() -> list[tuple[int, str]]:
    """Published library resources a session may list as materials, newest first."""
    from hublocal.library import selectors as library_selectors

    return [(r.pk, r.title) for r in library_selectors.catalogue()[:MATERIAL_CHOICES_LIMIT]]


def dimension_choices() -> list[tuple[str, str]]:
    """("area:dimension", "Área: Dimensión") for every dimension of the latest diagnosis instruments."""
    from hublocal.core.areas import Area
    from hublocal.diagnosis import selectors as diagnosis_selectors

    labels = dict(Area.choices)
    out: list[tuple[str, str]] = []
    for area in Area.values:
        seen: set[str] = set()
        for version in diagnosis_selectors.instrument_version_list(area=area, latest_only=True):
            for dim in diagnosis_selectors.instrument_of(version).dimensions:
                if dim.id not in seen:
                    seen.add(dim.id)
                    out.append((f"{area}:{dim.id}", f"{labels[area]}: {dim.title}"))
    return out
