from django.utils.translation import gettext_lazy as _

ITEMS = [
    ("oversight", _("Kế hoạch kiểm tra"), "oversight:plan_list", None),
    ("oversight", _("Cuộc kiểm tra"), "oversight:inspection_list", None),
    ("oversight", _("Tồn tại, kiến nghị sau kiểm tra"), "oversight:finding_list", None),
    ("oversight", _("Tồn tại quá hạn khắc phục"), "oversight:finding_overdue", None),
    ("oversight", _("Đơn thư"), "oversight:petition_list", None),
    ("oversight", _("Đơn thư quá hạn"), "oversight:petition_overdue", None),
    ("oversight", _("Tiếp nhận đơn thư"), "oversight:petition_create", "oversight.manage"),
]
