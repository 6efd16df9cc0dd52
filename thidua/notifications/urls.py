from django.urls import path

from thidua.notifications import views

app_name = "notifications"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("doc-het/", views.read_all, name="read_all"),
    path("cai-dat/", views.preferences, name="preferences"),
    path("<int:pk>/", views.open_notification, name="open"),
]
