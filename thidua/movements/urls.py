from django.contrib.auth.decorators import login_required
from django.urls import path
from django.views.generic import RedirectView

from thidua.movements import views

app_name = "movements"
urlpatterns = [
    path("", login_required(RedirectView.as_view(pattern_name="movements:movement_list")), name="index"),
    path("phong-trao/", views.movement_list, name="movement_list"),
    path("phong-trao/xuat.xlsx", views.movement_export, name="movement_export"),
    path("phong-trao/them/", views.movement_edit, name="movement_create"),
    path("phong-trao/<int:pk>/", views.movement_detail, name="movement_detail"),
    path("phong-trao/<int:pk>/sua/", views.movement_edit, name="movement_edit"),
    path("phong-trao/<int:pk>/phat-dong/", views.movement_launch, name="movement_launch"),
    path("dang-ky/", views.registration_list, name="registration_list"),
    path("dang-ky/xuat-excel/", views.registration_export, name="registration_export"),
    path("dang-ky/them/", views.registration_edit, name="registration_create"),
    path("dang-ky/<int:pk>/", views.registration_detail, name="registration_detail"),
    path("dang-ky/<int:pk>/sua/", views.registration_edit, name="registration_edit"),
    path("dang-ky/<int:pk>/<str:action>/", views.registration_action, name="registration_action"),
    path("giao-uoc/", views.pact_list, name="pact_list"),
    path("giao-uoc/them/", views.pact_edit, name="pact_create"),
    path("giao-uoc/<int:pk>/", views.pact_detail, name="pact_detail"),
    path("giao-uoc/<int:pk>/sua/", views.pact_edit, name="pact_edit"),
    path("cham-diem/", views.rubric_list, name="rubric_list"),
    path("cham-diem/them/", views.rubric_edit, name="rubric_create"),
    path("cham-diem/<int:pk>/", views.rubric_detail, name="rubric_detail"),
    path("cham-diem/<int:pk>/sua/", views.rubric_edit, name="rubric_edit"),
    path("cham-diem/<int:pk>/tieu-chi/", views.rubric_criteria, name="rubric_criteria"),
    path("cham-diem/<int:pk>/xep-hang/", views.ranking, name="ranking"),
    path("cham-diem/<int:pk>/xep-hang.xlsx", views.ranking_export, name="ranking_export"),
    path("cham-diem/<int:pk>/<str:action>/", views.rubric_action, name="rubric_action"),
    path("phieu-cham/<int:pk>/", views.scorecard, name="scorecard"),
    path("phieu-cham/<int:pk>/tra-lai/", views.scorecard_return, name="scorecard_return"),
]
