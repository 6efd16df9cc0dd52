from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "thidua.core"
    label = "core"
    verbose_name = _("Lõi hệ thống")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
        from django.db.models.signals import pre_save

        from thidua.core import accounts, xlsx
        from thidua.core.audit import audited
        from thidua.core.models import User
        from thidua.core.text import clean_text_fields

        xlsx.install()  # every string written to a spreadsheet cell is inert text (formula injection)
        audited(User)
        pre_save.connect(clean_text_fields, dispatch_uid="thidua-clean-text")  # thidua models only (see there)  # account changes (role, unit, active, 2FA flag) in the audit log; never the password hash
        user_logged_in.connect(accounts.on_logged_in, dispatch_uid="thidua-audit-login")
        user_logged_out.connect(accounts.on_logged_out, dispatch_uid="thidua-audit-logout")
        user_login_failed.connect(accounts.on_login_failed, dispatch_uid="thidua-audit-login-failed")
