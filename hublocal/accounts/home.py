"""Accounts' section of the personal home (/inicio/): the second factor not yet turned on and
API tokens about to expire."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hublocal.core.permissions import is_authenticated
from hublocal.core.registry import HomeItem, HomeUrgency, register_home_section

from . import selectors

# A token expiring within this many days is announced.
TOKEN_WARNING_DAYS = 14


def collect(user: Any) -> list[HomeItem]:
    if not is_authenticated(user):
        return []
    items = []
    if not selectors.user_has_mfa(user=user):
        required = selectors.mfa_required_for(user=user)
        items.append(
            HomeItem(
                title=_("Active la verificación en dos pasos"),
                url=reverse("accounts:mfa"),
                detail=(
                    _("Su rol la exige: sin ella no podrá seguir usando la plataforma.")
                    if required
                    else _(
                        "Un código de su teléfono, además de la contraseña, protege su cuenta si alguien la descubre."
                    )
                ),
                urgency=HomeUrgency.OVERDUE if required else HomeUrgency.NORMAL,
            )
        )
    for token in selectors.api_tokens_expiring(user=user, within_days=TOKEN_WARNING_DAYS):
        items.append(
            HomeItem(
                title=_("Su token de API «%(name)s» vence pronto") % {"name": token.name or f"{token.prefix}…"},
                url=reverse("accounts:account"),
                detail=_("Emita uno nuevo y reemplácelo en sus scripts antes de que deje de funcionar."),
                due=token.expires_at,
                urgency=HomeUrgency.of(token.expires_at, soon_days=TOKEN_WARNING_DAYS),
            )
        )
    return items


def register() -> None:
    register_home_section("accounts", 90, gettext_lazy("Su cuenta"), collect)
