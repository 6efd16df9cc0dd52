"""Jobs of the reports room (thidua/core/jobs.py): statistics workbooks too long to make within a request."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from thidua.core import jobs


@jobs.handler("reports.export", gettext_lazy("Xuất thống kê"))
def export(job, progress):
    """The award statistics workbook, over what the job's owner may see (the page's own scoping)."""
    from thidua.orgs.models import Unit
    from thidua.reports import exports
    from thidua.reports import selectors as sel

    p = job.params
    if p.get("report") != "awards":
        raise ValueError(_("Không có loại thống kê này."))
    unit = Unit.objects.visible_to(job.owner).get(pk=p["unit"]) if p.get("unit") else None
    progress(0, 2)
    stats = sel.award_stats(
        job.owner, year_from=p["year_from"], year_to=p["year_to"], unit=unit, category=p.get("category", "")
    )
    progress(1, 2)
    response = exports.award_stats_xlsx(stats, sel.scope_name(job.owner, unit))
    progress.save_result(f"thong-ke-khen-thuong-{p['year_from']}-{p['year_to']}.xlsx", response.content)
    return _("Đã xuất thống kê %(n)s dòng.") % {"n": len(stats.rows)}
