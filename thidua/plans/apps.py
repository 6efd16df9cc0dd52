from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "thidua.plans"
    label = "plans"
    verbose_name = _("Kế hoạch")

    def ready(self):
        from thidua.plans import permissions  # noqa: F401 (registers the app's rules)
