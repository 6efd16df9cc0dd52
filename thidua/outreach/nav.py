"""The "Tuyên truyền" area of the navigation."""

from django.utils.translation import gettext_lazy as _

ITEMS = [
    ("outreach", _("Điển hình tiên tiến"), "outreach:exemplar_list", None),
    ("outreach", _("Tin, bài tuyên truyền"), "outreach:coverage_list", None),
    ("outreach", _("Thư viện văn bản"), "outreach:legal_list", None),
    ("outreach", _("Tập huấn nghiệp vụ"), "outreach:training_list", None),
    ("outreach", _("Đại hội thi đua, đoàn đại biểu"), "outreach:congress_list", None),
    ("outreach", _("Báo cáo tuyên truyền (KH 90)"), "outreach:report", None),
    ("outreach", _("Trang công khai: điển hình"), "outreach_public:exemplar_list", None),
]
