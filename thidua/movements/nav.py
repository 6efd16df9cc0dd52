"""The "Thi đua" area of the navigation (issue #2 item 6)."""

from django.utils.translation import gettext_lazy as _

ITEMS = [
    ("movements", _("Phong trào thi đua"), "movements:movement_list", None),
    ("movements", _("Đăng ký thi đua"), "movements:registration_list", None),
    ("movements", _("Giao ước thi đua Cụm, Khối"), "movements:pact_list", None),
    ("movements", _("Chấm điểm, xếp hạng Cụm, Khối"), "movements:rubric_list", None),
]
