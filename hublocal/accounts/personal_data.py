"""Personal data held by accounts (Ley 21.719): the account itself, its API tokens, and — when
installed — the login-protection records (django-axes) and second-factor devices (django-otp).

Declared in AccountsConfig.ready(); read by the privacy app (record, notice, rights, retention)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.apps import apps
from django.contrib.sessions.models import Session
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hublocal.core.registry import LegalBasis, PersonalData, register_personal_data, row_export

from .models import ApiToken, User

USER_FIELDS = ("username", "first_name", "last_name", "email", "last_login", "date_joined")
LOGIN_RECORD_DAYS = 180
# Fields of django-axes' three tables (AccessAttempt adds the GET/POST data it saw).
AXES_FIELDS = ("username", "ip_address", "user_agent", "path_info", "attempt_time")


def _token_fields() -> tuple[str, ...]:
    # The token's label and expiry exist once the account-security work adds them; declare what the
    # model has so the record never names a missing column.
    names = {f.name for f in ApiToken._meta.get_fields()}
    return tuple(f for f in ("name", "prefix", "created_at", "last_used_at", "expires_at", "revoked_at") if f in names)


# --------------------------------------------------------------------------------- the account


def user_export(user: Any) -> list[dict]:
    return [row_export(account, USER_FIELDS) for account in User.objects.filter(pk=user.pk)]


def _end_sessions(user: Any) -> int:
    """Delete the account's open sessions. Sessions are signed blobs, so each one is decoded;
    only unexpired ones can still be used."""
    ended = 0
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.get_decoded().get("_auth_user_id") == str(user.pk):
            session.delete()
            ended += 1
    return ended


def _otp_devices_delete(user: Any) -> int:
    if not apps.is_installed("django_otp"):
        return 0
    from django_otp import devices_for_user

    devices = list(devices_for_user(user, confirmed=None))
    for device in devices:
        device.delete()
    return len(devices)


def user_anonymise(user: Any) -> int:
    """The account row is kept (authorship links of other apps and the audit trail point at it)
    but no longer says who it was, and can never sign in again."""
    account = User.objects.get(pk=user.pk)
    account.username = f"eliminado-{account.pk}"
    account.first_name = ""
    account.last_name = ""
    account.email = ""
    account.is_active = False
    account.set_unusable_password()
    account.save()
    deleted, _rows = ApiToken.objects.filter(user=account).delete()
    return 1 + deleted + _otp_devices_delete(account) + _end_sessions(account)


# -------------------------------------------------------------------------------- API tokens


def token_export(user: Any) -> list[dict]:
    return [row_export(token, _token_fields()) for token in ApiToken.objects.filter(user_id=user.pk)]


def token_anonymise(user: Any) -> int:
    # Tokens serve only the account's scripts: nothing to keep.
    deleted, _rows = ApiToken.objects.filter(user_id=user.pk).delete()
    return deleted


def token_expire(now: datetime) -> int:
    """Delete tokens that stopped working (revoked or expired) more than 180 days ago: until
    then they tell the owner and the audit trail which token was used when."""
    cutoff = now - timedelta(days=LOGIN_RECORD_DAYS)
    deleted, _rows = ApiToken.objects.filter(models.Q(revoked_at__lt=cutoff) | models.Q(expires_at__lt=cutoff)).delete()
    return deleted


# ----------------------------------------------------------- login protection (django-axes)


def _axes_declaration(model: type[models.Model]) -> PersonalData:
    fields = tuple(f for f in AXES_FIELDS if any(mf.name == f for mf in model._meta.get_fields()))
    free_text = tuple(f for f in ("get_data", "post_data") if any(mf.name == f for mf in model._meta.get_fields()))

    def export(user: Any) -> list[dict]:
        return [row_export(row, fields + free_text) for row in model._default_manager.filter(username=user.username)]

    def anonymise(user: Any) -> int:
        # Records of sign-in attempts protect the account; once it is erased they protect nothing.
        deleted, _rows = model._default_manager.filter(username=user.username).delete()
        return deleted

    def expire(now: datetime) -> int:
        cutoff = now - timedelta(days=LOGIN_RECORD_DAYS)
        deleted, _rows = model._default_manager.filter(attempt_time__lt=cutoff).delete()
        return deleted

    return PersonalData(
        key=model._meta.label_lower,
        model=model._meta.label,
        fields=fields,
        free_text_fields=free_text,
        purpose=_(
            "Proteger las cuentas frente a intentos de adivinar contraseñas: bloquear temporalmente el "
            "ingreso tras varios intentos fallidos y poder investigar un acceso indebido."
        ),
        # Legitimate interest: securing the accounts is expected by everyone who has one and needs
        # no more than the attempt itself (name tried, address, browser, time).
        legal_basis=LegalBasis.LEGITIMATE_INTEREST,
        retention=_("180 días desde el intento; luego se eliminan."),
        recipients=_("Equipo del Hub (administración y seguridad)."),
        export=export,
        anonymise=anonymise,
        retention_days=LOGIN_RECORD_DAYS,
        expire=expire,
        erase_order=10,
    )


# ------------------------------------------------------------ second factor (django-otp)


def _otp_declaration(model: type[models.Model]) -> PersonalData:
    def export(user: Any) -> list[dict]:
        # Never the device's secret: only what says the device exists.
        return [row_export(d, ("name", "confirmed")) for d in model._default_manager.filter(user_id=user.pk)]

    def anonymise(user: Any) -> int:
        deleted, _rows = model._default_manager.filter(user_id=user.pk).delete()
        return deleted

    return PersonalData(
        key=model._meta.label_lower,
        model=model._meta.label,
        fields=("user", "name"),
        purpose=_("Segundo factor de autenticación de la cuenta (aplicación de códigos y códigos de recuperación)."),
        legal_basis=LegalBasis.CONTRACT,
        retention=_("Mientras la persona lo mantenga activo; se elimina al desactivarlo o al cerrar la cuenta."),
        recipients=_("Nadie: solo lo usa el sistema al ingresar."),
        export=export,
        anonymise=anonymise,
        erase_order=80,
    )


def register() -> None:
    register_personal_data(
        PersonalData(
            key="accounts.user",
            model="accounts.User",
            fields=USER_FIELDS,
            purpose=_(
                "Dar acceso a la plataforma a cada persona con su rol y organización, y saber quién hizo cada cambio."
            ),
            # Contract: the account is what the person asked for to use the platform.
            legal_basis=LegalBasis.CONTRACT,
            retention=_(
                "Mientras la cuenta exista; al cerrarla o a pedido de la persona se anonimiza (la fila "
                "queda sin nombre ni correo para no romper el historial)."
            ),
            recipients=_("Equipo del Hub; su propia organización ve el nombre de sus integrantes."),
            export=user_export,
            anonymise=user_anonymise,
            erase_order=100,
        )
    )
    register_personal_data(
        PersonalData(
            key="accounts.apitoken",
            model="accounts.ApiToken",
            fields=_token_fields(),
            purpose=_("Permitir que los programas de la persona usen la API en su nombre."),
            legal_basis=LegalBasis.CONTRACT,
            retention=_("180 días después de revocado o vencido; se eliminan antes si se cierra la cuenta."),
            recipients=_("Nadie: solo se guarda un resumen criptográfico del token."),
            export=token_export,
            anonymise=token_anonymise,
            retention_days=LOGIN_RECORD_DAYS,
            expire=token_expire,
            erase_order=80,
        )
    )
    if apps.is_installed("axes"):
        for name in ("AccessAttempt", "AccessFailureLog", "AccessLog"):
            register_personal_data(_axes_declaration(apps.get_model("axes", name)))
    if apps.is_installed("django_otp"):
        from django_otp.models import Device

        for model in apps.get_models():
            if issubclass(model, Device):
                register_personal_data(_otp_declaration(model))
