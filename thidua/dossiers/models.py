"""Dossiers (hồ sơ đề nghị khen thưởng), their nominations and attachments, the workflow's event log, council
sessions with secret ballots, and decisions.

State changes never happen here: `services.py` applies them (see `workflow.py` for the table of transitions).
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thidua.core.audit import audited
from thidua.core.scoping import ScopedModelMixin, ScopedQuerySet, unit_path_q
from thidua.core.text import fold, person_sort_key, sort_key


class DossierState(models.TextChoices):
    DRAFT = "draft", _("Đang soạn")
    SUBMITTED = "submitted", _("Đã gửi")
    RECEIVED = "received", _("Đã tiếp nhận")
    RETURNED = "returned", _("Trả lại để bổ sung")
    RESUBMITTED = "resubmitted", _("Đã gửi lại")
    APPRAISED = "appraised", _("Đã thẩm định")
    COUNCIL = "council", _("Trình Hội đồng")
    FOR_DECISION = "for_decision", _("Trình ký quyết định")
    DECIDED = "decided", _("Đã có quyết định")
    REJECTED = "rejected", _("Không khen thưởng")
    # Every nomination put to the council failed its secret ballot: closed without going to signature.
    NOT_AWARDED = "not_awarded", _("Không khen thưởng (không đạt tỷ lệ phiếu Hội đồng)")
    WITHDRAWN = "withdrawn", _("Đơn vị rút hồ sơ")


# States in which the unit may change its dossier (nothing is editable after submission except through a return).
EDITABLE_STATES = frozenset({DossierState.DRAFT, DossierState.RETURNED})
FINAL_STATES = frozenset({DossierState.DECIDED, DossierState.REJECTED, DossierState.NOT_AWARDED,
                          DossierState.WITHDRAWN})


class DossierQuerySet(ScopedQuerySet):
    def search(self, query: str):
        from thidua.core.text import search_terms

        qs = self
        for term in search_terms(query):
            qs = qs.filter(search_text__contains=term)
        return qs

    def open(self):
        return self.exclude(state__in=FINAL_STATES)

    def overdue(self, today):
        return self.filter(due_on__lt=today).exclude(due_on=None)


@audited
class Dossier(ScopedModelMixin, models.Model):
    """One submission from a unit: several nominations and their attachments."""

    State = DossierState

    class Kind(models.TextChoices):
        MERIT = "cong_trang", _("Khen thưởng theo công trạng và thành tích")
        SUDDEN = "dot_xuat", _("Khen thưởng đột xuất")
        THEMATIC = "chuyen_de", _("Khen thưởng theo chuyên đề")
        MOVEMENT = "phong_trao", _("Khen thưởng phong trào thi đua")
        DEDICATION = "cong_hien", _("Khen thưởng quá trình cống hiến")
        FOREIGN = "doi_ngoai", _("Khen thưởng đối ngoại")

    class Procedure(models.TextChoices):
        NORMAL = "normal", _("Thủ tục thông thường")
        SIMPLIFIED = "simplified", _("Thủ tục đơn giản")

    class DueKind(models.TextChoices):
        RECEIVE = "receive", _("Tiếp nhận hoặc trả lại hồ sơ (5 ngày làm việc)")
        APPRAISE = "appraise", _("Thẩm định, trình khen thưởng (20 ngày làm việc)")
        SEND = "send", _("Gửi quyết định cho đơn vị (10 ngày làm việc)")

    unit = models.ForeignKey("orgs.Unit", verbose_name=_("đơn vị trình"), on_delete=models.PROTECT, related_name="dossiers")
    title = models.CharField(_("trích yếu"), max_length=300)
    kind = models.CharField(_("loại khen thưởng"), max_length=16, choices=Kind.choices, default=Kind.MERIT)
    procedure = models.CharField(_("thủ tục"), max_length=16, choices=Procedure.choices, default=Procedure.NORMAL)
    year = models.PositiveIntegerField(_("năm thành tích"))
    achievement_on = models.DateField(_("ngày lập thành tích (đột xuất)"), null=True, blank=True)
    state = models.CharField(
        _("trạng thái"), max_length=16, choices=DossierState.choices, default=DossierState.DRAFT, editable=False, db_index=True
    )
    # Optimistic lock: every transition is `UPDATE … WHERE id=… AND state=… AND version=…` and bumps this.
    version = models.PositiveIntegerField(default=0, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    submitted_on = models.DateField(_("ngày gửi"), null=True, blank=True, editable=False)
    received_on = models.DateField(_("ngày tiếp nhận"), null=True, blank=True, editable=False)
    due_on = models.DateField(_("hạn xử lý"), null=True, blank=True, editable=False, db_index=True)
    due_kind = models.CharField(_("việc phải làm trước hạn"), max_length=16, choices=DueKind.choices, blank=True, editable=False)
    reminded_on = models.DateField(null=True, blank=True, editable=False)
    last_reason = models.TextField(_("lý do trả lại / không khen thưởng"), blank=True, editable=False)
    appraisal_note = models.TextField(_("ý kiến thẩm định"), blank=True, editable=False)
    # The Tờ trình of the standing body (Sở Nội vụ) once signed: the Quyết định cites it ("tại Tờ trình số …").
    proposal_number = models.CharField(_("số Tờ trình"), max_length=60, blank=True, editable=False)
    proposal_date = models.DateField(_("ngày Tờ trình"), null=True, blank=True, editable=False)
    search_text = models.CharField(max_length=500, db_index=True, editable=False, default="")

    objects = DossierQuerySet.as_manager()

    class Meta:
        verbose_name = _("hồ sơ khen thưởng")
        verbose_name_plural = _("hồ sơ khen thưởng")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["state", "due_on"]),
                   models.Index(fields=["created_at", "id"], name="dossier_created_order")]

    def __str__(self):
        return f"HS-{self.pk or 0:05d} {self.title}"

    def get_absolute_url(self):
        return reverse("dossiers:detail", args=[self.pk])

    @property
    def code(self) -> str:
        return f"HS-{self.pk:05d}"

    @property
    def is_editable(self) -> bool:
        return self.state in EDITABLE_STATES

    @property
    def is_final(self) -> bool:
        return self.state in FINAL_STATES

    def save(self, *args, **kwargs):
        self.search_text = fold(f"{self.title} {self.pk or ''}")
        super().save(*args, **kwargs)


class NominationQuerySet(ScopedQuerySet):
    def for_rendering(self):
        """Everything a list, minutes or annex row shows, in one query (no per-row queries)."""
        return self.select_related(
            "dossier", "dossier__unit", "person", "person__unit", "nominee_unit", "award_type"
        ).order_by("sort_key", "id")


@audited
class Nomination(models.Model):
    """One person or collective proposed for one award in a dossier."""

    class Kind(models.TextChoices):
        INDIVIDUAL = "individual", _("Cá nhân")
        COLLECTIVE = "collective", _("Tập thể")

    class Appraisal(models.TextChoices):
        PENDING = "pending", _("Chưa thẩm định")
        ACCEPTED = "accepted", _("Đủ điều kiện trình")
        EXCLUDED = "excluded", _("Không đủ điều kiện")

    class CouncilResult(models.TextChoices):
        NONE = "", _("Chưa xét")
        PASSED = "passed", _("Đạt tỷ lệ phiếu")
        FAILED = "failed", _("Không đạt tỷ lệ phiếu")

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="nominations")
    kind = models.CharField(_("đối tượng"), max_length=16, choices=Kind.choices, default=Kind.INDIVIDUAL)
    person = models.ForeignKey(
        "orgs.Person", verbose_name=_("cá nhân"), null=True, blank=True, on_delete=models.PROTECT, related_name="nominations"
    )
    nominee_unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("tập thể"), null=True, blank=True, on_delete=models.PROTECT, related_name="nominations"
    )
    award_type = models.ForeignKey("awards.AwardType", verbose_name=_("hình thức, danh hiệu"), on_delete=models.PROTECT)
    achievement_summary = models.TextField(_("tóm tắt thành tích"))
    justification = models.TextField(
        _("giải trình (khi chưa đủ tiêu chuẩn)"), blank=True,
        help_text=_("Bắt buộc nếu hệ thống đánh giá chưa đủ tiêu chuẩn; được đánh dấu cho cán bộ thẩm định."),
    )
    # A declared basis (LAW-V2.md §B): a qualitative route the council judges, with whether the proof is attached
    # (originals or certified copies, CV 5007/BNV-TĐKT III.6.g). Fed to the engine as the case's `bases`.
    basis_route = models.CharField(
        _("căn cứ thành tích kê khai"), max_length=40, blank=True, default="",
        help_text=_("Dùng khi đề nghị theo tiêu chuẩn định tính (phong trào thi đua, thành tích đột xuất, đóng góp…): "
                    "Hội đồng Thi đua – Khen thưởng đánh giá căn cứ này."),
    )
    basis_evidence = models.BooleanField(
        _("hồ sơ có minh chứng cho căn cứ"), default=False,
        help_text=_("Bản chính hoặc bản sao có chứng thực; có thể tải lên tệp “Tài liệu minh chứng” của đề nghị."),
    )
    basis_movement_years = models.PositiveSmallIntegerField(
        _("số năm dẫn đầu phong trào"), null=True, blank=True,
        help_text=_("Chỉ với căn cứ dẫn đầu phong trào thi đua do Thủ tướng phát động (cần từ 5 năm trở lên)."),
    )
    # Verdict of the eligibility engine at submission time (DESIGN.md §4.2 shape); the live one is recomputed.
    verdict = models.JSONField(_("kết quả đánh giá tiêu chuẩn"), default=dict, blank=True, editable=False)
    eligible = models.BooleanField(null=True, blank=True, editable=False)
    flagged = models.BooleanField(_("đề nghị dù chưa đủ tiêu chuẩn"), default=False, editable=False)
    appraisal = models.CharField(
        _("kết quả thẩm định"), max_length=16, choices=Appraisal.choices, default=Appraisal.PENDING, editable=False
    )
    appraisal_note = models.TextField(_("ý kiến thẩm định"), blank=True, editable=False)
    council_result = models.CharField(
        _("kết quả Hội đồng"), max_length=16, choices=CouncilResult.choices, blank=True, default="", editable=False
    )
    # Public posting (công khai) before high-level awards: at least 5 working days (LAW.md §5).
    posting_starts_on = models.DateField(_("công khai từ ngày"), null=True, blank=True, editable=False)
    posting_ends_on = models.DateField(_("công khai đến ngày"), null=True, blank=True, editable=False)
    decision = models.ForeignKey(
        "Decision", null=True, blank=True, on_delete=models.SET_NULL, related_name="nominations", editable=False
    )
    award = models.ForeignKey(
        "awards.Award", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    # Denormalised for lists and the decision annex (Vietnamese name order without joins).
    nominee_name = models.CharField(_("tên đối tượng"), max_length=300, editable=False, default="")
    sort_key = models.CharField(max_length=1200, db_index=True, editable=False, default="")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = NominationQuerySet.as_manager()

    class Meta:
        verbose_name = _("đề nghị khen thưởng")
        verbose_name_plural = _("đề nghị khen thưởng")
        ordering = ["sort_key", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind="individual", person__isnull=False, nominee_unit__isnull=True)
                           | Q(kind="collective", person__isnull=True, nominee_unit__isnull=False)),
                name="nomination_has_one_nominee",
            )
        ]

    def __str__(self):
        return f"{self.nominee_name} — {self.award_type_id and self.award_type}"

    @classmethod
    def scope_q(cls, user) -> Q:
        return unit_path_q(user, "dossier__unit")

    def audit_unit_id(self):
        return self.dossier.unit_id if self.dossier_id else None

    @property
    def subject_unit_id(self):
        """The unit a conflict of interest is checked against: the person's unit or the collective itself."""
        return self.person.unit_id if self.person_id else self.nominee_unit_id

    def save(self, *args, **kwargs):
        if self.person_id:
            self.kind = self.Kind.INDIVIDUAL
            self.nominee_name = self.person.full_name
            self.sort_key = person_sort_key(self.person.full_name)
        elif self.nominee_unit_id:
            self.kind = self.Kind.COLLECTIVE
            self.nominee_name = self.nominee_unit.name
            self.sort_key = sort_key(self.nominee_unit.name)
        super().save(*args, **kwargs)


class AttachmentQuerySet(ScopedQuerySet):
    pass


def attachment_path(instance, filename):
    # A random name: the original name is kept in the database only, never used on disk.
    return f"dossiers/{timezone.now():%Y/%m}/{uuid.uuid4().hex}"


@audited
class Attachment(models.Model):
    class Kind(models.TextChoices):
        PROPOSAL = "to_trinh", _("Tờ trình")
        REPORT = "bao_cao", _("Báo cáo thành tích")
        MINUTES = "bien_ban", _("Biên bản họp xét")
        EVIDENCE = "minh_chung", _("Tài liệu minh chứng")

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="attachments")
    nomination = models.ForeignKey(
        Nomination, verbose_name=_("thuộc đề nghị"), null=True, blank=True, on_delete=models.CASCADE, related_name="attachments"
    )
    kind = models.CharField(_("loại tài liệu"), max_length=16, choices=Kind.choices)
    file = models.FileField(_("tệp"), upload_to=attachment_path, max_length=255)
    original_name = models.CharField(_("tên tệp"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(_("dung lượng"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)

    objects = AttachmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("tài liệu kèm theo")
        verbose_name_plural = _("tài liệu kèm theo")
        ordering = ["kind", "uploaded_at", "id"]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.original_name}"

    @classmethod
    def scope_q(cls, user) -> Q:
        return unit_path_q(user, "dossier__unit")

    def audit_unit_id(self):
        return self.dossier.unit_id if self.dossier_id else None


class DossierEventQuerySet(ScopedQuerySet):
    pass


class DossierEvent(models.Model):
    """One applied transition (the timeline shown to the unit and the province)."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("thao tác"), max_length=32)
    from_state = models.CharField(_("từ trạng thái"), max_length=16, choices=DossierState.choices)
    to_state = models.CharField(_("sang trạng thái"), max_length=16, choices=DossierState.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    actor_name = models.CharField(max_length=150, blank=True)
    reason = models.TextField(_("lý do, ý kiến"), blank=True)
    at = models.DateTimeField(_("thời điểm"), default=timezone.now)

    objects = DossierEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("bước xử lý hồ sơ")
        verbose_name_plural = _("bước xử lý hồ sơ")
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.dossier_id}: {self.from_state} → {self.to_state}"

    @classmethod
    def scope_q(cls, user) -> Q:
        return unit_path_q(user, "dossier__unit")

    @property
    def action_label(self):
        from thidua.dossiers.workflow import ACTION_LABELS

        return ACTION_LABELS.get(self.action, self.action)


# --- Council, sessions, secret ballots ---------------------------------------------------------------------


@audited
class Council(models.Model):
    """Hội đồng Thi đua – Khen thưởng (of the province, or of a unit)."""

    name = models.CharField(_("tên Hội đồng"), max_length=255)
    unit = models.ForeignKey("orgs.Unit", verbose_name=_("cơ quan"), on_delete=models.PROTECT, related_name="councils")
    established_by = models.CharField(_("quyết định thành lập"), max_length=200, blank=True)
    active = models.BooleanField(_("đang hoạt động"), default=True)

    class Meta:
        verbose_name = _("Hội đồng Thi đua – Khen thưởng")
        verbose_name_plural = _("Hội đồng Thi đua – Khen thưởng")

    def __str__(self):
        return self.name


@audited
class CouncilMember(models.Model):
    class Role(models.TextChoices):
        CHAIR = "chair", _("Chủ tịch Hội đồng")
        VICE_CHAIR = "vice_chair", _("Phó Chủ tịch Hội đồng")
        STANDING = "standing", _("Ủy viên Thường trực")
        MEMBER = "member", _("Ủy viên")

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("tài khoản"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="council_memberships",
    )
    person = models.ForeignKey("orgs.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="council_memberships")
    full_name = models.CharField(_("họ và tên"), max_length=150)
    position = models.CharField(_("chức vụ"), max_length=200, blank=True)
    unit = models.ForeignKey("orgs.Unit", verbose_name=_("đơn vị công tác"), on_delete=models.PROTECT, related_name="+")
    role = models.CharField(_("vai trò trong Hội đồng"), max_length=16, choices=Role.choices, default=Role.MEMBER)
    active = models.BooleanField(_("đang là thành viên"), default=True)
    sort_key = models.CharField(max_length=600, db_index=True, editable=False, default="")

    class Meta:
        verbose_name = _("thành viên Hội đồng")
        verbose_name_plural = _("thành viên Hội đồng")
        ordering = ["council", "role", "sort_key", "id"]
        constraints = [
            models.UniqueConstraint(fields=["council", "user"], condition=Q(user__isnull=False), name="uniq_council_user")
        ]

    def __str__(self):
        return self.full_name

    def save(self, *args, **kwargs):
        self.sort_key = person_sort_key(self.full_name)
        super().save(*args, **kwargs)

    def conflict_with(self, nomination, relatives=None) -> str | None:
        """Why this member must recuse from a nomination (conflict of interest), or None.

        The member is the nominee; works in the nominee's unit (the person's unit, or the collective itself), in
        the unit directly above it (unless that is the province at the top) or directly below it; or has declared the nominee as a relative (`relatives`:
        {person_id: relation label} for this member, else read from the database)."""
        from thidua.dossiers import recusal

        if nomination.person_id and self.person_id == nomination.person_id:
            return recusal.text(recusal.NOMINEE)
        if nomination.person_id:
            if relatives is None:
                relatives = {r.person_id: r.get_relation_display() for r in self.relatives.all()}
            if nomination.person_id in relatives:
                return recusal.text(recusal.RELATIVE, str(relatives[nomination.person_id]))
        subject = nomination.person.unit if nomination.person_id else nomination.nominee_unit
        if subject is None:
            return None
        if subject.pk == self.unit_id:
            return recusal.text(recusal.SAME_UNIT)
        # The parent rule stops at the top of the tree: the province itself (UBND tỉnh, where the council's chair
        # and vice-chairs sit) is the parent of every agency, and would otherwise recuse them from every ballot.
        if subject.parent_id and subject.parent_id == self.unit_id and self.unit.parent_id is not None:
            return recusal.text(recusal.PARENT_UNIT)
        if self.unit.parent_id == subject.pk:
            return recusal.text(recusal.CHILD_UNIT)
        return None

    def conflicts_with(self, nomination) -> bool:
        return self.conflict_with(nomination) is not None


class DeclaredRelative(models.Model):
    """A relative a council member has declared (kê khai quan hệ gia đình): the member recuses from any ballot on
    that person's nomination."""

    class Relation(models.TextChoices):
        SPOUSE = "spouse", _("Vợ, chồng")
        PARENT = "parent", _("Cha, mẹ (đẻ, nuôi, vợ/chồng)")
        CHILD = "child", _("Con (đẻ, nuôi, dâu, rể)")
        SIBLING = "sibling", _("Anh, chị, em ruột")
        OTHER = "other", _("Quan hệ gia đình khác")

    member = models.ForeignKey(CouncilMember, on_delete=models.CASCADE, related_name="relatives")
    person = models.ForeignKey("orgs.Person", verbose_name=_("người thân"), on_delete=models.CASCADE,
                               related_name="declared_by_council_members")
    relation = models.CharField(_("quan hệ"), max_length=16, choices=Relation.choices)

    class Meta:
        verbose_name = _("người thân đã kê khai")
        verbose_name_plural = _("người thân đã kê khai")
        constraints = [models.UniqueConstraint(fields=["member", "person"], name="uniq_declared_relative")]

    def __str__(self):
        return f"{self.member} — {self.get_relation_display()}: {self.person_id}"


@audited
class CouncilSession(models.Model):
    class State(models.TextChoices):
        PLANNED = "planned", _("Chuẩn bị")
        OPEN = "open", _("Đang họp")
        CLOSED = "closed", _("Đã kết thúc")

    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="sessions")
    title = models.CharField(_("nội dung phiên họp"), max_length=300)
    held_on = models.DateField(_("ngày họp"))
    place = models.CharField(_("địa điểm"), max_length=300, blank=True)
    considers_titles = models.BooleanField(
        _("xét danh hiệu, hình thức khen thưởng"), default=True,
        help_text=_("Khi xét danh hiệu, hình thức khen thưởng cần ít nhất 80% thành viên có mặt."),
    )
    state = models.CharField(_("trạng thái"), max_length=16, choices=State.choices, default=State.PLANNED, editable=False)
    chair = models.ForeignKey(
        CouncilMember, verbose_name=_("chủ trì"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Snapshot at opening: the member count every threshold is computed against (ALL members).
    members_total = models.PositiveIntegerField(_("tổng số thành viên"), default=0, editable=False)
    opened_at = models.DateTimeField(null=True, blank=True, editable=False)
    closed_at = models.DateTimeField(null=True, blank=True, editable=False)
    conclusion = models.TextField(_("kết luận của phiên họp"), blank=True)
    minutes_number = models.CharField(_("số biên bản"), max_length=60, blank=True, editable=False)
    secretary = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("thư ký"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("phiên họp Hội đồng")
        verbose_name_plural = _("phiên họp Hội đồng")
        ordering = ["-held_on", "-id"]

    def __str__(self):
        return f"{self.title} ({self.held_on:%d/%m/%Y})"

    def get_absolute_url(self):
        return reverse("dossiers:session", args=[self.pk])


@audited
class Attendance(models.Model):
    """A member's presence at a session; an absent member may send a written vote (phiếu bằng văn bản)."""

    session = models.ForeignKey(CouncilSession, on_delete=models.CASCADE, related_name="attendance")
    member = models.ForeignKey(CouncilMember, on_delete=models.PROTECT, related_name="attendance")
    present = models.BooleanField(_("có mặt"), default=False)
    written_vote = models.BooleanField(_("gửi phiếu bằng văn bản"), default=False)
    note = models.CharField(_("ghi chú"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("điểm danh")
        verbose_name_plural = _("điểm danh")
        constraints = [models.UniqueConstraint(fields=["session", "member"], name="uniq_attendance")]

    def __str__(self):
        return f"{self.member} @ {self.session_id}"


class Ballot(models.Model):
    """Secret ballot on one nomination at one session. Counts are filled when it closes."""

    class State(models.TextChoices):
        PENDING = "pending", _("Chưa bỏ phiếu")
        OPEN = "open", _("Đang bỏ phiếu")
        CLOSED = "closed", _("Đã kiểm phiếu")

    session = models.ForeignKey(CouncilSession, on_delete=models.CASCADE, related_name="ballots")
    nomination = models.ForeignKey(Nomination, on_delete=models.PROTECT, related_name="ballots")
    order = models.PositiveIntegerField(_("thứ tự"), default=0)
    state = models.CharField(_("trạng thái"), max_length=16, choices=State.choices, default=State.PENDING, editable=False)
    # Threshold (fraction of ALL members) and member count, fixed when the ballot opens.
    threshold = models.DecimalField(_("tỷ lệ phiếu cần đạt"), max_digits=5, decimal_places=4, default=0, editable=False)
    members_total = models.PositiveIntegerField(_("tổng số thành viên"), default=0, editable=False)
    votes_yes = models.PositiveIntegerField(_("phiếu đồng ý"), default=0, editable=False)
    votes_no = models.PositiveIntegerField(_("phiếu không đồng ý"), default=0, editable=False)
    passed = models.BooleanField(_("đạt"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("phiếu bầu kín")
        verbose_name_plural = _("phiếu bầu kín")
        ordering = ["session", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["session", "nomination"], name="uniq_ballot_nomination")]

    def __str__(self):
        return f"Ballot {self.pk} on nomination {self.nomination_id}"

    def get_absolute_url(self):
        return reverse("dossiers:vote", args=[self.session_id])

    @property
    def votes_cast(self) -> int:
        return self.votes_yes + self.votes_no

    @property
    def yes_ratio(self):
        return (self.votes_yes / self.members_total) if self.members_total else 0


class Recusal(models.Model):
    """A member who may not vote on a nomination (conflict of interest); listed in the minutes."""

    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="recusals")
    member = models.ForeignKey(CouncilMember, on_delete=models.PROTECT, related_name="recusals")
    reason = models.CharField(_("lý do"), max_length=300)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["ballot", "member"], name="uniq_recusal")]

    def __str__(self):
        return f"{self.member} — {self.reason}"


class BallotKey(models.Model):
    """The session's key for sealing choices (docs/ballot-secrecy.md). The public half seals each choice as it is
    cast; the private half is stored only encrypted under the secretary's passphrase (argon2id → SecretBox) and is
    wiped when the session closes. The passphrase itself is never stored."""

    session = models.OneToOneField(CouncilSession, on_delete=models.CASCADE, related_name="ballot_key")
    public_key = models.BinaryField(max_length=32)
    sealed_private_key = models.BinaryField(blank=True, default=b"")  # empty once the session is closed
    salt = models.BinaryField(max_length=16)
    opslimit = models.PositiveBigIntegerField()
    memlimit = models.PositiveBigIntegerField()

    def __str__(self):
        return f"khóa phiếu kín phiên {self.session_id}"


class BallotParticipation(models.Model):
    """Only that a member has voted on a ballot — never what, and nothing that joins it to a sealed choice: no
    timestamp, and every vote rewrites all participations and all slots of its ballot (docs/ballot-secrecy.md)."""

    class Channel(models.TextChoices):
        ONLINE = "online", _("Bỏ phiếu trên hệ thống")
        WRITTEN = "written", _("Phiếu bằng văn bản (vắng mặt)")
        PAPER = "paper", _("Phiếu giấy tại phiên họp")

    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="participations")
    member = models.ForeignKey(CouncilMember, on_delete=models.PROTECT, related_name="participations")
    channel = models.CharField(max_length=16, choices=Channel.choices, default=Channel.ONLINE)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["ballot", "member"], name="uniq_participation")]

    def __str__(self):
        return f"{self.member} đã bỏ phiếu ({self.ballot_id})"


class Vote:
    """The two choices of a secret ballot (not a table: choices live sealed in `VoteSlot` until the tally, and
    only the totals on `Ballot` after it)."""

    class Choice(models.TextChoices):
        YES = "yes", _("Đồng ý")
        NO = "no", _("Không đồng ý")


class VoteSlot(models.Model):
    """One place in a ballot's pool, allocated when the ballot opens (as many as the council has members) with a
    random id and random bytes. A vote seals its choice to the session's public key and writes it into a randomly
    chosen empty slot; the slots are destroyed at the tally. No voter, no timestamp, no order of voting."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="slots")
    sealed = models.BinaryField()
    filled = models.BooleanField(default=False)

    def __str__(self):
        return f"ô phiếu ({self.ballot_id})"


@audited
class PublicComment(models.Model):
    """A comment received during public posting (công khai); a blocking one stops the nomination until resolved."""

    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="public_comments")
    author = models.CharField(_("người góp ý"), max_length=200)
    content = models.TextField(_("nội dung"))
    received_on = models.DateField(_("ngày nhận"), default=timezone.localdate)
    blocking = models.BooleanField(_("ảnh hưởng đến việc đề nghị"), default=False)
    resolved = models.BooleanField(_("đã xác minh, giải quyết"), default=False)
    resolution = models.TextField(_("kết quả xác minh"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("ý kiến góp ý khi công khai")
        verbose_name_plural = _("ý kiến góp ý khi công khai")
        ordering = ["received_on", "id"]

    def __str__(self):
        return f"{self.author}: {self.content[:50]}"

    def audit_unit_id(self):
        return self.nomination.dossier.unit_id


# --- Decisions ------------------------------------------------------------------------------------------------


class DecisionQuerySet(ScopedQuerySet):
    def for_rendering(self):
        return self.select_related("dossier", "dossier__unit", "signer")


@audited
class Decision(ScopedModelMixin, models.Model):
    """Quyết định khen thưởng: number unique per issuer and year (Decree 30/2020 Art 15), signer, date, annex."""

    dossier = models.OneToOneField(Dossier, on_delete=models.PROTECT, related_name="decision")
    issuer = models.CharField(_("cơ quan ban hành (ký hiệu)"), max_length=50, default="UBND")
    doc_type = models.CharField(_("loại văn bản"), max_length=20, default="QĐ")
    year = models.PositiveIntegerField(_("năm"))
    number = models.CharField(_("số, ký hiệu"), max_length=50)
    signed_on = models.DateField(_("ngày ký"))
    signer = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    signer_name = models.CharField(_("người ký"), max_length=150)
    signer_title = models.CharField(_("chức vụ người ký"), max_length=200)
    # Who decides (Decree 30/2020: the issuer, the authority line and the signature block follow from it) and in
    # which capacity the signer signs: the head in person, or a deputy for the head ("KT.").
    authority_kind = models.CharField(_("thẩm quyền quyết định"), max_length=24,
                                      default="province_chair", choices=[
                                          ("province_chair", _("Chủ tịch Ủy ban nhân dân tỉnh")),
                                          ("province_committee", _("Ủy ban nhân dân tỉnh (tập thể)")),
                                          ("unit_head", _("Thủ trưởng sở, ban, ngành, cơ quan, đơn vị")),
                                          ("commune_chair", _("Chủ tịch Ủy ban nhân dân cấp xã")),
                                          ("district_chair", _("Chủ tịch Ủy ban nhân dân cấp huyện"))])
    issuer_unit = models.ForeignKey("orgs.Unit", verbose_name=_("cơ quan ban hành"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+",
                                    help_text=_("Đơn vị, UBND cấp xã ban hành; để trống với quyết định của tỉnh."))
    signer_capacity = models.CharField(_("hình thức ký"), max_length=8, default="head", choices=[
        ("head", _("Người đứng đầu ký")), ("deputy", _("Cấp phó ký thay (KT.)"))])
    summary = models.CharField(_("trích yếu"), max_length=500)
    sent_on = models.DateField(_("ngày gửi quyết định"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = DecisionQuerySet.as_manager()
    scope_unit_field = "dossier__unit"

    class Meta:
        verbose_name = _("quyết định khen thưởng")
        verbose_name_plural = _("quyết định khen thưởng")
        ordering = ["-signed_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["issuer", "year", "number"], name="uniq_decision_number_per_issuer_year")
        ]

    def __str__(self):
        return f"{self.number} ({self.signed_on:%d/%m/%Y})"

    def get_absolute_url(self):
        return reverse("dossiers:decision", args=[self.dossier_id])

    def audit_unit_id(self):
        return self.dossier.unit_id

    def annex(self):
        """The nominations conferred by this decision, in Vietnamese name order, ready to render (one query)."""
        return Nomination.objects.filter(decision=self).for_rendering()


# --- Proposal lists uploaded to a dossier (DESIGN.md §4.7) ---------------------------------------------------


class ProposalUploadQuerySet(ScopedQuerySet):
    pass


def proposal_upload_path(instance, filename):
    from thidua.core.uploads import stored_path

    return stored_path("proposal-lists", filename)  # the stored format (a .doc is kept converted to .docx)


class ProposalUpload(models.Model):
    """A unit's proposal list (danh sách đề nghị khen thưởng) uploaded to a dossier, kept until its rows become
    nominations. The preview re-reads it, so the officer's column assignments and choices apply at once."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="proposal_uploads")
    file = models.FileField(_("tệp"), upload_to=proposal_upload_path, max_length=255)
    original_name = models.CharField(_("tên tệp"), max_length=255)
    sha256 = models.CharField(max_length=64)
    level = models.CharField(_("cấp nhận danh sách"), max_length=8, default="tinh")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)
    used_at = models.DateTimeField(_("đã tạo đề nghị lúc"), null=True, blank=True, editable=False)
    created_count = models.PositiveIntegerField(default=0, editable=False)

    objects = ProposalUploadQuerySet.as_manager()

    class Meta:
        verbose_name = _("danh sách đề nghị tải lên")
        verbose_name_plural = _("danh sách đề nghị tải lên")
        ordering = ["-uploaded_at", "-id"]

    def __str__(self):
        return self.original_name

    @classmethod
    def scope_q(cls, user) -> Q:
        return unit_path_q(user, "dossier__unit")


class ListColumnMapping(models.Model):
    """A column header of a sender's lists that the officer assigned to a field (or to nothing): applied to the
    next list from the same unit."""

    unit = models.ForeignKey("orgs.Unit", on_delete=models.CASCADE, related_name="+")
    header_key = models.CharField(max_length=200)  # the header folded (core.tabular.key)
    header_text = models.CharField(max_length=300)
    field = models.CharField(max_length=32, blank=True)  # "" = ignore the column
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("cột danh sách đã gán")
        verbose_name_plural = _("cột danh sách đã gán")
        constraints = [models.UniqueConstraint(fields=["unit", "header_key"], name="uniq_list_column_per_unit")]

    def __str__(self):
        return f"{self.header_text} → {self.field or '—'}"

    @classmethod
    def overrides_for(cls, unit) -> dict[str, str]:
        return dict(cls.objects.filter(unit=unit).values_list("header_key", "field"))


from thidua.dossiers.models_authority import AuthorityKind, ConferringAuthority  # noqa: E402,F401
