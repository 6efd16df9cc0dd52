"""Award catalogue and history: what the law offers (`AwardType`), what was conferred (`Award`), and the facts
the eligibility engine rests on (`Rating`, `Initiative`, `Discipline`, `PendingProceeding`).

History follows unit lineage: a unit that was merged into another keeps its records, and the successor's pages
and scope include them (`orgs.Unit.predecessor_ids`)."""

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from thidua.core.audit import audited
from thidua.core.scoping import ScopedQuerySet
from thidua.core.text import fold, person_sort_key, sort_key


class SubjectKind(models.TextChoices):
    INDIVIDUAL = "individual", _("Cá nhân")
    COLLECTIVE = "collective", _("Tập thể")
    HOUSEHOLD = "household", _("Hộ gia đình")
    VILLAGE = "village", _("Thôn, tổ dân phố")


class CommendationType(models.TextChoices):
    """Loại hình khen thưởng (Luật Art 8). Only công trạng counts toward chains (NĐ 152/2025 Art 4.3)."""

    CONG_TRANG = "cong_trang", _("Công trạng (thường xuyên)")
    DOT_XUAT = "dot_xuat", _("Đột xuất")
    CHUYEN_DE = "chuyen_de", _("Chuyên đề")
    PHONG_TRAO = "phong_trao", _("Phong trào thi đua")
    CONG_HIEN = "cong_hien", _("Quá trình cống hiến")
    DOI_NGOAI = "doi_ngoai", _("Đối ngoại")
    NIEN_HAN = "nien_han", _("Theo niên hạn")


def lineage_unit_ids_for(user) -> set[int]:
    """Units that became (part of) a unit in the user's subtree: their histories are the successor's to see."""
    from thidua.orgs.models import UnitLineage

    unit = getattr(user, "unit", None)
    if unit is None:
        return set()
    edges: dict[int, set[int]] = {}
    roots = set()
    for pred, succ, succ_path in UnitLineage.objects.exclude(successor=None).values_list(
        "predecessor_id", "successor_id", "successor__path"
    ):
        edges.setdefault(succ, set()).add(pred)
        if succ_path.startswith(unit.path):
            roots.add(succ)
    seen: set[int] = set()
    stack = list(roots)
    while stack:
        for pred in edges.get(stack.pop(), ()):
            if pred not in seen:
                seen.add(pred)
                stack.append(pred)
    return seen


def subject_scope_q(user, *, person_field: str | None = "person", unit_field: str | None = "unit") -> Q:
    """A record about a person (scoped by the person's unit) or a unit (scoped by that unit or its lineage)."""
    unit = getattr(user, "unit", None)
    if unit is None:
        return Q(pk__in=[])
    q = Q(pk__in=[])
    if unit_field:
        q |= Q(**{f"{unit_field}__path__startswith": unit.path})
        predecessors = lineage_unit_ids_for(user)
        if predecessors:
            q |= Q(**{f"{unit_field}_id__in": predecessors})
    if person_field:
        q |= Q(**{f"{person_field}__unit__path__startswith": unit.path})
    return q


# --------------------------------------------------------------------------------------------------------------
# Catalogue


class AwardTypeQuerySet(models.QuerySet):
    def active(self):
        return self.filter(active=True)

    def conferrable(self):
        """What a dossier may propose: in use and not a historical form."""
        return self.filter(active=True, conferrable=True)


class AwardType(models.Model):
    """A danh hiệu thi đua (category=title) or hình thức khen thưởng (category=form) of the law.

    Loaded by a data migration (0002); province staff may deactivate entries or add local ones."""

    class Category(models.TextChoices):
        TITLE = "title", _("Danh hiệu thi đua")
        FORM = "form", _("Hình thức khen thưởng")

    class Level(models.TextChoices):
        STATE = "state", _("Nhà nước (Chủ tịch nước)")
        GOVERNMENT = "government", _("Chính phủ, Thủ tướng Chính phủ")
        MINISTRY_PROVINCE = "ministry_province", _("Bộ, ban, ngành, tỉnh")
        LOCAL = "local", _("Cơ sở (thủ trưởng đơn vị, Chủ tịch UBND xã)")

    class Group(models.TextChoices):
        """Finer grouping for the catalogue page (Luật Art 9)."""

        TITLE_INDIVIDUAL = "title_individual", _("Danh hiệu thi đua đối với cá nhân")
        TITLE_COLLECTIVE = "title_collective", _("Danh hiệu thi đua đối với tập thể")
        TITLE_HOUSEHOLD = "title_household", _("Danh hiệu thi đua đối với hộ gia đình, thôn")
        ORDER = "order", _("Huân chương")
        MEDAL = "medal", _("Huy chương")
        HONORARY = "honorary", _("Danh hiệu vinh dự nhà nước")
        PRIZE = "prize", _("Giải thưởng Hồ Chí Minh, Giải thưởng Nhà nước")
        COMMEMORATIVE = "commemorative", _("Kỷ niệm chương")
        MERIT = "merit", _("Bằng khen")
        RECOGNITION = "recognition", _("Giấy khen")

    code = models.CharField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("tên"), max_length=255)
    short_name = models.CharField(_("tên viết tắt"), max_length=100, blank=True)
    category = models.CharField(_("loại"), max_length=8, choices=Category.choices)
    group = models.CharField(_("nhóm"), max_length=24, choices=Group.choices)
    subject_kinds = models.JSONField(
        _("đối tượng"), default=list, help_text=_("individual, collective, household, village")
    )
    level = models.CharField(_("cấp quyết định"), max_length=20, choices=Level.choices)
    conferred_by = models.CharField(_("thẩm quyền quyết định"), max_length=255, blank=True)
    needs_ballot = models.BooleanField(_("phải bỏ phiếu kín tại Hội đồng"), default=False)
    ballot_threshold = models.DecimalField(
        _("tỷ lệ phiếu đồng ý tối thiểu"),
        max_digits=4,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Tỷ lệ trên tổng số thành viên Hội đồng, ví dụ 0,90 = 90%."),
    )
    bonus_multiple = models.DecimalField(
        _("mức tiền thưởng cá nhân (× lương cơ sở)"), max_digits=6, decimal_places=2, default=Decimal("0")
    )
    bonus_multiple_collective = models.DecimalField(
        _("mức tiền thưởng tập thể (× lương cơ sở)"), max_digits=6, decimal_places=2, default=Decimal("0")
    )
    article = models.CharField(_("căn cứ"), max_length=255, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    order = models.PositiveIntegerField(_("thứ tự"), default=0)
    active = models.BooleanField(_("đang sử dụng"), default=True)
    # False for historical forms a legacy award book records (Huân chương Kháng chiến…): kept in histories,
    # never proposed in a dossier.
    conferrable = models.BooleanField(_("còn xét tặng"), default=True)

    objects = AwardTypeQuerySet.as_manager()

    class Meta:
        verbose_name = _("danh hiệu, hình thức khen thưởng")
        verbose_name_plural = _("danh mục danh hiệu, hình thức khen thưởng")
        ordering = ["order", "code"]

    def __str__(self):
        return self.name

    @property
    def label(self) -> str:
        """The name as pages show it: in the UI's language where the catalogue's names are translated
        (awards/catalogue_names.py), the Vietnamese name otherwise. Documents print `name`."""
        from django.utils.translation import gettext

        return gettext(self.name) if self.name else ""

    # Households receive 1.5 times the individual amount for the same form (NĐ 152/2025 Art 50–54).
    HOUSEHOLD_FACTOR = Decimal("1.5")

    def bonus_multiple_for(self, recipient_kind: str) -> Decimal:
        if recipient_kind == SubjectKind.INDIVIDUAL:
            return self.bonus_multiple
        if recipient_kind == SubjectKind.HOUSEHOLD:
            return (
                self.bonus_multiple * self.HOUSEHOLD_FACTOR
                if self.bonus_multiple
                else self.bonus_multiple_collective
            )
        return self.bonus_multiple_collective

    def bonus_amount(self, recipient_kind: str, on: dt.date | None = None) -> int | None:
        """Bonus in VND for a recipient of this kind decided on `on` (default today). From 01/7/2024 the bonus
        contract (awards/bonus.py, LAW-V2.md §F: its multiples, rounded up to 10.000 đ; None where it pays nothing);
        before, the catalogue multiple × the base salary then in force, rounded up the same way."""
        from thidua.awards import bonus

        on = on or dt.date.today()
        kind = SubjectKind.COLLECTIVE if recipient_kind == SubjectKind.VILLAGE else recipient_kind
        if on >= bonus.FIRST_DAY:
            try:
                return bonus.bonus(self.code, kind, on).amount
            except bonus.BonusError:
                return None
        base = BaseSalary.in_force(on)
        multiple = self.bonus_multiple_for(kind)
        if base is None or not multiple:
            return None
        return bonus.round_up(multiple * base.amount)

    @property
    def for_individuals(self) -> bool:
        return SubjectKind.INDIVIDUAL in (self.subject_kinds or [])

    @property
    def for_collectives(self) -> bool:
        kinds = self.subject_kinds or []
        return SubjectKind.COLLECTIVE in kinds or SubjectKind.VILLAGE in kinds


@audited
class BaseSalary(models.Model):
    """Lương cơ sở with its effective date (NĐ 73/2024: 2.340.000 đ from 01/7/2024)."""

    amount = models.PositiveIntegerField(_("mức lương cơ sở (đồng/tháng)"))
    effective_from = models.DateField(_("áp dụng từ ngày"), unique=True)
    legal_basis = models.CharField(_("căn cứ"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("mức lương cơ sở")
        verbose_name_plural = _("mức lương cơ sở")
        ordering = ["-effective_from"]

    def __str__(self):
        return f"{self.amount:,} đ ({self.effective_from:%d/%m/%Y})".replace(",", ".")

    @classmethod
    def in_force(cls, on: dt.date) -> "BaseSalary | None":
        return cls.objects.filter(effective_from__lte=on).order_by("-effective_from").first()


@audited
class RuleParameter(models.Model):
    """A province's own value for a default parameter of the eligibility engine, from an effective date."""

    name = models.CharField(_("tên tham số"), max_length=100)
    value = models.JSONField(_("giá trị"))
    effective_from = models.DateField(_("áp dụng từ ngày"))
    note = models.TextField(_("ghi chú, căn cứ"), blank=True)

    class Meta:
        verbose_name = _("tham số xét khen thưởng")
        verbose_name_plural = _("tham số xét khen thưởng")
        ordering = ["name", "-effective_from"]
        constraints = [
            models.UniqueConstraint(fields=["name", "effective_from"], name="uniq_rule_parameter_date")
        ]

    def __str__(self):
        return f"{self.name} = {self.value} ({self.effective_from:%d/%m/%Y})"

    @classmethod
    def in_force(cls, on: dt.date) -> dict:
        """{name: value} of the parameters in force on `on` (the latest effective_from ≤ on per name)."""
        values: dict = {}
        for name, value in (
            cls.objects.filter(effective_from__lte=on)
            .order_by("name", "effective_from")
            .values_list("name", "value")
        ):
            values[name] = value
        return values


# --------------------------------------------------------------------------------------------------------------
# History


class AwardQuerySet(ScopedQuerySet):
    def counting(self):
        """Awards that count in chains: not revoked (Luật Art 93)."""
        return self.filter(revoked=False)

    def search(self, query: str):
        from thidua.core.text import search_terms

        qs = self
        for term in search_terms(query):
            qs = qs.filter(search_text__contains=term)
        return qs

    def for_unit_lineage(self, unit):
        return self.filter(unit_id__in=unit.predecessor_ids())


@audited
class Award(models.Model):
    """One conferred award (khen thưởng): recipient, type, the year it counts for, the decision."""

    class RecipientKind(models.TextChoices):
        INDIVIDUAL = "individual", _("Cá nhân")
        COLLECTIVE = "collective", _("Tập thể")
        HOUSEHOLD = "household", _("Hộ gia đình")

    class Source(models.TextChoices):
        MANUAL = "manual", _("Nhập tay")
        IMPORT = "import", _("Nhập từ sổ khen thưởng")
        DOSSIER = "dossier", _("Từ hồ sơ đề nghị")

    # (no single-column indexes on award_type, person and unit: the (…, year) indexes below start with them and serve
    # every look-up by one of them — three indexes fewer to maintain when a legacy book adds 1,000,000 awards)
    award_type = models.ForeignKey(
        AwardType, verbose_name=_("danh hiệu, hình thức"), on_delete=models.PROTECT, related_name="awards",
        db_index=False,
    )
    person = models.ForeignKey(
        "orgs.Person",
        verbose_name=_("cá nhân"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="awards",
        db_index=False,
    )
    unit = models.ForeignKey(
        "orgs.Unit",
        verbose_name=_("đơn vị"),
        on_delete=models.PROTECT,
        related_name="awards",
        db_index=False,
        help_text=_("Tập thể được khen, hoặc đơn vị của cá nhân tại thời điểm khen."),
    )
    recipient_kind = models.CharField(_("đối tượng"), max_length=12, choices=RecipientKind.choices)
    household_name = models.CharField(_("tên hộ gia đình"), max_length=255, blank=True)
    year = models.PositiveSmallIntegerField(
        _("năm thành tích"), help_text=_("Năm học tính vào năm kết thúc.")
    )
    period = models.ForeignKey(
        "orgs.Period",
        verbose_name=_("kỳ"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="awards",
    )
    commendation_type = models.CharField(
        _("loại hình khen thưởng"),
        max_length=12,
        choices=CommendationType.choices,
        default=CommendationType.CONG_TRANG,
    )
    decision_number = models.CharField(_("số quyết định"), max_length=100, blank=True)
    decision_date = models.DateField(_("ngày quyết định"), null=True, blank=True)
    decision_issuer = models.CharField(_("cơ quan, người quyết định"), max_length=255, blank=True)
    achievement = models.TextField(_("thành tích"), blank=True)
    revoked = models.BooleanField(_("đã hủy bỏ"), default=False)
    revoked_reason = models.TextField(_("lý do hủy bỏ"), blank=True)
    revoked_decision = models.CharField(_("quyết định hủy bỏ"), max_length=200, blank=True)
    revoked_on = models.DateField(_("ngày hủy bỏ"), null=True, blank=True)
    source = models.CharField(_("nguồn"), max_length=8, choices=Source.choices, default=Source.MANUAL)
    nomination_id = models.IntegerField(_("đề nghị (hồ sơ)"), null=True, blank=True, db_index=True)
    import_batch = models.ForeignKey(
        "ImportBatch", null=True, blank=True, on_delete=models.SET_NULL, related_name="awards", editable=False
    )
    # Searched with `search_text__contains` (LIKE '%…%'), which no b-tree serves: PostgreSQL reads the trigram index
    # (migration 0008), SQLite scans. sort_key: a plain b-tree (Meta.indexes), without the `varchar_pattern_ops`
    # twin PostgreSQL adds to a `db_index` CharField — nothing filters awards by a sort-key prefix.
    search_text = models.CharField(max_length=400, editable=False, default="")
    sort_key = models.CharField(max_length=1200, editable=False, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    objects = AwardQuerySet.as_manager()

    class Meta:
        verbose_name = _("khen thưởng")
        verbose_name_plural = _("khen thưởng")
        ordering = ["-year", "sort_key", "id"]
        indexes = [
            models.Index(fields=["person", "year"]),
            models.Index(fields=["unit", "year"]),
            models.Index(fields=["award_type", "year"]),
            models.Index(fields=["-year", "sort_key", "id"], name="award_register_order"),
            models.Index(fields=["sort_key"], name="awards_award_sort_key_a4232d81"),  # (the name it always had)
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(recipient_kind="collective")
                | Q(recipient_kind="household")
                | Q(person__isnull=False),
                name="award_individual_has_person",
            ),
        ]

    def __str__(self):
        return f"{self.award_type} — {self.recipient_name} ({self.year})"

    @classmethod
    def scope_q(cls, user):
        return subject_scope_q(user, person_field=None, unit_field="unit")

    def audit_unit_id(self):
        return self.unit_id

    @property
    def recipient_name(self) -> str:
        if self.recipient_kind == self.RecipientKind.INDIVIDUAL and self.person_id:
            return self.person.full_name
        if self.recipient_kind == self.RecipientKind.HOUSEHOLD:
            return self.household_name
        return self.unit.name if self.unit_id else ""

    @property
    def counts_in_chains(self) -> bool:
        return not self.revoked and self.commendation_type == CommendationType.CONG_TRANG

    def clean(self):
        errors = {}
        if self.recipient_kind == self.RecipientKind.INDIVIDUAL and not self.person_id:
            errors["person"] = _("Khen thưởng cá nhân cần chọn cá nhân.")
        if self.recipient_kind == self.RecipientKind.HOUSEHOLD and not self.household_name.strip():
            errors["household_name"] = _("Cần nhập tên hộ gia đình.")
        if self.award_type_id and self.recipient_kind:
            kinds = self.award_type.subject_kinds or []
            wanted = self.recipient_kind
            if wanted == "collective" and "village" in kinds:
                wanted = "village"
            if kinds and wanted not in kinds and self.recipient_kind not in kinds:
                errors["award_type"] = _("%(award)s không áp dụng cho đối tượng này.") % {
                    "award": self.award_type.name
                }
        if self.year and not (1945 <= self.year <= dt.date.today().year + 1):
            errors["year"] = _("Năm thành tích không hợp lệ.")
        if errors:
            raise ValidationError(errors)

    def refresh_search(self):
        name = self.recipient_name
        self.search_text = fold(f"{name} {self.decision_number}")[:400]
        self.sort_key = (
            person_sort_key(name) if self.recipient_kind == self.RecipientKind.INDIVIDUAL else sort_key(name)
        )[:1200]

    def save(self, *args, **kwargs):
        self.refresh_search()
        super().save(*args, **kwargs)


class Rating(models.Model):
    """Yearly rating (đánh giá, xếp loại) of a person or a unit."""

    class Value(models.TextChoices):
        HTXSNV = "HTXSNV", _("Hoàn thành xuất sắc nhiệm vụ")
        HTTNV = "HTTNV", _("Hoàn thành tốt nhiệm vụ")
        HTNV = "HTNV", _("Hoàn thành nhiệm vụ")
        KHTNV = "KHTNV", _("Không hoàn thành nhiệm vụ")

    person = models.ForeignKey(
        "orgs.Person",
        verbose_name=_("cá nhân"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="ratings",
    )
    unit = models.ForeignKey(
        "orgs.Unit",
        verbose_name=_("tập thể"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="ratings",
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    rating = models.CharField(_("xếp loại"), max_length=6, choices=Value.choices)
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("xếp loại")
        verbose_name_plural = _("xếp loại")
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(person__isnull=False) & Q(unit__isnull=True))
                | (Q(person__isnull=True) & Q(unit__isnull=False)),
                name="rating_one_subject",
            ),
            models.UniqueConstraint(
                fields=["person", "year"], condition=Q(person__isnull=False), name="uniq_rating_person_year"
            ),
            models.UniqueConstraint(
                fields=["unit", "year"], condition=Q(unit__isnull=False), name="uniq_rating_unit_year"
            ),
        ]
        indexes = [models.Index(fields=["person", "year"]), models.Index(fields=["unit", "year"])]

    def __str__(self):
        return f"{self.person or self.unit} {self.year}: {self.rating}"

    @classmethod
    def scope_q(cls, user):
        return subject_scope_q(user)

    def audit_unit_id(self):
        return self.unit_id or (self.person.unit_id if self.person_id else None)


class Initiative(models.Model):
    """A recognised initiative (sáng kiến) or accepted S&T work, with its scope of effect."""

    class Scope(models.TextChoices):
        CO_SO = "co_so", _("Cấp cơ sở")
        TINH = "tinh", _("Cấp tỉnh")
        TOAN_QUOC = "toan_quoc", _("Toàn quốc")

    person = models.ForeignKey(
        "orgs.Person",
        verbose_name=_("tác giả"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="initiatives",
    )
    unit = models.ForeignKey(
        "orgs.Unit",
        verbose_name=_("tập thể"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="initiatives",
    )
    title = models.CharField(_("tên sáng kiến, đề tài"), max_length=500)
    year = models.PositiveSmallIntegerField(_("năm công nhận"))
    scope = models.CharField(
        _("phạm vi ảnh hưởng"), max_length=10, choices=Scope.choices, default=Scope.CO_SO
    )
    recognition_decision = models.CharField(_("quyết định công nhận"), max_length=200, blank=True)
    recognised_on = models.DateField(_("ngày công nhận"), null=True, blank=True)
    used_by_award = models.ForeignKey(
        Award,
        verbose_name=_("đã dùng làm căn cứ khen thưởng"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="initiatives_used",
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("sáng kiến")
        verbose_name_plural = _("sáng kiến")
        ordering = ["-year", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=False) | Q(unit__isnull=False), name="initiative_has_subject"
            ),
        ]
        indexes = [models.Index(fields=["person", "year"]), models.Index(fields=["unit", "year"])]

    def __str__(self):
        return self.title

    @classmethod
    def scope_q(cls, user):
        return subject_scope_q(user)

    def audit_unit_id(self):
        return self.unit_id or (self.person.unit_id if self.person_id else None)


class Discipline(models.Model):
    """A disciplinary measure (kỷ luật). Every form except khiển trách counts as "cảnh cáo or more"."""

    class Form(models.TextChoices):
        KHIEN_TRACH = "khien_trach", _("Khiển trách")
        CANH_CAO = "canh_cao", _("Cảnh cáo")
        HA_BAC_LUONG = "ha_bac_luong", _("Hạ bậc lương")
        GIANG_CHUC = "giang_chuc", _("Giáng chức")
        CACH_CHUC = "cach_chuc", _("Cách chức")
        BUOC_THOI_VIEC = "buoc_thoi_viec", _("Buộc thôi việc")

    person = models.ForeignKey(
        "orgs.Person", verbose_name=_("cá nhân"), on_delete=models.CASCADE, related_name="disciplines"
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    form = models.CharField(_("hình thức kỷ luật"), max_length=16, choices=Form.choices)
    decided_on = models.DateField(_("ngày quyết định"), null=True, blank=True)
    decision = models.CharField(_("quyết định kỷ luật"), max_length=200, blank=True)
    ends_on = models.DateField(_("hết thời hạn kỷ luật"), null=True, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("kỷ luật")
        verbose_name_plural = _("kỷ luật")
        ordering = ["-year", "-decided_on"]
        indexes = [models.Index(fields=["person", "year"])]

    def __str__(self):
        return f"{self.person} — {self.get_form_display()} ({self.year})"

    @property
    def canh_cao_or_more(self) -> bool:
        return self.form != self.Form.KHIEN_TRACH

    @classmethod
    def scope_q(cls, user):
        return subject_scope_q(user, unit_field=None)

    def audit_unit_id(self):
        return self.person.unit_id if self.person_id else None


class PendingProceedingQuerySet(ScopedQuerySet):
    def open_on(self, day: dt.date):
        """Matters not closed by `day`. One opened later than `day` (a date typed ahead) holds as well: a hold
        recorded now must stop the next step whatever date it carries."""
        return self.filter(Q(closed_on__isnull=True) | Q(closed_on__gt=day))

    def holding(self, *, person_ids=(), unit_ids=(), on: dt.date):
        """Open matters about these people, or about these units as collectives (NĐ 152/2025 Art 4.4)."""
        person_ids, unit_ids = set(person_ids) - {None}, set(unit_ids) - {None}
        if not person_ids and not unit_ids:
            return self.none()
        return self.open_on(on).filter(Q(person_id__in=person_ids) | Q(person__isnull=True, unit_id__in=unit_ids))


class PendingProceeding(models.Model):
    """An open matter that holds any award (khoản 4 Điều 4 Nghị định 152/2025/NĐ-CP) until it is closed: it is
    opened by whoever learns of it (an accepted complaint or denunciation, an inspection finding marked as a sign
    of violation, a discipline review, a negative consultation answer, a press report being verified) and stops a
    nomination at appraisal, ballot, signing and conferral (`dossiers.holds`)."""

    class Kind(models.TextChoices):
        DISCIPLINE_REVIEW = "discipline_review", _("Đang xem xét kỷ luật")
        INVESTIGATION = "investigation", _("Đang điều tra")
        INSPECTION = "inspection", _("Đang thanh tra, kiểm tra có dấu hiệu vi phạm")
        COMPLAINT = "complaint", _("Có đơn khiếu nại đang giải quyết")
        DENUNCIATION = "denunciation", _("Có đơn tố cáo đang giải quyết")
        CONSULTATION = "consultation", _("Cơ quan được lấy ý kiến không đồng ý, đang xác minh")
        PRESS = "press", _("Báo chí phản ánh, đang xác minh")

    person = models.ForeignKey(
        "orgs.Person",
        verbose_name=_("cá nhân"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="proceedings",
    )
    unit = models.ForeignKey(
        "orgs.Unit",
        verbose_name=_("tập thể"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="proceedings",
    )
    kind = models.CharField(_("loại việc"), max_length=20, choices=Kind.choices)
    opened_on = models.DateField(_("từ ngày"))
    closed_on = models.DateField(_("kết thúc ngày"), null=True, blank=True)
    note = models.TextField(_("nội dung, căn cứ"), blank=True)
    closing_note = models.TextField(_("kết quả, căn cứ kết thúc"), blank=True)

    objects = PendingProceedingQuerySet.as_manager()

    class Meta:
        verbose_name = _("việc đang xem xét")
        verbose_name_plural = _("việc đang xem xét")
        ordering = ["-opened_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=False) | Q(unit__isnull=False), name="proceeding_has_subject"
            ),
        ]

    def __str__(self):
        return f"{self.person or self.unit}: {self.get_kind_display()}"

    @property
    def is_open(self) -> bool:
        return self.closed_on is None

    @classmethod
    def scope_q(cls, user):
        return subject_scope_q(user)

    def audit_unit_id(self):
        return self.unit_id or (self.person.unit_id if self.person_id else None)


for _model in (Rating, Initiative, Discipline, PendingProceeding):
    audited(_model)


# --------------------------------------------------------------------------------------------------------------
# Import of legacy award books


class ImportBatchQuerySet(ScopedQuerySet):
    pass


@audited
class ImportBatch(models.Model):
    """One uploaded award book (XLSX). Rows are staged, checked, reviewed, then committed all at once."""

    class Status(models.TextChoices):
        UPLOADED = "uploaded", _("Đã tải lên")
        PARSING = "parsing", _("Đang đọc tệp")
        INVALID = "invalid", _("Có lỗi, không nhập")
        REVIEW = "review", _("Chờ xác nhận")
        COMMITTING = "committing", _("Đang nhập vào sổ")
        COMMITTED = "committed", _("Đã nhập")
        CANCELLED = "cancelled", _("Đã hủy")

    unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("đơn vị nhập"), on_delete=models.PROTECT, related_name="award_imports"
    )
    file = models.FileField(_("tệp sổ khen thưởng"), upload_to="imports/awards/%Y/%m/")
    original_name = models.CharField(_("tên tệp"), max_length=255)
    # For books without a year column: the year of every row that has no decision date either.
    year = models.PositiveSmallIntegerField(_("năm thành tích (nếu sổ không có cột năm)"), null=True, blank=True)
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.UPLOADED)
    total_rows = models.PositiveIntegerField(_("số dòng"), default=0)
    processed_rows = models.PositiveIntegerField(_("đã đọc"), default=0)
    error_count = models.PositiveIntegerField(_("số lỗi"), default=0)
    ambiguous_count = models.PositiveIntegerField(_("cần xác nhận"), default=0)
    new_person_count = models.PositiveIntegerField(_("cá nhân mới"), default=0)
    committed_count = models.PositiveIntegerField(_("đã nhập"), default=0)
    message = models.TextField(_("thông báo"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    committed_at = models.DateTimeField(null=True, blank=True)

    objects = ImportBatchQuerySet.as_manager()
    scope_unit_field = "unit"

    class Meta:
        verbose_name = _("lần nhập sổ khen thưởng")
        verbose_name_plural = _("lần nhập sổ khen thưởng")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.original_name

    @classmethod
    def scope_q(cls, user):
        from thidua.core.scoping import unit_path_q

        return unit_path_q(user, "unit")

    def audit_unit_id(self):
        return self.unit_id

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("awards:import_detail", args=[self.pk])

    @property
    def in_progress(self) -> bool:
        return self.status in (self.Status.UPLOADED, self.Status.PARSING, self.Status.COMMITTING)

    @property
    def percent(self) -> int:
        if not self.total_rows:
            return 0 if self.in_progress else 100
        return min(100, round(100 * self.processed_rows / self.total_rows))


class ImportRow(models.Model):
    """One staged row of an award book. `status` says what the commit will do with it."""

    class Status(models.TextChoices):
        MATCHED = "matched", _("Khớp cá nhân")
        NEW = "new", _("Cá nhân chưa có, sẽ tạo mới")
        AMBIGUOUS = "ambiguous", _("Cần chọn cá nhân")
        COLLECTIVE = "collective", _("Khen tập thể")
        DUPLICATE = "duplicate", _("Đã có trong sổ, bỏ qua")
        ERROR = "error", _("Lỗi")

    # (no index of its own: the (batch, status, row_number) index below starts with it — one index fewer to
    # maintain while a 1,000,000-row book is staged)
    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="rows", db_index=False)
    row_number = models.PositiveIntegerField(_("dòng"))
    status = models.CharField(_("kết quả"), max_length=10, choices=Status.choices)
    full_name = models.CharField(_("họ tên"), max_length=255, blank=True)
    name_key = models.CharField(max_length=255, blank=True, default="")
    citizen_id = models.CharField(_("số CCCD"), max_length=12, blank=True)
    birth_date = models.DateField(_("ngày sinh"), null=True, blank=True)
    unit_name = models.CharField(_("đơn vị"), max_length=255, blank=True)
    award_name = models.CharField(_("danh hiệu/hình thức"), max_length=255, blank=True)
    year = models.PositiveSmallIntegerField(_("năm"), null=True, blank=True)
    decision_number = models.CharField(_("số quyết định"), max_length=100, blank=True)
    decision_date = models.DateField(_("ngày quyết định"), null=True, blank=True)
    commendation_type = models.CharField(max_length=12, choices=CommendationType.choices,
                                         default=CommendationType.CONG_TRANG)
    # No index on unit and award type (the import never looks rows up by them; deleting a unit or a catalogue entry,
    # which awards protect, scans this table), and a partial one on person: only matched rows have one, and it is
    # what deleting a person looks up.
    unit = models.ForeignKey("orgs.Unit", null=True, blank=True, on_delete=models.CASCADE, related_name="+",
                             db_index=False)
    award_type = models.ForeignKey(
        AwardType, null=True, blank=True, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    person = models.ForeignKey(
        "orgs.Person", null=True, blank=True, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    candidate_ids = models.JSONField(default=list, blank=True)
    errors = models.JSONField(default=list, blank=True)
    # The award's search text and sort key (of the person's or the collective's name), computed once per distinct
    # name while staging, so that the commit copies rows to the award book set-wise in SQL.
    search_text = models.CharField(max_length=400, blank=True, default="", editable=False)
    sort_key = models.CharField(max_length=1200, blank=True, default="", editable=False)

    class Meta:
        ordering = ["batch", "row_number"]
        indexes = [
            models.Index(fields=["batch", "status", "row_number"]),
            models.Index(fields=["person"], name="importrow_person", condition=Q(person__isnull=False)),
        ]

    def __str__(self):
        return f"{self.batch_id}:{self.row_number}"


from thidua.awards.models_quota import QuotaCap  # noqa: E402,F401  province caps of the quota page


class PersonFacts(models.Model):
    """Per-person fact summary read by the eligibility round: bit masks over absolute years (bit y − 1990).

    Written only by database triggers on people, ratings, awards, initiatives and discipline
    (`thidua/awards/person_facts.py`); never by the application. Deliberately no foreign key: the row of a
    person being deleted is removed by the person table's trigger, after the history rows are gone."""

    person_id = models.BigIntegerField(primary_key=True)
    joined_month = models.IntegerField(null=True)  # year × 12 + month − 1 of Person.joined_on
    rating_htxsnv = models.BigIntegerField(default=0)
    rating_httnv = models.BigIntegerField(default=0)
    rating_htnv = models.BigIntegerField(default=0)
    rating_khtnv = models.BigIntegerField(default=0)
    cstd = models.BigIntegerField(default=0)
    cstd_tinh = models.BigIntegerField(default=0)
    bk_tinh = models.BigIntegerField(default=0)
    bk_ttg = models.BigIntegerField(default=0)
    hcld3 = models.BigIntegerField(default=0)
    init_any = models.BigIntegerField(default=0)
    init_two = models.BigIntegerField(default=0)
    init_tinh = models.BigIntegerField(default=0)
    init_tq = models.BigIntegerField(default=0)
    discipline = models.BigIntegerField(default=0)

    class Meta:
        db_table = "awards_personfacts"
        verbose_name = _("tổng hợp dữ kiện cá nhân")
        verbose_name_plural = _("tổng hợp dữ kiện cá nhân")

    def __str__(self):
        return f"PersonFacts({self.person_id})"


class AwardStatQuerySet(ScopedQuerySet):
    pass


class AwardStat(models.Model):
    """Award counts per cell (unit × year × award type × commendation type), read by the statistics pages.
    Written only by database triggers on awards and people (`thidua/awards/award_stats.py`); never by the
    application. No foreign-key constraints: cells are counts, not records (a cell whose counts fall to 0 stays
    until the next rebuild)."""

    unit = models.ForeignKey("orgs.Unit", on_delete=models.DO_NOTHING, db_constraint=False, db_index=False,
                             related_name="+")
    year = models.PositiveSmallIntegerField()
    award_type = models.ForeignKey(AwardType, on_delete=models.DO_NOTHING, db_constraint=False, db_index=False,
                                   related_name="+")
    commendation_type = models.CharField(max_length=12)
    total = models.IntegerField(default=0)  # not revoked
    individual = models.IntegerField(default=0)
    women = models.IntegerField(default=0)  # individual, not revoked, the person a woman
    direct = models.IntegerField(default=0)  # individual, not revoked, the person a direct worker
    collective = models.IntegerField(default=0)
    household = models.IntegerField(default=0)
    revoked = models.IntegerField(default=0)

    objects = AwardStatQuerySet.as_manager()

    class Meta:
        verbose_name = _("thống kê khen thưởng tổng hợp")
        verbose_name_plural = _("thống kê khen thưởng tổng hợp")
        constraints = [models.UniqueConstraint(fields=["unit", "year", "award_type", "commendation_type"],
                                               name="award_stat_cell")]
        indexes = [models.Index(fields=["year", "unit"], name="award_stat_year")]

    @classmethod
    def scope_q(cls, user):
        """The same scope as the awards counted (`Award.scope_q`: the unit's tree and its lineage)."""
        return subject_scope_q(user, person_field=None, unit_field="unit")

    def __str__(self):
        return f"AwardStat({self.unit_id}, {self.year}, {self.award_type_id}: {self.total})"
