from django.urls import path

from thidua.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("khen-thuong/", views.award_statistics, name="awards"),
    path("khen-thuong/xuat-nen/", views.award_statistics_export, name="award_statistics_export"),
    path("dinh-ky/", views.periodic, name="periodic"),
    path("bieu-mau-thong-ke/", views.statistics_forms, name="statistics_forms"),
]
