from django.urls import path
from django.views.generic import RedirectView

from thidua.orgs import views

app_name = "orgs"
urlpatterns = [
    path("", RedirectView.as_view(pattern_name="orgs:unit_list", permanent=False), name="index"),
    path("don-vi/", views.unit_list, name="unit_list"),
    path("don-vi/them/", views.unit_create, name="unit_create"),
    path("don-vi/chon/", views.unit_choices, name="unit_choices"),
    path("ca-nhan/chon/", views.person_choices, name="person_choices"),
    path("don-vi/nhap/", views.unit_import, name="unit_import"),
    path("don-vi/bieu-mau-nhap.xlsx", views.unit_template, name="unit_template"),
    path("don-vi/<int:pk>/", views.unit_detail, name="unit_detail"),
    path("don-vi/<int:pk>/sua/", views.unit_edit, name="unit_edit"),
    path("don-vi/<int:pk>/sap-xep/<slug:kind>/", views.unit_lineage, name="unit_lineage"),
    path("ca-nhan/", views.person_list, name="person_list"),
    path("ca-nhan/xuat.xlsx", views.person_export, name="person_export"),
    path("ca-nhan/them/", views.person_create, name="person_create"),
    path("ca-nhan/nhap/", views.person_import, name="person_import"),
    path("ca-nhan/bieu-mau-nhap.xlsx", views.person_template, name="person_template"),
    path("ca-nhan/hop-nhat/", views.person_merge, name="person_merge"),
    path("ca-nhan/<int:pk>/", views.person_detail, name="person_detail"),
    path("ca-nhan/<int:pk>/sua/", views.person_edit, name="person_edit"),
    path("cum-khoi/", views.group_list, name="group_list"),
    path("cum-khoi/them/", views.group_create, name="group_create"),
    path("cum-khoi/<int:pk>/", views.group_detail, name="group_detail"),
    path("cum-khoi/<int:pk>/sua/", views.group_edit, name="group_edit"),
    path("cum-khoi/<int:pk>/thanh-vien/", views.group_member_add, name="group_member_add"),
    path("cum-khoi/<int:pk>/thanh-vien/roi/", views.group_member_remove, name="group_member_remove"),
    path("cum-khoi/<int:pk>/truong-pho/", views.group_leadership_set, name="group_leadership_set"),
    path("cum-khoi/<int:pk>/truong-pho/<int:lid>/xoa/", views.group_leadership_remove, name="group_leadership_remove"),
    path("ky/", views.period_list, name="period_list"),
]
