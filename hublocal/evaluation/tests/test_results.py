"""The results framework (progress from indicators or milestones, history, validation, locking)
and the annual report (live draft, freeze to JSON, refreeze refused, public sees frozen only)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from hublocal.audit.models import AuditEvent
from hublocal.core.locking import StaleVersion
from hublocal.evaluation import results, services
from hublocal.evaluation.models import AnnualReport, IndicatorSnapshot, Milestone, ResultNode

pytestmark = pytest.mark.django_db

YEAR = 2019  # nothing of the demo lives in it


def _node(**extra: Any) -> ResultNode:
    data = {
        "kind": "objective", "parent": None, "year": YEAR, "order": 1, "title": "Objetivo de prueba",
        "description": "", "measure_key": "", "responsible_org": None, "responsible_text": "Equipo",
        "starts_on": date(YEAR, 1, 1), "ends_on": date(YEAR, 12, 31),
    }  # fmt: skip
    return services.result_node_save(actor=None, data={**data, **extra})


def _milestone(node: ResultNode, weight: float = 1, done: date | None = None, title: str = "Hito") -> Milestone:
    data = {"title": title, "weight": weight, "due_on": date(YEAR, 6, 1), "done_on": done, "evidence_url": ""}
    return services.milestone_save(actor=None, node=node, data=data)


def _snapshot(measure_key: str, value: float | None, on: date) -> None:
    IndicatorSnapshot.objects.create(
        indicator_key="coverage", measure_key=measure_key, definition_version=1, year=YEAR, computed_on=on,
        computed_at=timezone.now(), value=value,
    )  # fmt: skip


# ------------------------------------------------------------------------------ progress rules
def test_measure_progress_edge_cases():
    assert results.measure_progress(None, 10) is None  # no figure
    assert results.measure_progress(5, None) is None  # no target
    assert results.measure_progress(5, 0) == 100.0  # a zero target commits to nothing
    assert results.measure_progress(5, 20) == 25.0
    assert results.measure_progress(50, 20) == 100.0  # capped


def test_milestone_progress_is_weighted_and_unknown_without_milestones():
    assert results.milestone_progress([]) is None
    ms = [
        Milestone(weight=3, due_on=date(YEAR, 1, 1), done_on=date(YEAR, 2, 1)),
        Milestone(weight=1, due_on=date(YEAR, 1, 1)),
    ]
    assert results.milestone_progress(ms) == 75.0
    assert results.milestone_progress(ms, at=date(YEAR, 1, 15)) == 0.0


def test_framework_computes_progress_from_indicator_and_milestones_with_history():
    services.target_set(actor=None, measure_key="coverage_municipalities", year=YEAR, value=40)
    _snapshot("coverage_municipalities", 10, date(YEAR, 3, 1))
    _snapshot("coverage_municipalities", 30, date(YEAR, 9, 1))
    objective = _node()
    _node(kind="result", parent=objective, title="Por indicador", measure_key="coverage_municipalities")
    by_milestones = _node(kind="result", parent=objective, title="Por hitos", order=2)
    _milestone(by_milestones, weight=1, done=date(YEAR, 5, 1))
    _milestone(by_milestones, weight=3, title="Grande")
    _node(title="Sin forma de medir", order=2)
    tree, dates = results.framework(year=YEAR)
    assert [o.node.title for o in tree] == ["Objetivo de prueba", "Sin forma de medir"]
    first, empty = tree
    ind, mil = first.children
    assert (ind.basis, ind.value, ind.target, ind.progress) == ("indicator", 30, 40, 75.0)
    assert (mil.basis, mil.progress) == ("milestones", 25.0)
    assert (first.basis, first.progress) == ("results", 50.0)
    assert (empty.basis, empty.progress) == ("", None)
    assert dates == [date(YEAR, 3, 1), date(YEAR, 5, 1), date(YEAR, 9, 1)]
    assert ind.history == [25.0, 25.0, 75.0]
    assert mil.history == [0.0, 25.0, 25.0]
    assert first.history == [12.5, 25.0, 50.0]


def test_indicator_without_target_has_no_progress():
    _snapshot("portfolio_actions", 12, date(YEAR, 3, 1))
    objective = _node(measure_key="portfolio_actions")
    (view,), _dates = results.framework(year=YEAR)
    assert view.node == objective and view.value == 12 and view.progress is None


def test_framework_queries_are_bounded(django_assert_max_num_queries):
    for i in range(4):
        o = _node(title=f"O{i}", order=i + 1)
        for j in range(3):
            r = _node(kind="result", parent=o, title=f"R{i}{j}", order=j + 1)
            _milestone(r, done=date(YEAR, 2, 1 + j))
    with django_assert_max_num_queries(4):
        tree, _dates = results.framework(year=YEAR)
        assert sum(len(o.children) for o in tree) == 12


# --------------------------------------------------------------------------------- validation
@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"measure_key": "no_existe"}, "measure_key"),
        ({"ends_on": date(YEAR - 1, 1, 1)}, "ends_on"),
        ({"title": "  "}, "title"),
        ({"responsible_text": ""}, "responsible_text"),
        ({"year": 1900}, "year"),
        ({"kind": "result"}, "parent"),
    ],
)
def test_node_validation(extra, field):
    with pytest.raises(ValidationError) as exc:
        _node(**extra)
    assert field in exc.value.message_dict
    assert ResultNode.objects.filter(year=YEAR).count() == 0


def test_result_must_share_its_objective_year():
    objective = _node()
    with pytest.raises(ValidationError) as exc:
        _node(kind="result", parent=objective, year=YEAR + 1)
    assert "year" in exc.value.message_dict


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"weight": 0}, "weight"),
        ({"weight": -2}, "weight"),
        ({"done_on": timezone.localdate() + timedelta(days=3)}, "done_on"),
        ({"evidence_url": "javascript:alert(1)", "done_on": date(YEAR, 2, 1)}, "evidence_url"),
        ({"evidence_url": "https://x.cl/e"}, "done_on"),
    ],
)
def test_milestone_validation(data, field):
    node = _node()
    base = {"title": "Hito", "weight": 1, "due_on": date(YEAR, 6, 1), "done_on": None, "evidence_url": ""}
    with pytest.raises(ValidationError) as exc:
        services.milestone_save(actor=None, node=node, data={**base, **data})
    assert field in exc.value.message_dict
    assert not Milestone.objects.filter(node=node).exists()


def test_stale_milestone_edit_is_refused_and_writes_are_audited(users):
    node = _node()
    m = _milestone(node)
    data = {"title": "Hito", "weight": 1, "due_on": date(YEAR, 6, 1), "done_on": date(YEAR, 7, 1),
            "evidence_url": "https://x.cl/e"}  # fmt: skip
    services.milestone_save(actor=users["staff"], milestone=m, data=data, expected_version=m.row_version)
    with pytest.raises(StaleVersion):
        services.milestone_save(actor=users["staff"], milestone=m, data=data, expected_version=m.row_version)
    assert AuditEvent.objects.filter(action="evaluation.milestone_update", object_id=str(m.pk)).count() == 1


# ------------------------------------------------------------------------------ annual report
def test_freeze_stores_json_and_later_changes_do_not_change_it(users, client_for):
    services.target_set(actor=None, measure_key="coverage_municipalities", year=YEAR, value=40)
    services.report_highlights_set(actor=users["staff"], year=YEAR, highlights="Un año de prueba.")
    objective = _node(title="Objetivo congelado")
    report = services.report_freeze(actor=users["staff"], year=YEAR)
    assert report.is_frozen and report.data["highlights"] == "Un año de prueba."
    assert [o["title"] for o in report.data["results"]] == ["Objetivo congelado"]
    frozen = dict(report.data)
    # Later changes: a new objective, a renamed one, a new target.
    _node(title="Objetivo posterior")
    objective.title = "Renombrado"
    objective.save()
    services.target_set(actor=None, measure_key="coverage_municipalities", year=YEAR, value=99)
    report.refresh_from_db()
    assert report.data == frozen
    html = client_for(None).get(reverse("evaluation:report", args=[YEAR])).content.decode()
    assert "Objetivo congelado" in html and "Objetivo posterior" not in html and "Renombrado" not in html
    assert "borrador" not in html.lower()
    with pytest.raises(ValidationError):
        services.report_freeze(actor=users["staff"], year=YEAR)
    with pytest.raises(ValidationError):
        services.report_highlights_set(actor=users["staff"], year=YEAR, highlights="otro")
    assert AuditEvent.objects.filter(action="evaluation.report_freeze", object_id=str(report.pk)).count() == 1


def test_draft_is_staff_only_and_marked(client_for):
    url = reverse("evaluation:report", args=[YEAR])
    assert client_for(None).get(url).status_code == 404
    assert client_for("santiago").get(url).status_code == 404
    response = client_for("staff").get(url)
    assert response.status_code == 200
    assert "borrador" in response.content.decode().lower()
    assert not AnnualReport.objects.filter(year=YEAR).exists()  # a preview writes nothing


def test_refreeze_through_the_page_is_a_409(users, client_for):
    services.report_freeze(actor=users["staff"], year=YEAR)
    response = client_for("staff").post(reverse("evaluation:report_freeze", args=[YEAR]))
    assert response.status_code == 409
    assert "no se puede volver a congelar" in response.content.decode()


def test_pdf_is_drawn_from_the_frozen_json(users, client_for):
    _node(title="Objetivo del PDF")
    services.report_freeze(actor=users["staff"], year=YEAR)
    services.report_pdf_store(year=YEAR)
    response = client_for(None).get(reverse("evaluation:report_pdf", args=[YEAR]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_finance_section_is_none_without_income_and_percentages_only():
    from hublocal.core import registry
    from hublocal.finance import report_section

    assert "finance" in [s.key for s in registry.report_sections()]
    assert report_section.context(YEAR) is None
    ctx = report_section.context(2026)
    if ctx is not None:  # the demo records income in the current year
        assert all(set(line) == {"name", "pct", "status", "status_label"} for line in ctx["lines"])


def test_demo_2025_report_is_frozen_and_public(client_for):
    response = client_for(None).get(reverse("evaluation:report", args=[2025]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Llegar a más municipios" in html and "primer año completo" in html
    assert "Informe anual 2025" in client_for(None).get(reverse("evaluation:reports")).content.decode()


# ------------------------------------------------------------------------ views with bad input
def test_results_page_shows_progress_bars_and_history(client_for):
    response = client_for(None).get(reverse("evaluation:results"), {"year": 2026})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<progress" in html and "<caption" in html and "Llegar a más municipios" in html
    assert client_for(None).get(reverse("evaluation:results"), {"year": "abc"}).status_code == 400
    assert client_for(None).get(reverse("evaluation:results"), {"year": "99999"}).status_code == 400


def test_staff_forms_refuse_bad_input_and_accept_good(client_for):
    c = client_for("staff")
    url = reverse("evaluation:result_create")
    good = {"kind": "objective", "year": YEAR, "order": 1, "title": "Nuevo", "measure_key": "",
            "responsible_text": "Equipo", "starts_on": f"{YEAR}-01-01", "ends_on": f"{YEAR}-12-31"}  # fmt: skip
    response = c.post(url, {**good, "measure_key": "inventado"})
    assert response.status_code == 400 and "Indicador desconocido" in response.content.decode()
    response = c.post(url, {**good, "ends_on": f"{YEAR - 1}-01-01"})
    assert response.status_code == 400 and "anterior al inicio" in response.content.decode()
    assert c.post(url, good).status_code == 302
    node = ResultNode.objects.get(year=YEAR, title="Nuevo")
    m_url = reverse("evaluation:milestone_create", args=[node.pk])
    m_good = {"title": "Hito", "weight": "2", "due_on": f"{YEAR}-05-01", "done_on": "", "evidence_url": ""}
    response = c.post(m_url, {**m_good, "weight": "0"})
    assert response.status_code == 400 and "positivo" in response.content.decode()
    assert c.post(m_url, m_good).status_code == 302
    m = Milestone.objects.get(node=node)
    edit = reverse("evaluation:milestone_edit", args=[m.pk])
    done = {**m_good, "done_on": f"{YEAR}-05-02", "evidence_url": "https://x.cl/acta.pdf", "row_version": m.row_version}
    assert c.post(edit, {**done, "evidence_url": "ftp://x"}).status_code == 400
    assert c.post(edit, done).status_code == 302
    m.refresh_from_db()
    assert m.done_on == date(YEAR, 5, 2) and m.evidence_url == "https://x.cl/acta.pdf"
    # the same old version again: a conflict, not an overwrite
    assert c.post(edit, {**done, "title": "Otro"}).status_code == 400
    assert c.get(reverse("evaluation:milestone_edit", args=[2**40])).status_code == 404


def test_results_api(client_for):
    response = client_for(None).get("/api/v1/results/", {"year": 2026})
    assert response.status_code == 200
    body = response.json()
    assert body["year"] == 2026 and len(body["objectives"]) == 3
    assert {r["basis"] for o in body["objectives"] for r in o["results"]} == {"indicator", "milestones"}
    assert client_for(None).get("/api/v1/results/", {"year": "abc"}).status_code == 400


def test_staff_see_edit_links_on_the_results_page(client_for):
    html = client_for("staff").get(reverse("evaluation:results"), {"year": 2026}).content.decode()
    assert 'Editar<span class="visually-hidden">: Plan de visitas a comunas rurales</span>' in html
    assert "Editar<span" not in client_for(None).get(reverse("evaluation:results"), {"year": 2026}).content.decode()
