"""/api/v1/rewards (issue #15 item 3 for issue #14's money and things): the fund, a decision's bonuses, award items,
the national exchange and printing on blanks — the pages' rights, forms and services; 403 for a role without the
right, 404 outside scope, 4xx `{"detail"}` for bad input; an exchange file goes out and comes back through the API."""

import datetime as dt
import io
import json

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.api.test_journey import Caller, ok
from tests.rewards.conftest import people, prepared_dossier, sign, units
from thidua.awards.models import Award, ImportBatch
from thidua.dossiers import services as dossier_services
from thidua.orgs.models import Person
from thidua.rewards import blanks, exports, services
from thidua.rewards.models import Allocation, BlankLayout, IssuedItem, Payout

pytestmark = pytest.mark.django_db
SIGNED = dt.date(2026, 7, 15)


@pytest.fixture
def decision(leader, unit_a):
    """Three awards signed on 15/7/2026: 760,000 + 3,800,000 + 2,030,000 đồng (tests/rewards/test_decision_amounts)."""
    lan, minh = people(unit_a, ["Nguyễn Thị Lan", "Lê Văn Minh"])
    [to] = units(unit_a, ["Phòng Giáo dục mầm non"])
    return sign(leader, prepared_dossier(unit_a, [(lan, "LDTT"), (minh, "BK_TINH"), (to, "TTLDTT")], year=2026),
                SIGNED)


@pytest.fixture
def province_api(client, staff):
    return Caller(client, staff)


# --- the fund -------------------------------------------------------------------------------------------------


def test_fund_allocations_payouts_and_book(client, staff, leader, officer_a, unit_a, province,
                                           django_capture_on_commit_callbacks):
    api = Caller(client, staff)
    fund = ok(api.post("/rewards/funds", {"year": 2026, "issuer": "UBND"}), 201)
    assert fund["holder_id"] == province.pk and fund["balance"]["allocated"] == 0
    again = api.post("/rewards/funds", {"year": 2026, "issuer": "UBND"})
    assert again.status_code == 400 and "Đã có quỹ năm 2026" in again.json()["detail"]

    url = f"/rewards/funds/{fund['id']}"
    budget = ok(api.post(f"{url}/allocations", {"source": "budget", "amount": 5_000_000, "received_on": "2026-01-15",
                                                "reference": "QĐ 12/QĐ-UBND"}), 201)
    assert budget["source"] == "budget" and budget["source_label"] == "Ngân sách nhà nước"
    zero = api.post(f"{url}/allocations", {"source": "budget", "amount": 0, "received_on": "2026-01-15"})
    assert zero.status_code == 400 and "Số tiền" in zero.json()["detail"]  # the page's form: at least 1 đồng
    assert api.post(f"{url}/allocations", {"source": "gift", "amount": 5, "received_on": "2026-01-15"}
                    ).status_code == 422
    assert Allocation.objects.count() == 1

    with django_capture_on_commit_callbacks(execute=True):  # signing creates the payouts once it commits
        an, binh = people(unit_a, ["Nguyễn Văn An", "Trần Thị Bình"])
        decision = sign(leader, prepared_dossier(unit_a, [(an, "LDTT"), (binh, "BK_TINH")], year=2026), SIGNED)
    detail = ok(api.get(url))
    assert detail["allocations"][0]["amount"] == 5_000_000
    assert detail["decisions"] == [{"decision_id": decision.pk, "number": decision.number, "signed_on": "2026-07-15",
                                    "payouts": 2, "amount": 4_560_000, "paid": 0, "pending": 4_560_000}]
    assert detail["balance"] == {"allocated": 5_000_000, "paid": 0, "pending": 4_560_000, "available": 440_000,
                                 "cash": 5_000_000}
    payouts = ok(api.get(f"{url}/payouts", status="pending", limit=1))
    assert len(payouts["items"]) == 1 and payouts["next_cursor"]
    rest = ok(api.get(f"{url}/payouts", status="pending", cursor=payouts["next_cursor"]))
    ids = [payouts["items"][0]["id"], rest["items"][0]["id"]]

    assert api.post(f"{url}/payouts/paid", {"payout_ids": ids}).status_code == 422  # no date
    assert api.post(f"{url}/payouts/paid", {"payout_ids": [], "paid_on": "2026-07-20"}).status_code == 400
    assert api.post(f"{url}/payouts/paid", {"payout_ids": [999999], "paid_on": "2026-07-20"}).status_code == 404
    paid = ok(api.post(f"{url}/payouts/paid", {"payout_ids": ids[:1], "paid_on": "2026-07-20", "voucher": "PC 15"}))
    assert paid["paid"] == 1 and paid["balance"]["paid"] == Payout.objects.get(pk=ids[0]).amount
    assert Payout.objects.get(pk=ids[0]).voucher == "PC 15"
    twice = api.post(f"{url}/payouts/paid", {"payout_ids": ids[:1], "paid_on": "2026-07-20"})
    assert twice.status_code == 409 and "chưa chi" in twice.json()["detail"]
    assert api.post(f"{url}/payouts/{ids[1]}/cancel", {"note": " "}).status_code == 400
    cancelled = ok(api.post(f"{url}/payouts/{ids[1]}/cancel", {"note": "Từ chối nhận"}))
    assert cancelled["status"] == "cancelled"
    assert ok(api.post(f"{url}/payouts", {"decision_id": decision.pk}), 201) == {"created": 0, "skipped": 2,
                                                                                  "unpriced": []}

    book = api.get(f"{url}/book.xlsx")
    assert book.status_code == 200 and book.content[:2] == b"PK"
    assert exports.fund_filename(services.fund_for("UBND", 2026)) in book["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(book.content)).worksheets[0]
    assert sheet.max_row > 2

    # leaders read the fund, only the province's TĐKT staff write; a unit's officer sees none of it
    lead = Caller(client, leader)
    assert ok(lead.get("/rewards/funds", year=2026))["items"][0]["id"] == fund["id"]
    assert ok(lead.get("/rewards/funds", year=2025))["items"] == []
    assert lead.post(f"{url}/allocations", {"source": "budget", "amount": 1, "received_on": "2026-01-15"}
                     ).status_code == 403
    unit = Caller(client, officer_a)
    assert unit.get("/rewards/funds").status_code == 403
    assert unit.get(url).status_code == 403 and unit.get(f"{url}/book.xlsx").status_code == 403
    assert api.get("/rewards/funds/999999").status_code == 404


# --- a decision's bonuses -------------------------------------------------------------------------------------


def test_decision_bonuses_are_for_staff_and_leaders(client, staff, leader, officer_a, decision):
    lead = Caller(client, leader)
    first = ok(lead.get(f"/rewards/decisions/{decision.pk}/bonuses", limit=2))
    assert (first["count"], first["total"], first["unpaid"]) == (3, 6_590_000, 0)
    assert len(first["items"]) == 2 and first["next_cursor"]
    last = ok(lead.get(f"/rewards/decisions/{decision.pk}/bonuses", limit=2, cursor=first["next_cursor"]))
    lines = {x["award"]: x for x in first["items"] + last["items"]}
    assert {k: v["amount"] for k, v in lines.items()} == {"LDTT": 760_000, "BK_TINH": 3_800_000, "TTLDTT": 2_030_000}
    assert lines["BK_TINH"]["recipient"] == "Lê Văn Minh" and lines["TTLDTT"]["recipient_kind"] == "collective"
    assert last["next_cursor"] is None and last["total"] == 6_590_000

    docx = Caller(client, staff).get(f"/rewards/decisions/{decision.pk}/bonuses.docx")
    assert docx.status_code == 200 and docx.content[:2] == b"PK" and "tien-thuong" in docx["Content-Disposition"]

    unit = Caller(client, officer_a)
    for path in ("bonuses", "bonuses.docx"):
        refused = unit.get(f"/rewards/decisions/{decision.pk}/{path}")
        assert refused.status_code == 403 and "tiền thưởng" in refused.json()["detail"]
    assert lead.get("/rewards/decisions/999999/bonuses").status_code == 404


# --- award items ----------------------------------------------------------------------------------------------


def test_items_issue_hand_over_reissue_and_recover(client, staff, officer_a, decision):
    api = Caller(client, staff)
    issued = ok(api.post(f"/rewards/decisions/{decision.pk}/items"))["issued"]
    assert issued == IssuedItem.objects.filter(decision=decision).count() > 3
    assert ok(api.post(f"/rewards/decisions/{decision.pk}/items"))["issued"] == 0  # already issued: none again
    items = ok(api.get("/rewards/items", decision=decision.pk, kind="bang", limit=200))["items"]
    assert len(items) == 3 and all(i["status"] == "issued" and i["code"] for i in items)
    lan = next(i for i in items if i["recipient"] == "Nguyễn Thị Lan")

    hand = {"item_ids": [lan["id"]], "handed_to": "Nguyễn Thị Lan", "handed_on": "2026-08-01",
            "handed_by": "Trần Quốc Văn"}
    blank = api.post(f"/rewards/decisions/{decision.pk}/items/hand-over", {**hand, "handed_by": ""})
    assert blank.status_code == 400 and "Người trao" in blank.json()["detail"]
    assert api.post(f"/rewards/decisions/{decision.pk}/items/hand-over", {**hand, "item_ids": [999999]}
                    ).status_code == 404
    assert ok(api.post(f"/rewards/decisions/{decision.pk}/items/hand-over", hand)) == {"handed_over": 1}
    assert api.post(f"/rewards/decisions/{decision.pk}/items/hand-over", hand).status_code == 409

    request = {"kind": "cap_lai", "reason": "Bị mất khi chuyển nhà", "requested_by": "Nguyễn Thị Lan",
               "requested_on": "2026-09-01"}
    assert api.post(f"/rewards/items/{lan['id']}/reissue", {**request, "kind": "cap_moi"}).status_code == 422
    no_reason = api.post(f"/rewards/items/{lan['id']}/reissue", {**request, "reason": ""})
    assert no_reason.status_code == 400 and "Lý do" in no_reason.json()["detail"]
    new = ok(api.post(f"/rewards/items/{lan['id']}/reissue", request), 201)
    assert new["replaces_id"] == lan["id"] and new["reissue"] == "cap_lai" and new["serial"] != lan["serial"]
    assert new["code"] and new["code"] != lan["code"]
    assert ok(api.get(f"/rewards/items/{lan['id']}"))["status"] == "replaced"
    register = ok(api.get("/rewards/reissues", since="2026-08-01", kind="cap_lai"))["items"]
    assert [r["id"] for r in register] == [new["id"]]
    assert ok(api.get("/rewards/reissues", kind="cap_doi"))["items"] == []
    backwards = api.get("/rewards/reissues", since="2026-09-02", until="2026-09-01")
    assert backwards.status_code == 400 and "Ngày bắt đầu" in backwards.json()["detail"]

    minh_items = IssuedItem.objects.filter(award__person__full_name="Lê Văn Minh")
    recovery = {"item_ids": [i.pk for i in minh_items], "recovered_on": "2026-10-01", "recovered_by": "Đỗ Minh Tuấn"}
    assert api.post("/rewards/items/recover", recovery).status_code == 409  # the award still stands
    dossier_services.revoke_award(staff, minh_items[0].award, reason="Khai man thành tích",
                                  decision_number="99/QĐ-UBND")
    due = ok(api.get("/rewards/items", to_recover=True))["items"]
    assert sorted(i["id"] for i in due) == sorted(recovery["item_ids"])
    assert api.post("/rewards/items/recover", {**recovery, "recovered_by": " "}).status_code == 400
    assert ok(api.post("/rewards/items/recover", recovery)) == {"recovered": len(due)}
    assert ok(api.get("/rewards/items", to_recover=True))["items"] == []
    assert api.post("/rewards/items/recover", recovery).status_code == 409

    unit = Caller(client, officer_a)
    assert unit.get("/rewards/items").status_code == 403
    assert unit.post(f"/rewards/decisions/{decision.pk}/items").status_code == 403
    assert unit.post(f"/rewards/items/{lan['id']}/reissue", request).status_code == 403
    assert api.get("/rewards/items/999999").status_code == 404
    assert api.post("/rewards/decisions/999999/items").status_code == 404


# --- the national exchange ------------------------------------------------------------------------------------


def snapshot():
    return sorted((a.person_id or 0, a.unit_id, a.award_type.code, a.recipient_kind, a.year, a.decision_number,
                   a.decision_date, a.commendation_type, a.revoked) for a in Award.objects.select_related("award_type"))


def _import(api, name, data, **form):
    return api.upload("/rewards/exchange/import", {"file": SimpleUploadedFile(name, data), **form})


@pytest.mark.parametrize("fmt", ["json", "xlsx"])
def test_exchange_round_trip_through_the_api(client, staff, decision, fmt):
    api = Caller(client, staff)
    exported = api.get(f"/rewards/decisions/{decision.pk}/exchange.{fmt}")
    assert exported.status_code == 200
    assert exported["Content-Disposition"] == f'attachment; filename="khen-thuong-01-qd-ubnd.{fmt}"'
    if fmt == "json":
        document = json.loads(exported.content)
        assert document["format"] == "thidua.exchange" and len(document["awards"]) == 3
    before, people_before = snapshot(), Person.objects.count()
    Award.objects.all().delete()

    checked = ok(_import(api, f"qd.{fmt}", exported.content, commit="false"))
    assert checked["status"] == "review" and checked["rows"] == 3 and not Award.objects.exists()
    done = ok(_import(api, f"qd.{fmt}", exported.content), 201)
    assert done["status"] == "committed" and done["committed"] == 3 and done["new_people"] == 0
    assert snapshot() == before and Person.objects.count() == people_before
    again = ok(_import(api, f"qd.{fmt}", exported.content), 201)  # already in the register: skipped, not doubled
    assert again["committed"] == 0 and again["duplicates"] == 3 and snapshot() == before


def test_exchange_import_is_all_or_nothing_with_row_errors(client, staff, officer_a, decision):
    api = Caller(client, staff)
    document = ok(api.get(f"/rewards/decisions/{decision.pk}/exchange.json"))
    Award.objects.all().delete()
    document["awards"][1]["unit"] = {"code": "", "name": "Sở Không Tồn Tại"}
    refused = _import(api, "qd.json", json.dumps(document, ensure_ascii=False).encode())
    assert refused.status_code == 400, refused.content
    body = refused.json()
    assert "1 dòng lỗi" in body["detail"] and "không dòng nào được nhập" in body["detail"]
    assert len(body["errors"]) >= 1 and body["errors"][0]["row"] == 3 and body["errors"][0]["message"]
    assert ImportBatch.objects.get(pk=body["batch_id"]).status == "invalid" and not Award.objects.exists()

    broken = _import(api, "qd.json", b'{"format": "khac", "version": 1}')
    assert broken.status_code == 400 and broken.json()["detail"].startswith("Không nhập được tệp")
    assert _import(api, "qd.txt", b"abc").status_code == 400
    assert api.upload("/rewards/exchange/import", {}).status_code == 422  # no file

    unit = Caller(client, officer_a)
    assert unit.get(f"/rewards/decisions/{decision.pk}/exchange.json").status_code == 403
    assert _import(unit, "qd.json", b"{}").status_code == 403
    assert api.get("/rewards/decisions/999999/exchange.xlsx").status_code == 404


def test_exchange_import_waits_for_a_person_it_cannot_tell(client, staff, unit_a, decision):
    api = Caller(client, staff)
    document = ok(api.get(f"/rewards/decisions/{decision.pk}/exchange.json"))
    lan = Person.objects.get(full_name="Nguyễn Thị Lan")
    Person.objects.create(full_name=lan.full_name, birth_date=lan.birth_date, unit=unit_a, gender=lan.gender)
    before = Award.objects.count()
    waiting = _import(api, "qd.json", json.dumps(document, ensure_ascii=False).encode())
    assert waiting.status_code == 409, waiting.content
    body = waiting.json()
    assert "chưa xác định được cá nhân" in body["detail"] and body["url"].endswith(f"/{body['batch_id']}/")
    assert body["rows"][0]["full_name"] == "Nguyễn Thị Lan" and len(body["rows"][0]["candidates"]) == 2
    assert Award.objects.count() == before


# --- printing on blanks ---------------------------------------------------------------------------------------


def test_blank_layouts_and_printing_a_decision(client, staff, officer_a, decision, monkeypatch, settings, tmp_path):
    api = Caller(client, staff)
    assert api.post("/rewards/blanks", {"name": "  "}).status_code == 400
    layout = ok(api.post("/rewards/blanks", {"name": "Bằng khen UBND tỉnh (phôi 2026)"}), 201)
    assert layout["boxes"]["name"]["align"] == "center" and layout["page_width_mm"] == 297
    assert [x["id"] for x in ok(api.get("/rewards/blanks"))["items"]] == [layout["id"]]
    url = f"/rewards/blanks/{layout['id']}"

    outside = api.patch(url, {"boxes": {"name": {"x": 400}}})
    assert outside.status_code == 400 and "Họ và tên" in outside.json()["detail"] and "297" in outside.json()["detail"]
    assert api.patch(url, {"page_width_mm": 20}).status_code == 400
    assert api.patch(url, {"boxes": {"qr": {"align": "justify"}}}).status_code == 422
    assert api.patch(url, {"award_types": ["KHONG_CO"]}).status_code == 400
    saved = ok(api.patch(url, {"boxes": {"name": {"x": 55.5, "size": 24}, "signer": {"align": "right"}},
                               "award_types": ["BK_TINH"], "name": "Bằng khen tỉnh"}))
    assert saved["boxes"]["name"]["x"] == 55.5 and saved["boxes"]["name"]["size"] == 24
    assert saved["boxes"]["name"]["y"] == 88 and saved["boxes"]["signer"]["align"] == "right"
    assert saved["award_types"] == ["BK_TINH"] and saved["name"] == "Bằng khen tỉnh"
    assert blanks.boxes_of(BlankLayout.objects.get()) == saved["boxes"]

    pdf = api.get(f"/rewards/decisions/{decision.pk}/blanks.pdf", layout=layout["id"])
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert api.get(f"/rewards/decisions/{decision.pk}/blanks.pdf", layout=999999).status_code == 404
    assert api.get("/rewards/decisions/999999/blanks.pdf", layout=layout["id"]).status_code == 404

    from thidua.core.models import Job

    settings.MEDIA_ROOT = tmp_path
    monkeypatch.setattr(blanks, "INLINE_PAGES", 1)  # a large decision: the page's background job
    started = ok(api.get(f"/rewards/decisions/{decision.pk}/blanks.pdf", layout=layout["id"]), 202)
    job = Job.objects.get(pk=started["job"])
    assert job.kind == "rewards.print_blanks" and job.owner == staff and started["url"] == f"/cong-viec-nen/{job.pk}/"

    unit = Caller(client, officer_a)
    assert unit.get("/rewards/blanks").status_code == 403
    assert unit.patch(url, {"name": "x"}).status_code == 403
    assert unit.get(f"/rewards/decisions/{decision.pk}/blanks.pdf", layout=layout["id"]).status_code == 403
    assert api.get("/rewards/blanks/999999").status_code == 404
