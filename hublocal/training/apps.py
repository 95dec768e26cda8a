from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    name = "hublocal.training"
    verbose_name = _("Formación")

    def ready(self) -> None:
        from . import labels  # audit actions and notification kinds in words

        labels.register()
        from hublocal.core import registry

        from . import demo, selectors

        registry.register_stat("training.programmes", _("Programas de formación"), selectors.programme_count)
        registry.register_stat("training.trained", _("Funcionarios formados"), selectors.trained_count)
        registry.register_seeder("training", 75, demo.seed)
        # Evaluation: the finished cohort's surveys, after the cohort exists.
        registry.register_seeder("training.evaluation", 76, demo.seed_evaluation)
        registry.register_seeder("training_projects", 77, demo.seed_projects)  # --- Group projects
        registry.register_seeder("training.santiago", 78, demo.seed_santiago)  # issue 14: Santiago's 360°
        from . import personal_data

        personal_data.register()
        from . import open_data  # coverage counts on the open-data portal (/datos/)

        open_data.register()
        from . import home  # its sections of the personal home (/inicio/)

        home.register()
        from . import sitemaps  # its public pages in /sitemap.xml

        sitemaps.register()
        from . import search_types  # search, next steps and the municipality panel

        search_types.register()
        # --- Round 2 (issue 13): the cohort report's PDF is an export job of the task queue.
        from . import report_export

        report_export.register()
        from . import panels_360  # its sections of the 360° pages (core.registry)

        panels_360.register()

        # --- Issue 14: an agreement may be linked to a cohort it finances or frames.
        registry.register_agreement_link_kind(
            "training.cohort", _("Cohorte de formación"), selectors.cohorts_for_agreement_links
        )
        registry.register_agreement_link_choices("training.cohort", selectors.cohorts_for_agreement_choices)
        from . import (
            indicators,  # its sources for the hub's indicators (hublocal.evaluation)
            tasks,  # noqa: F401 - registers the periodic reminder with the queue
        )

        indicators.register()
