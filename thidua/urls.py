from django.contrib import admin
from django.urls import include, path

from thidua.api.urls import api
from thidua.core import errors

# Vietnamese error pages inside the site's layout; JSON {"detail": …} under /api/ (DESIGN.md §4.8).
handler400 = errors.bad_request
handler403 = errors.permission_denied
handler404 = errors.page_not_found
handler500 = errors.server_error

urlpatterns = [
    path("healthz", errors.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("quan-tri/", admin.site.urls),
    path("api/v1/", api.urls),
    path("", include("thidua.core.urls")),
    path("to-chuc/", include("thidua.orgs.urls")),
    path("ke-hoach/", include("thidua.plans.urls")),
    path("thi-dua/", include("thidua.movements.urls")),
    path("khen-thuong/", include("thidua.awards.urls")),
    path("ho-so/", include("thidua.dossiers.urls")),
    path("van-ban/", include("thidua.documents.urls")),
    path("kiem-tra/", include("thidua.oversight.urls")),
    path("tuyen-truyen/", include("thidua.outreach.urls")),
    path("bao-cao/", include("thidua.reports.urls")),
    path("yeu-cau-bao-cao/", include("thidua.reporting.urls")),
    path("tien-thuong/", include("thidua.rewards.urls")),
    path("thong-bao/", include("thidua.notifications.urls")),
    # Public pages without login: certificate verification /xac-minh/<code>, published results /cong-khai/.
    path("", include("thidua.documents.public_urls")),
    # Public pages without login: exemplars /dien-hinh-tien-tien/, legal library /thu-vien-van-ban/.
    path("", include("thidua.outreach.public_urls")),
]

admin.site.site_header = "thidua — Quản trị"
admin.site.site_title = "thidua"
