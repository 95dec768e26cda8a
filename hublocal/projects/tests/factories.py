"""Project test data built through the services (the rules under test apply to fixtures too)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from hublocal.directory import selectors as directory_selectors
from hublocal.projects import services

_counter = [0]
START = date(2026, 1, 1)


def org(slug: str) -> Any:
    found = directory_selectors.organization_get(slug=slug)
    assert found is not None, slug
    return found


def project(users: dict[str, Any], **extra: Any) -> Any:
    _counter[0] += 1
    defaults: dict[str, Any] = {
        "title": f"Proyecto de prueba {_counter[0]}",
        "summary": "Un proyecto para las pruebas.",
        "objectives": "Primer objetivo\nSegundo objetivo",
        "starts_on": START,
        "ends_on": START + timedelta(days=365),
        "partners": [
            (org("universidad-de-los-andes-del-sur"), "partner"),
            (org("municipalidad-santiago"), "beneficiary"),
        ],
    }
    defaults.update(extra)
    return services.project_create(actor=users["staff"], **defaults)


def milestone(
    users: dict[str, Any], p: Any, *, weight: int = 1, progress: int = 0, days: tuple[int, int] = (0, 30)
) -> Any:
    return services.milestone_add(
        actor=users["staff"],
        project=p,
        title=f"Hito {weight}-{progress}",
        starts_on=p.starts_on + timedelta(days=days[0]),
        due_on=p.starts_on + timedelta(days=days[1]),
        weight=weight,
        progress=progress,
    )
