"""Privacy's sections of the personal home (/inicio/): data-subject requests awaiting the hub
(hub team) and the state of the person's own requests."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from hublocal.core.registry import HomeItem, HomeUrgency, register_home_section

from . import selectors
from .permissions import Action, can

# A decided request stays on the person's home page for this long.
DECIDED_SHOWN_DAYS = 30


def collect_queue(user: Any) -> list[HomeItem]:
    if not can(user, Action.VIEW_QUEUE):
        return []
    requests, total = selectors.home_open_requests()
    items = [
        HomeItem(
            title=_("Solicitud de %(kind)s n.º %(pk)s") % {"kind": r.get_kind_display().lower(), "pk": r.pk},
            url=reverse("privacy:request_detail", kwargs={"pk": r.pk}),
            detail=_("Estado: %(status)s.") % {"status": r.get_status_display()},
            due=r.due_on,
            urgency=HomeUrgency.of(r.due_on),
        )
        for r in requests
        if can(user, Action.VIEW_REQUEST, r)
    ]
    if total > len(requests):
        more = total - len(requests)
        items.append(
            HomeItem(
                title=ngettext("%(n)s solicitud abierta más", "%(n)s solicitudes abiertas más", more) % {"n": more},
                url=reverse("privacy:request_queue"),
                count=more,
            )
        )
    return items


def collect_own(user: Any) -> list[HomeItem]:
    if not can(user, Action.VIEW_OWN_DATA):
        return []
    since = timezone.now() - timedelta(days=DECIDED_SHOWN_DAYS)
    items = []
    for r in selectors.home_requests_of(user=user, since=since):
        if not can(user, Action.VIEW_REQUEST, r):
            continue
        if r.is_open:
            detail = _("Estado: %(status)s. El Hub debe responder a más tardar en la fecha indicada.") % {
                "status": r.get_status_display()
            }
            due = r.due_on
        else:
            detail = _("Estado: %(status)s. Lea la respuesta del Hub.") % {"status": r.get_status_display()}
            due = None
        items.append(
            HomeItem(
                title=_("Su solicitud de %(kind)s") % {"kind": r.get_kind_display().lower()},
                url=reverse("privacy:my_request", kwargs={"pk": r.pk}),
                detail=detail,
                due=due,
            )
        )
    return items


def register() -> None:
    register_home_section(
        "privacy.queue", 60, gettext_lazy("Solicitudes de datos personales por atender"), collect_queue
    )
    register_home_section("privacy.own", 61, gettext_lazy("Sus solicitudes sobre datos personales"), collect_own)
