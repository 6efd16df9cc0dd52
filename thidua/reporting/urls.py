from django.urls import path

from thidua.reporting import views

app_name = "reporting"
urlpatterns = [
    path("", views.request_list, name="request_list"),
    path("tao/", views.request_create, name="request_create"),
    path("<int:pk>/", views.request_detail, name="request_detail"),
    path("<int:pk>/nhac/", views.request_remind, name="request_remind"),
    path("<int:pk>/tong-hop/", views.request_compile, name="request_compile"),
    path("bao-cao/<int:pk>/", views.submission_detail, name="submission_detail"),
    path("bao-cao/<int:pk>/luu/", views.submission_save, name="submission_save"),
    path("bao-cao/<int:pk>/duyet/", views.submission_approve, name="submission_approve"),
    path("bao-cao/<int:pk>/tra-lai/", views.submission_return, name="submission_return"),
    path("bao-cao/<int:pk>/tiep-nhan/", views.submission_accept, name="submission_accept"),
    path("tep/<int:pk>/", views.attachment_download, name="attachment_download"),
    path("mau/", views.template_list, name="template_list"),
    path("mau/tao/", views.template_edit, name="template_create"),
    path("mau/<int:pk>/", views.template_edit, name="template_edit"),
]
