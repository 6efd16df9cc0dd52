"""Deployment contract: the env file example names every variable the application reads, and the demo makes QR
codes point where it serves (THIDUA_PUBLIC_BASE_URL)."""

import re
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[2]


def test_env_example_lists_every_variable_the_application_reads():
    read = set()
    for path in (ROOT / "thidua").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        read |= set(re.findall(r'os\.environ(?:\.get)?[\[(]\s*"([A-Z][A-Z0-9_]+)"', text))
        read |= set(re.findall(r'env_bool\(\s*"([A-Z][A-Z0-9_]+)"', text))
        read |= set(re.findall(r'"(THIDUA_DB_[A-Z_]+)"', text))
    internal = {"DJANGO_SETTINGS_MODULE", "THIDUA_PROCESS", "THIDUA_PLAIN_STATIC"}
    example = (ROOT / "deploy" / "thidua.env.example").read_text(encoding="utf-8")
    listed = set(re.findall(r"^#?([A-Z][A-Z0-9_]+)=", example, flags=re.M))
    assert read - internal - listed == set()


def test_systemd_units_point_at_commands_that_exist():
    from django.core.management import get_commands

    commands = get_commands()
    for unit in (ROOT / "deploy" / "systemd").glob("*.service"):
        for command in re.findall(r"\.venv/bin/thidua (\w+)", unit.read_text()):
            assert command in commands, f"{unit.name}: thidua {command}"
        timer = unit.with_suffix(".timer")
        assert timer.exists() or unit.name in ("thidua-web.service", "thidua-worker.service"), f"{unit.name} has no timer"


@pytest.mark.django_db
def test_demo_addr_sets_the_public_base_url_of_qr_codes(monkeypatch, settings):
    from thidua.core import demo
    from thidua.core.management.commands import demo as demo_command
    from thidua.documents.services import verify_url

    monkeypatch.delenv("THIDUA_PUBLIC_BASE_URL", raising=False)
    settings.THIDUA_PUBLIC_BASE_URL = "http://127.0.0.1:8000"  # restored after the test
    monkeypatch.setattr(demo, "uses_embedded_database", lambda: True)
    monkeypatch.setattr(demo, "load", lambda: {"logins": []})
    served = []
    monkeypatch.setattr(demo_command, "call_command", lambda name, *args, **kw: served.append((name, args)))

    call_command("demo", "--addr", "192.168.1.20:8080")

    assert served[-1] == ("runserver", ("192.168.1.20:8080",))
    assert verify_url("ABCD") == "http://192.168.1.20:8080/xac-minh/ABCD"


def test_public_base_url_from_settings_in_qr(settings):
    from thidua.documents.services import verify_url

    settings.THIDUA_PUBLIC_BASE_URL = "https://thiduakhenthuong.hungyen.gov.vn/"
    assert verify_url("XYZ") == "https://thiduakhenthuong.hungyen.gov.vn/xac-minh/XYZ"
