"""Replications' buttons on lower apps' pages (core.registry object actions): who replicated a
library resource and "Mi municipio lo replica" on its page, "Replicar este piloto" on a pilot's.
The library and pilots render whatever is registered; neither imports this app."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from hublocal.core.registry import ObjectAction, register_object_action

from .permissions import Action, can


def _published(resource: Any) -> bool:
    return getattr(resource, "status", "") == "published"


def _who_replicated(user: Any, resource: Any) -> ObjectAction | None:
    if not _published(resource):
        return None
    return ObjectAction(
        label=_("Quiénes lo replican y con qué resultados"),
        url=reverse("replications:resource_replications", kwargs={"slug": resource.slug}),
    )


def _replicate_resource(user: Any, resource: Any) -> ObjectAction | None:
    # Only officials (and the hub) record replications; the form itself checks the municipality.
    if user is None or not _published(resource) or not can(user, Action.RECORD):
        return None
    return ObjectAction(
        label=_("Mi municipio lo replica"),
        url=reverse("replications:replicate_resource", kwargs={"pk": resource.pk}),
    )


def _replicate_pilot(user: Any, pilot: Any) -> ObjectAction | None:
    if user is None or getattr(pilot, "status", "") != "finished" or not can(user, Action.RECORD):
        return None
    return ObjectAction(
        label=_("Mi municipio replica este piloto"),
        url=reverse("replications:replicate_pilot", kwargs={"pk": pilot.pk}),
    )


def register() -> None:
    register_object_action("library.resource", "replications.who", 10, _who_replicated)
    register_object_action("library.resource", "replications.record", 20, _replicate_resource)
    register_object_action("pilots.pilot", "replications.record", 20, _replicate_pilot)
