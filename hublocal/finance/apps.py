from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FinanceConfig(AppConfig):
    name = "hublocal.finance"
    verbose_name = _("Finanzas")

    def ready(self) -> None:
        from hublocal.core import registry

        from . import demo, home, labels, open_data, personal_data, report_section

        labels.register()
        # After agreements (45) and the other apps' demos: its income links demo agreements.
        registry.register_seeder("finance", 95, demo.seed)
        personal_data.register()
        home.register()
        open_data.register()
        report_section.register()

        from . import tasks  # noqa: F401 - registers the daily membership reminders with the queue
