"""Demo data of the hub's indicators: targets for 2025 and 2026 and the snapshots of both years,
computed from the other apps' demo records (hence order 97, after every other demo). Idempotent:
targets are set, not added, and a second computation the same day replaces the first."""

from __future__ import annotations

from collections.abc import Callable

from . import services

TARGETS: dict[int, dict[str, float]] = {
    2025: {
        "coverage_municipalities": 40,
        "portfolio_actions": 20,
        "portfolio_areas": 4,
        "impact_pilot_indicators_met": 60,
        "impact_score_change": 2,
        "articulation_agreements": 8,
        "articulation_obligations_kept": 80,
        "articulation_commitments_kept": 70,
        "articulation_projects": 2,
        "articulation_policy_items": 3,
    },
    2026: {
        "coverage_municipalities": 80,
        "portfolio_actions": 35,
        "portfolio_areas": 5,
        "impact_pilot_indicators_met": 70,
        "impact_score_change": 3,
        "articulation_agreements": 12,
        "articulation_obligations_kept": 90,
        "articulation_commitments_kept": 80,
        "articulation_projects": 4,
        "articulation_policy_items": 5,
    },
}


def seed(write: Callable[[str], None]) -> None:
    for year, targets in TARGETS.items():
        for key, value in targets.items():
            services.target_set(actor=None, measure_key=key, year=year, value=value, note="demo")
    for year in TARGETS:
        figures = services.compute_indicators(year=year)
        write(f"  indicadores {year}: " + ", ".join(f"{k}={v}" for k, v in figures.items()))
    seed_results(write)


# ---- results framework and the frozen 2025 report
# (objective, [(result, measure_key or "", [(milestone, weight, due "MM-DD", done "MM-DD" or "")])])
FRAMEWORK: list[tuple[str, list[tuple[str, str, list[tuple[str, float, str, str]]]]]] = [
    (
        "Llegar a más municipios, en especial rurales",
        [
            ("Municipios atendidos según la meta del año", "coverage_municipalities", []),
            (
                "Red regional de enlaces municipales funcionando",
                "",
                [("Enlaces designados en 8 regiones", 2, "03-31", "03-20"),
                 ("Primer encuentro de enlaces", 1, "06-30", "07-04"),
                 ("Plan de visitas a comunas rurales", 1, "10-31", "")],
            ),
        ],
    ),
    (
        "Implementar soluciones que cambian la gestión municipal",
        [
            ("Indicadores de los pilotos cumplidos", "impact_pilot_indicators_met", []),
            (
                "Catálogo de soluciones publicado",
                "",
                [("Criterios de publicación aprobados", 1, "04-30", "04-15"),
                 ("Primeras 10 fichas publicadas", 2, "09-30", "")],
            ),
        ],
    ),
    (
        "Articular al ecosistema de gobierno local",
        [
            ("Convenios vigentes con socios", "articulation_agreements", []),
            (
                "Mesa nacional de innovación municipal sesionando",
                "",
                [("Mesa constituida", 1, "03-31", "03-10"),
                 ("Tres sesiones realizadas", 2, "11-30", "11-20")],
            ),
        ],
    ),
]  # fmt: skip
HIGHLIGHTS_2025 = (
    "2025 fue el primer año completo del Hub: se constituyó la mesa nacional de innovación municipal, "
    "se firmaron los primeros convenios con universidades y asociaciones de municipios y se "
    "cerraron los primeros pilotos con indicadores medidos."
)


def seed_results(write: Callable[[str], None]) -> None:
    from datetime import date

    from django.utils import timezone

    from hublocal.directory import selectors as directory_selectors

    from .models import Milestone, ResultNode

    hub = directory_selectors.organization_get(slug="hub-nacional-de-gobierno-local")
    today = timezone.localdate()
    for year in (2025, 2026):
        for i, (objective, results) in enumerate(FRAMEWORK, start=1):
            base = {"year": year, "starts_on": date(year, 1, 1), "ends_on": date(year, 12, 31), "description": "",
                    "responsible_org": hub, "responsible_text": "" if hub else "Equipo del Hub"}  # fmt: skip
            obj = ResultNode.objects.filter(year=year, parent=None, title=objective).first()
            if obj is None:
                obj = services.result_node_save(
                    actor=None,
                    data={
                        **base,
                        "kind": "objective",
                        "parent": None,
                        "order": i,
                        "title": objective,
                        "measure_key": "",
                    },  # fmt: skip
                )
            for j, (title, measure, milestones) in enumerate(results, start=1):
                node = ResultNode.objects.filter(parent=obj, title=title).first()
                if node is None:
                    node = services.result_node_save(
                        actor=None,
                        data={
                            **base,
                            "kind": "result",
                            "parent": obj,
                            "order": j,
                            "title": title,
                            "measure_key": measure,
                            "responsible_org": None,
                            "responsible_text": "Coordinación de programas",
                        },  # fmt: skip
                    )
                for title_m, weight, due, done in milestones:
                    if Milestone.objects.filter(node=node, title=title_m).exists():
                        continue
                    done_on = date.fromisoformat(f"{year}-{done}") if done else None
                    if done_on and done_on > today:
                        done_on = None
                    services.milestone_save(
                        actor=None,
                        node=node,
                        data={
                            "title": title_m,
                            "weight": weight,
                            "due_on": date.fromisoformat(f"{year}-{due}"),
                            "done_on": done_on,
                            "evidence_url": "https://hublocal.cl/evidencia/demo" if done_on else "",
                        },  # fmt: skip
                    )
    from . import results as results_selectors

    report = results_selectors.report_get(2025)
    if report is None or not report.is_frozen:
        services.report_highlights_set(actor=None, year=2025, highlights=HIGHLIGHTS_2025)
        services.report_freeze(actor=None, year=2025)
        write("  informe anual 2025 congelado")
    report = results_selectors.report_get(2025)
    if report is not None and not report.pdf:
        services.report_pdf_store(year=2025)
        write("  PDF del informe 2025 guardado")
