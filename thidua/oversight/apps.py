from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OversightConfig(AppConfig):
    name = "thidua.oversight"
    label = "oversight"
    verbose_name = _("Kiểm tra, đơn thư")

    def ready(self):
        from thidua.oversight import permissions  # noqa: F401 (registers the app's rules)
