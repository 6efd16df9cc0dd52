from django.utils.translation import gettext_lazy as _

ITEMS = [
    ("dossiers", _("Xác minh bằng, giấy khen (công khai)"), "public:verify_form", None),
]
