"""Account writes. Every function is atomic and records an audit event."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import authenticate
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from hublocal.audit.services import audit_record

from .models import ApiToken, Role, User


@transaction.atomic
def user_create(
    *,
    actor: Any,
    username: str,
    email: str,
    password: str | None,
    role: str,
    organization: Any = None,
    first_name: str = "",
    last_name: str = "",
) -> User:
    """Create an account bound to an organisation (required for every non-staff role).

    Raises ValidationError with per-field messages when the input is not acceptable."""
    user = User(
        username=username,
        email=email,
        role=role,
        organization=organization,
        first_name=first_name,
        last_name=last_name,
        # Django's admin is reserved for superusers made with createsuperuser; hub staff
        # work in the platform's own back office, where every write is audited.
        is_staff=False,
    )
    if role not in (Role.HUB_ADMIN, Role.HUB_ANALYST) and organization is None:
        raise ValidationError(
            {"organization": [_("Las cuentas que no son del Hub deben pertenecer a una organización.")]}
        )
    expected_kind = {Role.MUNICIPAL: "municipality", Role.STARTUP: "startup"}.get(Role(role))
    if expected_kind and organization is not None and organization.kind != expected_kind:
        raise ValidationError({"organization": [_("La organización no corresponde al rol elegido.")]})
    if role in (Role.HUB_ADMIN, Role.HUB_ANALYST):
        user.organization = None
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean()
    user.save()
    audit_record(
        actor=actor,
        action="accounts.user_create",
        obj=user,
        after={"username": username, "role": role, "organization": getattr(organization, "pk", None)},
    )
    return user


@transaction.atomic
def user_set_active(*, actor: Any, user: User, is_active: bool) -> User:
    if actor is not None and actor.pk == user.pk and not is_active:
        raise ValidationError(_("No puede desactivar su propia cuenta."))
    before = {"is_active": user.is_active}
    user.is_active = is_active
    user.save(update_fields=["is_active"])
    audit_record(
        actor=actor, action="accounts.user_set_active", obj=user, before=before, after={"is_active": is_active}
    )
    return user


@transaction.atomic
def api_token_issue(*, username: str, password: str, request: Any = None) -> str:
    """Exchange credentials for a new bearer token. Returns the raw token (shown once)."""
    user = authenticate(request, username=username, password=password)
    if user is None or not user.is_active:
        raise ValidationError(_("Usuario o contraseña incorrectos."))
    raw = ApiToken.generate()
    token = ApiToken.objects.create(user=user, digest=ApiToken.hash(raw), prefix=raw[:8])
    audit_record(actor=user, action="accounts.api_token_issue", obj=token, object_repr=f"token {raw[:8]}…")
    return raw


@transaction.atomic
def api_token_revoke_all(*, actor: Any, user: User) -> int:
    count, _detail = ApiToken.objects.filter(user=user).delete()
    audit_record(actor=actor, action="accounts.api_token_revoke_all", obj=user, after={"revoked": count})
    return count
