"""The library's sections of the personal home (/inicio/): reviews waiting for the hub team and
appointed reviewers, and drafts a reviewer returned to the person's organisation."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hublocal.core.permissions import organization_id
from hublocal.core.registry import HomeItem, HomeUrgency, register_home_section

from . import selectors
from .permissions import Action, can


def collect_reviews(user: Any) -> list[HomeItem]:
    if not can(user, Action.REVIEW_QUEUE):
        return []
    waiting = selectors.review_queue(viewer=user)
    if not waiting:
        return []
    return [
        HomeItem(
            title=_("Revisar propuestas de la biblioteca"),
            url=reverse("library:review_queue"),
            detail=_("La más antigua: «%(t)s».") % {"t": waiting[0].title},
            urgency=HomeUrgency.SOON if len(waiting) > 5 else HomeUrgency.NORMAL,
            count=len(waiting),
        )
    ]


def collect_returned(user: Any) -> list[HomeItem]:
    org = organization_id(user)
    if org is None:
        return []
    return [
        HomeItem(
            title=_("Corregir «%(t)s»") % {"t": r.title},
            url=reverse("library:resource_detail", kwargs={"slug": r.slug}),
            detail=_("Una persona revisora lo devolvió con observaciones."),
        )
        for r in selectors.returned_drafts(organization_id=org)
    ]


def register() -> None:
    register_home_section("library.reviews", 70, gettext_lazy("Biblioteca: revisiones"), collect_reviews)
    register_home_section("library.returned", 71, gettext_lazy("Biblioteca: borradores devueltos"), collect_returned)
