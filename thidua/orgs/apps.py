from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgsConfig(AppConfig):
    name = "thidua.orgs"
    label = "orgs"
    verbose_name = _("Tổ chức")

    def ready(self):
        from thidua.orgs import permissions  # noqa: F401 (registers the app's rules)
