"""The bonus contract (LAW-V2.md §F, DESIGN.md §4.5): `thidua bonus FILE|-` and POST /api/v1/bonus/check.

Every expected amount is computed by hand in the comment beside it: multiple × base salary, rounded UP to the
next multiple of 10.000 đ."""

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from thidua.awards.bonus import compute

THIDUA = Path(sys.executable).parent / "thidua"


def item(award, kind, decided_on, id="x"):
    return {"id": id, "award": award, "kind": kind, "decided_on": decided_on}


def ok(answer):
    assert "error" not in answer, answer
    return answer["multiple"], answer["base_salary"], answer["amount"], answer["unconfirmed"]


def err(answer):
    assert set(answer) == {"id", "error"}, answer
    assert answer["error"]
    return answer["error"]


# --- golden items, hand-computed -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("award", "kind", "decided_on", "expected"),
    [
        # 0.3 × 2,340,000 = 702,000 → 710,000 (rounded up); NĐ 152 in force, confirmed multiple
        ("LDTT", "individual", "2025-12-31", (0.3, 2_340_000, 710_000, False)),
        # the base salary changes on 01/7/2026: 0.3 × 2,530,000 = 759,000 → 760,000
        ("LDTT", "individual", "2026-07-01", (0.3, 2_530_000, 760_000, False)),
        ("LDTT", "individual", "2026-06-30", (0.3, 2_340_000, 710_000, False)),
        # before 01/7/2025: NĐ 152's table applied as a default → unconfirmed; 1.0 × 2,340,000 exact multiple stays
        ("CSTD_CO_SO", "individual", "2024-07-01", (1, 2_340_000, 2_340_000, True)),
        # 4.5 × 2,530,000 = 11,385,000 → 11,390,000
        ("CSTD_TOAN_QUOC", "individual", "2026-09-02", (4.5, 2_530_000, 11_390_000, False)),
        # 12 × 2,340,000 = 28,080,000 exact
        ("CO_CP", "collective", "2025-08-01", (12, 2_340_000, 28_080_000, False)),
        # 0.8 × 2,530,000 = 2,024,000 → 2,030,000
        ("TTLDTT", "collective", "2026-12-01", (0.8, 2_530_000, 2_030_000, False)),
        # a village: 1.5 × 2,530,000 = 3,795,000 → 3,800,000
        ("THON_VAN_HOA", "collective", "2026-12-01", (1.5, 2_530_000, 3_800_000, False)),
        # derived individual multiple (collective 3 ÷ 2): 1.5 × 2,340,000 = 3,510,000 exact, unconfirmed
        ("BK_TINH", "individual", "2025-12-31", (1.5, 2_340_000, 3_510_000, True)),
        ("BK_TINH", "collective", "2025-12-31", (3, 2_340_000, 7_020_000, False)),
        # household = 1.5 × individual: 0.45 × 2,340,000 = 1,053,000 → 1,060,000 (confirmed individual 0.3)
        ("GIAY_KHEN", "household", "2025-09-01", (0.45, 2_340_000, 1_060_000, False)),
        # household of a derived multiple: 2.25 × 2,530,000 = 5,692,500 → 5,700,000, unconfirmed
        ("BK_TINH", "household", "2026-07-15", (2.25, 2_530_000, 5_700_000, True)),
        # 5.25 × 2,340,000 = 12,285,000 → 12,290,000, derived
        ("BK_TTG", "household", "2025-10-10", (5.25, 2_340_000, 12_290_000, True)),
        # orders: HC Hồ Chí Minh individual 30.5 × 2,530,000 = 77,165,000 → 77,170,000
        ("HC_HO_CHI_MINH", "individual", "2026-08-19", (30.5, 2_530_000, 77_170_000, False)),
        # HC Độc lập hạng Nhì individual 12.5 d × 2,340,000 = 29,250,000 exact, derived
        ("HC_DOC_LAP_2", "individual", "2025-09-02", (12.5, 2_340_000, 29_250_000, True)),
        ("HCLD_3", "collective", "2025-09-02", (9, 2_340_000, 21_060_000, False)),
        ("HC_DUNG_CAM", "individual", "2025-09-02", (4.5, 2_340_000, 10_530_000, True)),
        # Anh hùng (collective) 31 × 2,530,000 = 78,430,000 exact
        ("AH_LAO_DONG", "collective", "2026-07-01", (31, 2_530_000, 78_430_000, False)),
    ],
)
def test_golden_amounts(award, kind, decided_on, expected):
    assert ok(compute(item(award, kind, decided_on))) == expected


def test_a_decision_total_across_the_salary_change():
    """Three awards of one year's work, decided before and after 01/7/2026; the total is the sum of rounded
    amounts: 710,000 + 1,060,000 (household 0.45 × 2,340,000 = 1,053,000 ↑) + 5,700,000 (derived household
    2.25 × 2,530,000 = 5,692,500 ↑) = 7,470,000."""
    answers = [
        compute(item("LDTT", "individual", "2026-06-30")),
        compute(item("GIAY_KHEN", "household", "2026-06-30")),
        compute(item("BK_TINH", "household", "2026-07-01")),
    ]
    assert sum(a["amount"] for a in answers) == 7_470_000


# --- every error case of §F ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("payload", "needle"),
    [
        (item("KHONG_CO", "individual", "2025-12-31"), "danh mục"),  # code outside the catalogue
        (item("LDTT", "collective", "2025-12-31"), "tập thể"),  # kind without a multiple
        (item("CO_TINH", "individual", "2025-12-31"), "cá nhân"),
        (item("LDTT", "household", "2025-12-31"), "hộ gia đình"),  # household for a code without household kind
        (item("HC_DOC_LAP_1", "household", "2025-12-31"), "hộ gia đình"),
        (item("AH_LLVTND", "individual", "2025-12-31"), "cá nhân"),  # individual AH: unconfirmed, no multiple
        (item("HC_DOC_LAP_3", "individual", "2025-12-31"), "chưa có mức"),  # catalogue's extra multiples (§H)
        (item("HC_QUAN_CONG_3", "collective", "2025-12-31"), "chưa có mức"),
        (item("HCTNXP_VE_VANG", "individual", "2025-12-31"), "chưa có mức"),
        (item("HUY_CHUONG_QUAN_KY", "individual", "2025-12-31"), "chưa có mức"),
        (item("HC_HUU_NGHI", "collective", "2025-12-31"), "chưa có mức"),
        (item("GIA_DINH_VAN_HOA", "household", "2025-12-31"), "chưa có mức"),
        (item("KNC_BO_NGANH", "individual", "2025-12-31"), "chưa có mức"),
        (item("NHA_GIAO_ND", "individual", "2025-12-31"), "chưa có mức"),
        (item("LDTT", "individual", "2024-06-30"), "01/7/2024"),  # before 2024-07-01
        (item("LDTT", "individual", "2025-02-30"), "decided_on"),  # impossible date
        (item("LDTT", "individual", "31/12/2025"), "decided_on"),
        (item("LDTT", "individual", 20251231), "decided_on"),
        (item("LDTT", "village", "2025-12-31"), "kind"),
        (item("LDTT", "", "2025-12-31"), "kind"),
        (item(7, "individual", "2025-12-31"), "award"),
        ({"id": "x", "kind": "individual", "decided_on": "2025-12-31"}, "award"),
        ({"award": "LDTT", "kind": "individual", "decided_on": "2025-12-31"}, "id"),
        ({"id": "x", "award": "LDTT", "kind": "individual"}, "decided_on"),
        ({"id": ["x"], "award": "LDTT", "kind": "individual", "decided_on": "2025-12-31"}, "id"),
    ],
)
def test_errors(payload, needle):
    assert needle in err(compute(payload))


def test_error_keeps_the_id_and_non_objects_get_null():
    assert compute(item("LDTT", "collective", "2025-12-31", id=42))["id"] == 42
    assert compute("LDTT") == {"id": None, "error": compute("LDTT")["error"]}
    assert compute(None)["id"] is None


# --- CLI --------------------------------------------------------------------------------------------------


def run_command(*args, stdin=None):
    out, old_stdin = io.StringIO(), sys.stdin
    if stdin is not None:
        sys.stdin = io.TextIOWrapper(io.BytesIO(stdin.encode("utf-8")), encoding="utf-8")
    try:
        call_command("bonus", *args, stdout=out, stderr=io.StringIO())
    finally:
        sys.stdin = old_stdin
    return json.loads(out.getvalue())


def test_cli_file_and_stdin(tmp_path):
    items = [item("LDTT", "individual", "2026-07-01", "a"), item("LDTT", "collective", "2026-07-01", "b"), 3]
    path = tmp_path / "items.json"
    path.write_text(json.dumps(items), encoding="utf-8")
    answers = run_command(str(path))
    assert [a["id"] for a in answers] == ["a", "b", None]
    assert answers[0]["amount"] == 760_000 and "error" in answers[1] and "error" in answers[2]
    assert run_command("-", stdin=json.dumps(items)) == answers
    # a single object is answered as an array of one
    assert run_command("-", stdin=json.dumps(items[0])) == answers[:1]


@pytest.mark.parametrize("text", ["", "[1,", "42", '"LDTT"', "NaN"])
def test_cli_malformed_document_exits_2(text):
    with pytest.raises(CommandError) as exc:
        run_command("-", stdin=text)
    assert exc.value.returncode == 2


def test_console_script_exit_codes(tmp_path):
    """The real console script: JSON on stdout and exit 0; malformed JSON → stderr message, exit 2."""
    good = subprocess.run([str(THIDUA), "bonus", "-"], input=json.dumps([item("CO_TINH", "collective", "2026-07-01")]),
                          capture_output=True, text=True, timeout=120)
    assert good.returncode == 0, good.stderr
    # 8.0 × 2,530,000 = 20,240,000
    assert json.loads(good.stdout) == [{"id": "x", "multiple": 8, "base_salary": 2_530_000, "amount": 20_240_000,
                                        "unconfirmed": False}]
    bad = subprocess.run([str(THIDUA), "bonus", "-"], input="{oops", capture_output=True, text=True, timeout=120)
    assert bad.returncode == 2 and bad.stdout == "" and "JSON" in bad.stderr
    missing = subprocess.run([str(THIDUA), "bonus", str(tmp_path / "none.json")], capture_output=True, text=True,
                             timeout=120)
    assert missing.returncode == 2 and missing.stderr


# --- API --------------------------------------------------------------------------------------------------


def post(client, body, raw=False):
    return client.post("/api/v1/bonus/check", data=body if raw else json.dumps(body), content_type="application/json")


@pytest.mark.django_db
def test_api_one_or_many_without_login(client):
    one = post(client, item("GIAY_KHEN", "household", "2025-09-01", "g"))
    assert one.status_code == 200
    assert one.json() == {"id": "g", "multiple": 0.45, "base_salary": 2_340_000, "amount": 1_060_000,
                          "unconfirmed": False}
    many = post(client, [item("GIAY_KHEN", "household", "2025-09-01", "g"), item("X", "individual", "2025-09-01")])
    assert many.status_code == 200
    body = many.json()
    assert isinstance(body, list) and body[0] == one.json() and "error" in body[1]


@pytest.mark.django_db
@pytest.mark.parametrize("raw", ["{", "", "5", '"a"'])
def test_api_malformed_json_is_400(client, raw):
    response = post(client, raw, raw=True)
    assert response.status_code == 400
    assert response.json()["detail"]
