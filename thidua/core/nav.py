"""Navigation: each app may have `nav.py` with ITEMS = [(area, label, url_name, roles_or_None)].
Areas appear in this order in the top bar."""

from django.utils.translation import gettext_lazy as _

AREAS = [
    ("plans", _("Kế hoạch")),
    ("orgs", _("Tổ chức")),
    ("movements", _("Thi đua")),
    ("awards", _("Khen thưởng")),
    ("dossiers", _("Hồ sơ")),
    ("oversight", _("Kiểm tra, đơn thư")),
    ("outreach", _("Tuyên truyền")),
    ("reports", _("Báo cáo")),
    ("admin", _("Quản trị")),
]

def allowed(user, rule) -> bool:
    """May this user open the page? `rule`: None (every signed-in user) or a permission name (`user.has_perm`)."""
    if rule is None:
        return True
    if callable(rule):
        return bool(rule(user))
    if not isinstance(rule, str):  # a set of role names written before permissions: read as those roles
        from thidua.core.permissions import has_role, is_administrator

        return bool(has_role(*rule)(user) or is_administrator(user))
    return user.has_perm(rule)


ITEMS = [
    ("admin", _("Công việc nền"), "job_list", None),
    ("admin", _("Nhật ký thao tác"), "audit_log", None),
    ("admin", _("Người dùng"), "user_list", "core.manage_users"),
    ("admin", _("Ngày nghỉ, ngày làm bù"), "calendar_overrides", "core.manage_calendar"),
]
