from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "thidua.core"
    label = "core"
    verbose_name = _("Lõi hệ thống")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
        from django.db.backends.signals import connection_created
        from django.db.models.signals import post_migrate, pre_save

        from thidua.core import accounts, audit, permissions, xlsx  # noqa: F401 (permissions registers rules)
        from thidua.core.models import User
        from thidua.core.text import clean_text_fields

        # Audit log: append-only in the database (SQLite triggers call a function each connection registers;
        # flush may empty it), the triggers re-created after every migrate.
        connection_created.connect(audit.register_sqlite_guard, dispatch_uid="thidua-audit-sqlite-guard")
        post_migrate.connect(_ensure_audit_triggers, sender=self, dispatch_uid="thidua-audit-triggers")
        audit.install_flush_maintenance()
        # Account changes (role, unit, active, 2FA flag) in the audit log; never the password hash.
        audit.audited(User)
        user_logged_in.connect(accounts.on_logged_in, dispatch_uid="thidua-audit-login")
        user_logged_out.connect(accounts.on_logged_out, dispatch_uid="thidua-audit-logout")
        user_login_failed.connect(accounts.on_login_failed, dispatch_uid="thidua-audit-login-failed")
        # Every string written to a spreadsheet cell is inert text (formula injection).
        xlsx.install()
        # Text columns of thidua models are stored without invisible, bidi-override and control characters.
        pre_save.connect(clean_text_fields, dispatch_uid="thidua-clean-text")


def _ensure_audit_triggers(sender, using="default", **kwargs):
    """The append-only triggers survive any later migration (SQLite rebuilds a table to alter it, dropping its
    triggers)."""
    from django.db import connections

    from thidua.core.audit import TRIGGERS

    conn = connections[using]
    if "core_auditentry" not in conn.introspection.table_names():
        return
    with conn.cursor() as cursor:
        for sql in TRIGGERS.get(conn.vendor, []):
            cursor.execute(sql)
