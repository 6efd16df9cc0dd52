from django.utils.translation import gettext_lazy as _

ITEMS = [
    ("dossiers", _("Quỹ thi đua, khen thưởng"), "rewards:funds", "rewards.view_fund"),
    ("dossiers", _("Hiện vật khen thưởng"), "rewards:items", "rewards.manage"),
    ("dossiers", _("Mẫu in trên phôi"), "rewards:blanks", "rewards.manage"),
    ("dossiers", _("Nhập dữ liệu khen thưởng trao đổi"), "rewards:import", "rewards.manage"),
]
