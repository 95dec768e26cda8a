from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationConfig(AppConfig):
    name = "hublocal.evaluation"
    verbose_name = _("Indicadores del Hub")

    def ready(self) -> None:
        from hublocal.core import registry

        from . import demo, labels, open_data, personal_data

        labels.register()
        # After every other demo (their records are what the indicators count), before search.
        registry.register_seeder("evaluation", 97, demo.seed)
        personal_data.register()
        open_data.register()

        from . import tasks  # noqa: F401 - registers the nightly recompute with the queue
