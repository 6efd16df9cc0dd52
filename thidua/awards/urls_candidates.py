"""URLs of the eligibility, candidate and quota pages (included from awards/urls.py, namespace `awards`)."""

from django.urls import path

from thidua.awards import views_candidates as views

urlpatterns = [
    path("ca-nhan/<int:pk>/xet-dieu-kien/", views.person_eligibility, name="person_eligibility"),
    path("don-vi/<int:pk>/xet-dieu-kien/", views.unit_eligibility, name="unit_eligibility"),
    path("de-xuat/", views.candidate_list, name="candidates"),
    path("ty-le/", views.quota, name="quota"),
]
