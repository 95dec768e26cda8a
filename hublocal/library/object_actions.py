"""The library's buttons on other apps' pages (core.registry object actions)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from hublocal.core.registry import ObjectAction, register_object_action

from .permissions import Action, can


def _pilot_to_model(user: Any, pilot: Any) -> ObjectAction | None:
    if user is None or not can(user, Action.DRAFT_FROM_PILOT, pilot):
        return None
    return ObjectAction(
        label=_("Convertir en modelo replicable"),
        url=reverse("library:draft_from_pilot", kwargs={"pilot_pk": pilot.pk}),
        post=True,
    )


def register() -> None:
    register_object_action("pilots.pilot", "library.model", 10, _pilot_to_model)
