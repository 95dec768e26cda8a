from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReplicationsConfig(AppConfig):
    name = "hublocal.replications"
    verbose_name = _("Replicaciones y municipios como el mío")

    def ready(self) -> None:
        pass
