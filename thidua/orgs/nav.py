from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

ITEMS = [
    ("orgs", pgettext_lazy("danh sách", "Đơn vị"), "orgs:unit_list", None),
    ("orgs", pgettext_lazy("danh sách", "Cá nhân"), "orgs:person_list", None),
    ("orgs", _("Cụm, Khối thi đua"), "orgs:group_list", None),
    ("orgs", _("Kỳ thi đua (năm, năm học, giai đoạn)"), "orgs:period_list", None),
    ("orgs", _("Nhập đơn vị từ Excel"), "orgs:unit_import", "orgs.edit_records"),
    ("orgs", _("Nhập cá nhân từ Excel"), "orgs:person_import", "orgs.edit_records"),
]
