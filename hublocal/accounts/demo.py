"""Demo account with a second factor, for `manage.py seed_demo` (registered in AccountsConfig.ready()).

`seguridad` (hub administrator) signs in with DEMO_PASSWORD and then a TOTP code from the
fixed, published secret DEMO_TOTP_SECRET: add it to any authenticator app (manual entry).
Never use this secret outside the demo. Idempotent: running again resets the password."""

from __future__ import annotations

import base64
from collections.abc import Callable

from django.conf import settings
from django.db import transaction

from . import selectors, services

# Base32, as authenticator apps take it for manual entry.
DEMO_TOTP_SECRET = "HUBLOCALDEMOSEGURIDADTOTPSECRET2"  # noqa: S105 - published demo secret
USERNAME = "seguridad"


def demo_totp_key_hex() -> str:
    """DEMO_TOTP_SECRET as django-otp stores keys (hex)."""
    return base64.b32decode(DEMO_TOTP_SECRET).hex()


@transaction.atomic
def seed(write: Callable[[str], None]) -> None:
    user = selectors.user_list(q=USERNAME).filter(username=USERNAME).first()
    if user is None:
        user = services.user_create(
            actor=None,
            username=USERNAME,
            email=f"{USERNAME}@demo.hublocal.cl",
            password=settings.DEMO_PASSWORD,
            check_password_rules=False,  # published demo password
            role="hub_admin",
            first_name="Equipo de Seguridad",
            last_name="",
        )
    else:
        user.set_password(settings.DEMO_PASSWORD)
        user.save(update_fields=["password"])
    services.mfa_install(actor=None, user=user, key=demo_totp_key_hex())
    write(f"Cuenta demo «{USERNAME}» con verificación en dos pasos (secreto TOTP: {DEMO_TOTP_SECRET}).")
