"""Assistance's sections of the personal home (/inicio/): requests to triage and overdue
deliverables (hub staff), deliverables waiting for the municipality's review, deliverables a
team still owes (experts and staff on a team). Each collector runs one query."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hublocal.core.permissions import has_role, is_hub_staff, organization_id
from hublocal.core.registry import HomeItem, HomeUrgency, register_home_section

from . import selectors


def collect_triage(user: Any) -> list[HomeItem]:
    if not is_hub_staff(user):
        return []
    items = []
    for req in selectors.home_requests_to_triage():
        submitted = req.status == "submitted"
        items.append(
            HomeItem(
                title=(_("Revisar la solicitud «%(t)s»") if submitted else _("Definir la asistencia «%(t)s»"))
                % {"t": req.title},
                url=reverse("assistance:request_detail", kwargs={"pk": req.pk}),
                detail=_("%(m)s · urgencia %(u)s") % {"m": req.organization.name, "u": req.get_urgency_display()},
                urgency=HomeUrgency.SOON if req.urgency == "high" else HomeUrgency.NORMAL,
            )
        )
    for d in selectors.home_overdue_deliverables():
        items.append(
            HomeItem(
                title=_("Entregable atrasado: «%(d)s»") % {"d": d.title},
                url=reverse("assistance:engagement_detail", kwargs={"pk": d.engagement_id}),
                detail=_("Asistencia «%(e)s» a %(m)s: el equipo no lo ha enviado.")
                % {"e": d.engagement.title, "m": d.engagement.organization.name},
                due=d.due_on,
                urgency=HomeUrgency.OVERDUE,
            )
        )
    return items


def collect_review(user: Any) -> list[HomeItem]:
    own = organization_id(user)
    if own is None or not has_role(user, "municipal"):
        return []
    return [
        HomeItem(
            title=_("Revisar el entregable «%(d)s»") % {"d": d.title},
            url=reverse("assistance:engagement_detail", kwargs={"pk": d.engagement_id}) + f"#entregable-{d.pk}",
            detail=_("Asistencia técnica «%(e)s»: acéptelo o devuélvalo con comentarios.") % {"e": d.engagement.title},
            urgency=HomeUrgency.SOON,
        )
        for d in selectors.home_deliverables_to_review(organization_id=own)
    ]


def collect_due(user: Any) -> list[HomeItem]:
    if not (is_hub_staff(user) or has_role(user, "partner")):
        return []
    return [
        HomeItem(
            title=_("Enviar el entregable «%(d)s»") % {"d": d.title}
            if d.status == "pending"
            else _("Corregir el entregable devuelto «%(d)s»") % {"d": d.title},
            url=reverse("assistance:engagement_detail", kwargs={"pk": d.engagement_id}) + f"#entregable-{d.pk}",
            detail=_("Asistencia técnica «%(e)s».") % {"e": d.engagement.title},
            due=d.due_on,
            urgency=HomeUrgency.of(d.due_on),
        )
        for d in selectors.home_deliverables_due(user=user)
    ]


def register() -> None:
    register_home_section("assistance.triage", 60, gettext_lazy("Asistencia técnica por gestionar"), collect_triage)
    register_home_section("assistance.review", 61, gettext_lazy("Entregables por revisar"), collect_review)
    register_home_section("assistance.due", 62, gettext_lazy("Entregables por enviar"), collect_due)
