from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "hublocal.accounts"
    verbose_name = _("Cuentas y permisos")

    def ready(self) -> None:
        from hublocal.core import registry

        from . import demo, signals

        signals.connect()
        # One way in: Django's admin signs people in through our login (lockout, second factor)
        # instead of its own form, which would skip the code step.
        from django.contrib import admin

        from .views import admin_login

        admin.site.login = admin_login  # type: ignore[method-assign]
        # After the directory's seeder, which creates the demo organisations and accounts.
        registry.register_seeder("accounts", 15, demo.seed)

        from . import personal_data

        personal_data.register()
        from . import home  # its sections of the personal home (/inicio/)

        home.register()
        for code, label in AUDIT_LABELS.items():
            registry.register_audit_action(code, label)


# What the audit trail shows people instead of the codes.
AUDIT_LABELS = {
    "accounts.login": _("Inicio de sesión"),
    "accounts.login_failed": _("Intento de inicio de sesión fallido"),
    "accounts.lockout": _("Bloqueo por intentos fallidos"),
    "accounts.logout": _("Cierre de sesión"),
    "accounts.password_change": _("Cambio de contraseña"),
    "accounts.password_reset": _("Restablecimiento de contraseña"),
    "accounts.mfa_enable": _("Verificación en dos pasos activada"),
    "accounts.mfa_disable": _("Verificación en dos pasos desactivada"),
    "accounts.mfa_recovery_regenerate": _("Nuevos códigos de recuperación"),
    "accounts.api_token_issue": _("Token de API emitido"),
    "accounts.api_token_revoke": _("Token de API revocado"),
    "accounts.api_token_revoke_all": _("Todos los tokens de API revocados"),
    "accounts.user_create": _("Cuenta creada"),
    "accounts.user_set_active": _("Cuenta activada o desactivada"),
}
