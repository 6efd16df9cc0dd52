from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thidua.core.scoping import ScopedModelMixin, ScopedQuerySet


class StatisticsFormSignoff(ScopedModelMixin, models.Model):
    """The unit head's sign-off of one statistical report form (biểu mẫu báo cáo thống kê) for one year: who signed
    and when, who prepared it, and the cells as they stood, so a later change of the register shows."""

    circular = models.CharField(_("thông tư"), max_length=40)
    form = models.CharField(_("biểu số"), max_length=20)
    year = models.PositiveSmallIntegerField(_("năm báo cáo"))
    unit = models.ForeignKey("orgs.Unit", verbose_name=_("đơn vị báo cáo"), on_delete=models.PROTECT,
                             related_name="+")
    prepared_by_name = models.CharField(_("người lập biểu"), max_length=150, blank=True)
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người ký duyệt"),
                                  on_delete=models.PROTECT, related_name="+")
    signed_by_name = models.CharField(_("họ tên thủ trưởng đơn vị"), max_length=150)
    signed_at = models.DateTimeField(_("thời điểm ký duyệt"), default=timezone.now)
    cells = models.JSONField(_("số liệu khi ký duyệt"), default=dict)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("ký duyệt biểu mẫu thống kê")
        verbose_name_plural = _("ký duyệt biểu mẫu thống kê")
        constraints = [models.UniqueConstraint(fields=["circular", "form", "year", "unit"],
                                               name="statistics_form_signoff_once")]

    def __str__(self):
        return f"{self.form} {self.year} – {self.unit_id}"

    def audit_unit_id(self):
        return self.unit_id

    @property
    def signed_on(self):
        return timezone.localtime(self.signed_at).date()
