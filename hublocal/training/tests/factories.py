"""Training test data built through the services (the rules under test apply to fixtures too)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from hublocal.accounts import services as account_services
from hublocal.directory import selectors as directory_selectors
from hublocal.territory import selectors as territory_selectors
from hublocal.training import services
from hublocal.training.models import CohortStatus, ProgrammeStatus

_counter = [0]


def programme(*, instructors: list[Any] | None = None, rules: dict | None = None, **extra: Any) -> Any:
    _counter[0] += 1
    return services.programme_create(
        actor=None,
        title=extra.pop("title", f"Programa de prueba {_counter[0]}"),
        hours=extra.pop("hours", 20),
        completion_rules=rules if rules is not None else {"min_attendance_pct": 75},
        instructors=instructors or [],
        status=ProgrammeStatus.PUBLISHED,
        signatories=[{"name": "Firma de prueba", "position": "Directora"}],
        **extra,
    )


def cohort(*, programme_obj: Any = None, capacity: int = 3, **extra: Any) -> Any:
    programme_obj = programme_obj or programme()
    now = timezone.now()
    defaults = {
        "name": f"Cohorte {programme_obj.pk}",
        "starts_on": date.today() + timedelta(days=10),
        "ends_on": date.today() + timedelta(days=40),
        "applications_open_at": now - timedelta(days=1),
        "applications_close_at": now + timedelta(days=5),
        "eligible_countries": ["CL"],
        "eligible_roles": ["municipal"],
        "status": CohortStatus.OPEN,
    }
    defaults.update(extra)
    return services.cohort_create(actor=None, programme=programme_obj, capacity=capacity, **defaults)


def module(programme_obj: Any, mode: str = "virtual") -> Any:
    return services.module_add(actor=None, programme=programme_obj, title="Módulo", mode=mode, hours=4)


def session(cohort_obj: Any, *, starts_at: Any = None, hours: int = 2, tz: str = "America/Santiago") -> Any:
    mod = cohort_obj.programme.modules.first() or module(cohort_obj.programme)
    starts_at = starts_at or timezone.now() + timedelta(days=1)
    return services.session_create(
        actor=None,
        cohort=cohort_obj,
        module=mod,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=hours),
        tz=tz,
    )


def official(code: str = "05101", name: str = "") -> Any:
    """A new municipal account of the commune `code`."""
    _counter[0] += 1
    commune = territory_selectors.commune_get(code=code)
    org = directory_selectors.municipality_for_commune(commune_id=commune.pk)
    return account_services.user_create(
        actor=None,
        username=f"funcionaria-{_counter[0]}",
        email=f"funcionaria-{_counter[0]}@example.cl",
        password=None,
        role="municipal",
        organization=org,
        first_name=name or f"Funcionaria {_counter[0]}",
        last_name="Prueba",
    )


MOTIVATION = "Queremos mejorar la atención de nuestro municipio con nuevas herramientas."
