from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DossiersConfig(AppConfig):
    name = "thidua.dossiers"
    label = "dossiers"
    verbose_name = _("Hồ sơ khen thưởng")

    def ready(self):
        from thidua.dossiers import permissions  # noqa: F401 (registers the app's rules)
