from django.utils.translation import gettext_lazy as _

ITEMS = [
    ("reports", _("Tổng quan (lãnh đạo)"), "reports:dashboard", None),
    ("reports", _("Thống kê khen thưởng"), "reports:awards", None),
    ("reports", _("Báo cáo định kỳ (6 tháng, năm)"), "reports:periodic", None),
    ("reports", _("Biểu mẫu báo cáo thống kê (Bộ Nội vụ)"), "reports:statistics_forms", None),
]
