"""`thidua print_blanks --job ID` (started by the print page) or `thidua print_blanks --decision ID --layout ID
--out FILE`: a whole decision's certificates printed on a pre-printed blank layout, as one PDF."""

from django.core.management.base import BaseCommand, CommandError

from thidua.rewards import blanks
from thidua.rewards.models import BlankLayout, PrintJob


class Command(BaseCommand):
    help = "In bằng của cả một quyết định lên phôi (một tệp PDF)."

    def add_arguments(self, parser):
        parser.add_argument("--job", type=int, help="Mã lượt in do trang in tạo.")
        parser.add_argument("--decision", type=int, help="Mã quyết định (khi in trực tiếp).")
        parser.add_argument("--layout", type=int, help="Mã mẫu in trên phôi (khi in trực tiếp).")
        parser.add_argument("--out", help="Tệp PDF ghi ra (khi in trực tiếp).")

    def handle(self, *args, job=None, decision=None, layout=None, out=None, **options):
        if job:
            if not blanks.run_job(job):
                status = PrintJob.objects.filter(pk=job).values_list("status", "error").first()
                raise CommandError(f"Lượt in {job} không chạy được: {status}", returncode=1)
            return
        if not (decision and layout and out):
            raise CommandError("Cần --job, hoặc cả --decision, --layout và --out.", returncode=2)
        from thidua.dossiers.models import Decision

        try:
            the_decision = Decision.objects.get(pk=decision)
            the_layout = BlankLayout.objects.get(pk=layout)
        except (Decision.DoesNotExist, BlankLayout.DoesNotExist) as exc:
            raise CommandError(str(exc), returncode=2)
        pages = blanks.decision_pages(the_decision)
        with open(out, "wb") as handle:
            handle.write(blanks.pdf(the_layout, pages))
        self.stdout.write(f"{len(pages)} trang → {out}")
