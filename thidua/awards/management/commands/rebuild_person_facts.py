"""thidua rebuild_person_facts — recompute the per-person fact summary of the eligibility round from the history.

Triggers keep the summary exact on every write; this is for repairs (a restore that skipped triggers, a bulk
load run with triggers disabled)."""

import time

from django.core.management.base import BaseCommand
from django.db import transaction

from thidua.awards import person_facts


class Command(BaseCommand):
    help = "Tính lại bảng tổng hợp dữ kiện cá nhân (dùng cho vòng xét khen thưởng) từ lịch sử khen thưởng."

    def handle(self, *args, **options):
        started = time.perf_counter()
        with transaction.atomic():
            rows = person_facts.rebuild()
        self.stdout.write(f"Đã tính lại {rows:,} dòng tổng hợp trong {time.perf_counter() - started:.1f} giây.")
