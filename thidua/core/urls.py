from django.contrib.auth import views as auth_views
from django.urls import path

from thidua.core import views, views_accounts, views_jobs

urlpatterns = [
    path("", views.home, name="home"),
    path("dang-nhap/", auth_views.LoginView.as_view(), name="login"),
    path("dang-nhap/xac-thuc/", views_accounts.two_factor_verify, name="two_factor_verify"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("tai-khoan/", views_accounts.my_account, name="my_account"),
    path("tai-khoan/xac-thuc-hai-buoc/", views_accounts.two_factor_enrol, name="two_factor_enrol"),
    path("tai-khoan/token/<int:pk>/thu-hoi/", views_accounts.revoke_my_token, name="revoke_my_token"),
    path("nguoi-dung/", views_accounts.user_list, name="user_list"),
    path("nguoi-dung/them/", views_accounts.user_create, name="user_create"),
    path("nguoi-dung/<int:pk>/", views_accounts.user_edit, name="user_edit"),
    path("nhat-ky/", views.audit_log, name="audit_log"),
    path("nhat-ky/xuat.xlsx", views.audit_export, name="audit_export"),
    path("lich-nghi/", views.calendar_overrides, name="calendar_overrides"),
    path("cong-viec-nen/", views_jobs.job_list, name="job_list"),
    path("cong-viec-nen/<int:pk>/", views_jobs.job_detail, name="job_detail"),
    path("cong-viec-nen/<int:pk>/tien-do/", views_jobs.job_progress, name="job_progress"),
    path("cong-viec-nen/<int:pk>/chay-lai/", views_jobs.job_retry, name="job_retry"),
    path("cong-viec-nen/<int:pk>/huy/", views_jobs.job_cancel, name="job_cancel"),
    path("cong-viec-nen/<int:pk>/tai/", views_jobs.job_download, name="job_download"),
]
