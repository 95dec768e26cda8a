"""Training's sections of the personal home (/inicio/): applications waiting for the hub
team's decision, today's sessions for instructors, and what participants still lack."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hublocal.core.permissions import is_hub_staff
from hublocal.core.registry import HomeItem, HomeUrgency, register_home_section

from . import selectors


def collect_decisions(user: Any) -> list[HomeItem]:
    if not is_hub_staff(user):
        return []
    return [
        HomeItem(
            title=_("Decidir postulaciones de «%(c)s»") % {"c": cohort.name},
            url=reverse("training:cohort_manage", kwargs={"pk": cohort.pk}),
            detail=_("Postulaciones cierran el %(d)s.") % {"d": cohort.applications_close_at.strftime("%d-%m-%Y")},
            due=cohort.applications_close_at,
            urgency=HomeUrgency.of(cohort.applications_close_at),
            count=n,
        )
        for cohort, n in selectors.pending_decisions()
    ]


def collect_sessions_today(user: Any) -> list[HomeItem]:
    if not getattr(user, "is_authenticated", False):
        return []
    return [
        HomeItem(
            title=_("Sesión de hoy: %(s)s") % {"s": str(s)},
            url=reverse("training:attendance", kwargs={"pk": s.pk}),
            detail=_("%(c)s · tomar asistencia (código %(code)s)") % {"c": s.cohort.name, "code": s.checkin_code},
            due=s.starts_at,
            urgency=HomeUrgency.SOON,
        )
        for s in selectors.sessions_today_for(user=user)
    ]


def collect_lacking(user: Any) -> list[HomeItem]:
    if not getattr(user, "is_authenticated", False):
        return []
    items = []
    for course in selectors.my_courses(user=user):
        a = course.application
        if a.status == "accepted":
            items.append(
                HomeItem(
                    title=_("Confirmar su participación en «%(c)s»") % {"c": a.cohort.name},
                    url=reverse("training:my_courses"),
                    urgency=HomeUrgency.SOON,
                )
            )
        elif course.progress and not course.progress.outcome.complete and a.cohort.status in ("open", "running"):
            items.append(
                HomeItem(
                    title=_("Le falta para completar «%(p)s»") % {"p": a.cohort.programme.title},
                    url=reverse("training:my_courses"),
                    detail="; ".join(course.progress.outcome.missing),
                )
            )
    return items


# --- Evaluation


def collect_surveys(user: Any) -> list[HomeItem]:
    return [
        HomeItem(
            title=p.title,
            url=p.url,
            detail=_("Encuesta anónima de evaluación de la formación."),
            due=p.window.closes,
            urgency=HomeUrgency.of(p.window.closes),
        )
        for p in selectors.pending_surveys(user=user)
    ]


def register() -> None:
    register_home_section(
        "training.decisions", 55, gettext_lazy("Formación: postulaciones por decidir"), collect_decisions
    )
    register_home_section("training.sessions", 56, gettext_lazy("Formación: sesiones de hoy"), collect_sessions_today)
    register_home_section("training.lacking", 57, gettext_lazy("Formación: mis cursos"), collect_lacking)
    register_home_section("training.surveys", 58, gettext_lazy("Formación: encuestas por responder"), collect_surveys)
