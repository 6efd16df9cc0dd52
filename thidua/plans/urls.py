from django.urls import path

from thidua.plans import views

app_name = "plans"
urlpatterns = [
    path("", views.plan_list, name="plan_list"),
    path("moi/", views.plan_create, name="plan_create"),
    path("<int:pk>/", views.plan_detail, name="plan_detail"),
    path("<int:pk>/sua/", views.plan_edit, name="plan_edit"),
    path("<int:pk>/noi-dung/", views.plan_sections, name="plan_sections"),
    path("<int:pk>/xuat-xlsx/", views.plan_export, name="plan_export"),
    path("<int:pk>/ke-hoach-don-vi/", views.sub_plan_create, name="sub_plan_create"),
    path("<int:pk>/nhiem-vu/them/", views.task_add, name="task_add"),
    path("theo-quy/", views.by_quarter, name="by_quarter"),
    path("theo-don-vi/", views.by_unit, name="by_unit"),
    path("qua-han/", views.overdue, name="overdue"),
    path("bao-cao-tien-do/", views.reports, name="reports"),
    path("tong-quan/", views.dashboard, name="dashboard"),
    path("nhiem-vu/<int:pk>/", views.task_detail, name="task_detail"),
    path("nhiem-vu/<int:pk>/trang-thai/", views.task_status, name="task_status"),
    path("nhiem-vu/<int:pk>/bao-cao/", views.task_report, name="task_report"),
    path("nhiem-vu/<int:pk>/sua/", views.task_edit, name="task_edit"),
    path("nhiem-vu/<int:pk>/xoa/", views.task_delete, name="task_delete"),
    path("minh-chung/<int:pk>/", views.evidence_download, name="evidence_download"),
    path("nhap-docx/", views.import_docx, name="import_docx"),
    path("nhap-docx/xem-truoc/", views.import_preview, name="import_preview"),
]
