"""The demo loads the outreach data the seed names, idempotently, and the main pages render it."""

import pytest

from tests.conftest import login
from thidua.core import demo
from thidua.outreach.models import Congress, Delegate, Delegation, Exemplar, LegalDocument, Training


@pytest.fixture
def loaded(db):
    demo.load()
    return demo.load()  # twice: nothing doubles


def test_demo_is_idempotent_and_complete(loaded, client):
    numbers = set(LegalDocument.objects.values_list("number", flat=True))
    assert {"06/2022/QH15", "98/2023/NĐ-CP", "11/2024/QĐ-UBND", "90/KH-UBND", "196/KH-UBND"} <= numbers
    assert LegalDocument.objects.count() == len(numbers)
    nd98 = LegalDocument.objects.get(number="98/2023/NĐ-CP")
    assert nd98.status == "replaced" and nd98.replaced_by.number == "152/2025/NĐ-CP" and not nd98.file
    assert set(Exemplar.objects.values_list("status", flat=True)) == {"draft", "submitted", "published", "rejected"}
    assert Training.objects.filter(status="held").count() == 2 and Training.objects.filter(status="open").exists()
    assert Congress.objects.filter(name="Đại hội Thi đua yêu nước tỉnh Hưng Yên lần thứ X năm 2025").exists()
    d = Delegation.objects.get(name__contains="toàn quốc lần thứ XI")
    assert d.status == "confirmed" and d.delegates.filter(role="head", status="confirmed").count() == 1
    assert Delegate.objects.count() == 8
    c = login(client, loaded["users"]["sonoivu"])
    t = Training.objects.get(title__endswith="năm 2025")
    for url in ("/tuyen-truyen/dien-hinh/", "/tuyen-truyen/tin-bai/", "/tuyen-truyen/van-ban/", "/tuyen-truyen/tap-huan/",
                f"/tuyen-truyen/tap-huan/{t.pk}/", "/tuyen-truyen/dai-hoi/", f"/tuyen-truyen/doan/{d.pk}/",
                "/tuyen-truyen/bao-cao-kh90/", "/dien-hinh-tien-tien/", "/thu-vien-van-ban/"):
        assert c.get(url).status_code == 200, url
    html = c.get("/tuyen-truyen/bao-cao-kh90/").content.decode()
    assert "Báo Hưng Yên" in html and "Đài Phát thanh và Truyền hình Hưng Yên" in html
