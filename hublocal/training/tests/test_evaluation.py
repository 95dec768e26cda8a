"""Evaluation: instruments as content (validated by the diagnosis engine), survey windows,
answers validated all-or-nothing, and the report's figures (anonymous, small groups withheld)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from hublocal.audit.models import AuditEvent
from hublocal.training import evaluation, selectors, services
from hublocal.training.models import SurveyResponse

from . import factories as f

pytestmark = pytest.mark.django_db

GOOD = {"contenido": 5, "docente": "4", "materiales": 3, "aplicabilidad": 4, "comentario": "  Muy útil.  "}
SELF = {"problemas": 2, "usuarios": 2, "ideacion": 3, "prototipos": 1, "datos": 2}


def make_cohort(n: int = 3):
    """A cohort with two modules: the first ended three hours ago, the second is in ten days."""
    cohort = f.cohort(capacity=1000)
    first = f.module(cohort.programme)
    second = f.module(cohort.programme)
    now = timezone.now()
    for module, start in ((first, now - timedelta(days=3)), (first, now - timedelta(hours=5)),
                          (second, now + timedelta(days=10))):  # fmt: skip
        services.session_create(
            actor=None, cohort=cohort, module=module, starts_at=start, ends_at=start + timedelta(hours=2)
        )
    people = [f.official() for _i in range(n)]
    apps = [services.application_enrol(actor=None, cohort=cohort, user=u) for u in people]
    return cohort, first, second, apps


def test_instruments_are_content_validated_by_the_diagnosis_engine():
    sat = selectors.survey_instrument(kind="satisfaction")
    assert (sat.slug, sat.version) == ("satisfaccion-modulo", 1)
    assert [q.id for q in sat.questions] == ["contenido", "docente", "materiales", "aplicabilidad", "comentario"]
    assert selectors.survey_instrument(kind="pre") is selectors.survey_instrument(kind="post")


def test_bad_instrument_file_is_refused(tmp_path, settings):
    from hublocal.diagnosis.instruments import InstrumentError

    folder = tmp_path / "satisfaccion-modulo"
    folder.mkdir()
    (folder / "v9.yaml").write_text("slug: satisfaccion-modulo\nversion: 9\narea: formacion\ntitle: x\n")
    settings.TRAINING_INSTRUMENTS_DIR = tmp_path
    with pytest.raises(InstrumentError):
        selectors.survey_instrument(kind="satisfaction")


def test_module_survey_missing_items_writes_nothing_then_succeeds():
    cohort, first, _second, apps = make_cohort(1)
    a = apps[0]
    with pytest.raises(ValidationError) as exc:
        services.survey_submit(actor=a.user, application=a, kind="satisfaction", module=first, raw={"contenido": 4})
    errors = exc.value.message_dict
    assert set(errors) == {"docente", "materiales", "aplicabilidad"}
    with pytest.raises(ValidationError) as exc:
        services.survey_submit(
            actor=a.user, application=a, kind="satisfaction", module=first, raw={**GOOD, "docente": "9"}
        )
    assert "entre 1 y 5" in exc.value.message_dict["docente"][0]
    assert not SurveyResponse.objects.filter(cohort=cohort).exists()
    r = services.survey_submit(actor=a.user, application=a, kind="satisfaction", module=first, raw=GOOD)
    assert r.answers == {"contenido": 5, "docente": 4, "materiales": 3, "aplicabilidad": 4, "comentario": "Muy útil."}
    assert (r.instrument_slug, r.instrument_version) == ("satisfaccion-modulo", 1)
    event = AuditEvent.objects.filter(action="training.survey_submit").latest("pk")
    assert "comentario" not in str(event.after) and "Muy útil" not in str(event.after)  # who, never what
    with pytest.raises(ValidationError, match="Ya respondió"):
        services.survey_submit(actor=a.user, application=a, kind="satisfaction", module=first, raw=GOOD)


def test_windows_are_enforced():
    cohort, first, second, apps = make_cohort(1)
    a = apps[0]
    with pytest.raises(ValidationError, match="se abre el"):
        services.survey_submit(actor=a.user, application=a, kind="satisfaction", module=second, raw=GOOD)
    with pytest.raises(ValidationError, match="se abre el"):
        services.survey_submit(actor=a.user, application=a, kind="post", raw=SELF)
    with pytest.raises(ValidationError, match="cerró"):  # the first session is over
        services.survey_submit(actor=a.user, application=a, kind="pre", raw=SELF)
    late = timezone.now() + timedelta(days=selectors.SURVEY_DAYS + 2)
    with pytest.raises(ValidationError, match="cerró"):
        services.survey_submit(actor=a.user, application=a, kind="satisfaction", module=first, raw=GOOD, now=late)
    early = timezone.now() - timedelta(days=5)
    assert services.survey_submit(actor=a.user, application=a, kind="pre", raw=SELF, now=early).kind == "pre"
    assert not SurveyResponse.objects.filter(cohort=cohort, kind="satisfaction").exists()


def test_only_seated_participants_answer():
    cohort, first, _second, apps = make_cohort(1)
    a = apps[0]
    services.application_withdraw(actor=a.user, application=a)
    a.refresh_from_db()
    with pytest.raises(ValidationError, match="participan"):
        services.survey_submit(actor=a.user, application=a, kind="satisfaction", module=first, raw=GOOD)


def test_pending_surveys_and_notice_when_a_survey_opens():
    from hublocal.notifications.models import Notification

    cohort, first, _second, apps = make_cohort(2)
    a = apps[0]
    pending = selectors.pending_surveys(user=a.user)
    assert [(p.window.kind, p.window.module) for p in pending] == [("satisfaction", first)]
    services.survey_submit(actor=a.user, application=a, kind="satisfaction", module=first, raw=GOOD)
    assert selectors.pending_surveys(user=a.user) == []
    assert services.survey_openings_notify() == 2
    assert services.survey_openings_notify() == 0  # once per person
    assert Notification.objects.filter(kind="training.survey_open", user=a.user).count() == 1


def _facts(**extra):
    base = {
        "rules": {"min_attendance_pct": 75},
        "status_labels": {"confirmed": "Confirmada", "withdrawn": "Retirada"},
        "seated_statuses": ("confirmed",),
        "applications": [evaluation.ApplicationFact(i, "confirmed", "CL", "rural") for i in range(1, 5)]
        + [evaluation.ApplicationFact(9, "withdrawn", "UY", "rural")],
        "modules": [(1, "Módulo A", False), (2, "Módulo B", False)],
        "sessions": [
            evaluation.SessionFact(10, "S1", 1, timezone.now()),
            evaluation.SessionFact(11, "S2", 2, timezone.now()),
        ],
        "present": [(1, 10), (1, 11), (2, 10), (2, 11), (3, 10), (9, 10)],
        "deliveries": [],
        "responses": [],
        "satisfaction_items": [evaluation.Question("contenido", "Contenido")],
        "comment_item": "comentario",
        "competencies": [evaluation.Question("datos", "Datos")],
    }
    base.update(extra)
    return evaluation.Facts(**base)


def test_report_names_typologies_in_words():
    report = evaluation.build(_facts(typology_labels={"rural": "Rural / semiurbana"}))
    assert [(t.code, t.label, t.n) for t in report.enrolment.by_typology] == [("rural", "Rural / semiurbana", 4)]


def test_report_figures_enrolment_attendance_completion():
    report = evaluation.build(_facts())
    assert report.enrolment.total == 5 and report.enrolment.seated == 4
    assert [(c.code, c.n) for c in report.enrolment.by_status] == [("confirmed", 4), ("withdrawn", 1)]
    assert [(c.code, c.n) for c in report.enrolment.by_country] == [("CL", 4)]
    # The withdrawn person's attendance does not count.
    assert [(s.present, s.pct) for s in report.attendance.sessions] == [(3, 75.0), (2, 50.0)]
    assert [c.n for c in report.attendance.distribution] == [1, 0, 1, 0, 2]
    assert (report.completion.completed, report.completion.not_completed) == (2, 2)
    assert report.completion.most_failed == "Asistencia mínima"


def test_satisfaction_small_groups_withheld_and_comments_without_names():
    responses = [
        evaluation.ResponseFact("satisfaction", 1, i, {"contenido": v, "comentario": c})
        for i, v, c in ((1, 5, "Zeta"), (2, 4, ""), (3, 3, "Alfa"))
    ] + [evaluation.ResponseFact("satisfaction", 2, 1, {"contenido": 5, "comentario": "Solo yo"})]
    report = evaluation.build(_facts(responses=responses))
    a, b = report.satisfaction
    assert not a.suppressed and a.n == 3 and a.items[0].mean == 4.0 and a.items[0].distribution == [0, 0, 1, 1, 1]
    assert a.comments == ["Alfa", "Zeta"]  # sorted by text, not by who answered
    assert b.suppressed and b.n == 1 and b.items == [] and b.comments == []


def test_learning_gain_is_paired():
    responses = [evaluation.ResponseFact("pre", None, i, {"datos": 2}) for i in (1, 2, 3, 4)] + [
        evaluation.ResponseFact("post", None, i, {"datos": 4}) for i in (1, 2, 3)
    ]
    report = evaluation.build(_facts(responses=responses))
    gain = report.learning.items[0]
    assert (gain.pre_n, gain.post_n, gain.paired_n) == (4, 3, 3)
    assert (gain.pre_mean, gain.post_mean, gain.paired_gain) == (2.0, 4.0, 2.0)
    few = evaluation.build(_facts(responses=responses[:2]))
    assert few.learning.suppressed and few.learning.items == []


def test_charts_are_labelled_svg():
    responses = [evaluation.ResponseFact("satisfaction", 1, i, {"contenido": 4}) for i in (1, 2, 3)]
    charts = evaluation.charts(evaluation.build(_facts(responses=responses)))
    assert set(charts) >= {"attendance_sessions", "attendance_distribution", "satisfaction"}
    assert all(s.startswith("<svg") and 'role="img"' in s and "<title" in s for s in charts.values())


def test_report_from_database_matches():
    cohort, first, _second, apps = make_cohort(3)
    for a in apps:
        services.survey_submit(actor=a.user, application=a, kind="satisfaction", module=first, raw=GOOD)
    report = selectors.cohort_report(cohort=cohort)
    sat = report.satisfaction[0]
    assert sat.n == 3 and sat.items[0].mean == 5.0 and sat.comments == ["Muy útil."] * 3
    assert report.satisfaction[1].suppressed
    assert selectors.project_summary(cohort) == []  # no groups: the report says so


def test_report_counts_group_projects_by_stage():
    cohort, _first, _second, apps = make_cohort(4)
    services.group_create(actor=None, cohort=cohort, name="Grupo Norte", applications=apps[:2])
    services.group_create(actor=None, cohort=cohort, name="Grupo Sur", applications=apps[2:])
    summary = selectors.project_summary(cohort)
    assert [(row["code"], row["n"]) for row in summary] == [
        ("idea", 2),
        ("concept", 0),
        ("prototype", 0),
        ("tested", 0),
    ]
    assert selectors.cohort_report(cohort=cohort).projects.projects == summary


def test_erasure_keeps_figures_and_drops_comments():
    from hublocal.core.registry import personal_data

    cohort, first, _second, apps = make_cohort(3)
    for a in apps:
        services.survey_submit(actor=a.user, application=a, kind="satisfaction", module=first, raw=GOOD)
    declaration = next(d for d in personal_data() if d.key == "training.survey_response")
    assert declaration.export(apps[0].user)[0]["answers"]["contenido"] == 5
    assert declaration.anonymise(apps[0].user) == 1
    r = SurveyResponse.objects.get(application=apps[0])
    assert r.answers == {"contenido": 5, "docente": 4, "materiales": 3, "aplicabilidad": 4}
    assert selectors.cohort_report(cohort=cohort).satisfaction[0].n == 3
