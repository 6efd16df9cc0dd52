from django.contrib.auth import views as auth_views
from django.urls import path

from thidua.core import views

urlpatterns = [
    path("", views.home, name="home"),
    path("dang-nhap/", auth_views.LoginView.as_view(), name="login"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("nhat-ky/", views.audit_log, name="audit_log"),
    path("lich-nghi/", views.calendar_overrides, name="calendar_overrides"),
]
