from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "thidua.notifications"
    label = "notifications"
    verbose_name = _("Thông báo")

    def ready(self):
        from thidua.core.events import happened
        from thidua.notifications.delivery import on_happened

        # The only listener of the domains' announcements (thidua/core/events.py).
        happened.connect(on_happened, dispatch_uid="thidua-notifications-deliver")
