from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProposalsConfig(AppConfig):
    name = "hublocal.proposals"
    verbose_name = _("Propuestas y evaluación")

    def ready(self) -> None:
        from . import labels  # its codes in words: audit actions, engagement processes

        labels.register()
        from hublocal.core import registry

        from . import demo

        # No home-page statistic: how many proposals a challenge received is private to the
        # hub, the committee and the buyer (the programme funnel publishes aggregates).
        registry.register_seeder("proposals", 50, demo.seed)

        from . import selectors

        registry.register_organization_fact("proposals.applied_challenges", selectors.applied_challenges)
        registry.register_contact_relationship("proposals.shortlisted", selectors.contact_relationship)

        from . import personal_data

        personal_data.register()
        from . import home  # its sections of the personal home (/inicio/)

        home.register()
