"""Province caps on the share of a title (e.g. CSTĐ cơ sở ≤ 15% of the LĐTT of a unit), with effective dates.

The Law of 2022 and NĐ 98/2023, NĐ 152/2025 set no such quota (the old cap CSTĐ cơ sở ≤ 15% of LĐTT was
NĐ 91/2017 Art 9.3, LAW-RESEARCH.md §1.2); provinces and plans still set their own ratios (§7). A cap is a
province parameter: the row in force on the last day of the year judged applies. Imported by awards.models."""

import datetime as dt
from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from thidua.core.audit import audited


@audited
class QuotaCap(models.Model):
    class Base(models.TextChoices):
        MEMBERS = "members", _("số người của đơn vị")
        LDTT = "LDTT", _("số người đạt Lao động tiên tiến")

    award_code = models.CharField(_("danh hiệu, hình thức"), max_length=40)
    base = models.CharField(_("tính trên"), max_length=12, choices=Base.choices, default=Base.LDTT)
    max_ratio = models.DecimalField(
        _("tỷ lệ tối đa"), max_digits=5, decimal_places=4,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("1"))],
        help_text=_("Ví dụ 0,15 = 15%."),
    )
    effective_from = models.DateField(_("áp dụng từ ngày"))
    note = models.CharField(_("căn cứ, ghi chú"), max_length=255, blank=True)

    class Meta:
        app_label = "awards"
        verbose_name = _("tỷ lệ tối đa danh hiệu")
        verbose_name_plural = _("tỷ lệ tối đa danh hiệu")
        ordering = ["award_code", "-effective_from"]
        constraints = [
            models.UniqueConstraint(fields=["award_code", "base", "effective_from"], name="uniq_quota_cap_date"),
        ]

    def __str__(self):
        return f"{self.award_code} ≤ {self.max_ratio:.0%} {self.get_base_display()} ({self.effective_from:%d/%m/%Y})"

    def audit_unit_id(self):
        return None

    @classmethod
    def in_force(cls, on: dt.date) -> list["QuotaCap"]:
        """The caps in force on `on`: per (award, base), the row with the latest effective date ≤ on."""
        caps: dict = {}
        for cap in cls.objects.filter(effective_from__lte=on).order_by("award_code", "base", "effective_from"):
            caps[(cap.award_code, cap.base)] = cap
        return [cap for cap in caps.values() if cap.max_ratio is not None]
