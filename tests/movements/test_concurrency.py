"""Two people act on the same record at the same moment: the conditional UPDATE … WHERE status=… lets exactly one
win, and exactly one transition is logged. Real concurrency needs row locks: PostgreSQL only."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from thidua.core.models import AuditEntry
from thidua.movements import services
from thidua.movements.models import Registration
from thidua.movements.services import TitleRow

pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.django_db(transaction=True),
]


def test_two_officers_accepting_at_once_only_one_wins(unit_a, officer_a, staff, year2025):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (row locks between connections)")
    reg = services.save_registration(Registration(unit=unit_a, period=year2025, targets="Chỉ tiêu"),
                                     [TitleRow("TTLDXS")], user=officer_a)
    services.submit_registration(reg, user=officer_a)
    barrier = threading.Barrier(2)
    outcomes = []

    def accept():
        try:
            stale = Registration.objects.get(pk=reg.pk)  # both read "submitted"
            barrier.wait()
            services.accept_registration(stale, user=staff)
            outcomes.append("ok")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=accept) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["ok", "refused"]
    assert AuditEntry.objects.filter(model="movements.Registration", object_id=str(reg.pk),
                                     note="Tiếp nhận đăng ký thi đua").count() == 1
