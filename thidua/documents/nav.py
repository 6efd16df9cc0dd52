from django.utils.translation import gettext_lazy as _

ITEMS = [
    ("dossiers", _("Văn bản, bằng khen"), "documents:index", None),
    ("dossiers", _("Công khai kết quả khen thưởng"), "public:results", None),
]
