from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MovementsConfig(AppConfig):
    name = "thidua.movements"
    label = "movements"
    verbose_name = _("Phong trào thi đua")

    def ready(self):
        from thidua.movements import permissions  # noqa: F401 (registers the app's rules)
