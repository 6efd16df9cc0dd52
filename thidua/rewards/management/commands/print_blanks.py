"""`thidua print_blanks --decision ID --layout ID --out FILE`: a whole decision's certificates printed on a
pre-printed blank layout, as one PDF. (The print page runs the same as a job: rewards/tasks.py.)"""

from django.core.management.base import BaseCommand, CommandError

from thidua.rewards import blanks
from thidua.rewards.models import BlankLayout


class Command(BaseCommand):
    help = "In bằng của cả một quyết định lên phôi (một tệp PDF)."

    def add_arguments(self, parser):
        parser.add_argument("--decision", type=int, help="Mã quyết định.")
        parser.add_argument("--layout", type=int, help="Mã mẫu in trên phôi.")
        parser.add_argument("--out", help="Tệp PDF ghi ra.")

    def handle(self, *args, decision=None, layout=None, out=None, **options):
        if not (decision and layout and out):
            raise CommandError("Cần --decision, --layout và --out.", returncode=2)
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
