from django.urls import path

from thidua.documents import views

app_name = "documents"
urlpatterns = [
    path("", views.index, name="index"),
    path("ho-so/<int:pk>/", views.dossier_documents, name="dossier"),
    path("ho-so/<int:pk>/quyet-dinh.docx", views.decision_docx, name="decision_docx"),
    path("ho-so/<int:pk>/to-trinh.docx", views.proposal_docx, name="proposal_docx"),
    path("ho-so/<int:pk>/to-trinh/", views.proposal_record, name="proposal_record"),
    path("ho-so/<int:pk>/danh-sach.xlsx", views.annex_xlsx, name="annex_xlsx"),
    path("ho-so/<int:pk>/bang-khen.pdf", views.decision_certificates, name="decision_certificates"),
    path("ho-so/<int:pk>/cong-khai/", views.publication, name="publication"),
    path("phien-hop/<int:pk>/bien-ban.docx", views.minutes_docx, name="minutes_docx"),
    path("khen-thuong/<int:pk>/bang-khen.pdf", views.award_certificate, name="award_certificate"),
]
