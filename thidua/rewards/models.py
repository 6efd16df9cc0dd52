"""The money and the things a decision confers.

- `Fund` (Quỹ thi đua, khen thưởng) of one year and one holder, paying the decisions of one issuer; `Allocation`s
  by source come in, `Payout`s (one per award of a signed decision, priced by the bonus contract) go out.
- `AwardItem`: the items (hiện vật) an award type carries; `IssuedItem`: one item issued for one award, with its
  serial number, hand-over, re-issue (cấp đổi, cấp lại) and recovery after a revocation.
- `BlankLayout`: where each field goes on a pre-printed blank (phôi), in millimetres.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thidua.core.audit import audited
from thidua.core.scoping import ScopedModelMixin, ScopedQuerySet

# --- the fund ---------------------------------------------------------------------------------------------


@audited
class Fund(ScopedModelMixin, models.Model):
    """Quỹ thi đua, khen thưởng of a year (NĐ 152/2025/NĐ-CP: the fund pays the bonuses of the decisions its
    holder's head signs). `issuer` is the symbol decisions paid from it carry (the "UBND" of 01/QĐ-UBND)."""

    year = models.PositiveIntegerField(_("năm"))
    holder = models.ForeignKey("orgs.Unit", verbose_name=_("đơn vị quản lý quỹ"), on_delete=models.PROTECT,
                               related_name="+")
    issuer = models.CharField(_("chi thưởng cho quyết định của (ký hiệu cơ quan)"), max_length=50, default="UBND")
    name = models.CharField(_("tên quỹ"), max_length=255, default="Quỹ Thi đua, khen thưởng")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = ScopedQuerySet.as_manager()
    scope_unit_field = "holder"

    class Meta:
        verbose_name = _("quỹ thi đua, khen thưởng")
        verbose_name_plural = _("quỹ thi đua, khen thưởng")
        ordering = ["-year", "issuer"]
        constraints = [models.UniqueConstraint(fields=["year", "issuer"], name="uniq_fund_year_issuer")]

    def __str__(self):
        return f"{self.name} năm {self.year} ({self.holder})"

    def audit_unit_id(self):
        return self.holder_id


class Allocation(models.Model):
    """Money put into the fund: the state budget (ngân sách) share, contributions, last year's balance…"""

    class Source(models.TextChoices):
        BUDGET = "budget", _("Ngân sách nhà nước")
        CONTRIBUTION = "contribution", _("Đóng góp, tài trợ của tổ chức, cá nhân")
        CARRIED = "carried", _("Kết dư năm trước chuyển sang")
        OTHER = "other", _("Nguồn hợp pháp khác")

    fund = models.ForeignKey(Fund, on_delete=models.CASCADE, related_name="allocations")
    source = models.CharField(_("nguồn"), max_length=16, choices=Source.choices)
    amount = models.PositiveBigIntegerField(_("số tiền (đồng)"))
    received_on = models.DateField(_("ngày"))
    reference = models.CharField(_("số chứng từ, văn bản"), max_length=120, blank=True)
    note = models.CharField(_("diễn giải"), max_length=255, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+",
                                    editable=False)

    class Meta:
        verbose_name = _("nguồn quỹ")
        verbose_name_plural = _("nguồn quỹ")
        ordering = ["received_on", "id"]

    def __str__(self):
        return f"{self.get_source_display()}: {self.amount:,}".replace(",", ".")


class PayoutQuerySet(ScopedQuerySet):
    pass


@audited
class Payout(models.Model):
    """The bonus of one award of a signed decision, paid from a fund (amount frozen when created)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Chưa chi")
        PAID = "paid", _("Đã chi")
        CANCELLED = "cancelled", _("Hủy chi")

    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="payouts")
    decision = models.ForeignKey("dossiers.Decision", on_delete=models.PROTECT, related_name="payouts")
    award = models.OneToOneField("awards.Award", on_delete=models.PROTECT, related_name="payout")
    payee = models.CharField(_("người, tập thể nhận"), max_length=300)
    award_name = models.CharField(_("hình thức, danh hiệu"), max_length=255)
    multiple = models.DecimalField(_("hệ số"), max_digits=6, decimal_places=2)
    base_salary = models.PositiveIntegerField(_("lương cơ sở"))
    amount = models.PositiveBigIntegerField(_("số tiền (đồng)"))
    unconfirmed = models.BooleanField(_("mức chưa xác nhận"), default=False)
    status = models.CharField(_("trạng thái"), max_length=12, choices=Status.choices, default=Status.PENDING)
    paid_on = models.DateField(_("ngày chi"), null=True, blank=True)
    voucher = models.CharField(_("số phiếu chi, chứng từ"), max_length=120, blank=True)
    status_note = models.CharField(_("ghi chú"), max_length=255, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = PayoutQuerySet.as_manager()

    class Meta:
        verbose_name = _("khoản chi thưởng")
        verbose_name_plural = _("khoản chi thưởng")
        ordering = ["decision_id", "id"]

    def __str__(self):
        return f"{self.payee}: {self.amount:,}".replace(",", ".")

    @classmethod
    def scope_q(cls, user) -> Q:
        return Q(fund__in=Fund.objects.filter(Fund.scope_q(user)).values("pk"))

    def audit_unit_id(self):
        return self.fund.holder_id


# --- award items (hiện vật) -------------------------------------------------------------------------------


class ItemKind(models.TextChoices):
    """Hiện vật khen thưởng (Luật TĐKT 2022 Art 76; NĐ 152/2025/NĐ-CP): the pieces an award is handed over with."""

    CERTIFICATE = "bang", _("Bằng, giấy chứng nhận")
    FRAME = "khung", _("Khung")
    BADGE = "huy_hieu", _("Huân chương, huy chương, huy hiệu")
    FLAG = "co", _("Cờ")
    BOX = "hop", _("Hộp")


SERIAL_PREFIX = {"bang": "B", "khung": "K", "huy_hieu": "H", "co": "C", "hop": "HP"}


class AwardItem(models.Model):
    """An item an award type carries (e.g. Bằng khen tỉnh: bằng + khung)."""

    award_type = models.ForeignKey("awards.AwardType", on_delete=models.CASCADE, related_name="items")
    kind = models.CharField(_("hiện vật"), max_length=12, choices=ItemKind.choices)
    quantity = models.PositiveSmallIntegerField(_("số lượng"), default=1)

    class Meta:
        verbose_name = _("hiện vật của hình thức khen thưởng")
        verbose_name_plural = _("hiện vật của hình thức khen thưởng")
        ordering = ["award_type__order", "kind"]
        constraints = [models.UniqueConstraint(fields=["award_type", "kind"], name="uniq_award_item_kind")]

    def __str__(self):
        return f"{self.award_type.short_name or self.award_type.code}: {self.get_kind_display()}"


class IssuedItemQuerySet(ScopedQuerySet):
    pass


@audited
class IssuedItem(models.Model):
    """One item issued for one award, with its serial number (số hiệu). A re-issue creates a new item that
    `replaces` the old one; the old one's status becomes `replaced` and its verification code stops being valid."""

    class Status(models.TextChoices):
        ISSUED = "issued", _("Đã cấp, chưa trao")
        HANDED_OVER = "handed_over", _("Đã trao")
        REPLACED = "replaced", _("Đã thay thế")
        RECOVERED = "recovered", _("Đã thu hồi")
        TO_RECOVER = "to_recover", _("Phải thu hồi")

    class Reissue(models.TextChoices):
        NONE = "", _("Cấp lần đầu")
        EXCHANGE = "cap_doi", _("Cấp đổi (hư hỏng, sai thông tin)")
        REPLACE = "cap_lai", _("Cấp lại (bị mất, thất lạc)")

    award = models.ForeignKey("awards.Award", on_delete=models.PROTECT, related_name="items")
    decision = models.ForeignKey("dossiers.Decision", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="items")
    kind = models.CharField(_("hiện vật"), max_length=12, choices=ItemKind.choices)
    serial = models.CharField(_("số hiệu"), max_length=40, unique=True)
    code = models.CharField(_("mã xác minh"), max_length=32, unique=True, null=True, blank=True,
                            help_text=_("Mã in trên bằng (mã QR) để tra cứu công khai."))
    status = models.CharField(_("trạng thái"), max_length=12, choices=Status.choices, default=Status.ISSUED)
    issued_on = models.DateField(_("ngày cấp"), default=timezone.localdate)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    handed_to = models.CharField(_("người nhận"), max_length=200, blank=True)
    handed_on = models.DateField(_("ngày trao"), null=True, blank=True)
    handed_by = models.CharField(_("người trao"), max_length=200, blank=True)
    replaces = models.OneToOneField("self", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="replacement")
    reissue = models.CharField(_("hình thức cấp"), max_length=8, choices=Reissue.choices, blank=True, default="")
    reissue_reason = models.TextField(_("lý do cấp đổi, cấp lại"), blank=True)
    requested_by = models.CharField(_("người đề nghị"), max_length=200, blank=True)
    requested_on = models.DateField(_("ngày đơn đề nghị"), null=True, blank=True)
    recovered_on = models.DateField(_("ngày thu hồi"), null=True, blank=True)
    recovered_by = models.CharField(_("người thu hồi"), max_length=200, blank=True)
    recovery_note = models.CharField(_("ghi chú thu hồi"), max_length=255, blank=True)

    objects = IssuedItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("hiện vật đã cấp")
        verbose_name_plural = _("hiện vật đã cấp")
        ordering = ["award_id", "kind", "id"]

    def __str__(self):
        return self.serial

    @classmethod
    def scope_q(cls, user) -> Q:
        from thidua.awards.models import Award

        return Q(award__in=Award.objects.filter(Award.scope_q(user)).values("pk"))

    def audit_unit_id(self):
        return self.award.unit_id

    @property
    def valid(self) -> bool:
        return self.status in (self.Status.ISSUED, self.Status.HANDED_OVER)


# --- pre-printed blanks (phôi) ----------------------------------------------------------------------------

LAYOUT_FIELDS = ["name", "award", "unit", "decision", "signer", "qr"]
LAYOUT_LABELS = {
    "name": _("Họ và tên / tên tập thể"),
    "award": _("Hình thức, danh hiệu"),
    "unit": _("Chức vụ, đơn vị"),
    "decision": _("Số, ngày quyết định"),
    "signer": _("Người ký"),
    "qr": _("Mã QR xác minh"),
}


def default_boxes() -> dict:
    """A landscape A4 Bằng khen blank: boxes in millimetres {x, y, w, h, size (pt), align}."""
    return {
        "name": {"x": 60, "y": 88, "w": 177, "h": 14, "size": 22, "align": "center"},
        "award": {"x": 60, "y": 70, "w": 177, "h": 12, "size": 16, "align": "center"},
        "unit": {"x": 60, "y": 105, "w": 177, "h": 10, "size": 14, "align": "center"},
        "decision": {"x": 30, "y": 160, "w": 110, "h": 8, "size": 11, "align": "left"},
        "signer": {"x": 175, "y": 175, "w": 90, "h": 10, "size": 14, "align": "center"},
        "qr": {"x": 20, "y": 170, "w": 25, "h": 25, "size": 0, "align": "left"},
    }


@audited
class BlankLayout(models.Model):
    """Where each field is printed on one kind of pre-printed blank, calibrated over a scan of the blank."""

    name = models.CharField(_("tên mẫu phôi"), max_length=200)
    award_types = models.ManyToManyField("awards.AwardType", verbose_name=_("dùng cho"), blank=True,
                                         related_name="blank_layouts")
    page_width_mm = models.DecimalField(_("khổ ngang (mm)"), max_digits=6, decimal_places=1, default=297)
    page_height_mm = models.DecimalField(_("khổ dọc (mm)"), max_digits=6, decimal_places=1, default=210)
    scan = models.ImageField(_("ảnh quét phôi"), upload_to="rewards/blanks/", blank=True)
    boxes = models.JSONField(_("vị trí các trường"), default=default_boxes)
    font_family = models.CharField(_("phông chữ"), max_length=100, default="Liberation Serif")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("mẫu in trên phôi")
        verbose_name_plural = _("mẫu in trên phôi")
        ordering = ["name"]

    def __str__(self):
        return self.name
