"""Shared personas: a province officer, and officers of two sibling units (A, and B which must never see A)."""

import pytest

from tests.factories import UnitFactory, UserFactory
from thidua.core.roles import Role


@pytest.fixture(autouse=True)
def cheap_ballot_kdf(settings):
    """argon2id at its minimum cost for the ballot passphrase in tests (production: INTERACTIVE, 64 MiB)."""
    import nacl.pwhash

    settings.THIDUA_BALLOT_KDF = (nacl.pwhash.argon2id.OPSLIMIT_MIN, nacl.pwhash.argon2id.MEMLIMIT_MIN)


@pytest.fixture(autouse=True)
def jobs_run_at_once(settings):
    """Jobs (thidua/core/jobs.py) run within the request that starts them, through django.tasks' immediate
    backend, so a test sees their outcome; tests/core/test_job_worker.py runs the real worker."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.THIDUA_JOBS_ON_COMMIT = False


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache (counts, throttles, coalesced personal-data views are cached)."""
    from django.core.cache import cache

    cache.clear()


# The council secretary's passphrase for the ballot key in tests.
BALLOT_PASSPHRASE = "mat-khau-kiem-phieu-2025"


@pytest.fixture
def province(db):
    return UnitFactory(name="Ủy ban nhân dân tỉnh", code="ubnd", kind="province")


@pytest.fixture
def unit_a(province):
    return UnitFactory(name="Sở Giáo dục và Đào tạo", code="so-a", parent=province)


@pytest.fixture
def unit_b(province):
    return UnitFactory(name="Sở Y tế", code="so-b", parent=province)


@pytest.fixture
def staff(province):
    return UserFactory(username="tinh", role=Role.PROVINCE_STAFF, unit=province)


@pytest.fixture
def officer_a(unit_a):
    return UserFactory(username="canbo_a", role=Role.UNIT_OFFICER, unit=unit_a)


@pytest.fixture
def officer_b(unit_b):
    return UserFactory(username="canbo_b", role=Role.UNIT_OFFICER, unit=unit_b)


def login(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def staff_client(client, staff):
    return login(client, staff)


@pytest.fixture
def client_a(client, officer_a):
    return login(client, officer_a)


@pytest.fixture
def client_b(client, officer_b):
    return login(client, officer_b)
