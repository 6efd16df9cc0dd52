from django.utils.translation import gettext_lazy as _

ITEMS = [
    ("dossiers", _("Hồ sơ đề nghị khen thưởng"), "dossiers:list", None),
    ("dossiers", _("Lập hồ sơ mới"), "dossiers:create", "dossiers.create_dossier"),
    ("dossiers", _("Hồ sơ đến hạn, quá hạn"), "dossiers:overdue", None),
    ("dossiers", _("Hội đồng, phiên họp"), "dossiers:council", "dossiers.view_council"),
    ("dossiers", _("Quyết định khen thưởng"), "dossiers:decisions", None),
    ("dossiers", _("Hủy bỏ khen thưởng"), "dossiers:revoke", "dossiers.revoke_award"),
    ("dossiers", _("Thiết lập lấy ý kiến hiệp y"), "dossiers:consultation_settings",
     "dossiers.manage_consultation_settings"),
]
