"""The dossier personas (leader, council secretary and members, unit leader, a person, award types) reused for the
events the dossier workflow announces."""

import pytest

from tests.dossiers.conftest import (  # noqa: F401 (fixtures)
    council,
    cstd_co_so,
    leader,
    person_a,
    private_media,
    secretary,
    unit_leader_a,
)
from thidua.notifications.models import Notification


def rows(kind=None):
    """{username: notification} of `kind` (each user has at most one per kind in these tests)."""
    qs = Notification.objects.select_related("user")
    if kind:
        qs = qs.filter(kind=kind)
    return {n.user.username: n for n in qs}


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run what is announced as if the test's transaction committed (the inbox listens after commit)."""

    def run(fn, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return fn(*args, **kwargs)

    return run
