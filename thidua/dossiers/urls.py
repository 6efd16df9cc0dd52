from django.urls import path

from thidua.dossiers import views, views_proposals

app_name = "dossiers"
urlpatterns = [
    path("", views.dossier_list, name="list"),
    path("tao-moi/", views.dossier_create, name="create"),
    path("qua-han/", views.overdue_list, name="overdue"),
    path("tu-danh-sach/", views_proposals.dossier_from_list, name="from_list"),
    path("them-tu-goi-y/", views_proposals.add_candidates, name="add_candidates"),
    path("<int:pk>/danh-sach/", views_proposals.proposal_upload, name="proposal_upload"),
    path("<int:pk>/danh-sach/<int:upload_pk>/", views_proposals.proposal_preview, name="proposal_preview"),
    path("<int:pk>/tham-dinh/hang-loat/", views_proposals.appraise_bulk, name="appraise_bulk"),
    path("<int:pk>/", views.dossier_detail, name="detail"),
    path("<int:pk>/sua/", views.dossier_edit, name="edit"),
    path("<int:pk>/chuyen/<slug:action>/", views.dossier_transition, name="transition"),
    path("<int:pk>/de-nghi/them/", views.nomination_form, name="nomination_add"),
    path("<int:pk>/de-nghi/kiem-tra/", views.nomination_check, name="nomination_check"),
    path("<int:pk>/de-nghi/<int:nomination_pk>/", views.nomination_form, name="nomination_edit"),
    path("<int:pk>/de-nghi/<int:nomination_pk>/xoa/", views.nomination_delete, name="nomination_delete"),
    path("<int:pk>/tai-lieu/", views.attachment_upload, name="attachment_upload"),
    path("tai-lieu/<int:pk>/tai-ve/", views.attachment_download, name="attachment_download"),
    path("tai-lieu/<int:pk>/xoa/", views.attachment_delete, name="attachment_delete"),
    path("<int:pk>/tham-dinh/", views.appraisal, name="appraisal"),
    path("<int:pk>/quyet-dinh/", views.decision_page, name="decision"),
    path("de-nghi/<int:pk>/cong-khai/", views.nomination_posting, name="posting"),
    path("hoi-dong/", views.council_overview, name="council"),
    path("hoi-dong/<int:pk>/thanh-vien/", views.council_members, name="council_members"),
    path("hoi-dong/thanh-vien/<int:pk>/sua/", views.council_member_edit, name="council_member_edit"),
    path("hoi-dong/thanh-vien/<int:pk>/trang-thai/", views.council_member_toggle, name="council_member_toggle"),
    path("hoi-dong/thanh-vien/<int:pk>/nguoi-than/", views.council_member_relatives, name="council_member_relatives"),
    path("phien-hop/<int:pk>/", views.session_detail, name="session"),
    path("phien-hop/<int:pk>/bo-phieu/", views.session_vote, name="vote"),
    path("phien-hop/<int:pk>/phieu-van-ban/<int:member_pk>/", views.session_written_votes, name="written_votes"),
    path("phien-hop/<int:pk>/bien-ban/", views.session_minutes, name="minutes"),
    path("quyet-dinh/", views.decision_list, name="decisions"),
    path("huy-bo-khen-thuong/", views.revoke, name="revoke"),
]
