from django.urls import path

from thidua.oversight import views

app_name = "oversight"
urlpatterns = [
    path("", views.index, name="index"),
    path("ke-hoach/", views.plan_list, name="plan_list"),
    path("ke-hoach/moi/", views.plan_create, name="plan_create"),
    path("ke-hoach/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("ke-hoach/<int:pk>/sua/", views.plan_edit, name="plan_edit"),
    path("ke-hoach/<int:pk>/xuat-xlsx/", views.plan_export, name="plan_export"),
    path("cuoc-kiem-tra/", views.inspection_list, name="inspection_list"),
    path("cuoc-kiem-tra/moi/", views.inspection_create, name="inspection_create"),
    path("cuoc-kiem-tra/xuat.xlsx", views.inspection_export, name="inspection_export"),
    path("cuoc-kiem-tra/<int:pk>/", views.inspection_detail, name="inspection_detail"),
    path("cuoc-kiem-tra/<int:pk>/sua/", views.inspection_edit, name="inspection_edit"),
    path("cuoc-kiem-tra/<int:pk>/thong-bao.docx", views.inspection_notice, name="inspection_notice"),
    path("cuoc-kiem-tra/<int:pk>/<slug:action>/", views.inspection_action, name="inspection_action"),
    path("cuoc-kiem-tra/<int:pk>/ton-tai/them/", views.finding_create, name="finding_create"),
    path("ton-tai/", views.finding_list, name="finding_list"),
    path("ton-tai/qua-han/", views.finding_overdue, name="finding_overdue"),
    path("ton-tai/xuat-xlsx/", views.finding_export, name="finding_export"),
    path("ton-tai/<int:pk>/", views.finding_detail, name="finding_detail"),
    path("ton-tai/<int:pk>/sua/", views.finding_edit, name="finding_edit"),
    path("ton-tai/<int:pk>/bao-cao/", views.finding_report, name="finding_report"),
    path("ton-tai/<int:pk>/danh-gia/", views.finding_review, name="finding_review"),
    path("ton-tai/<int:pk>/dau-hieu-vi-pham/", views.finding_violation, name="finding_violation"),
    path("minh-chung/<int:pk>/", views.evidence_download, name="evidence_download"),
    path("don-thu/", views.petition_list, name="petition_list"),
    path("don-thu/qua-han/", views.petition_overdue, name="petition_overdue"),
    path("don-thu/xuat-xlsx/", views.petition_export, name="petition_export"),
    path("don-thu/moi/", views.petition_create, name="petition_create"),
    path("don-thu/<int:pk>/", views.petition_detail, name="petition_detail"),
    path("don-thu/<int:pk>/sua/", views.petition_edit, name="petition_edit"),
    path("don-thu/<int:pk>/<slug:action>/", views.petition_action, name="petition_action"),
]
