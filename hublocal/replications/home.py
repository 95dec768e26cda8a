"""Replications' sections of the personal home (/inicio/): a municipality's replications still in
course (to update their status and results) and, for reviewers, implemented replications with
results that wait for a confirmation."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hublocal.core.permissions import has_role, is_hub_staff, organization_id
from hublocal.core.registry import HomeItem, HomeUrgency, register_home_section
from hublocal.library import permissions as library_permissions

from . import selectors
from .models import Status
from .permissions import Action, can


def collect_to_update(user: Any) -> list[HomeItem]:
    own = organization_id(user)
    if own is None or not has_role(user, "municipal"):
        return []
    return [
        HomeItem(
            title=_("Actualizar la replicación de «%(title)s»") % {"title": r.target_title},
            url=reverse("replications:replication_detail", args=[r.pk]),
            detail=_("Estado: %(status)s. Registre el avance y sus resultados medidos.")
            % {"status": r.get_status_display().lower()},
            urgency=HomeUrgency.SOON if r.status == Status.IMPLEMENTING else HomeUrgency.NORMAL,
        )
        for r in selectors.home_to_update(organization_id=own)
        if can(user, Action.CHANGE, r)
    ]


def collect_to_confirm(user: Any) -> list[HomeItem]:
    if not (is_hub_staff(user) or library_permissions.reviewer_areas(user) is not None):
        return []
    return [
        HomeItem(
            title=_("Confirmar la replicación de «%(title)s» en %(municipality)s")
            % {"title": r.target_title, "municipality": r.municipality.name},
            url=reverse("replications:replication_detail", args=[r.pk]),
            detail=_("Implementada con %(n)d resultados medidos: su confirmación es evidencia para el recurso.")
            % {"n": r.n_results},
        )
        for r in selectors.home_to_confirm()
        if can(user, Action.CONFIRM, r)
    ]


def register() -> None:
    register_home_section("replications.update", 70, gettext_lazy("Replicaciones en curso"), collect_to_update)
    register_home_section("replications.confirm", 71, gettext_lazy("Replicaciones por confirmar"), collect_to_confirm)
