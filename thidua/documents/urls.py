from django.urls import path

from thidua.documents import views

app_name = "documents"
urlpatterns = [
    path("khen-thuong/<int:pk>/bang-khen.pdf", views.award_certificate, name="award_certificate"),
]
