from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "thidua.core"
    label = "core"
    verbose_name = _("Lõi hệ thống")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed

        from thidua.core import accounts
        from thidua.core.audit import audited
        from thidua.core.models import User

        audited(User)  # account changes (role, unit, active, 2FA flag) in the audit log; never the password hash
        user_logged_in.connect(accounts.on_logged_in, dispatch_uid="thidua-audit-login")
        user_logged_out.connect(accounts.on_logged_out, dispatch_uid="thidua-audit-logout")
        user_login_failed.connect(accounts.on_login_failed, dispatch_uid="thidua-audit-login-failed")
