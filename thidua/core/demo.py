"""Demo data (DESIGN.md §5), loaded idempotently by `thidua demo` and `thidua load_demo`.

Each app may have `demo.py` with `load(ctx)`; they run in dependency order. `ctx` is a dict shared along the way
(units by code, the plan, …). Loading twice changes nothing."""

import importlib
import os

from django.conf import settings
from django.db import transaction

from thidua.core.middleware import acting_as
from thidua.core.roles import Role

APPS_IN_ORDER = ["orgs", "plans", "movements", "awards", "dossiers", "documents", "oversight", "outreach", "reports",
                 "reporting", "rewards"]

# One demo user per role (DESIGN.md §4.4): username, role, unit code, full name.
DEMO_USERS = [
    ("admin", Role.PROVINCE_STAFF, "so-noi-vu", "Quản trị hệ thống"),
    ("sonoivu", Role.PROVINCE_STAFF, "so-noi-vu", "Nguyễn Thị Hương"),
    ("canbo_gddt", Role.UNIT_OFFICER, "so-gddt", "Trần Văn Minh"),
    # A ward's officer: since 01/7/2025 communes and wards report straight to the province (no district level).
    ("canbo_xa", Role.UNIT_OFFICER, "phuong-pho-hien", "Ngô Thị Thanh Huyền"),
    ("lanhdao_gddt", Role.UNIT_LEADER, "so-gddt", "Phạm Quang Huy"),
    ("hoidong", Role.COUNCIL_MEMBER, "van-phong-ubnd", "Lê Thị Thu"),
    ("thuongtruc", Role.COUNCIL_SECRETARY, "so-noi-vu", "Đỗ Minh Tuấn"),
    ("truongkhoi", Role.GROUP_HEAD, "dh-su-pham-ky-thuat", "Vũ Đức Thắng"),
    ("lanhdao_tinh", Role.LEADER, "ubnd-tinh", "Trần Quốc Văn"),
]


def demo_password() -> str:
    return os.environ.get("THIDUA_DEMO_PASSWORD", "thidua-demo")


def uses_embedded_database() -> bool:
    db = settings.DATABASES["default"]
    return db["ENGINE"].endswith("sqlite3") and str(db["NAME"]) == str(settings.DATA_DIR / "thidua.sqlite3")


def create_users(ctx) -> list[tuple[str, str, str]]:
    from thidua.core.models import User

    password = demo_password()
    created = []
    for username, role, unit_code, full_name in DEMO_USERS:
        family, _, given = full_name.rpartition(" ")
        user, _ = User.objects.get_or_create(username=username)
        user.role = role
        user.unit = ctx["units"].get(unit_code)
        user.first_name, user.last_name = given, family
        user.is_staff = username == "admin"
        user.is_superuser = username == "admin"
        user.set_password(password)
        user.save()
        created.append((username, Role(role).label, user.unit.name if user.unit else ""))
    ctx["users"] = {u.username: u for u in User.objects.filter(username__in=[d[0] for d in DEMO_USERS])}
    return created


def load(with_users: bool = True) -> dict:
    ctx: dict = {}
    with transaction.atomic(), acting_as(None):
        for app in APPS_IN_ORDER:
            try:
                module = importlib.import_module(f"thidua.{app}.demo")
            except ModuleNotFoundError as exc:
                if exc.name != f"thidua.{app}.demo":
                    raise
                continue
            module.load(ctx)
            if app == "orgs" and with_users:
                ctx["logins"] = create_users(ctx)
        for app in APPS_IN_ORDER:  # second pass: data that needs users (dossiers in each state, …)
            module_name = f"thidua.{app}.demo"
            try:
                module = importlib.import_module(module_name)
            except ModuleNotFoundError:
                continue
            if hasattr(module, "load_after_users") and with_users:
                module.load_after_users(ctx)
    return ctx
