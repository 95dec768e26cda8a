from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "hublocal.audit"
    verbose_name = _("Auditoría")

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from hublocal.core import registry

        from . import services
        from .appendonly import register_sqlite_function

        # SQLite's append-only triggers call a function every Django connection must have.
        connection_created.connect(register_sqlite_function, dispatch_uid="hublocal.audit.sqlite_function")
        registry.register_denial_recorder(services.audit_record_denied)
        registry.register_event_recorder(services.audit_record)
        registry.register_audit_action("core.backup", _("Copia de seguridad"))
        registry.register_audit_action("core.backup_failed", _("Copia de seguridad fallida"))
        registry.register_audit_action(services.DENIED, _("Acceso denegado"))
        registry.register_audit_action(services.EXPORT, _("Exportación del registro de auditoría"))
        registry.register_audit_action(services.ACTOR_ANONYMISE, _("Autor anonimizado en el registro de auditoría"))

        from . import exports

        exports.register()

        from . import personal_data

        personal_data.register()
