from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "hublocal.core"
    verbose_name = _("Núcleo")

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from . import page_cache, search

        # Every committed write invalidates the anonymous pages built from its app's data.
        connection_created.connect(page_cache.watch_writes, dispatch_uid="core.page_cache.watch_writes")

        # Once per `migrate`, after every app's migrations (sender: this app only).
        post_migrate.connect(search.ensure_sqlite_triggers, sender=self, dispatch_uid="core.search.triggers")

        # The contact page (public_views.contact): its personal data, its audit actions in words
        # and core's own section of /sitemap.xml.
        from . import personal_data, registry, sitemaps

        personal_data.register()
        sitemaps.register()
        registry.register_audit_action("core.contact_message", _("Mensaje recibido desde la página de contacto"))
        registry.register_audit_action("core.contact_message_sent", _("Mensaje de contacto enviado al equipo del Hub"))
