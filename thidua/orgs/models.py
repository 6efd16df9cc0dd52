import datetime as dt

from django.db import models, transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from thidua.core.audit import audited
from thidua.core.personal import mask_birth_date, may_see_personal_data
from thidua.core.scoping import ScopedModelMixin, ScopedQuerySet, can_edit
from thidua.core.text import clean_text, fold, person_sort_key, sort_key


class UnitQuerySet(ScopedQuerySet):
    def active_on(self, day: dt.date):
        return self.filter(Q(active_from__isnull=True) | Q(active_from__lte=day)).filter(
            Q(active_to__isnull=True) | Q(active_to__gte=day)
        )

    def search(self, query: str):
        from thidua.core.text import search_terms

        qs = self
        for term in search_terms(query):
            qs = qs.filter(search_text__contains=term)
        return qs

    def manageable_by(self, user):
        """Units whose record (name, parent, dates, lineage) the user may change: province staff all of them,
        a unit officer only the units below its own (its own unit is the province's business)."""
        if is_province_staff(user):
            return self
        unit = getattr(user, "unit", None)
        if unit is None or not can_edit(user):
            return self.none()
        return self.filter(path__startswith=unit.path).exclude(pk=unit.pk)

    def parent_choices_for(self, user):
        """Units under which the user may place a new or edited unit."""
        if is_province_staff(user):
            return self
        return self.editable_by(user)


def is_province_staff(user) -> bool:
    """Province TĐKT staff (and administrators): manage province-level records and see citizen ids unmasked."""
    return bool(user is not None and user.has_perm("orgs.manage_structure"))


@audited
class Unit(ScopedModelMixin, models.Model):
    """An agency, locality, school, enterprise or organisation; a tree through `parent`."""

    class Kind(models.TextChoices):
        PROVINCE = "province", _("UBND tỉnh / cấp tỉnh")
        AGENCY = "agency", _("Sở, ban, ngành")
        LOCALITY = "locality", _("Địa phương (huyện, xã, phường)")
        SCHOOL = "school", _("Trường học")
        ENTERPRISE = "enterprise", _("Doanh nghiệp")
        MASS_ORG = "mass_org", _("Tổ chức chính trị - xã hội, hội")
        PRESS = "press", _("Cơ quan báo chí, truyền thông")
        OTHER = "other", _("Khác")

    name = models.CharField(_("tên đơn vị"), max_length=255)
    short_name = models.CharField(_("tên viết tắt"), max_length=100, blank=True)
    code = models.SlugField(_("mã đơn vị"), max_length=64, unique=True)
    kind = models.CharField(_("loại đơn vị"), max_length=16, choices=Kind.choices, default=Kind.AGENCY)
    parent = models.ForeignKey(
        "self", verbose_name=_("đơn vị cấp trên"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    path = models.CharField(max_length=255, db_index=True, editable=False, default="")
    active_from = models.DateField(_("hoạt động từ"), null=True, blank=True)
    active_to = models.DateField(_("hoạt động đến"), null=True, blank=True)
    address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    search_text = models.CharField(max_length=400, db_index=True, editable=False, default="")
    sort_key = models.CharField(max_length=1200, db_index=True, editable=False, default="")

    objects = UnitQuerySet.as_manager()

    scope_unit_field = "self"

    class Meta:
        verbose_name = _("đơn vị")
        verbose_name_plural = _("đơn vị")
        ordering = ["sort_key"]

    def __str__(self):
        return self.name

    @classmethod
    def scope_q(cls, user):
        unit = getattr(user, "unit", None)
        if unit is None:
            return Q(pk__in=[])
        return Q(path__startswith=unit.path)

    def audit_unit_id(self):
        return self.pk

    @property
    def is_active(self) -> bool:
        today = dt.date.today()
        return (self.active_from is None or self.active_from <= today) and (self.active_to is None or self.active_to >= today)

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.active_from and self.active_to and self.active_to < self.active_from:
            raise ValidationError({"active_to": _("Ngày kết thúc hoạt động phải sau ngày bắt đầu.")})
        if self.pk and self.parent_id:
            node = self.parent
            while node is not None:
                if node.pk == self.pk:
                    raise ValidationError({"parent": _("Đơn vị cấp trên không được là chính nó hoặc đơn vị trực thuộc nó.")})
                node = node.parent

    def save(self, *args, **kwargs):
        self.search_text = fold(f"{self.name} {self.short_name} {self.code}")
        self.sort_key = sort_key(self.name)
        with transaction.atomic():
            old_path = self.path
            super().save(*args, **kwargs)
            new_path = f"{self.parent.path if self.parent_id else '/'}{self.pk}/"
            if new_path != old_path:
                Unit.objects.filter(pk=self.pk).update(path=new_path)
                self.path = new_path
                if old_path:  # moved: re-root the subtree
                    for child in Unit.objects.filter(path__startswith=old_path).exclude(pk=self.pk):
                        Unit.objects.filter(pk=child.pk).update(path=new_path + child.path[len(old_path):])

    def subtree(self):
        return Unit.objects.filter(path__startswith=self.path)

    def predecessor_ids(self) -> set[int]:
        """This unit and every unit that became (part of) it, transitively: histories follow the lineage."""
        return UnitLineage.lineage_ids(self.pk)


@audited
class UnitLineage(models.Model):
    """Unit A became (part of) unit B on a date: merge, split, rename, dissolve (the 2025 reorganisation)."""

    class Kind(models.TextChoices):
        MERGE = "merge", _("Sáp nhập / hợp nhất")
        SPLIT = "split", _("Chia tách")
        RENAME = "rename", _("Đổi tên")
        DISSOLVE = "dissolve", _("Giải thể")

    kind = models.CharField(_("loại sự kiện"), max_length=16, choices=Kind.choices)
    predecessor = models.ForeignKey(Unit, verbose_name=_("đơn vị trước"), on_delete=models.PROTECT, related_name="lineage_out")
    successor = models.ForeignKey(
        Unit, verbose_name=_("đơn vị sau"), null=True, blank=True, on_delete=models.PROTECT, related_name="lineage_in"
    )
    effective_on = models.DateField(_("ngày hiệu lực"))
    decision = models.CharField(_("văn bản, quyết định"), max_length=200, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("sự kiện sắp xếp đơn vị")
        verbose_name_plural = _("sự kiện sắp xếp đơn vị")
        ordering = ["-effective_on"]

    def __str__(self):
        return f"{self.predecessor} → {self.successor or '—'} ({self.get_kind_display()}, {self.effective_on:%d/%m/%Y})"

    def audit_unit_id(self):
        return self.successor_id or self.predecessor_id

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.kind != self.Kind.DISSOLVE and not self.successor_id:
            raise ValidationError({"successor": _("Cần chọn đơn vị sau sắp xếp.")})
        if self.successor_id and self.successor_id == self.predecessor_id:
            raise ValidationError({"successor": _("Đơn vị trước và sau phải khác nhau.")})

    @classmethod
    def lineage_ids(cls, unit_id: int) -> set[int]:
        edges = {}
        for pred, succ in cls.objects.exclude(successor=None).values_list("predecessor_id", "successor_id"):
            edges.setdefault(succ, set()).add(pred)
        seen, stack = {unit_id}, [unit_id]
        while stack:
            for pred in edges.get(stack.pop(), ()):
                if pred not in seen:
                    seen.add(pred)
                    stack.append(pred)
        return seen


@audited
class Period(models.Model):
    """A calendar year, a school year (Sept–Aug, labelled by both years), or a multi-year stage."""

    class Kind(models.TextChoices):
        YEAR = "year", _("Năm")
        SCHOOL_YEAR = "school_year", _("Năm học")
        STAGE = "stage", _("Giai đoạn")

    kind = models.CharField(_("loại kỳ"), max_length=16, choices=Kind.choices)
    label = models.CharField(_("tên kỳ"), max_length=50, unique=True)
    start = models.DateField(_("từ ngày"))
    end = models.DateField(_("đến ngày"))

    class Meta:
        verbose_name = _("kỳ thi đua")
        verbose_name_plural = _("kỳ thi đua")
        ordering = ["-start", "kind"]

    def __str__(self):
        return str(self.label)

    @property
    def end_year(self) -> int:
        """The year a period counts for in award rules (a school year counts in the year it ends)."""
        return self.end.year

    @classmethod
    def year(cls, year: int) -> "Period":
        obj, _ = cls.objects.get_or_create(
            label=str(year), defaults={"kind": cls.Kind.YEAR, "start": dt.date(year, 1, 1), "end": dt.date(year, 12, 31)}
        )
        return obj

    @classmethod
    def school_year(cls, first_year: int) -> "Period":
        obj, _ = cls.objects.get_or_create(
            label=f"{first_year}-{first_year + 1}",
            defaults={"kind": cls.Kind.SCHOOL_YEAR, "start": dt.date(first_year, 9, 1), "end": dt.date(first_year + 1, 8, 31)},
        )
        return obj

    @classmethod
    def stage(cls, first_year: int, last_year: int) -> "Period":
        obj, _ = cls.objects.get_or_create(
            label=f"Giai đoạn {first_year}-{last_year}",
            defaults={"kind": cls.Kind.STAGE, "start": dt.date(first_year, 1, 1), "end": dt.date(last_year, 12, 31)},
        )
        return obj


class EmulationGroupQuerySet(ScopedQuerySet):
    pass


@audited
class EmulationGroup(models.Model):
    """Cụm thi đua (localities) or Khối thi đua (agencies of a sector)."""

    class Kind(models.TextChoices):
        CLUSTER = "cluster", _("Cụm thi đua")
        BLOCK = "block", _("Khối thi đua")

    class Cycle(models.TextChoices):
        YEAR = "year", _("Năm dương lịch")
        SCHOOL_YEAR = "school_year", _("Năm học")

    name = models.CharField(_("tên Cụm/Khối"), max_length=255, unique=True)
    kind = models.CharField(_("loại"), max_length=16, choices=Kind.choices)
    cycle = models.CharField(_("kỳ hoạt động"), max_length=16, choices=Cycle.choices, default=Cycle.YEAR)
    description = models.TextField(_("mô tả"), blank=True)
    members = models.ManyToManyField(Unit, through="GroupMembership", related_name="emulation_groups")
    sort_key = models.CharField(max_length=1200, db_index=True, editable=False, default="")

    objects = EmulationGroupQuerySet.as_manager()

    class Meta:
        verbose_name = _("Cụm, Khối thi đua")
        verbose_name_plural = _("Cụm, Khối thi đua")
        ordering = ["kind", "sort_key"]

    def __str__(self):
        return self.name

    @classmethod
    def scope_q(cls, user):
        unit = getattr(user, "unit", None)
        if unit is None:
            return Q(pk__in=[])
        return Q(pk__in=GroupMembership.objects.filter(unit__path__startswith=unit.path).values("group_id"))

    def save(self, *args, **kwargs):
        self.sort_key = sort_key(self.name)
        super().save(*args, **kwargs)


@audited
class GroupMembership(models.Model):
    group = models.ForeignKey(EmulationGroup, on_delete=models.CASCADE, related_name="memberships")
    unit = models.ForeignKey(Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="group_memberships")
    joined_on = models.DateField(_("tham gia từ"), null=True, blank=True)
    left_on = models.DateField(_("rời Cụm/Khối"), null=True, blank=True)

    class Meta:
        verbose_name = _("thành viên Cụm, Khối")
        verbose_name_plural = _("thành viên Cụm, Khối")
        constraints = [models.UniqueConstraint(fields=["group", "unit"], name="uniq_group_member")]

    def __str__(self):
        return f"{self.unit} — {self.group}"

    def audit_unit_id(self):
        return self.unit_id

    @property
    def is_current(self) -> bool:
        return self.left_on is None or self.left_on >= dt.date.today()


@audited
class GroupLeadership(models.Model):
    """Head (Trưởng) or deputy (Phó) unit of a group for a period (school year for the universities block)."""

    class Role(models.TextChoices):
        HEAD = "head", _("Trưởng Khối/Cụm")
        DEPUTY = "deputy", _("Phó Khối/Cụm")

    group = models.ForeignKey(EmulationGroup, on_delete=models.CASCADE, related_name="leaderships")
    period = models.ForeignKey(Period, verbose_name=_("kỳ"), on_delete=models.PROTECT)
    unit = models.ForeignKey(Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="group_leaderships")
    role = models.CharField(_("vai trò"), max_length=16, choices=Role.choices)
    decision = models.CharField(_("quyết định phê duyệt"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("Trưởng, Phó Cụm/Khối")
        verbose_name_plural = _("Trưởng, Phó Cụm/Khối")
        constraints = [
            models.UniqueConstraint(
                fields=["group", "period"], condition=Q(role="head"), name="one_head_per_group_period"
            ),
            models.UniqueConstraint(fields=["group", "period", "unit"], name="one_role_per_unit_group_period"),
        ]
        ordering = ["-period__start", "role"]

    def __str__(self):
        return f"{self.get_role_display()} {self.group} {self.period}: {self.unit}"

    def audit_unit_id(self):
        return self.unit_id


class PersonQuerySet(ScopedQuerySet):
    def search(self, query: str):
        from thidua.core.text import search_terms

        qs = self
        for term in search_terms(query):
            qs = qs.filter(search_text__contains=term)
        return qs

    def search_for(self, user, query: str):
        """Name search without diacritics; a query of digits also matches citizen ids, for province staff only
        (others must not learn whether an id is on file)."""
        query = (query or "").strip()
        digits = query.replace(" ", "")
        if digits.isdigit() and len(digits) >= 3 and may_see_personal_data(user):
            return self.filter(citizen_id__contains=digits)
        return self.search(query)

    def in_unit_tree(self, unit):
        return self.filter(unit__path__startswith=unit.path)


@audited
class Person(ScopedModelMixin, models.Model):
    class Gender(models.TextChoices):
        MALE = "male", _("Nam")
        FEMALE = "female", _("Nữ")

    full_name = models.CharField(_("họ và tên"), max_length=150)
    gender = models.CharField(_("giới tính"), max_length=8, choices=Gender.choices)
    birth_date = models.DateField(_("ngày sinh"), null=True, blank=True)
    citizen_id = models.CharField(_("số CCCD"), max_length=12, blank=True, db_index=True)
    unit = models.ForeignKey(Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="people")
    position = models.CharField(_("chức vụ, chức danh"), max_length=200, blank=True)
    direct_worker = models.BooleanField(_("người lao động trực tiếp"), default=False)
    joined_on = models.DateField(_("ngày vào làm việc"), null=True, blank=True)
    active = models.BooleanField(_("đang công tác"), default=True)
    search_text = models.CharField(max_length=400, db_index=True, editable=False, default="")
    sort_key = models.CharField(max_length=600, db_index=True, editable=False, default="")

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("cá nhân")
        verbose_name_plural = _("cá nhân")
        ordering = ["sort_key", "id"]
        indexes = [models.Index(fields=["unit", "sort_key"])]

    def __str__(self):
        return self.full_name

    @property
    def masked_citizen_id(self) -> str:
        if not self.citizen_id:
            return ""
        return "•" * max(len(self.citizen_id) - 3, 0) + self.citizen_id[-3:]

    def citizen_id_for(self, user) -> str:
        """The citizen id as `user` may see it: in full for province staff, masked for everyone else."""
        return self.citizen_id if may_see_personal_data(user) else self.masked_citizen_id

    def birth_date_for(self, user) -> str:
        """The birth date as `user` may see it (dd/mm/yyyy, or only the year: Decree 13/2023)."""
        if not self.birth_date:
            return ""
        return f"{self.birth_date:%d/%m/%Y}" if may_see_personal_data(user) else mask_birth_date(self.birth_date)

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.citizen_id and not (self.citizen_id.isascii() and self.citizen_id.isdigit() and len(self.citizen_id) == 12):
            raise ValidationError({"citizen_id": _("Số CCCD phải gồm đúng 12 chữ số.")})
        if self.birth_date and self.birth_date > dt.date.today():
            raise ValidationError({"birth_date": _("Ngày sinh không được ở tương lai.")})

    def fill_derived(self):
        """Normalise the name and fill the search and sort columns (also used before bulk_create)."""
        self.full_name = " ".join(clean_text(self.full_name).split())
        self.search_text = fold(self.full_name)
        self.sort_key = person_sort_key(self.full_name)

    def save(self, *args, **kwargs):
        self.fill_derived()
        super().save(*args, **kwargs)
