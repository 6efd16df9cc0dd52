"""thidua rebuild_award_stats — recompute the pre-aggregated award counts of the statistics pages.

Triggers keep the counts exact on every write; this is for repairs (a restore or bulk load that skipped
triggers)."""

import time

from django.core.management.base import BaseCommand
from django.db import transaction

from thidua.awards import award_stats


class Command(BaseCommand):
    help = "Tính lại bảng thống kê khen thưởng tổng hợp (dùng cho trang thống kê, bảng điều hành) từ sổ khen thưởng."

    def handle(self, *args, **options):
        started = time.perf_counter()
        with transaction.atomic():
            rows = award_stats.rebuild()
        self.stdout.write(f"Đã tính lại {rows:,} ô thống kê trong {time.perf_counter() - started:.1f} giây.")
