from django.contrib.auth.decorators import login_required
from django.urls import path
from django.views.generic import RedirectView

from thidua.outreach import views

app_name = "outreach"
urlpatterns = [
    path("", login_required(RedirectView.as_view(pattern_name="outreach:exemplar_list")), name="index"),
    # Exemplars and media coverage
    path("dien-hinh/", views.exemplar_list, name="exemplar_list"),
    path("dien-hinh/xuat.xlsx", views.exemplar_export, name="exemplar_export"),
    path("dien-hinh/them/", views.exemplar_edit, name="exemplar_create"),
    path("dien-hinh/<int:pk>/", views.exemplar_detail, name="exemplar_detail"),
    path("dien-hinh/<int:pk>/sua/", views.exemplar_edit, name="exemplar_edit"),
    path("dien-hinh/<int:pk>/anh/", views.exemplar_photo, name="exemplar_photo"),
    path("dien-hinh/<int:pk>/<str:action>/", views.exemplar_action, name="exemplar_action"),
    path("tin-bai/", views.coverage_list, name="coverage_list"),
    path("tin-bai/them/", views.coverage_edit, name="coverage_create"),
    path("tin-bai/<int:pk>/sua/", views.coverage_edit, name="coverage_edit"),
    path("tin-bai/<int:pk>/xoa/", views.coverage_delete, name="coverage_delete"),
    # Legal library (management)
    path("van-ban/", views.legal_list, name="legal_list"),
    path("van-ban/them/", views.legal_edit, name="legal_create"),
    path("van-ban/<int:pk>/", views.legal_detail, name="legal_detail"),
    path("van-ban/<int:pk>/sua/", views.legal_edit, name="legal_edit"),
    path("van-ban/<int:pk>/tai-ve/", views.legal_download, name="legal_download"),
    # Training
    path("tap-huan/", views.training_list, name="training_list"),
    path("tap-huan/xuat.xlsx", views.training_list_export, name="training_list_export"),
    path("tap-huan/them/", views.training_edit, name="training_create"),
    path("tap-huan/<int:pk>/", views.training_detail, name="training_detail"),
    path("tap-huan/<int:pk>/sua/", views.training_edit, name="training_edit"),
    path("tap-huan/<int:pk>/trang-thai/", views.training_status, name="training_status"),
    path("tap-huan/<int:pk>/moi/", views.training_invite, name="training_invite"),
    path("tap-huan/<int:pk>/dang-ky/", views.training_register, name="training_register"),
    path("tap-huan/<int:pk>/diem-danh/", views.training_attendance, name="training_attendance"),
    path("tap-huan/<int:pk>/xuat-excel/", views.training_export, name="training_export"),
    path("tap-huan/<int:pk>/tai-lieu/", views.material_upload, name="material_upload"),
    path("tap-huan/loi-moi/<int:pk>/xoa/", views.invitation_delete, name="invitation_delete"),
    path("tap-huan/hoc-vien/<int:pk>/xoa/", views.attendee_delete, name="attendee_delete"),
    path("tap-huan/tai-lieu/<int:pk>/", views.material_download, name="material_download"),
    path("tap-huan/tai-lieu/<int:pk>/xoa/", views.material_delete, name="material_delete"),
    # Congresses and delegations
    path("dai-hoi/", views.congress_list, name="congress_list"),
    path("dai-hoi/them/", views.congress_edit, name="congress_create"),
    path("dai-hoi/<int:pk>/", views.congress_detail, name="congress_detail"),
    path("dai-hoi/<int:pk>/sua/", views.congress_edit, name="congress_edit"),
    path("dai-hoi/tuyen-duong/<int:pk>/xoa/", views.honouree_delete, name="honouree_delete"),
    path("doan/them/", views.delegation_edit, name="delegation_create"),
    path("doan/<int:pk>/", views.delegation_detail, name="delegation_detail"),
    path("doan/<int:pk>/sua/", views.delegation_edit, name="delegation_edit"),
    path("doan/<int:pk>/de-cu/", views.delegation_nominate, name="delegation_nominate"),
    path("doan/<int:pk>/xuat-excel/", views.delegation_export, name="delegation_export"),
    path("doan/<int:pk>/<str:action>/", views.delegation_action, name="delegation_action"),
    path("doan/dai-bieu/<int:pk>/xet/", views.delegate_decide, name="delegate_decide"),
    path("doan/dai-bieu/<int:pk>/rut/", views.delegate_withdraw, name="delegate_withdraw"),
    # KH 90/KH-UBND (task 20)
    path("bao-cao-kh90/", views.propaganda_report, name="report"),
]
