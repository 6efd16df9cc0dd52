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

def allowed(user, roles) -> bool:
    """May this user open a page restricted to `roles` (None = every signed-in user; a callable decides)?"""
    if callable(roles):
        return roles(user)
    return not roles or user.is_superuser or user.role in roles


def _manages_users(user) -> bool:
    from thidua.core.accounts import may_manage_users

    return may_manage_users(user)


ITEMS = [
    ("admin", _("Công việc nền"), "job_list", None),
    ("admin", _("Nhật ký thao tác"), "audit_log", None),
    ("admin", _("Người dùng"), "user_list", _manages_users),
    ("admin", _("Ngày nghỉ, ngày làm bù"), "calendar_overrides", {"province_staff"}),
]
