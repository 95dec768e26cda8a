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
from hublocal.territory import selectors as territory_selectors

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
    GroupMember,
    GroupProject,
    Module,
    Programme,
    ProgrammeStatus,
    ProjectStage,
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
    # --- Group projects: a participant meets "project_presented" once their group's final
    # presentation is recorded (one query); its date is one of the dates completion waits for.
    presented: dict[int, date] = {
        app_id: on
        for app_id, on in GroupMember.objects.filter(
            application_id__in=ids, group__project__presented_on__isnull=False
        ).values_list("application_id", "group__project__presented_on")
        if on is not None  # never None (filtered), said for the type checker
    }
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
            project_presented=a.pk in presented,
        )
        rules = a.cohort.programme.completion_rules
        outcome = completion.evaluate(rules, facts)
        done_on = (
            _completed_on(rules, facts, days_present[a.pk], last_delivery.get(a.pk), presented.get(a.pk))
            if outcome.complete
            else None
        )
        result.append(Progress(a, attended[a.pk], facts.sessions_total, outcome, done_on))
    return result


def _completed_on(
    rules: dict,
    facts: completion.Facts,
    days_present: list[date],
    last_delivery: date | None,
    presented_on: date | None = None,
) -> Any:
    """The day the last rule became met (printed on the certificate): the day of the session that
    reached the minimum attendance, the day of the last required delivery and the day the group
    project was presented. None when no rule has a date (the caller then uses the issue day)."""
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
    if rules.get("project_presented") and presented_on:
        dates.append(presented_on)
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
    project: Any = None  # --- Group projects: the person's group project in this cohort


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


# --------------------------------------------------------------------------- evaluation
# Evaluation surveys (instruments as content) and the cohort report's facts (issue 13 item 7).


SURVEY_INSTRUMENTS = {"satisfaction": "satisfaccion-modulo", "pre": "autoevaluacion-competencias"}
SURVEY_INSTRUMENTS["post"] = SURVEY_INSTRUMENTS["pre"]  # the same questions at the start and the end
SURVEY_DAYS = 30  # a survey stays open this long after it opens
_INSTRUMENTS: dict[tuple[str, int], Any] = {}


def survey_instruments_dir() -> Any:
    from pathlib import Path

    from django.conf import settings

    return Path(
        getattr(settings, "TRAINING_INSTRUMENTS_DIR", Path(settings.BASE_DIR) / "content" / "training" / "instruments")
    )


def survey_instrument(*, kind: str, version: int | None = None) -> Any:
    """The parsed instrument a survey kind is answered with: the given version, or the highest
    one on disk (new answers). Validated by the diagnosis engine; cached (a version never changes)."""
    from hublocal.diagnosis import selectors as diagnosis_selectors

    slug = SURVEY_INSTRUMENTS[kind]
    folder = survey_instruments_dir() / slug
    if version is None:
        versions = [int(p.stem[1:]) for p in folder.glob("v*.yaml") if p.stem[1:].isdigit()]
        version = max(versions)
    key = (slug, version)
    if key not in _INSTRUMENTS:
        _INSTRUMENTS[key] = diagnosis_selectors.instrument_from_file(folder / f"v{version}.yaml")
    return _INSTRUMENTS[key]


@dataclass(frozen=True)
class SurveyWindow:
    kind: str
    module: Module | None
    opens: datetime | None  # None: open from enrolment
    closes: datetime


def survey_windows(*, cohort: Cohort, sessions: list[Session] | None = None) -> list[SurveyWindow]:
    """When each survey of a cohort may be answered: the pre self-assessment until the end of
    the first session; each module's satisfaction survey from the end of its last session; the
    post self-assessment from the end of the last session; each for SURVEY_DAYS."""
    from datetime import timedelta

    if sessions is None:
        sessions = list(Session.objects.filter(cohort=cohort).select_related("module"))
    if not sessions:
        return []
    days = timedelta(days=SURVEY_DAYS)
    first = min(s.ends_at for s in sessions)
    last = max(s.ends_at for s in sessions)
    windows = [SurveyWindow("pre", None, None, first)]
    module_end: dict[int, tuple[Module, datetime]] = {}
    for s in sessions:
        if s.module_id not in module_end or s.ends_at > module_end[s.module_id][1]:
            module_end[s.module_id] = (s.module, s.ends_at)
    for module, end in sorted(module_end.values(), key=lambda me: (me[0].order, me[0].pk)):
        windows.append(SurveyWindow("satisfaction", module, end, end + days))
    windows.append(SurveyWindow("post", None, last, last + days))
    return windows


@dataclass(frozen=True)
class PendingSurvey:
    application: Application
    window: SurveyWindow

    @property
    def url(self) -> str:
        from django.urls import reverse

        if self.window.module is not None:
            return reverse(
                "training:survey_module", kwargs={"pk": self.application.pk, "module_pk": self.window.module.pk}
            )
        moment = "inicial" if self.window.kind == "pre" else "final"
        return reverse("training:survey_self_assessment", kwargs={"pk": self.application.pk, "moment": moment})

    @property
    def title(self) -> str:
        from django.utils.translation import gettext as _

        if self.window.module is not None:
            return _("Encuesta del módulo «%(m)s»") % {"m": self.window.module.title}
        if self.window.kind == "pre":
            return _("Autoevaluación inicial de «%(c)s»") % {"c": self.application.cohort.programme.title}
        return _("Autoevaluación final de «%(c)s»") % {"c": self.application.cohort.programme.title}


def pending_surveys(*, user: Any, now: datetime | None = None) -> list[PendingSurvey]:
    """The open surveys a person has not answered yet, over all their seats (three queries)."""
    if not getattr(user, "is_authenticated", False):
        return []
    from .models import SurveyResponse

    now = now or timezone.now()
    seated = list(
        Application.objects.filter(user=user, status__in=SEATED).select_related("cohort", "cohort__programme")
    )
    if not seated:
        return []
    by_cohort: dict[int, list[Session]] = defaultdict(list)
    for s in Session.objects.filter(cohort_id__in=[a.cohort_id for a in seated]).select_related("module"):
        by_cohort[s.cohort_id].append(s)
    done = set(SurveyResponse.objects.filter(application__in=seated).values_list("application_id", "kind", "module_id"))
    pending = []
    for a in seated:
        for w in survey_windows(cohort=a.cohort, sessions=by_cohort.get(a.cohort_id, [])):
            is_open = (w.opens is None or w.opens <= now) and now <= w.closes
            if is_open and (a.pk, w.kind, w.module.pk if w.module else None) not in done:
                pending.append(PendingSurvey(a, w))
    return pending


def survey_response_exists(*, application: Application, kind: str, module: Module | None) -> bool:
    from .models import SurveyResponse

    return SurveyResponse.objects.filter(application=application, kind=kind, module=module).exists()


def project_summary(cohort: Cohort) -> list[dict[str, Any]]:
    """Group projects of the cohort by stage (every stage listed, in order, zeros included) and how
    many were presented, for the report: one query whatever the cohort's size."""
    rows = dict(
        GroupProject.objects.filter(group__cohort=cohort)
        .values("stage")
        .annotate(n=Count("pk"))
        .values_list("stage", "n")
    )
    summary = [{"stage": str(label), "code": code, "n": rows.get(code, 0)} for code, label in ProjectStage.choices]
    return summary if any(row["n"] for row in summary) else []


def cohort_report_facts(*, cohort: Cohort) -> Any:
    """Everything the cohort report counts, in seven queries whatever the cohort's size."""
    from . import evaluation
    from .models import SurveyResponse

    applications = [
        evaluation.ApplicationFact(pk, status, country or "", typology or "")
        for pk, status, country, typology in Application.objects.filter(cohort=cohort).values_list(
            "pk", "status", "country_code", "commune__typology"
        )
    ]
    modules = list(
        Module.objects.filter(programme_id=cohort.programme_id)
        .order_by("order", "pk")
        .values_list("pk", "title", "assignment_required")
    )
    sessions = [
        evaluation.SessionFact(pk, title or module_title, module_id, starts_at)
        for pk, title, module_id, module_title, starts_at in Session.objects.filter(cohort=cohort)
        .order_by("starts_at", "pk")
        .values_list("pk", "title", "module_id", "module__title", "starts_at")
    ]
    present = list(
        Attendance.objects.filter(session__cohort=cohort, status=AttendanceStatus.PRESENT).values_list(
            "application_id", "session_id"
        )
    )
    deliveries = list(Delivery.objects.filter(application__cohort=cohort).values_list("application_id", "module_id"))
    responses = [
        evaluation.ResponseFact(kind, module_id, app_id, answers if isinstance(answers, dict) else {})
        for kind, module_id, app_id, answers in SurveyResponse.objects.filter(cohort=cohort).values_list(
            "kind", "module_id", "application_id", "answers"
        )
    ]
    satisfaction = survey_instrument(kind="satisfaction")
    competencies = survey_instrument(kind="pre")
    return evaluation.Facts(
        rules=dict(cohort.programme.completion_rules or {}),
        status_labels={code: str(label) for code, label in ApplicationStatus.choices},
        seated_statuses=tuple(SEATED),
        applications=applications,
        modules=modules,
        sessions=sessions,
        present=present,
        deliveries=deliveries,
        responses=responses,
        satisfaction_items=[evaluation.Question(q.id, q.text) for q in satisfaction.questions if q.type == "scale"],
        comment_item=next((q.id for q in satisfaction.questions if q.type == "text"), ""),
        competencies=[evaluation.Question(q.id, q.text) for q in competencies.questions if q.type == "scale"],
        projects=project_summary(cohort),
        typology_labels=territory_selectors.typology_labels(),
    )


def cohort_report(*, cohort: Cohort) -> Any:
    from . import evaluation

    return evaluation.build(cohort_report_facts(cohort=cohort))


def surveys_opening(*, now: datetime) -> list[tuple[Cohort, SurveyWindow, list[Any]]]:
    """Surveys that opened in the past day (and pre self-assessments of cohorts starting within
    a week), with the seated participants to tell (four queries)."""
    from datetime import timedelta

    day = timedelta(days=1)
    ids = set(Session.objects.filter(ends_at__gte=now - day, ends_at__lte=now).values_list("cohort_id", flat=True))
    ids |= set(
        Session.objects.filter(starts_at__gte=now, starts_at__lte=now + 7 * day).values_list("cohort_id", flat=True)
    )
    if not ids:
        return []
    sessions: dict[int, list[Session]] = defaultdict(list)
    for s in Session.objects.filter(cohort_id__in=ids).select_related("module"):
        sessions[s.cohort_id].append(s)
    users: dict[int, list[Any]] = defaultdict(list)
    for a in Application.objects.filter(cohort_id__in=ids, status__in=SEATED, user__isnull=False).select_related(
        "user"
    ):
        users[a.cohort_id].append(a.user)
    out = []
    for cohort in Cohort.objects.filter(pk__in=ids).select_related("programme"):
        for w in survey_windows(cohort=cohort, sessions=sessions[cohort.pk]):
            if w.opens is None:
                opened = now <= w.closes
            else:
                opened = now - day <= w.opens <= now
            if opened and users[cohort.pk]:
                out.append((cohort, w, users[cohort.pk]))
    return out


def survey_response_count(*, cohort: Cohort) -> int:
    from .models import SurveyResponse

    return SurveyResponse.objects.filter(cohort=cohort).count()


# --------------------------------------------------------------------------- Group projects


def _attach_project_ids(projects: list[GroupProject], cohort: Cohort | None = None) -> None:
    """Cache what the permission rules ask (members, the cohort's seated people) on the objects,
    so checking a whole list costs no query per row."""
    for p in projects:
        p.group.member_user_ids = {  # type: ignore[attr-defined]  # cache read by permissions
            m.application.user_id for m in p.group.members.all() if m.application.user_id is not None
        }
    cohorts = {p.group.cohort_id: p.group.cohort for p in projects}
    if cohort is not None:
        cohorts[cohort.pk] = cohort
    if not cohorts:
        return
    seated: dict[int, set[int]] = defaultdict(set)
    for cohort_id, user_id in Application.objects.filter(
        cohort_id__in=list(cohorts), status__in=SEATED, user__isnull=False
    ).values_list("cohort_id", "user_id"):
        seated[cohort_id].add(user_id)
    instructors: dict[int, set[int]] = defaultdict(set)
    for cohort_id, user_id in Cohort.objects.filter(pk__in=list(cohorts)).values_list("pk", "programme__instructors"):
        if user_id is not None:
            instructors[cohort_id].add(user_id)
    for p in projects:
        p.group.cohort = cohorts[p.group.cohort_id]
    for cid, c in cohorts.items():
        c.seated_user_ids = seated[cid]  # type: ignore[attr-defined]  # cache read by permissions
        c.instructor_ids = instructors[cid]  # type: ignore[attr-defined]  # cache read by permissions


def _projects_qs() -> QuerySet[GroupProject]:
    return GroupProject.objects.select_related("group", "group__mentor", "group__cohort__programme").prefetch_related(
        Prefetch(
            "group__members",
            queryset=GroupMember.objects.select_related("application", "application__organization").order_by(
                "application__full_name", "pk"
            ),
        )
    )


def cohort_projects(*, cohort: Cohort, viewer: Any) -> list[GroupProject]:
    """The projects of a cohort this viewer may read, with members (bounded queries)."""
    from .permissions import ProjectAction, can_project

    projects = list(_projects_qs().filter(group__cohort=cohort).order_by("group__name", "pk"))
    _attach_project_ids(projects, cohort)
    return [p for p in projects if can_project(viewer, ProjectAction.VIEW_PROJECT, p)]


def project_get(*, pk: int) -> GroupProject | None:
    project = (
        _projects_qs()
        .prefetch_related(
            Prefetch("versions", queryset=_versions_qs()),
            Prefetch("feedback", queryset=_feedback_qs()),
            "stage_changes",
        )
        .filter(pk=pk)
        .first()
    )
    if project is not None:
        _attach_project_ids([project])
    return project


def _versions_qs() -> QuerySet[Any]:
    from .models import PrototypeVersion

    return PrototypeVersion.objects.select_related("submitted_by").order_by("-number")


def _feedback_qs() -> QuerySet[Any]:
    from .models import ProjectFeedback

    return ProjectFeedback.objects.select_related("author", "version").order_by("-created_at", "-pk")


def ungrouped_applications(*, cohort: Cohort) -> list[Application]:
    """Seated participants of the cohort not yet in a group (the group form's choices)."""
    return list(
        Application.objects.filter(cohort=cohort, status__in=SEATED, project_membership__isnull=True).order_by(
            "full_name", "pk"
        )
    )


def projects_of_user(*, user: Any) -> dict[int, GroupProject]:
    """The user's group project per cohort id (for "Mis cursos"). One query."""
    if not getattr(user, "is_authenticated", False):
        return {}
    return {
        p.group.cohort_id: p
        for p in GroupProject.objects.filter(group__members__application__user=user).select_related("group")
    }


def cohort_project_count(*, cohort: Cohort) -> int:
    return GroupProject.objects.filter(group__cohort=cohort).count()


def public_projects(ids: list[int] | None = None) -> list[GroupProject]:
    """Projects the hub made public (finished cohorts), for search."""
    qs = _projects_qs().filter(is_public=True, group__cohort__status=CohortStatus.FINISHED)
    return list(qs.filter(pk__in=ids) if ids is not None else qs)


def linked_objects(*, project: GroupProject) -> dict[str, Any]:
    """The challenge and library resource the project was converted into, if any."""
    from hublocal.innovation import selectors as innovation_selectors
    from hublocal.library import selectors as library_selectors

    return {
        "challenge": innovation_selectors.challenge_get(pk=project.challenge_id) if project.challenge_id else None,
        "resource": library_selectors.resource_get(pk=project.resource_id) if project.resource_id else None,
    }


def mentor_choices(*, cohort: Cohort, viewer: Any) -> list[Any]:
    """Who may mentor a group of this cohort: its instructors and, when staff forms the group,
    that staff person."""
    from hublocal.core.permissions import is_hub_staff

    people = list(cohort.programme.instructors.order_by("first_name", "last_name", "pk"))
    if is_hub_staff(viewer) and viewer.pk not in {u.pk for u in people}:
        people.append(viewer)
    return people


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


# --- Round 2 (issue 13, item 9): certificates on the municipality's record -----------------------


def certificates_by_organization(*, organization_id: int) -> list[tuple[str, int]]:
    """(programme title, valid certificates) of the people of one organisation, as issued (the
    certificate keeps the holder's organisation of that day). Revoked ones are left out. One query."""
    from django.db.models import Count

    rows = (
        certificate_selectors.certificates_for_organization(organization_id)
        .filter(source="training.cohort", revoked_at__isnull=True)
        .order_by()
        .values_list("title")
        .annotate(n=Count("pk"))
        .order_by("title")
    )
    return [(title, n) for title, n in rows]


# --------------------------------------------------------------------------- 360° view (panels_360.py)
LIMIT_360 = 50


def cohorts_of_organization(*, organization_id: int) -> list[tuple[Cohort, int]]:
    """(cohort, people of the organisation in it) for the cohorts its people applied to or took
    part in (not rejected nor withdrawn), newest first. Two queries."""
    active = (*SEATED, ApplicationStatus.APPLIED, ApplicationStatus.WAITLISTED)
    rows = (
        Application.objects.filter(organization_id=organization_id, status__in=active, anonymised=False)
        .exclude(cohort__status=CohortStatus.CANCELLED)
        .values("cohort_id")
        .annotate(n=Count("pk"))
    )
    counts = {r["cohort_id"]: r["n"] for r in rows}
    cohorts = Cohort.objects.filter(pk__in=list(counts)).select_related("programme").order_by("-starts_on", "-pk")
    return [(c, counts[c.pk]) for c in cohorts[:LIMIT_360]]


def applications_of_user(*, user_id: int) -> list[Application]:
    """An account's applications with their cohort and programme, newest first. One query."""
    return list(
        Application.objects.filter(user_id=user_id)
        .select_related("cohort", "cohort__programme")
        .order_by("-applied_at", "-pk")[:LIMIT_360]
    )


# --- Agreement links (issue 14): a cohort an agreement finances or frames (core.registry).
LINK_CHOICES_LIMIT = 200


def cohorts_for_agreement_links(ids: list[int]) -> dict[int, tuple[str, str]]:
    """{cohort id: (title, page)} in one query: the programme's page shows its cohorts."""
    from django.urls import reverse

    rows = Cohort.objects.filter(pk__in=ids).values_list("pk", "name", "programme__title", "programme__slug")
    return {
        pk: (f"{programme} · {name}", reverse("training:programme_detail", kwargs={"slug": slug}))
        for pk, name, programme, slug in rows
    }


def cohorts_for_agreement_choices(user: Any) -> list[tuple[int, str]]:
    """The cohorts of published programmes (public pages), most recent first, bounded."""
    rows = (
        Cohort.objects.filter(programme__status=ProgrammeStatus.PUBLISHED)
        .order_by("-starts_on", "-pk")
        .values_list("pk", "name", "programme__title")[:LINK_CHOICES_LIMIT]
    )
    return [(pk, f"{programme} · {name}") for pk, name, programme in rows]


# ---------------------------------------------------------------------------- indicators (hublocal.evaluation)
# Aggregate reads behind this app's indicator sources (indicators.py): one query each, any size.


def indicator_cohorts(*, year: int) -> list[Any]:
    """Cohorts that started during `year` (drafts and cancelled ones left out), with their
    programme's areas."""
    return list(
        Cohort.objects.filter(starts_on__year=year)
        .exclude(status__in=[CohortStatus.DRAFT, CohortStatus.CANCELLED])
        .order_by("pk")
        .values("pk", "name", "programme__slug", "programme__title", "programme__areas")
    )
