"""`thidua purge_ballot_versions`: remove dead row versions of the secret-ballot tables (docs/ballot-secrecy.md).

The tally and the closing of a session do this by themselves. On PostgreSQL, VACUUM FULL must keep versions that
an older transaction (in any database of the cluster, or a replica with hot_standby_feedback) may still see; run
this command again later — nightly from cron is enough — so such leftovers do not outlive that transaction."""

from django.core.management.base import BaseCommand
from django.db import connection

from thidua.dossiers import secrecy


class Command(BaseCommand):
    help = "Xóa các phiên bản dòng cũ của bảng phiếu kín (VACUUM FULL trên PostgreSQL; checkpoint WAL trên SQLite)."

    def handle(self, *args, **options):
        secrecy.purge_dead_versions()
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                for table in secrecy.SECRET_TABLES:
                    cursor.execute("SELECT pg_relation_size(%s)", [table])
                    self.stdout.write(f"{table}: {cursor.fetchone()[0]} byte")
        self.stdout.write(self.style.SUCCESS("Đã dọn các phiên bản dòng cũ của bảng phiếu kín."))
