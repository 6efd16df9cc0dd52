"""Public pages (no login): certificate verification and published results. Mounted at the site root."""

from django.urls import path

from thidua.documents import public_views

app_name = "public"
urlpatterns = [
    path("xac-minh/", public_views.verify_form, name="verify_form"),
    path("xac-minh/<str:code>", public_views.verify, name="verify"),
    path("cong-khai/", public_views.results, name="results"),
    path("cong-khai/<int:pk>/", public_views.published_decision, name="decision"),
]
