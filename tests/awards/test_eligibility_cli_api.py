"""The eligibility contract (DESIGN.md §4.1–4.2): `thidua eligibility FILE` and POST /api/v1/eligibility/check."""

import datetime as dt
import io
import json
import os
import pathlib
import subprocess
import sys

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from thidua.awards.models import RuleParameter
from thidua.awards.param_store import load_overrides

pytestmark = pytest.mark.django_db

ROOT = pathlib.Path(__file__).resolve().parents[2]
THIDUA = pathlib.Path(sys.executable).parent / "thidua"

GOOD = {
    "id": "c1",
    "award": "CSTD_CO_SO",
    "year": 2025,
    "nominee": {"kind": "individual", "months_in_service": 24, "direct_worker": False},
    "ratings": [{"year": 2024, "rating": "HTXSNV"}, {"year": 2025, "rating": "HTXSNV"}],
    "awards": [{"year": 2024, "award": "LDTT"}],
    "initiatives": [{"year": 2025, "scope": "co_so"}],
    "discipline": [{"year": 2025, "form": "khien_trach"}],
    "ballot": {"council_members": 15, "votes_yes": 12},
}
HOUSEHOLD = {"id": "h", "award": "LDTT", "year": 2025, "nominee": {"kind": "household"}}
MALFORMED = {"id": "m", "award": "LDTT", "year": "năm ngoái"}
LDTT = {"id": "l", "award": "LDTT", "year": 2025, "ratings": [{"year": 2025, "rating": "HTTNV"}]}


def run_command(*args, stdin=None):
    out = io.StringIO()
    err = io.StringIO()
    old_stdin = sys.stdin
    if stdin is not None:
        sys.stdin = io.TextIOWrapper(io.BytesIO(stdin.encode("utf-8")), encoding="utf-8")
    try:
        call_command("eligibility", *args, stdout=out, stderr=err)
    finally:
        sys.stdin = old_stdin
    return json.loads(out.getvalue())


# ------------------------------------------------------------------------------------------------ CLI


def test_cli_file(tmp_path):
    path = tmp_path / "cases.json"
    path.write_text(json.dumps([GOOD, HOUSEHOLD, MALFORMED, LDTT], ensure_ascii=False), encoding="utf-8")
    verdicts = run_command(str(path))
    assert [v["id"] for v in verdicts] == ["c1", "h", "m", "l"]
    assert verdicts[0]["eligible"] is False
    assert [u["criterion"] for u in verdicts[0]["unmet"]] == ["no_discipline_in_window"]
    assert verdicts[1]["eligible"] is None and verdicts[1]["error"]
    assert verdicts[2]["eligible"] is None and verdicts[2]["error"]
    assert verdicts[3]["eligible"] is True


def test_cli_stdin_and_single_object():
    verdicts = run_command("-", stdin=json.dumps(LDTT))
    assert isinstance(verdicts, list) and len(verdicts) == 1 and verdicts[0]["eligible"] is True


def test_cli_empty_array():
    assert run_command("-", stdin="[]") == []


@pytest.mark.parametrize("text", ["{not json", "", "42", '"chuỗi"', "null", "[1, 2", "[NaN]"])
def test_cli_malformed_json_exits_2(text):
    with pytest.raises(CommandError) as info:
        run_command("-", stdin=text)
    assert info.value.returncode == 2


def test_cli_missing_file_exits_2(tmp_path):
    with pytest.raises(CommandError) as info:
        run_command(str(tmp_path / "khong-co.json"))
    assert info.value.returncode == 2


def _subprocess(args, stdin: bytes):
    env = dict(os.environ, THIDUA_DATA_DIR=os.environ.get("THIDUA_DATA_DIR", str(ROOT / "var")))
    return subprocess.run(
        [str(THIDUA), "eligibility", *args], input=stdin, capture_output=True, env=env, timeout=120
    )


def test_console_script_exit_codes(tmp_path):
    payload = json.dumps([GOOD, MALFORMED, 5], ensure_ascii=False).encode("utf-8")
    done = _subprocess(["-"], payload)
    assert done.returncode == 0, done.stderr.decode()
    verdicts = json.loads(done.stdout.decode("utf-8"))
    assert [v["eligible"] for v in verdicts] == [False, None, None]
    assert "NĐ 152/2025 Art 4.4" in done.stdout.decode("utf-8")  # UTF-8, not \\u escapes

    done = _subprocess(["-"], b"{broken")
    assert done.returncode == 2
    assert done.stdout == b""
    assert "JSON" in done.stderr.decode("utf-8")

    done = _subprocess([str(tmp_path / "none.json")], b"")
    assert done.returncode == 2


def test_console_script_on_a_fresh_checkout(tmp_path):
    """No database at all (nothing migrated): defaults apply and no database file is created."""
    env = dict(os.environ, THIDUA_DATA_DIR=str(tmp_path))
    env.pop("DATABASE_URL", None)
    done = subprocess.run(
        [str(THIDUA), "eligibility", "-"],
        input=json.dumps([LDTT]).encode(),
        capture_output=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr.decode()
    assert json.loads(done.stdout)[0]["eligible"] is True
    assert not (tmp_path / "thidua.sqlite3").exists()


# ------------------------------------------------------------------------------------------------ overrides from the db


def test_overrides_come_from_rule_parameters(tmp_path):
    RuleParameter.objects.create(name="ldtt_service_months", value=12, effective_from=dt.date(2025, 1, 1))
    RuleParameter.objects.create(name="khong_ton_tai", value=1, effective_from=dt.date(2025, 1, 1))  # skipped
    assert [o.name for o in load_overrides()] == ["ldtt_service_months"]
    case = dict(LDTT, nominee={"kind": "individual", "months_in_service": 11})
    path = tmp_path / "c.json"
    path.write_text(json.dumps([case, dict(case, received_on="2024-12-01")]), encoding="utf-8")
    verdicts = run_command(str(path))
    assert [v["eligible"] for v in verdicts] == [False, True]
    assert verdicts[0]["unmet"][0]["criterion"] == "service_months"


# ------------------------------------------------------------------------------------------------ API

URL = "/api/v1/eligibility/check"


def test_api_single_case_without_login(client):
    response = client.post(URL, data=json.dumps(GOOD), content_type="application/json")
    assert response.status_code == 200
    verdict = response.json()
    assert verdict["id"] == "c1" and verdict["eligible"] is False
    assert set(verdict) == {"id", "award", "year", "rule_set", "eligible", "unmet", "met", "needs_judgement"}


def test_api_array(client):
    response = client.post(
        URL, data=json.dumps([GOOD, HOUSEHOLD, MALFORMED, 3]), content_type="application/json"
    )
    assert response.status_code == 200
    verdicts = response.json()
    assert [v["eligible"] for v in verdicts] == [False, None, None, None]
    assert all(v["error"] for v in verdicts[1:])
    assert client.post(URL, data="[]", content_type="application/json").json() == []


@pytest.mark.parametrize("body", ["{", "", "12", '"x"', "null", "true"])
def test_api_malformed_body_is_400(client, body):
    response = client.post(URL, data=body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["detail"]


def test_api_with_a_session_too(client, staff):
    client.force_login(staff)
    response = client.post(URL, data=json.dumps(LDTT), content_type="application/json")
    assert response.status_code == 200 and response.json()["eligible"] is True


def test_api_batch_larger_than_the_form_limit(client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    body = json.dumps([LDTT] * 100)
    assert len(body) > 1000
    response = client.post(URL, data=body, content_type="application/json")
    assert response.status_code == 200
    assert len(response.json()) == 100


def test_api_openapi_documents_the_case(client):
    schema = client.get("/api/v1/openapi.json").json()
    operation = schema["paths"][URL]["post"]
    body = operation["requestBody"]["content"]["application/json"]
    assert body["example"]["award"] == "CSTD_CO_SO"
    assert "200" in operation["responses"] and "400" in operation["responses"]
    assert not operation.get("security")


def test_api_lists_rules_and_parameters_in_force(client):
    RuleParameter.objects.create(name="ldtt_ratio", value="75%", effective_from=dt.date(2025, 1, 1))
    body = client.get("/api/v1/eligibility/rules?on=2025-06-01").json()
    assert body["rule_set"] == "v1"
    rows = {(a["award"], a["kind"]): a for a in body["awards"]}
    criteria = rows[("BK_TINH", "collective")]["criteria"]
    assert [(c["criterion"], c["declared"]) for c in criteria] == [
        ("two_year_record", False),
        ("interval", False),
        # LAW-V2.md §B.4: the declared routes of the group, judged by the council
        ("movement_achievement", True),
        ("many_or_sudden_achievements", True),
        ("socioeconomic_contribution", True),
        ("no_pending_proceedings", False),
    ]
    assert criteria[1]["article"] == "NĐ 98 Art 30.9"  # v1 on 01/06/2025
    later = client.get("/api/v1/eligibility/rules?on=2025-07-01").json()
    assert later["rule_set"] == "v2"
    later_rows = {(a["award"], a["kind"]): a for a in later["awards"]}
    assert later_rows[("BK_TINH", "collective")]["criteria"][1]["article"] == (
        "NĐ 98/2023 Art 30.9 (carried over, unconfirmed)"
    )
    assert ("GIA_DINH_VAN_HOA", "household") in later_rows
    assert later_rows[("XA_TIEU_BIEU", "collective")]["name"] == "Xã, phường, đặc khu tiêu biểu"
    assert rows[("XA_TIEU_BIEU", "collective")]["name"] == "Xã, phường, thị trấn tiêu biểu"
    values = {p["name"]: p for p in body["parameters"]}
    assert values["ldtt_ratio"]["default"] == 0.7 and values["ldtt_ratio"]["value"] == 0.75
    assert client.get("/api/v1/eligibility/rules?on=2023-06-01").json()["rule_set"] is None
    assert client.get("/api/v1/eligibility/rules?on=khong-phai-ngay").status_code == 422
