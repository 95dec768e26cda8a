"""The cohort report's figures, computed from plain facts (no database): enrolment, attendance,
completion, satisfaction per module and item, learning gain (pre/post self-assessment) and
projects; and the charts drawn from them (server-rendered SVG, a table beside every chart).

The facts are gathered by selectors.cohort_report_facts in a fixed number of queries; this
module only counts. Anonymity is kept here: no figure names a person, comments carry no name
and are sorted by their text (not by who answered first), and a breakdown answered by fewer
than MIN_N people is withheld (with three or fewer, a person could recognise a colleague)."""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

from django.utils.translation import gettext as _

from hublocal.diagnosis import selectors as diagnosis_selectors

from . import completion

MIN_N = 3
LIKERT = (1, 2, 3, 4, 5)
ATTENDANCE_BINS = 5  # 0–20, 20–40, … 80–100 %


# --------------------------------------------------------------------------- facts (input)


@dataclass(frozen=True)
class Question:
    id: str
    text: str


@dataclass(frozen=True)
class SessionFact:
    id: int
    label: str
    module_id: int
    starts_at: datetime


@dataclass(frozen=True)
class ApplicationFact:
    id: int
    status: str
    country: str
    typology: str


@dataclass(frozen=True)
class ResponseFact:
    kind: str  # satisfaction | pre | post
    module_id: int | None
    application_id: int
    answers: dict[str, Any]


@dataclass
class Facts:
    rules: dict[str, Any]
    status_labels: dict[str, str]
    seated_statuses: tuple[str, ...]
    applications: list[ApplicationFact]
    modules: list[tuple[int, str, bool]]  # id, title, assignment required
    sessions: list[SessionFact]
    present: list[tuple[int, int]]  # (application id, session id) marked present
    deliveries: list[tuple[int, int]]  # (application id, module id)
    responses: list[ResponseFact]
    satisfaction_items: list[Question]
    comment_item: str
    competencies: list[Question]
    projects: list[dict[str, Any]] = field(default_factory=list)
    typology_labels: dict[str, str] = field(default_factory=dict)  # code → words


# --------------------------------------------------------------------------- figures (output)


@dataclass
class Tally:
    code: str
    label: str
    n: int


@dataclass
class Enrolment:
    total: int
    seated: int
    by_status: list[Tally]
    by_country: list[Tally]  # seated participants
    by_typology: list[Tally]


@dataclass
class SessionAttendance:
    label: str
    starts_at: str
    present: int
    seated: int
    pct: float | None


@dataclass
class Attendance:
    sessions: list[SessionAttendance]
    distribution: list[Tally]  # participants per band of their attendance %
    mean_pct: float | None


@dataclass
class Completion:
    seated: int
    completed: int
    not_completed: int
    failures: list[Tally]  # how many fail each rule, most failed first
    most_failed: str


@dataclass
class ItemStat:
    id: str
    text: str
    n: int
    mean: float | None
    distribution: list[int]  # answers 1..5


@dataclass
class ModuleSatisfaction:
    module_id: int
    title: str
    n: int
    suppressed: bool
    items: list[ItemStat]
    comments: list[str]


@dataclass
class Gain:
    id: str
    text: str
    pre_n: int
    pre_mean: float | None
    post_n: int
    post_mean: float | None
    paired_n: int
    paired_gain: float | None


@dataclass
class Learning:
    pre_n: int
    post_n: int
    paired_n: int
    suppressed: bool
    items: list[Gain]


@dataclass
class Projects:
    rule_project_presented: bool
    deliveries: list[Tally]  # assignments delivered per module that asks for one
    projects: list[dict[str, Any]]


@dataclass
class Report:
    min_n: int
    enrolment: Enrolment
    attendance: Attendance
    completion: Completion
    satisfaction: list[ModuleSatisfaction]
    learning: Learning
    projects: Projects

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


# --------------------------------------------------------------------------- computation


def _mean(values: list[float]) -> float | None:
    return round(statistics.fmean(values), 2) if values else None


def _counts(counter: Counter[str], labels: dict[str, str] | None = None) -> list[Tally]:
    rows = sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))
    return [Tally(code, (labels or {}).get(code, code or _("sin dato")), n) for code, n in rows]


def _likert(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and value in LIKERT else None


def enrolment(facts: Facts) -> Enrolment:
    statuses = Counter(a.status for a in facts.applications)
    seated = [a for a in facts.applications if a.status in facts.seated_statuses]
    return Enrolment(
        total=len(facts.applications),
        seated=len(seated),
        by_status=[Tally(code, label, statuses.get(code, 0)) for code, label in facts.status_labels.items()],
        by_country=_counts(Counter(a.country for a in seated)),
        by_typology=_counts(Counter(a.typology for a in seated), facts.typology_labels),
    )


def _seated_ids(facts: Facts) -> set[int]:
    return {a.id for a in facts.applications if a.status in facts.seated_statuses}


def attendance(facts: Facts) -> Attendance:
    seated = _seated_ids(facts)
    per_session: Counter[int] = Counter()
    per_person: Counter[int] = Counter()
    for app_id, session_id in facts.present:
        if app_id in seated:
            per_session[session_id] += 1
            per_person[app_id] += 1
    total = len(facts.sessions)
    rows = [
        SessionAttendance(
            label=s.label,
            starts_at=s.starts_at.isoformat(),
            present=per_session[s.id],
            seated=len(seated),
            pct=round(100 * per_session[s.id] / len(seated), 1) if seated else None,
        )
        for s in facts.sessions
    ]
    bands = [0] * ATTENDANCE_BINS
    pcts = []
    for app_id in seated:
        pct = 100 * per_person[app_id] / total if total else 0.0
        pcts.append(pct)
        bands[min(ATTENDANCE_BINS - 1, int(pct * ATTENDANCE_BINS // 100))] += 1
    width = 100 // ATTENDANCE_BINS
    distribution = [
        Tally(f"{i * width}-{(i + 1) * width}", f"{i * width}–{(i + 1) * width} %", n) for i, n in enumerate(bands)
    ]
    return Attendance(sessions=rows, distribution=distribution, mean_pct=_mean(pcts) if pcts else None)


RULE_LABELS = {
    "min_attendance_pct": "Asistencia mínima",
    "assignments": "Entregas de módulos",
    "project_presented": "Proyecto grupal presentado",
}


def failed_rules(rules: dict[str, Any], facts: completion.Facts) -> list[str]:
    """Which of the programme's rules a participant does not meet, by key: each rule is
    evaluated alone with completion.evaluate, so the report and "Mis cursos" never disagree."""
    return [key for key, value in rules.items() if not completion.evaluate({key: value}, facts).complete]


def completion_figures(facts: Facts) -> Completion:
    seated = _seated_ids(facts)
    attended: Counter[int] = Counter(app for app, _s in facts.present if app in seated)
    delivered: Counter[int] = Counter(app for app, _m in facts.deliveries if app in seated)
    required = sum(1 for _id, _t, needs in facts.modules if needs)
    failures: Counter[str] = Counter()
    completed = 0
    for app_id in seated:
        person = completion.Facts(
            sessions_total=len(facts.sessions),
            sessions_attended=attended[app_id],
            modules_requiring_assignment=required,
            assignments_delivered=delivered[app_id],
        )
        failed = failed_rules(facts.rules, person)
        failures.update(failed)
        completed += not failed
    labels = {k: _(v) for k, v in RULE_LABELS.items()}
    rows = _counts(failures, labels)
    return Completion(
        seated=len(seated),
        completed=completed,
        not_completed=len(seated) - completed,
        failures=rows,
        most_failed=rows[0].label if rows else "",
    )


def _item_stats(items: list[Question], answers: list[dict[str, Any]]) -> list[ItemStat]:
    stats = []
    for q in items:
        values = [v for a in answers if (v := _likert(a.get(q.id))) is not None]
        dist = [values.count(k) for k in LIKERT]
        stats.append(ItemStat(q.id, q.text, len(values), _mean([float(v) for v in values]), dist))
    return stats


def satisfaction(facts: Facts) -> list[ModuleSatisfaction]:
    seated = _seated_ids(facts)
    by_module: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for r in facts.responses:
        if r.kind == "satisfaction" and r.module_id is not None and r.application_id in seated:
            by_module[r.module_id].append(r.answers)
    out = []
    for module_id, title, _needs in facts.modules:
        answers = by_module.get(module_id, [])
        suppressed = len(answers) < MIN_N
        comments = (
            []
            if suppressed
            else sorted(c.strip() for a in answers if isinstance(c := a.get(facts.comment_item), str) and c.strip())
        )
        out.append(
            ModuleSatisfaction(
                module_id=module_id,
                title=title,
                n=len(answers),
                suppressed=suppressed,
                items=[] if suppressed else _item_stats(facts.satisfaction_items, answers),
                comments=comments,
            )
        )
    return out


def learning(facts: Facts) -> Learning:
    seated = _seated_ids(facts)
    pre = {r.application_id: r.answers for r in facts.responses if r.kind == "pre" and r.application_id in seated}
    post = {r.application_id: r.answers for r in facts.responses if r.kind == "post" and r.application_id in seated}
    paired_ids = sorted(set(pre) & set(post))
    suppressed = len(pre) < MIN_N and len(post) < MIN_N
    items = []
    if not suppressed:
        for q in facts.competencies:
            before = [v for a in pre.values() if (v := _likert(a.get(q.id))) is not None]
            after = [v for a in post.values() if (v := _likert(a.get(q.id))) is not None]
            diffs = [
                float(b - a)
                for i in paired_ids
                if (a := _likert(pre[i].get(q.id))) is not None and (b := _likert(post[i].get(q.id))) is not None
            ]
            items.append(
                Gain(
                    id=q.id,
                    text=q.text,
                    pre_n=len(before),
                    pre_mean=_mean([float(v) for v in before]) if len(before) >= MIN_N else None,
                    post_n=len(after),
                    post_mean=_mean([float(v) for v in after]) if len(after) >= MIN_N else None,
                    paired_n=len(diffs),
                    paired_gain=_mean(diffs) if len(diffs) >= MIN_N else None,
                )
            )
    return Learning(pre_n=len(pre), post_n=len(post), paired_n=len(paired_ids), suppressed=suppressed, items=items)


def projects(facts: Facts) -> Projects:
    seated = _seated_ids(facts)
    per_module = Counter(m for app, m in facts.deliveries if app in seated)
    return Projects(
        rule_project_presented=bool(facts.rules.get("project_presented")),
        deliveries=[Tally(str(mid), title, per_module[mid]) for mid, title, needs in facts.modules if needs],
        projects=list(facts.projects),
    )


def build(facts: Facts) -> Report:
    return Report(
        min_n=MIN_N,
        enrolment=enrolment(facts),
        attendance=attendance(facts),
        completion=completion_figures(facts),
        satisfaction=satisfaction(facts),
        learning=learning(facts),
        projects=projects(facts),
    )


# --------------------------------------------------------------------------- charts (SVG)

PRE_FILL = "#9fb7d0"  # light blue: before; the dark bar colour is "after" (told by the legend too)


def _clip(label: str, limit: int) -> str:
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


def hbars(
    *, rows: list[tuple[str, float | None]], maximum: float, title: str, desc: str, unit: str = "", width: float = 640
) -> Any:
    """Horizontal bars from 0 to `maximum`, one per row, the value printed at the end."""
    ds = diagnosis_selectors
    label_w, right, row_h, top = 230.0, 60.0, 28.0, 8.0
    plot_w = width - label_w - right
    scene = ds.ChartScene(width, top + row_h * len(rows) + 26, title, desc)
    sh = scene.shapes
    steps = 5 if maximum == 5 else 4
    for i in range(steps + 1):
        x = label_w + plot_w * i / steps
        sh.append(ds.ChartLine(x, top, x, top + row_h * len(rows), ds.CHART_GRID, 1))
        tick = maximum * i / steps
        sh.append(ds.ChartText(x, top + row_h * len(rows) + 16, ds.chart_num(tick, 0), 10, "middle", ds.CHART_MUTED))
    for i, (label, value) in enumerate(rows):
        cy = top + i * row_h + row_h / 2
        sh.append(ds.ChartText(label_w - 8, cy + 4, _clip(label, 36), 12, "end"))
        if value is None:
            sh.append(ds.ChartText(label_w + 4, cy + 4, _("sin datos suficientes"), 11, fill=ds.CHART_MUTED))
            continue
        w = plot_w * max(0.0, min(maximum, value)) / maximum
        sh.append(ds.ChartRect(label_w, cy - 8, max(w, 1.5), 16, ds.CHART_BAR))
        sh.append(ds.ChartText(label_w + plot_w + 6, cy + 4, ds.chart_num(value) + unit, 11, bold=True))
    return scene


def paired_bars(
    *, rows: list[tuple[str, float | None, float | None]], title: str, desc: str, width: float = 640
) -> Any:
    """Two bars per competency on the 1–5 scale: at the start (light) and at the end (dark)."""
    ds = diagnosis_selectors
    label_w, right, row_h, top = 230.0, 60.0, 40.0, 30.0
    plot_w = width - label_w - right
    scene = ds.ChartScene(width, top + row_h * len(rows) + 26, title, desc)
    sh = scene.shapes
    sh.append(ds.ChartRect(8, 8, 14, 10, PRE_FILL, ds.CHART_INK))
    sh.append(ds.ChartText(28, 17, _("Inicio"), 11, fill=ds.CHART_MUTED))
    sh.append(ds.ChartRect(90, 8, 14, 10, ds.CHART_BAR))
    sh.append(ds.ChartText(110, 17, _("Final"), 11, fill=ds.CHART_MUTED))
    for i in range(6):
        x = label_w + plot_w * i / 5
        sh.append(ds.ChartLine(x, top, x, top + row_h * len(rows), ds.CHART_GRID, 1))
        sh.append(ds.ChartText(x, top + row_h * len(rows) + 16, str(i), 10, "middle", ds.CHART_MUTED))
    for i, (label, before, after) in enumerate(rows):
        y = top + i * row_h
        sh.append(ds.ChartText(label_w - 8, y + row_h / 2 + 4, _clip(label, 36), 12, "end"))
        for j, (value, fill, stroke) in enumerate(((before, PRE_FILL, ds.CHART_INK), (after, ds.CHART_BAR, ""))):
            by = y + 6 + j * 14
            if value is None:
                continue
            sh.append(ds.ChartRect(label_w, by, max(plot_w * value / 5, 1.5), 12, fill, stroke))
            sh.append(ds.ChartText(label_w + plot_w + 6, by + 10, ds.chart_num(value), 10, bold=j == 1))
    return scene


def charts(report: Report) -> dict[str, str]:
    """The report's charts as inline SVG, keyed by where the page puts them."""
    ds = diagnosis_selectors
    out = {}
    att = report.attendance
    if att.sessions:
        out["attendance_sessions"] = ds.chart_svg(
            hbars(
                rows=[(s.label, s.pct) for s in att.sessions],
                maximum=100,
                unit=" %",
                title=_("Asistencia por sesión"),
                desc=_("Porcentaje de participantes presentes en cada sesión; los valores están en la tabla."),
            ),
            dom_id="chart-att-sessions",
        )
    out["attendance_distribution"] = ds.chart_svg(
        hbars(
            rows=[(c.label, float(c.n)) for c in att.distribution],
            maximum=float(max([c.n for c in att.distribution] + [1])),
            title=_("Participantes según su asistencia"),
            desc=_("Cuántas personas asistieron a cada tramo de porcentaje de sesiones."),
        ),
        dom_id="chart-att-dist",
    )
    shown = [m for m in report.satisfaction if not m.suppressed]
    if shown:
        rows: list[tuple[str, float | None]] = []
        for m in shown:
            means = [i.mean for i in m.items if i.mean is not None]
            rows.append((m.title, round(statistics.fmean(means), 2) if means else None))
        out["satisfaction"] = ds.chart_svg(
            hbars(
                rows=rows,
                maximum=5,
                title=_("Satisfacción por módulo"),
                desc=_("Promedio de los ítems de satisfacción (1 a 5) de cada módulo; detalle en las tablas."),
            ),
            dom_id="chart-satisfaction",
        )
    if report.learning.items:
        out["learning"] = ds.chart_svg(
            paired_bars(
                rows=[(g.text, g.pre_mean, g.post_mean) for g in report.learning.items],
                title=_("Autoevaluación de competencias al inicio y al final"),
                desc=_("Promedio de 1 a 5 por competencia al inicio y al final; valores en la tabla."),
            ),
            dom_id="chart-learning",
        )
    return out
