from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AwardsConfig(AppConfig):
    name = "thidua.awards"
    label = "awards"
    verbose_name = _("Khen thưởng")

    def ready(self):
        from django.db.models.signals import post_save

        from thidua.awards import permissions  # noqa: F401 (registers the app's rules)
        from thidua.awards.signals import recipient_renamed

        post_save.connect(recipient_renamed, sender="orgs.Person", dispatch_uid="awards-person-renamed")
        post_save.connect(recipient_renamed, sender="orgs.Unit", dispatch_uid="awards-unit-renamed")
