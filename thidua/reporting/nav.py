from django.utils.translation import gettext_lazy as _

ITEMS = [
    ("reports", _("Yêu cầu báo cáo"), "reporting:request_list", None),
    ("reports", _("Mẫu báo cáo"), "reporting:template_list", "reporting.manage_requests"),
]
