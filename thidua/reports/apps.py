from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "thidua.reports"
    label = "reports"
    verbose_name = _("Báo cáo")

    def ready(self):
        from thidua.reports import permissions  # noqa: F401 (registers the app's rules)
