import threading

import pytest
from django.db import connection

from thidua.core.numbering import allocate, format_number, next_number


def test_numbers_start_at_01_and_reset_each_year(db):
    assert allocate("UBND", "QĐ", 2025) == "01/QĐ-UBND"
    assert allocate("UBND", "QĐ", 2025) == "02/QĐ-UBND"
    assert allocate("UBND", "KH", 2025) == "01/KH-UBND"
    assert allocate("UBND", "QĐ", 2026) == "01/QĐ-UBND"
    assert format_number(123, "QĐ", "UBND") == "123/QĐ-UBND"


@pytest.mark.django_db(transaction=True)
def test_concurrent_allocation_never_repeats_a_number():
    results, errors = [], []

    def worker():
        try:
            for _ in range(5):
                results.append(next_number("UBND", "QĐ", 2030))
        except Exception as exc:  # pragma: no cover - surfaced by the assertion below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert sorted(results) == list(range(1, 21))
