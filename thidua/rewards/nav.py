from django.utils.translation import gettext_lazy as _

MONEY = {"province_staff", "leader"}

ITEMS = [
    ("dossiers", _("Quỹ thi đua, khen thưởng"), "rewards:funds", MONEY),
    ("dossiers", _("Hiện vật khen thưởng"), "rewards:items", {"province_staff"}),
    ("dossiers", _("Mẫu in trên phôi"), "rewards:blanks", {"province_staff"}),
    ("dossiers", _("Nhập dữ liệu khen thưởng trao đổi"), "rewards:import", {"province_staff"}),
]
