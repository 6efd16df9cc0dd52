"""Public pages (no login): exemplars and the legal library. Mounted at the site root, like documents.public_urls."""

from django.urls import path

from thidua.outreach import public_views

app_name = "outreach_public"
urlpatterns = [
    path("dien-hinh-tien-tien/", public_views.exemplar_list, name="exemplar_list"),
    path("dien-hinh-tien-tien/<int:pk>/", public_views.exemplar_detail, name="exemplar_detail"),
    path("dien-hinh-tien-tien/<int:pk>/anh", public_views.exemplar_photo, name="exemplar_photo"),
    path("thu-vien-van-ban/", public_views.legal_list, name="legal_list"),
    path("thu-vien-van-ban/<int:pk>/", public_views.legal_detail, name="legal_detail"),
    path("thu-vien-van-ban/<int:pk>/tai-ve", public_views.legal_download, name="legal_download"),
]
