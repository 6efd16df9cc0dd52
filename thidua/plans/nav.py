from django.utils.translation import gettext_lazy as _

ITEMS = [
    ("plans", _("Danh sách kế hoạch"), "plans:plan_list", None),
    ("plans", _("Tổng quan tiến độ"), "plans:dashboard", None),
    ("plans", _("Theo dõi theo quý"), "plans:by_quarter", None),
    ("plans", _("Theo dõi theo đơn vị chủ trì"), "plans:by_unit", None),
    ("plans", _("Nhiệm vụ quá hạn"), "plans:overdue", None),
    ("plans", _("Báo cáo tiến độ"), "plans:reports", None),
    ("plans", _("Nhập kế hoạch từ tệp .docx"), "plans:import_docx", "plans.create_plan"),
]
