"""Every state change and multi-object write of the movements area. Each service checks the current state and the
user's right inside `transaction.atomic()`, applies the change (state changes as a conditional UPDATE), and
writes an audit entry in the same transaction. Views, the API and the demo all call these."""

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from thidua.core.audit import record
from thidua.core.transitions import transition_status as _transition
from thidua.movements import access
from thidua.movements.models import (
    Criterion,
    Movement,
    MovementReview,
    Pact,
    PactSignature,
    Registration,
    RegistrationTitle,
    Score,
    Scorecard,
    ScoringRubric,
)

# ---------------------------------------------------------------------------------------------------------------
# Movements
# ---------------------------------------------------------------------------------------------------------------


def save_movement(movement: Movement, *, user) -> Movement:
    """Create or change a movement (its text, dates, lead unit; never its status, which the steps below move).
    A unit's officer creates and edits only the movements its unit (or a unit below it) leads."""
    if movement.pk:
        current = Movement.objects.select_related("lead_unit").get(pk=movement.pk)
        if not user.has_perm("movements.manage_movement", current):
            raise PermissionDenied(_("Bạn không có quyền sửa phong trào này."))
        movement.status = current.status
    elif not user.has_perm("movements.create_movement"):
        raise PermissionDenied(_("Bạn không có quyền tạo phong trào."))
    if movement.lead_unit_id and not (access.is_province_staff(user) or access.in_subtree(user, movement.lead_unit)):
        raise ValidationError({"lead_unit": _("Bạn chỉ tạo phong trào do đơn vị mình chủ trì.")})
    movement.full_clean()
    with transaction.atomic():
        movement.save()
    return movement


def launch_movement(movement: Movement, *, user) -> Movement:
    if not user.has_perm("movements.manage_movement", movement):
        raise PermissionDenied(_("Bạn không có quyền phát động phong trào này."))
    with transaction.atomic():
        return _transition(Movement, movement, [Movement.Status.DRAFT], Movement.Status.LAUNCHED, user=user,
                           note=_("Phát động phong trào"))


def record_review(movement: Movement, review: MovementReview, *, user) -> MovementReview:
    """Sơ kết or tổng kết. A tổng kết closes the movement."""
    if not user.has_perm("movements.manage_movement", movement):
        raise PermissionDenied(_("Bạn không có quyền ghi nhận sơ kết, tổng kết phong trào này."))
    if movement.status == Movement.Status.DRAFT:
        raise ValidationError(_("Phong trào chưa được phát động nên chưa thể sơ kết, tổng kết."))
    if movement.status == Movement.Status.CONCLUDED:
        raise ValidationError(_("Phong trào đã tổng kết."))
    if review.held_on < movement.start:
        raise ValidationError({"held_on": _("Ngày sơ kết, tổng kết không được trước ngày bắt đầu phong trào.")})
    with transaction.atomic():
        review.movement = movement
        review.save()
        if review.kind == MovementReview.Kind.FINAL:
            _transition(Movement, movement, [Movement.Status.LAUNCHED], Movement.Status.CONCLUDED, user=user,
                        note=_("Tổng kết phong trào ngày %(d)s") % {"d": review.held_on.strftime("%d/%m/%Y")})
    return review


# ---------------------------------------------------------------------------------------------------------------
# Registrations
# ---------------------------------------------------------------------------------------------------------------


@dataclass
class TitleRow:
    code: str
    other_name: str = ""
    quantity: int = 1


def save_registration(registration: Registration, titles: list[TitleRow], *, user) -> Registration:
    """Create or change a draft registration with its titles (replacing the previous list)."""
    if registration.pk:
        current = Registration.objects.get(pk=registration.pk)
        if not user.has_perm("movements.edit_registration", current):
            raise PermissionDenied(_("Chỉ sửa được bản đăng ký đang soạn của đơn vị mình."))
    elif not (user.has_perm("movements.register") and (access.is_province_staff(user) or access.in_subtree(user, registration.unit))):
        raise PermissionDenied(_("Bạn chỉ đăng ký thi đua được cho đơn vị mình."))
    if not titles:
        raise ValidationError(_("Cần đăng ký ít nhất một danh hiệu hoặc hình thức khen thưởng."))
    registration.full_clean()
    with transaction.atomic():
        registration.save()
        existing = [(t.code, t.other_name, t.quantity) for t in registration.titles.all()]
        wanted = [(t.code, t.other_name.strip() if t.code == "OTHER" else "", t.quantity) for t in titles]
        if existing != wanted:
            registration.titles.all().delete()
            for code, other, qty in wanted:
                RegistrationTitle.objects.create(registration=registration, code=code, other_name=other, quantity=qty)
    return registration


def submit_registration(registration: Registration, *, user) -> Registration:
    if not user.has_perm("movements.submit_registration", registration):
        raise PermissionDenied(_("Bạn không có quyền gửi bản đăng ký này."))
    if access.needs_unit_approval(user, registration):
        raise ValidationError(_("Bản đăng ký phải được lãnh đạo đơn vị duyệt trước khi gửi: hãy chọn “Trình lãnh đạo "
                                "đơn vị duyệt”."))
    if not registration.titles.exists():
        raise ValidationError(_("Bản đăng ký chưa có danh hiệu, hình thức khen thưởng nào."))
    with transaction.atomic():
        return _transition(Registration, registration, [Registration.Status.DRAFT], Registration.Status.SUBMITTED,
                           user=user, note=_("Gửi đăng ký thi đua"),
                           extra={"submitted_at": timezone.now(), "submitted_by": user, "return_note": ""})


def send_registration_for_approval(registration: Registration, *, user) -> Registration:
    """The officer hands the registration to the unit's leader (DRAFT → UNIT_REVIEW)."""
    if not access.can_send_for_approval(user, registration):
        raise PermissionDenied(_("Bạn không có quyền trình bản đăng ký này."))
    if not access.needs_unit_approval(user, registration):
        raise ValidationError(_("Đơn vị chưa có tài khoản lãnh đạo đơn vị: bản đăng ký được gửi thẳng."))
    if not registration.titles.exists():
        raise ValidationError(_("Bản đăng ký chưa có danh hiệu, hình thức khen thưởng nào."))
    from thidua.core.events import announce
    from thidua.core.models import User
    from thidua.core.roles import Role

    with transaction.atomic():
        _transition(Registration, registration, [Registration.Status.DRAFT], Registration.Status.UNIT_REVIEW,
                    user=user, note=_("Trình lãnh đạo đơn vị duyệt"), extra={"return_note": ""})
        leaders = User.objects.filter(role=Role.UNIT_LEADER, unit_id=registration.unit_id, is_active=True)
        announce("registration.awaiting_unit_approval", registration, list(leaders), actor=user)
    return registration


def approve_registration(registration: Registration, *, user) -> Registration:
    """The unit's leader approves: the registration goes to where it is registered (UNIT_REVIEW → SUBMITTED)."""
    if not access.can_approve_registration(user, registration):
        raise PermissionDenied(_("Chỉ lãnh đạo đơn vị duyệt bản đăng ký đang chờ duyệt."))
    with transaction.atomic():
        return _transition(Registration, registration, [Registration.Status.UNIT_REVIEW],
                           Registration.Status.SUBMITTED, user=user, note=_("Lãnh đạo đơn vị duyệt, gửi đăng ký"),
                           extra={"submitted_at": timezone.now(), "submitted_by": user})


def return_registration_to_officer(registration: Registration, *, user, note: str) -> Registration:
    """The unit's leader returns it to the officer with a reason (UNIT_REVIEW → DRAFT)."""
    if not access.can_approve_registration(user, registration):
        raise PermissionDenied(_("Chỉ lãnh đạo đơn vị trả lại bản đăng ký đang chờ duyệt."))
    note = (note or "").strip()
    if not note:
        raise ValidationError(_("Cần ghi lý do trả lại để cán bộ sửa."))
    with transaction.atomic():
        return _transition(Registration, registration, [Registration.Status.UNIT_REVIEW], Registration.Status.DRAFT,
                           user=user, note=_("Lãnh đạo đơn vị trả lại: %(note)s") % {"note": note},
                           extra={"return_note": note})


def accept_registration(registration: Registration, *, user) -> Registration:
    if not user.has_perm("movements.accept_registration", registration):
        raise PermissionDenied(_("Chỉ cán bộ TĐKT cấp tỉnh tiếp nhận bản đăng ký đã gửi."))
    with transaction.atomic():
        return _transition(Registration, registration, [Registration.Status.SUBMITTED], Registration.Status.ACCEPTED,
                           user=user, note=_("Tiếp nhận đăng ký thi đua"),
                           extra={"accepted_at": timezone.now(), "accepted_by": user})


def return_registration(registration: Registration, *, user, note: str) -> Registration:
    if not user.has_perm("movements.accept_registration", registration):
        raise PermissionDenied(_("Chỉ cán bộ TĐKT cấp tỉnh trả lại bản đăng ký đã gửi."))
    note = (note or "").strip()
    if not note:
        raise ValidationError(_("Cần ghi lý do trả lại để đơn vị bổ sung."))
    with transaction.atomic():
        return _transition(Registration, registration, [Registration.Status.SUBMITTED], Registration.Status.DRAFT,
                           user=user, note=_("Trả lại: %(note)s") % {"note": note}, extra={"return_note": note})


# ---------------------------------------------------------------------------------------------------------------
# Pacts
# ---------------------------------------------------------------------------------------------------------------


def member_units(group, on=None):
    """Current member units of a group (on a day; default: any membership not ended)."""
    from thidua.orgs.models import Unit

    qs = Unit.objects.filter(group_memberships__group=group)
    if on is not None:
        from django.db.models import Q

        qs = qs.filter(Q(group_memberships__joined_on__isnull=True) | Q(group_memberships__joined_on__lte=on))
        qs = qs.filter(Q(group_memberships__left_on__isnull=True) | Q(group_memberships__left_on__gte=on))
    return qs.order_by("sort_key", "id")


def save_pact(pact: Pact, *, user) -> Pact:
    """Create a group's pact for a period, or change it: province staff, or the group's head unit for that period
    (for a change, of the pact as it stands and of the group and period it is moved to). One pact per group and
    period (model validation)."""
    if pact.pk:
        current = Pact.objects.select_related("group", "period").get(pk=pact.pk)
        if not user.has_perm("movements.manage_pact", current):
            raise PermissionDenied(_("Chỉ Trưởng Cụm/Khối hoặc cán bộ TĐKT cấp tỉnh sửa giao ước."))
    elif not user.has_perm("movements.create_pact"):
        raise PermissionDenied(_("Chỉ Trưởng Cụm/Khối hoặc cán bộ TĐKT cấp tỉnh lập giao ước."))
    if pact.group_id and pact.period_id and not (
        access.is_province_staff(user) or access.heads_group(user, pact)
    ):
        raise PermissionDenied(_("Chỉ Trưởng Cụm/Khối của kỳ này hoặc cán bộ TĐKT cấp tỉnh lập giao ước."))
    if pact.period_id and pact.period.kind == pact.period.Kind.STAGE:
        raise ValidationError({"period": _("Giao ước thi đua ký theo năm (hoặc năm học), không theo giai đoạn.")})
    pact.title = " ".join((pact.title or "").split())
    pact.full_clean()
    with transaction.atomic():
        pact.save()
    return pact


def sign_pact(pact: Pact, *, unit, signer_name: str, signer_title: str, signed_on, user) -> PactSignature:
    if not user.has_perm("movements.sign_pact_for", (pact, unit)):
        raise PermissionDenied(_("Bạn không có quyền ghi nhận chữ ký cho đơn vị này."))
    signer_name = " ".join((signer_name or "").split())
    if not signer_name:
        raise ValidationError({"signer_name": _("Cần ghi họ tên người ký.")})
    if not member_units(pact.group, on=pact.period.end).filter(pk=unit.pk).exists():
        raise ValidationError({"unit": _("%(unit)s không phải thành viên của %(group)s.") % {"unit": unit, "group": pact.group}})
    if signed_on > timezone.localdate():
        raise ValidationError({"signed_on": _("Ngày ký không được ở tương lai.")})
    with transaction.atomic():
        if PactSignature.objects.select_for_update().filter(pact=pact, unit=unit).exists():
            raise ValidationError({"unit": _("%(unit)s đã ký giao ước này.") % {"unit": unit}})
        return PactSignature.objects.create(pact=pact, unit=unit, signer_name=signer_name, signer_title=signer_title,
                                            signed_on=signed_on, recorded_by=user)


# ---------------------------------------------------------------------------------------------------------------
# Rubrics and criteria
# ---------------------------------------------------------------------------------------------------------------


@dataclass
class CriterionRow:
    code: str
    name: str
    max_points: Decimal | None = None
    kind: str = Criterion.Kind.STANDARD


def parse_points(value, *, field_label: str) -> Decimal | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        d = Decimal(str(value).strip().replace(",", "."))
    except (InvalidOperation, ValueError):
        raise ValidationError(_("%(f)s: “%(v)s” không phải là số.") % {"f": field_label, "v": value})
    if not d.is_finite():
        raise ValidationError(_("%(f)s: “%(v)s” không phải là số.") % {"f": field_label, "v": value})
    try:
        return d.quantize(Decimal("0.01"))
    except InvalidOperation:  # more digits than a decimal holds: far beyond any maximum
        raise ValidationError(_("%(f)s: “%(v)s” không phải là số.") % {"f": field_label, "v": value})


MAX_POINTS = Decimal("100000")  # Criterion.max_points holds 7 digits, 2 after the point


def _parent_code(code: str) -> str | None:
    return code.rsplit(".", 1)[0] if "." in code else None


def validate_criteria(rows: list[CriterionRow]) -> list[CriterionRow]:
    errors = []
    seen = set()
    codes = {r.code.strip() for r in rows}
    parents = {_parent_code(c) for c in codes} - {None}
    for i, r in enumerate(rows, start=1):
        r.code = r.code.strip().rstrip(".")
        r.name = " ".join((r.name or "").split())
        if not r.code:
            errors.append(_("Dòng %(n)d: thiếu mã tiêu chí.") % {"n": i})
            continue
        if len(r.code) > 30 or len(r.name) > 500:
            errors.append(_("Dòng %(n)d: mã tiêu chí tối đa 30 ký tự, nội dung tối đa 500 ký tự.") % {"n": i})
            continue
        if r.code in seen:
            errors.append(_("Dòng %(n)d: mã “%(c)s” bị trùng.") % {"n": i, "c": r.code})
        seen.add(r.code)
        if not r.name:
            errors.append(_("Dòng %(n)d: thiếu nội dung tiêu chí “%(c)s”.") % {"n": i, "c": r.code})
        parent = _parent_code(r.code)
        if parent and parent not in codes:
            errors.append(_("Dòng %(n)d: tiêu chí “%(c)s” không có mục cha “%(p)s”.") % {"n": i, "c": r.code, "p": parent})
        if r.kind not in Criterion.Kind.values:
            errors.append(_("Dòng %(n)d: loại tiêu chí không hợp lệ.") % {"n": i})
        is_leaf = r.code not in parents
        if r.max_points is not None:
            try:
                r.max_points = parse_points(r.max_points, field_label=_("Dòng %(n)d, điểm tối đa") % {"n": i})
            except ValidationError as exc:
                errors.extend(exc.messages)
                continue
        if r.max_points is not None and r.max_points < 0:
            errors.append(_("Dòng %(n)d: điểm tối đa không được âm.") % {"n": i})
        elif r.max_points is not None and r.max_points >= MAX_POINTS:
            errors.append(_("Dòng %(n)d: điểm tối đa quá lớn.") % {"n": i})
        elif is_leaf and not r.max_points:
            errors.append(_("Dòng %(n)d: tiêu chí “%(c)s” cần có điểm tối đa lớn hơn 0.") % {"n": i, "c": r.code})
    if not rows:
        errors.append(_("Bộ tiêu chí chưa có tiêu chí nào."))
    if errors:
        raise ValidationError(errors)
    return rows


def save_criteria(rubric: ScoringRubric, rows: list[CriterionRow], *, user) -> list[Criterion]:
    """Replace the rubric's criteria table (only while it is being built). The tree follows the codes."""
    if not user.has_perm("movements.manage_rubric", rubric):
        raise PermissionDenied(_("Bạn không có quyền sửa bộ tiêu chí này."))
    if rubric.status != ScoringRubric.Status.DRAFT:
        raise ValidationError(_("Đã mở chấm điểm: không thể sửa bộ tiêu chí."))
    rows = validate_criteria(rows)
    parents = {_parent_code(r.code) for r in rows} - {None}
    with transaction.atomic():
        Criterion.objects.filter(rubric=rubric).delete()
        by_code: dict[str, Criterion] = {}
        # Parents before children: sort by depth, keep the given order for positions.
        for position, r in sorted(enumerate(rows), key=lambda pr: pr[1].code.count(".")):
            parent = by_code.get(_parent_code(r.code))
            kind = parent.kind if parent is not None else r.kind
            by_code[r.code] = Criterion.objects.create(
                rubric=rubric, parent=parent, code=r.code, name=r.name, max_points=r.max_points, kind=kind,
                position=position, is_leaf=r.code not in parents,
            )
        record(rubric, "update", user=user, changes={"criteria": [None, len(rows)]},
               note=_("Cập nhật bộ tiêu chí (%(n)d dòng)") % {"n": len(rows)})
    return sorted(by_code.values(), key=lambda c: c.position)


KIND_WORDS = {
    "standard": Criterion.Kind.STANDARD, "tieu chi": Criterion.Kind.STANDARD, "": Criterion.Kind.STANDARD,
    "bonus": Criterion.Kind.BONUS, "thuong": Criterion.Kind.BONUS, "diem thuong": Criterion.Kind.BONUS,
    "penalty": Criterion.Kind.PENALTY, "tru": Criterion.Kind.PENALTY, "diem tru": Criterion.Kind.PENALTY,
}


def rows_from_sheet(data: list[list]) -> list[CriterionRow]:
    """Rows of a spreadsheet: code | content | max points | kind (tiêu chí / điểm thưởng / điểm trừ).
    A header row (first cell not a code) and empty rows are skipped."""
    from thidua.core.text import fold

    rows = []
    errors = []
    for i, raw in enumerate(data, start=1):
        cells = [("" if c is None else str(c).strip()) for c in (list(raw) + ["", "", "", ""])[:4]]
        code, name, points, kind = cells
        if not code and not name:
            continue
        if i == 1 and fold(code) in {"ma", "ma tieu chi", "tt", "stt", "code"}:
            continue
        if code.endswith(".0") and code[:-2].isdigit():  # a spreadsheet turned "1" into 1.0
            code = code[:-2]
        try:
            max_points = parse_points(points, field_label=_("Dòng %(n)d, điểm tối đa") % {"n": i})
        except ValidationError as exc:
            errors.extend(exc.messages)
            continue
        kind_value = KIND_WORDS.get(fold(kind))
        if kind_value is None:
            errors.append(_("Dòng %(n)d: loại “%(k)s” không rõ (dùng: tiêu chí, điểm thưởng, điểm trừ).") % {"n": i, "k": kind})
            continue
        rows.append(CriterionRow(code=code, name=name, max_points=max_points, kind=kind_value))
    if errors:
        raise ValidationError(errors)
    return rows


def import_criteria_xlsx(rubric: ScoringRubric, fileobj, *, user) -> list[Criterion]:
    """Replace the criteria of a rubric being built with the rows of an Excel file (first sheet): the right and the
    state are checked before the file is opened; every problem of the file is a Vietnamese ValidationError."""
    from python_calamine import CalamineWorkbook

    from thidua.core.uploads import check_archive

    if not user.has_perm("movements.manage_rubric", rubric):
        raise PermissionDenied(_("Chỉ Trưởng Cụm/Khối hoặc cán bộ TĐKT cấp tỉnh sửa bộ tiêu chí."))
    if rubric.status != ScoringRubric.Status.DRAFT:
        raise ValidationError(_("Đã mở chấm điểm: không thể sửa bộ tiêu chí."))
    check_archive(fileobj)  # zip bombs and huge sheet areas are refused before calamine opens the file
    try:
        workbook = CalamineWorkbook.from_filelike(fileobj)
        data = workbook.get_sheet_by_index(0).to_python(skip_empty_area=False)
    except Exception:  # calamine raises its own error types for anything that is not a spreadsheet
        raise ValidationError(_("Không đọc được tệp. Hãy chọn tệp Excel (.xlsx) có các cột: Mã, Nội dung, Điểm tối đa, Loại."))
    criteria = save_criteria(rubric, rows_from_sheet(data), user=user)
    record(rubric, "import", user=user, note=_("Nhập bộ tiêu chí từ Excel (%(n)d dòng)") % {"n": len(criteria)})
    return criteria


def copy_criteria(source: ScoringRubric, target: ScoringRubric, *, user) -> list[Criterion]:
    rows = [CriterionRow(code=c.code, name=c.name, max_points=c.max_points, kind=c.kind)
            for c in source.criteria.order_by("position", "id")]
    return save_criteria(target, rows, user=user)


def save_rubric(rubric: ScoringRubric, *, user, copy_from: ScoringRubric | None = None) -> ScoringRubric:
    """Create a group's rubric for a period (optionally with the criteria of another rubric), or change its title
    and tie-break rule. Province staff, or the group's head unit for that period; the group and period of a rubric
    already made do not change."""
    if rubric.pk:
        current = ScoringRubric.objects.select_related("group", "period").get(pk=rubric.pk)
        if not user.has_perm("movements.manage_rubric", current):
            raise PermissionDenied(_("Chỉ Trưởng Cụm/Khối hoặc cán bộ TĐKT cấp tỉnh sửa bộ tiêu chí."))
        if (rubric.group_id, rubric.period_id) != (current.group_id, current.period_id):
            raise ValidationError(_("Không đổi được Cụm/Khối, kỳ thi đua của bộ tiêu chí đã lập."))
        rubric.status = current.status
    else:
        if not user.has_perm("movements.create_rubric"):
            raise PermissionDenied(_("Chỉ Trưởng Cụm/Khối hoặc cán bộ TĐKT cấp tỉnh lập bộ tiêu chí."))
        if rubric.group_id and rubric.period_id and not (
            access.is_province_staff(user) or access.heads_group(user, rubric)
        ):
            raise PermissionDenied(_("Chỉ Trưởng Cụm/Khối của kỳ này hoặc cán bộ TĐKT cấp tỉnh lập bộ tiêu chí."))
    if rubric.period_id and rubric.period.kind == rubric.period.Kind.STAGE:
        raise ValidationError({"period": _("Bộ tiêu chí chấm điểm lập theo năm (hoặc năm học), không theo giai đoạn.")})
    rubric.title = " ".join((rubric.title or "").split())
    rubric.full_clean()
    with transaction.atomic():
        rubric.save()
        if copy_from is not None:
            copy_criteria(copy_from, rubric, user=user)
    return rubric


def add_scorecard(rubric: ScoringRubric, unit, *, user) -> Scorecard:
    """Give a member unit its scorecard (a unit that joined the group after scoring was opened). Opening the
    scoring gives every member its card; while it is open the new card gets a blank score for every criterion."""
    if not user.has_perm("movements.manage_rubric", rubric):
        raise PermissionDenied(_("Bạn không có quyền giao phiếu chấm cho Cụm/Khối này."))
    if rubric.status == ScoringRubric.Status.FINALISED:
        raise ValidationError(_("Kết quả đã chốt: mở lại trước khi giao thêm phiếu chấm."))
    if not member_units(rubric.group, on=rubric.period.end).filter(pk=unit.pk).exists():
        raise ValidationError(_("%(unit)s không phải thành viên của %(group)s trong kỳ %(period)s.")
                              % {"unit": unit, "group": rubric.group, "period": rubric.period})
    with transaction.atomic():
        card, created = Scorecard.objects.get_or_create(rubric=rubric, unit=unit)
        if not created:
            raise ValidationError(_("%(unit)s đã có phiếu chấm của bộ tiêu chí này.") % {"unit": unit})
        if rubric.status == ScoringRubric.Status.OPEN:
            Score.objects.bulk_create([Score(scorecard=card, criterion=c)
                                       for c in rubric.criteria.filter(is_leaf=True)])
    return card


def open_scoring(rubric: ScoringRubric, *, user) -> ScoringRubric:
    """Lock the criteria and give each member unit its scorecard."""
    if not user.has_perm("movements.manage_rubric", rubric):
        raise PermissionDenied(_("Bạn không có quyền mở chấm điểm cho Cụm/Khối này."))
    leaves = list(rubric.criteria.filter(is_leaf=True))
    if not leaves:
        raise ValidationError(_("Bộ tiêu chí chưa có tiêu chí chấm điểm nào."))
    units = list(member_units(rubric.group, on=rubric.period.end))
    if not units:
        raise ValidationError(_("Cụm/Khối chưa có đơn vị thành viên."))
    with transaction.atomic():
        _transition(ScoringRubric, rubric, [ScoringRubric.Status.DRAFT], ScoringRubric.Status.OPEN, user=user,
                    note=_("Mở chấm điểm"))
        have = set(Scorecard.objects.filter(rubric=rubric).values_list("unit_id", flat=True))
        for unit in units:
            if unit.pk not in have:
                Scorecard.objects.create(rubric=rubric, unit=unit)
        cards = list(Scorecard.objects.filter(rubric=rubric))
        existing = set(Score.objects.filter(scorecard__rubric=rubric).values_list("scorecard_id", "criterion_id"))
        Score.objects.bulk_create([Score(scorecard=card, criterion=c) for card in cards for c in leaves
                                   if (card.pk, c.pk) not in existing])
    return rubric


# ---------------------------------------------------------------------------------------------------------------
# Scores
# ---------------------------------------------------------------------------------------------------------------

LAYERS = {
    "self": ("self_score", gettext_lazy("tự chấm")),
    "cross": ("cross_score", gettext_lazy("chấm chéo")),
    "final": ("final_score", gettext_lazy("thẩm định")),
}


def _check_layer(user, scorecard, layer):
    allowed = {"self": "movements.self_score", "cross": "movements.cross_score", "final": "movements.appraise_scorecard"}
    if not user.has_perm(allowed[layer], scorecard):
        raise PermissionDenied(_("Bạn không có quyền nhập điểm %(layer)s cho phiếu này ở trạng thái hiện tại.")
                               % {"layer": LAYERS[layer][1]})


def validate_score(criterion: Criterion, value) -> Decimal | None:
    """0 ≤ score ≤ the criterion's maximum (for penalty rows: the points deducted, up to the maximum)."""
    label = _("Tiêu chí %(code)s") % {"code": criterion.code}
    d = parse_points(value, field_label=label)
    if d is None:
        return None
    if d < 0:
        raise ValidationError(_("Điểm của tiêu chí %(code)s không được âm (điểm trừ ghi số dương).") % {"code": criterion.code})
    if criterion.max_points is not None and d > criterion.max_points:
        raise ValidationError(
            _("Điểm của tiêu chí %(code)s không được vượt quá điểm tối đa %(max)s.")
            % {"code": criterion.code, "max": _fmt(criterion.max_points)}
        )
    return d


def _fmt(d: Decimal) -> str:
    text = f"{d:.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


def save_scores(scorecard: Scorecard, layer: str, values: dict, *, user, evidence: dict | None = None) -> Scorecard:
    """Enter one layer of points: `values` maps criterion id → number or blank. All-or-nothing: one bad value and
    nothing is saved; every error is reported (Vietnamese), so the officer fixes the sheet in one go."""
    if layer not in LAYERS:
        raise ValidationError(_("Loại điểm không hợp lệ."))
    _check_layer(user, scorecard, layer)
    field = LAYERS[layer][0]
    scores = {s.criterion_id: s for s in Score.objects.filter(scorecard=scorecard).select_related("criterion")}
    errors, changes, changed = [], {}, []
    for cid, raw in values.items():
        try:
            cid = int(cid)
        except (TypeError, ValueError):
            errors.append(_("Tiêu chí không hợp lệ."))
            continue
        score = scores.get(cid)
        if score is None:
            errors.append(_("Tiêu chí không thuộc bộ tiêu chí của phiếu này."))
            continue
        try:
            value = validate_score(score.criterion, raw)
        except ValidationError as exc:
            errors.extend(exc.messages)
            continue
        old = getattr(score, field)
        note = (evidence or {}).get(cid)
        dirty = False
        if old != value:
            setattr(score, field, value)
            changes[score.criterion.code] = [None if old is None else str(old), None if value is None else str(value)]
            dirty = True
        if note is not None and layer == "self" and note.strip()[:500] != score.evidence:
            score.evidence = note.strip()[:500]
            dirty = True
        if dirty:
            changed.append(score)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = Scorecard.objects.select_for_update().select_related("rubric", "unit").get(pk=scorecard.pk)
        _check_layer(user, locked, layer)
        if changed:
            Score.objects.bulk_update(changed, [field, "evidence"])
        # Totals and the provisional ranking follow every change (a group has tens of units: a few queries).
        compute_ranking(locked.rubric)
        if changes:
            record(locked, "update", user=user, changes=changes,
                   note=_("Nhập điểm %(layer)s") % {"layer": LAYERS[layer][1]})
    scorecard.refresh_from_db()
    return scorecard


def submit_self_score(scorecard: Scorecard, *, user) -> Scorecard:
    if not user.has_perm("movements.self_score", scorecard):
        raise PermissionDenied(_("Bạn không có quyền gửi phiếu tự chấm này."))
    missing = list(
        Score.objects.filter(scorecard=scorecard, self_score__isnull=True, criterion__kind=Criterion.Kind.STANDARD)
        .order_by("criterion__position").values_list("criterion__code", flat=True)
    )
    if missing:
        raise ValidationError(_("Chưa chấm các tiêu chí: %(codes)s.") % {"codes": ", ".join(missing)})
    with transaction.atomic():
        _transition(Scorecard, scorecard, [Scorecard.Status.DRAFT], Scorecard.Status.SUBMITTED, user=user,
                    note=_("Gửi kết quả tự chấm"), extra={"submitted_at": timezone.now()})
    return scorecard


def return_scorecard(scorecard: Scorecard, *, user, note: str) -> Scorecard:
    if not user.has_perm("movements.cross_score", scorecard):
        raise PermissionDenied(_("Bạn không có quyền trả lại phiếu chấm này."))
    note = (note or "").strip()
    if not note:
        raise ValidationError(_("Cần ghi lý do trả lại để đơn vị chấm lại."))
    with transaction.atomic():
        _transition(Scorecard, scorecard, [Scorecard.Status.SUBMITTED, Scorecard.Status.REVIEWED], Scorecard.Status.DRAFT,
                    user=user, note=_("Trả lại để tự chấm lại: %(note)s") % {"note": note})
    return scorecard


def confirm_cross_score(scorecard: Scorecard, *, user) -> Scorecard:
    """The group's meeting has reviewed the unit's self-score (blank cross scores keep the unit's own)."""
    if not user.has_perm("movements.cross_score", scorecard):
        raise PermissionDenied(_("Bạn không có quyền xác nhận chấm chéo cho phiếu này."))
    with transaction.atomic():
        _transition(Scorecard, scorecard, [Scorecard.Status.SUBMITTED], Scorecard.Status.REVIEWED, user=user,
                    note=_("Cụm/Khối xác nhận kết quả chấm chéo"))
    return scorecard


# ---------------------------------------------------------------------------------------------------------------
# Totals and ranking
# ---------------------------------------------------------------------------------------------------------------


def _layer_value(score: Score, layer: str):
    if layer == "self":
        return score.self_score
    if layer == "cross":
        return score.cross_score if score.cross_score is not None else score.self_score
    return score.effective


def node_values(criteria: list[Criterion], scores_by_criterion: dict[int, Score], layer: str):
    """({criterion id: points of that row in the layer}, whether anything is scored). A section is the sum of its
    rows, capped by its own maximum when it has one."""
    children: dict[int | None, list[Criterion]] = {}
    for c in criteria:
        children.setdefault(c.parent_id, []).append(c)
    values: dict[int, Decimal] = {}
    any_value = False

    def value(node: Criterion) -> Decimal:
        nonlocal any_value
        if node.is_leaf:
            s = scores_by_criterion.get(node.pk)
            v = _layer_value(s, layer) if s is not None else None
            if v is not None:
                any_value = True
            total = v or Decimal("0")
        else:
            total = sum((value(ch) for ch in children.get(node.pk, [])), Decimal("0"))
            if node.max_points is not None and total > node.max_points:
                total = node.max_points
        values[node.pk] = total
        return total

    for top in children.get(None, []):
        value(top)
    return values, any_value


def totals_for(criteria: list[Criterion], scores_by_criterion: dict[int, Score], layer: str):
    """(total, first standard section's total) of one layer; None when nothing is scored in that layer."""
    values, any_value = node_values(criteria, scores_by_criterion, layer)
    if not any_value:
        return None, None
    total = Decimal("0")
    first = None
    for top in sorted((c for c in criteria if c.parent_id is None), key=lambda c: (c.position, c.pk)):
        v = values[top.pk]
        if top.kind == Criterion.Kind.PENALTY:
            total -= v
        else:
            total += v
        if first is None and top.kind == Criterion.Kind.STANDARD:
            first = v
    return total, first


def compute_totals(rubric: ScoringRubric, cards=None) -> list[Scorecard]:
    """Recompute the stored totals of the scorecards (a few queries, whatever the number of units)."""
    criteria = list(rubric.criteria.all())
    cards = list(cards if cards is not None else Scorecard.objects.filter(rubric=rubric))
    scores: dict[int, dict[int, Score]] = {}
    for s in Score.objects.filter(scorecard__in=[c.pk for c in cards]):
        scores.setdefault(s.scorecard_id, {})[s.criterion_id] = s
    fields = ["self_total", "cross_total", "final_total", "first_section_total"]
    changed = []
    for card in cards:
        before = [getattr(card, f) for f in fields]
        by_c = scores.get(card.pk, {})
        card.self_total, _first = totals_for(criteria, by_c, "self")
        card.cross_total, _first = totals_for(criteria, by_c, "cross")
        card.final_total, card.first_section_total = totals_for(criteria, by_c, "final")
        if [getattr(card, f) for f in fields] != before:
            changed.append(card)
    if changed:  # write only what moved: one entered score changes one card
        Scorecard.objects.bulk_update(changed, fields)
    return cards


def _rank_key(card: Scorecard):
    return (-card.final_total, -(card.first_section_total or 0),
            card.chair_priority if card.chair_priority is not None else 10**9)


def rank_cards(cards: list[Scorecard]) -> list[Scorecard]:
    """Competition ranking (1, 1, 3): by final total, then the first section's points, then the Chair's recorded
    decision. Units still equal on all three share a rank. Unscored units get no rank."""
    scored = sorted((c for c in cards if c.final_total is not None), key=lambda c: (_rank_key(c), c.unit_id))
    previous, rank = None, 0
    for position, card in enumerate(scored, start=1):
        key = _rank_key(card)
        if key != previous:
            rank = position
            previous = key
        card.rank = rank
    for card in cards:
        if card.final_total is None:
            card.rank = None
    return scored + [c for c in cards if c.final_total is None]


def compute_ranking(rubric: ScoringRubric, *, user=None) -> list[Scorecard]:
    """Recompute totals and ranks (provisional while scoring is open)."""
    if user is not None and not user.has_perm("movements.manage_rubric", rubric):
        raise PermissionDenied(_("Bạn không có quyền tính xếp hạng cho Cụm/Khối này."))
    with transaction.atomic():
        cards = compute_totals(rubric)
        before = {c.pk: c.rank for c in cards}
        ordered = rank_cards(cards)
        moved = [c for c in cards if c.rank != before[c.pk]]
        if moved:
            Scorecard.objects.bulk_update(moved, ["rank"])
    return ordered


def tied_groups(cards: list[Scorecard]) -> list[list[Scorecard]]:
    """Sets of ranked scorecards that share a rank."""
    by_rank: dict[int, list[Scorecard]] = {}
    for c in cards:
        if c.rank is not None:
            by_rank.setdefault(c.rank, []).append(c)
    return [group for _rank, group in sorted(by_rank.items()) if len(group) > 1]


def resolve_tie(rubric: ScoringRubric, ordered_ids: list[int], *, decision: str, user) -> list[Scorecard]:
    """Record the Chair's decision on units equal on total and on section I: `ordered_ids` first to last."""
    if not user.has_perm("movements.resolve_tie", rubric):
        raise PermissionDenied(_("Chỉ cán bộ TĐKT cấp tỉnh ghi nhận quyết định của Chủ tịch."))
    if rubric.status == ScoringRubric.Status.FINALISED:
        raise ValidationError(_("Kết quả đã chốt."))
    decision = (decision or "").strip()
    if not decision:
        raise ValidationError(_("Cần ghi số, ngày văn bản hoặc nội dung quyết định của Chủ tịch."))
    cards = {c.pk: c for c in Scorecard.objects.filter(rubric=rubric, pk__in=ordered_ids)}
    if len(cards) != len(ordered_ids) or len(set(ordered_ids)) != len(ordered_ids) or len(ordered_ids) < 2:
        raise ValidationError(_("Danh sách đơn vị đồng hạng không hợp lệ."))
    keys = {(c.final_total, c.first_section_total) for c in cards.values()}
    if len(keys) != 1:
        raise ValidationError(_("Chỉ các đơn vị bằng cả tổng điểm và điểm Phần I mới cần Chủ tịch quyết định."))
    with transaction.atomic():
        for priority, pk in enumerate(ordered_ids, start=1):
            card = cards[pk]
            card.chair_priority = priority
            card.chair_decision = decision[:300]
            card.save(update_fields=["chair_priority", "chair_decision", "updated_at"])
        return compute_ranking(rubric)


def finalise_rubric(rubric: ScoringRubric, *, user) -> list[Scorecard]:
    """The province's appraisal is complete: fix totals and ranks. Rank 1 leads the group (Cờ thi đua)."""
    if not user.has_perm("movements.finalise_rubric", rubric):
        raise PermissionDenied(_("Chỉ cán bộ TĐKT cấp tỉnh chốt kết quả chấm điểm."))
    with transaction.atomic():
        rubric = ScoringRubric.objects.select_for_update().get(pk=rubric.pk)
        if rubric.status != ScoringRubric.Status.OPEN:
            raise ValidationError(_("Chỉ chốt được bộ tiêu chí đang chấm điểm."))
        pending = list(Scorecard.objects.filter(rubric=rubric, status=Scorecard.Status.DRAFT)
                       .order_by("unit__sort_key").values_list("unit__name", flat=True))
        if pending:
            raise ValidationError(_("Các đơn vị chưa gửi kết quả tự chấm: %(units)s.") % {"units": "; ".join(pending)})
        ordered = compute_ranking(rubric)
        leaders = [c for c in ordered if c.rank == 1]
        if len(leaders) > 1:
            raise ValidationError(
                _("Có %(n)d đơn vị đồng hạng nhất (bằng tổng điểm và điểm Phần I): cần ghi nhận quyết định của "
                  "Chủ tịch trước khi chốt.") % {"n": len(leaders)}
            )
        _transition(ScoringRubric, rubric, [ScoringRubric.Status.OPEN], ScoringRubric.Status.FINALISED, user=user,
                    note=_("Chốt kết quả chấm điểm, xếp hạng"),
                    extra={"finalised_at": timezone.now(), "finalised_by": user})
    return ordered


def reopen_rubric(rubric: ScoringRubric, *, user, note: str) -> ScoringRubric:
    if not user.has_perm("movements.finalise_rubric", rubric):
        raise PermissionDenied(_("Chỉ cán bộ TĐKT cấp tỉnh mở lại kết quả đã chốt."))
    note = (note or "").strip()
    if not note:
        raise ValidationError(_("Cần ghi lý do mở lại kết quả."))
    with transaction.atomic():
        return _transition(ScoringRubric, rubric, [ScoringRubric.Status.FINALISED], ScoringRubric.Status.OPEN,
                           user=user, note=_("Mở lại để điều chỉnh: %(note)s") % {"note": note},
                           extra={"finalised_at": None, "finalised_by": None})
