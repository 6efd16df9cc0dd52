"""Jobs of the rewards room (thidua/core/jobs.py): a whole decision's certificates printed on a blank layout."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from thidua.core import jobs


@jobs.handler("rewards.print_blanks", gettext_lazy("In bằng cả quyết định trên phôi"))
def print_blanks(job, progress):
    """Every certificate of the decision on the layout, as one PDF (the direct PDF writer: thousands of pages
    in seconds). Running it again writes the same file again: certificates are issued once per award."""
    from thidua.dossiers.models import Decision
    from thidua.rewards import blanks
    from thidua.rewards.models import BlankLayout

    decision = Decision.objects.get(pk=job.target_id)
    layout = BlankLayout.objects.get(pk=job.params["layout"])
    pages = blanks.decision_pages(decision, user=job.owner)
    progress(0, len(pages))
    data = blanks.pdf(layout, pages)
    progress(len(pages), len(pages))
    progress.save_result(blanks.decision_filename(decision), data)
    return _("Đã in %(n)s trang trên phôi “%(layout)s”.") % {"n": len(pages), "layout": layout.name}
