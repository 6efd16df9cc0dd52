from django.utils.translation import gettext_lazy as _

ITEMS = [
    ("awards", _("Sổ khen thưởng"), "awards:register", None),
    ("awards", _("Danh mục danh hiệu, hình thức"), "awards:catalogue", None),
    ("awards", _("Nhập sổ khen thưởng cũ"), "awards:import_list", "awards.edit_records"),
    ("awards", _("Cá nhân có thể trùng lặp"), "awards:duplicates", None),
    ("awards", _("Đề xuất khen thưởng (xét điều kiện)"), "awards:candidates", None),
    ("awards", _("Số lượng, tỷ lệ danh hiệu"), "awards:quota", None),
    ("admin", _("Tham số xét khen thưởng, lương cơ sở"), "awards:parameters", "awards.manage_parameters"),
]
