"""Engagement's sections of the personal home (/inicio/): the processes in which the person's
organisation is expected to act, and the reminders addressed to the person."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hublocal.core.permissions import organization_id
from hublocal.core.registry import HomeItem, HomeUrgency, register_home_section

from . import selectors
from .models import EscalationLevel, TrackStatus
from .permissions import Action, can


def collect(user: Any) -> list[HomeItem]:
    own = organization_id(user)
    if own is None:
        return []
    tracks = selectors.home_open_tracks(organization_id=own)
    sent = selectors.home_messages_to(organization_id=own, email=user.email)
    if not tracks and not sent:
        return []
    org = getattr(user, "organization", None)  # the account's organisation (cached on the user)
    if org is None or not can(user, Action.VIEW_MESSAGES, org):
        return []
    url = reverse("engagement:organization", kwargs={"slug": org.slug})
    now = timezone.now()
    items = []
    for track in tracks:
        escalated = track.status == TrackStatus.SILENT or track.escalation_level > EscalationLevel.NONE
        urgency = HomeUrgency.OVERDUE if escalated else HomeUrgency.of(track.next_due_at)
        if urgency == HomeUrgency.NORMAL:
            continue  # nothing due soon: not something awaiting the person now
        if escalated:
            detail = _("Estado: %(status)s · %(days)s días sin actividad.") % {
                "status": track.get_status_display(),
                "days": track.inactive_days(now),
            }
            if track.escalation_level > EscalationLevel.NONE:
                detail = f"{detail} {track.get_escalation_level_display()}."
        else:
            detail = _(
                "Estado: %(status)s. Si su organización no registra actividad antes del plazo, el Hub enviará un "
                "recordatorio."
            ) % {"status": track.get_status_display()}
        items.append(
            HomeItem(
                title=_("«%(process)s»: el Hub espera actividad de su organización") % {"process": track.label},
                url=url,
                detail=detail,
                due=track.next_due_at,
                urgency=urgency,
            )
        )
    for message in sent:
        items.append(
            HomeItem(
                title=_("Recibió un recordatorio sobre «%(process)s»") % {"process": message.track.label},
                url=url,
                detail=_("«%(subject)s», enviado el %(date)s.")
                % {
                    "subject": message.subject,
                    "date": date_format(timezone.localdate(message.sent_at), "DATE_FORMAT"),
                },
                urgency=HomeUrgency.SOON,
            )
        )
    return items


def register() -> None:
    register_home_section("engagement", 20, gettext_lazy("Seguimiento de su organización"), collect)
