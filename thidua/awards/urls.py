from django.urls import include, path
from django.views.generic import RedirectView

from thidua.awards import views

app_name = "awards"
urlpatterns = [
    path("", RedirectView.as_view(pattern_name="awards:register", permanent=False), name="index"),
    path("danh-muc/", views.catalogue, name="catalogue"),
    path("so-khen-thuong/", views.register, name="register"),
    path("so-khen-thuong/xuat.xlsx", views.register_export, name="register_export"),
    path("khen-thuong/<int:pk>/", views.award_detail, name="award_detail"),
    path("khen-thuong/<int:pk>/huy-bo/", views.award_revoke, name="award_revoke"),
    path("ca-nhan/<int:pk>/", views.person_history, name="person_history"),
    path("don-vi/<int:pk>/", views.unit_history, name="unit_history"),
    path("<slug:subject>/<int:pk>/khen-thuong/them/", views.award_add, name="award_add"),
    path("<slug:subject>/<int:pk>/<slug:kind>/them/", views.record_add, name="record_add"),
    path("dang-xem-xet/<int:pk>/ket-thuc/", views.proceeding_close, name="proceeding_close"),
    path("nhap-so/", views.import_list, name="import_list"),
    path("nhap-so/bieu-mau.xlsx", views.import_template, name="import_template"),
    path("nhap-so/<int:pk>/", views.import_detail, name="import_detail"),
    path("nhap-so/<int:pk>/tien-do/", views.import_progress, name="import_progress"),
    path("nhap-so/<int:pk>/xac-nhan/", views.import_review, name="import_review"),
    path("nhap-so/<int:pk>/nhap/", views.import_commit, name="import_commit"),
    path("nhap-so/<int:pk>/huy/", views.import_cancel, name="import_cancel"),
    path("nhap-so/<int:pk>/bao-loi.xlsx", views.import_errors, name="import_errors"),
    path("trung-lap/", views.duplicates, name="duplicates"),
    path("tham-so/", views.parameters, name="parameters"),
    path("", include("thidua.awards.urls_candidates")),  # eligibility verdicts, candidate suggestion, quotas
]
