"""Who decides what (thẩm quyền quyết định khen thưởng), with effective dates: a table the administrator keeps
(admin «Thẩm quyền quyết định khen thưởng»), seeded by a data migration from the law:

- Chủ tịch UBND tỉnh: Bằng khen, Cờ thi đua, CSTĐ cấp tỉnh, Tập thể lao động xuất sắc, xã tiêu biểu (Điều 80 Luật
  Thi đua, khen thưởng);
- heads of Sở, ban, ngành and units: CSTĐ cơ sở, Lao động tiên tiến, Tập thể lao động tiên tiến, Giấy khen;
- Chủ tịch UBND cấp huyện until 30/6/2025; from 01/7/2025 the Chủ tịch UBND cấp xã decides CSTĐ cơ sở, LĐTT,
  TTLĐTT, Giấy khen, thôn văn hóa and «Gia đình văn hóa» (Điều 59 Nghị định 129/2025/NĐ-CP);
- State and Government awards go up as a proposal (Tờ trình) to the Thủ tướng Chính phủ.

A dossier routes to the row in force on the day (`thidua.dossiers.authorities.route`)."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from thidua.core.audit import audited
from thidua.orgs.models import Unit


class AuthorityKind(models.TextChoices):
    PROVINCE_CHAIR = "province_chair", _("Chủ tịch Ủy ban nhân dân tỉnh")
    PROVINCE_COMMITTEE = "province_committee", _("Ủy ban nhân dân tỉnh (tập thể)")
    UNIT_HEAD = "unit_head", _("Thủ trưởng sở, ban, ngành, cơ quan, đơn vị")
    COMMUNE_CHAIR = "commune_chair", _("Chủ tịch Ủy ban nhân dân cấp xã")
    DISTRICT_CHAIR = "district_chair", _("Chủ tịch Ủy ban nhân dân cấp huyện")
    PRIME_MINISTER = "prime_minister", _("Trình Thủ tướng Chính phủ (Tờ trình)")


PROVINCE_KINDS = frozenset({AuthorityKind.PROVINCE_CHAIR, AuthorityKind.PROVINCE_COMMITTEE})
LOCAL_KINDS = frozenset({AuthorityKind.UNIT_HEAD, AuthorityKind.COMMUNE_CHAIR, AuthorityKind.DISTRICT_CHAIR})


class ConferringAuthorityQuerySet(models.QuerySet):
    def in_force(self, day):
        return self.filter(valid_from__lte=day).filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))


@audited
class ConferringAuthority(models.Model):
    """One award the authority decides (or proposes upwards), for dossiers of units of one kind (blank = any),
    between two dates."""

    Kind = AuthorityKind

    award_type = models.ForeignKey("awards.AwardType", verbose_name=_("danh hiệu, hình thức"),
                                   on_delete=models.CASCADE, related_name="authorities")
    kind = models.CharField(_("thẩm quyền"), max_length=24, choices=AuthorityKind.choices)
    unit_kind = models.CharField(
        _("áp dụng cho hồ sơ của"), max_length=16, blank=True,
        choices=[("", _("Mọi loại đơn vị")), *Unit.Kind.choices],
        help_text=_("Một dòng dành cho loại đơn vị cụ thể được ưu tiên hơn dòng «Mọi loại đơn vị»."))
    valid_from = models.DateField(_("hiệu lực từ ngày"))
    valid_to = models.DateField(_("hiệu lực đến ngày"), null=True, blank=True)
    legal_basis = models.CharField(_("căn cứ pháp lý"), max_length=300, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)

    objects = ConferringAuthorityQuerySet.as_manager()

    class Meta:
        verbose_name = _("thẩm quyền quyết định khen thưởng")
        verbose_name_plural = _("thẩm quyền quyết định khen thưởng")
        ordering = ["award_type__order", "award_type__code", "-valid_from", "unit_kind"]
        constraints = [
            models.CheckConstraint(condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                                   name="authority_dates_in_order"),
        ]

    def __str__(self):
        until = f"–{self.valid_to:%d/%m/%Y}" if self.valid_to else ""
        return f"{self.award_type_id and self.award_type.name}: {self.get_kind_display()} (từ {self.valid_from:%d/%m/%Y}{until})"

    @property
    def by_proposal(self) -> bool:
        return self.kind == AuthorityKind.PRIME_MINISTER
