"""Rule book v2 through the contract (DESIGN.md §4.1–4.2 + LAW-V2.md §G): the CLI and the API answer the same
verdicts, with `rule_set`, `needs_judgement` and (v3) `unconfirmed`, for cases using `bases` and households."""

import json

import pytest

from tests.awards.test_eligibility_cli_api import run_command

pytestmark = pytest.mark.django_db

URL = "/api/v1/eligibility/check"
CASES = [
    {"id": "declared", "award": "BK_TINH", "year": 2025, "received_on": "2025-07-01",
     "bases": [{"route": "movement_achievement", "evidence": True}]},
    {"id": "household", "award": "GIA_DINH_VAN_HOA", "year": 2026, "received_on": "2026-10-01",
     "nominee": {"kind": "household"}, "bases": [{"route": "cultural_family", "evidence": True}]},
    {"id": "v1", "award": "LDTT", "year": 2025, "received_on": "2025-06-30",
     "ratings": [{"year": 2025, "rating": "HTTNV"}]},
    {"id": "c6", "award": "HC_DOC_LAP_3", "year": 2025},
    {"id": "bad-bases", "award": "GIAY_KHEN", "year": 2025, "bases": {"route": "movement_achievement"}},
    {"id": "early", "award": "LDTT", "year": 2025, "received_on": "2023-12-31"},
]


def _check(verdicts):
    by_id = {v["id"]: v for v in verdicts}
    declared = by_id["declared"]
    assert declared["rule_set"] == "v2" and declared["eligible"] is True
    assert declared["needs_judgement"][0]["criterion"] == "movement_achievement"
    assert declared["needs_judgement"][0]["article"] == "Luật Art 74.1.a"
    assert "unconfirmed" not in declared
    household = by_id["household"]
    assert household["rule_set"] == "v3" and household["eligible"] is True
    assert household["unconfirmed"] == ["cultural_family"]
    assert household["met"] == [{"criterion": "no_pending_proceedings", "article": "NĐ 152/2025 Art 4.4"}]
    v1 = by_id["v1"]
    assert v1["rule_set"] == "v1" and v1["eligible"] is True and v1["needs_judgement"] == []
    c6 = by_id["c6"]
    assert c6["eligible"] is None and c6["rule_set"] == "v2"
    assert c6["error"] == "Bộ quy tắc v2 chưa quy định tiêu chuẩn xét Huân chương Độc lập hạng Ba (mã HC_DOC_LAP_3)."
    assert by_id["bad-bases"]["eligible"] is None and by_id["bad-bases"]["error"].startswith("Hồ sơ không hợp lệ")
    early = by_id["early"]
    assert early["rule_set"] is None and early["eligible"] is None and early["needs_judgement"] == []


def test_cli_answers_rule_book_v2(tmp_path):
    path = tmp_path / "cases.json"
    path.write_text(json.dumps(CASES, ensure_ascii=False), encoding="utf-8")
    _check(run_command(str(path)))


def test_api_answers_the_same(client, tmp_path):
    response = client.post(URL, data=json.dumps(CASES), content_type="application/json")
    assert response.status_code == 200
    _check(response.json())
    path = tmp_path / "cases.json"
    path.write_text(json.dumps(CASES), encoding="utf-8")
    assert response.json() == run_command(str(path))
