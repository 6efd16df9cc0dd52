from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "thidua.reporting"
    label = "reporting"
    verbose_name = _("Yêu cầu báo cáo")

    def ready(self):
        from thidua.reporting import permissions  # noqa: F401 (registers the app's rules)
