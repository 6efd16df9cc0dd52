from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutreachConfig(AppConfig):
    name = "thidua.outreach"
    label = "outreach"
    verbose_name = _("Tuyên truyền, điển hình")

    def ready(self):
        from thidua.outreach import permissions  # noqa: F401 (registers the app's rules)
