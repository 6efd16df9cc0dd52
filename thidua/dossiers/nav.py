from django.utils.translation import gettext_lazy as _

ITEMS = [
    ("dossiers", _("Hồ sơ đề nghị khen thưởng"), "dossiers:list", None),
    ("dossiers", _("Lập hồ sơ mới"), "dossiers:create", {"unit_officer", "unit_leader"}),
    ("dossiers", _("Hồ sơ đến hạn, quá hạn"), "dossiers:overdue", None),
    ("dossiers", _("Hội đồng, phiên họp"), "dossiers:council",
     {"province_staff", "council_secretary", "council_member", "leader"}),
    ("dossiers", _("Quyết định khen thưởng"), "dossiers:decisions", None),
    ("dossiers", _("Hủy bỏ khen thưởng"), "dossiers:revoke", {"province_staff"}),
    ("dossiers", _("Thiết lập lấy ý kiến hiệp y"), "dossiers:consultation_settings", {"province_staff"}),
]
