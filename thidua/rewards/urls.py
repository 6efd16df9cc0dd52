from django.urls import path

from thidua.rewards import views, views_blanks, views_exchange

app_name = "rewards"

urlpatterns = [
    path("quy/", views.funds, name="funds"),
    path("quy/<int:pk>/", views.fund_detail, name="fund"),
    path("quy/<int:pk>/da-chi/", views.payouts_paid, name="payouts_paid"),
    path("quy/<int:pk>/so-quy.xlsx", views.fund_xlsx, name="fund_xlsx"),
    path("hien-vat/", views.items, name="items"),
    path("hien-vat/thu-hoi/", views.recover, name="recover"),
    path("hien-vat/cap-doi-cap-lai/", views.reissues, name="reissues"),
    path("hien-vat/<int:pk>/cap-doi-cap-lai/", views.reissue, name="reissue"),
    path("hien-vat/<int:pk>/don-de-nghi/", views.request_form, name="request_form"),
    path("quyet-dinh/<int:pk>/hien-vat/", views.decision_items, name="decision_items"),
    path("quyet-dinh/<int:pk>/danh-sach-tien-thuong.docx", views_exchange.annex_docx, name="annex_docx"),
    path("quyet-dinh/<int:pk>/trao-doi.json", views_exchange.export_json, name="export_json"),
    path("quyet-dinh/<int:pk>/trao-doi.xlsx", views_exchange.export_xlsx, name="export_xlsx"),
    path("trao-doi/nhap/", views_exchange.import_page, name="import"),
    path("phoi/", views_blanks.blanks_list, name="blanks"),
    path("phoi/<int:pk>/", views_blanks.blank_edit, name="blank"),
    path("phoi/<int:pk>/anh-quet", views_blanks.blank_scan, name="blank_scan"),
    path("phoi/<int:pk>/thu.pdf", views_blanks.blank_sample_pdf, name="blank_sample"),
    path("quyet-dinh/<int:pk>/in-phoi.pdf", views_blanks.decision_pdf, name="decision_pdf"),
]
