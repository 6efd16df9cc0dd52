"""Every state change and multi-object write of plans: creating a plan with its appendix (demo, .docx import),
status transitions, progress reports with evidence, deriving a unit's sub-plan. Views, the API and the demo all
call these functions; each runs in one transaction and leaves an audit entry."""

import datetime as dt
import re
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.core import audit
from thidua.core.text import fold
from thidua.core.uploads import EVIDENCE, check_upload
from thidua.orgs.models import EmulationGroup, Unit
from thidua.plans import quarters as q
from thidua.plans.models import (
    EvidenceFile,
    Plan,
    PlanSection,
    PlanTask,
    ProgressReport,
    TaskStatus,
)

# ---------------------------------------------------------------------------------------------------------------
# Resolving the free-text lead / co-ordinator cells to units


# Collective phrases that name a definite set of units (checked on the folded cell text).
# "UBND các huyện, thành phố, thị xã" in a plan written before 01/7/2025 means the localities that exist when the
# plan is read: the communes and wards that replaced the districts.
_LOCALITIES = re.compile(r"ubnd cac (huyen|thanh pho|thi xa|xa|phuong)")
_UNIVERSITY_BLOCK = re.compile(r"khoi thi dua cac truong (dh|dai hoc)")


@dataclass
class UnitIndex:
    """Known unit names (folded) → unit ids, built once per import (set-wise, no per-row queries)."""

    names: list[tuple[str, int]] = field(default_factory=list)
    localities: list[int] = field(default_factory=list)
    university_block: list[int] = field(default_factory=list)

    @classmethod
    def build(cls, on: dt.date | None = None) -> "UnitIndex":
        on = on or timezone.localdate()
        units = list(Unit.objects.active_on(on).only("id", "name", "short_name", "kind"))
        names = []
        for u in units:
            names.append((fold(u.name), u.id))
            short = fold(u.short_name)
            if len(short) >= 6 and short != fold(u.name):
                names.append((short, u.id))
        names.sort(key=lambda pair: -len(pair[0]))  # longest first: "Sở Nội vụ tỉnh Thái Bình" before "Sở Nội vụ"
        localities = [u.id for u in units if u.kind == Unit.Kind.LOCALITY and u.parent_id is not None
                      and fold(u.name).startswith(("ubnd huyen", "ubnd thanh pho", "ubnd thi xa", "ubnd xa",
                                                   "ubnd phuong"))]
        university_block = []
        for group in EmulationGroup.objects.filter(kind=EmulationGroup.Kind.BLOCK).prefetch_related("memberships"):
            if _UNIVERSITY_BLOCK.search(fold(group.name)):
                university_block.extend(m.unit_id for m in group.memberships.all() if m.left_on is None)
        return cls(names=names, localities=localities, university_block=university_block)

    def resolve(self, text: str) -> list[int]:
        """Unit ids named in a cell, in order of appearance (no duplicates)."""
        folded = fold(text)
        taken = [False] * len(folded)
        hits: list[tuple[int, int]] = []
        for name, unit_id in self.names:
            for m in re.finditer(r"(?<![\w&])" + re.escape(name) + r"(?![\w&])", folded):
                if any(taken[m.start():m.end()]):
                    continue
                for i in range(m.start(), m.end()):
                    taken[i] = True
                hits.append((m.start(), unit_id))
        if m := _LOCALITIES.search(folded):
            hits.extend((m.start(), uid) for uid in self.localities)
        if m := _UNIVERSITY_BLOCK.search(folded):
            hits.extend((m.start(), uid) for uid in self.university_block)
        seen, result = set(), []
        for _pos, uid in sorted(hits, key=lambda h: h[0]):
            if uid not in seen:
                seen.add(uid)
                result.append(uid)
        return result


# ---------------------------------------------------------------------------------------------------------------
# Creating a plan with its sections and appendix


@dataclass
class TaskRow:
    order: int
    content: str
    lead: str
    coordinating: str
    schedule: str


def validate_rows(rows: list[TaskRow], year: int) -> list[str]:
    """Vietnamese messages for every bad row (empty when all are fine)."""
    errors = []
    seen = set()
    for row in rows:
        if row.order in seen:
            errors.append(_("Nhiệm vụ số %(n)s bị trùng số thứ tự.") % {"n": row.order})
        seen.add(row.order)
        if not 1 <= row.order <= 100_000:
            errors.append(_("Số thứ tự nhiệm vụ phải từ 1 đến 100000 (nhận được %(n)s).") % {"n": row.order})
            continue
        if not row.content.strip():
            errors.append(_("Nhiệm vụ số %(n)s thiếu nội dung.") % {"n": row.order})
        if len(row.lead) > 500 or len(row.schedule) > 100:
            errors.append(_("Nhiệm vụ số %(n)s: đơn vị chủ trì tối đa 500 ký tự, thời gian thực hiện tối đa 100 ký "
                            "tự.") % {"n": row.order})
            continue
        try:
            q.parse_quarters(row.schedule)
        except q.ScheduleError as exc:
            errors.append(_("Nhiệm vụ số %(n)s: %(msg)s") % {"n": row.order, "msg": exc})
    if not rows:
        errors.append(_("Không có nhiệm vụ nào trong phụ lục."))
    return errors


def _build_tasks(plan: Plan, rows: list[TaskRow], index: UnitIndex):
    tasks, links = [], []
    for row in rows:
        task = PlanTask(
            plan=plan,
            order=row.order,
            content=row.content,
            lead_unit_text=row.lead,
            coordinating_text=row.coordinating,
        )
        task.set_schedule(row.schedule, plan.year)
        lead_ids = index.resolve(row.lead)
        task.lead_unit_id = lead_ids[0] if lead_ids else None
        task.search_text = fold(f"{task.content} {task.lead_unit_text} {task.coordinating_text}")
        tasks.append(task)
        links.append([uid for uid in index.resolve(row.coordinating) if uid != task.lead_unit_id])
    PlanTask.objects.bulk_create(tasks)
    through = PlanTask.coordinating_units.through
    through.objects.bulk_create(
        [through(plantask_id=task.pk, unit_id=uid) for task, ids in zip(tasks, links, strict=True) for uid in ids]
    )
    return tasks


def _heading_errors(plan: Plan) -> list[str]:
    """The plan's heading fields: lengths and required fields, a plausible year, issued no later than its year,
    a number not used by the unit that year."""
    errors = []
    try:
        plan.clean_fields(exclude=["unit", "parent", "search_text", "created_at", "updated_at"])
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            label = Plan._meta.get_field(name).verbose_name
            errors.extend(f"{str(label).capitalize()}: {m}" for m in messages)
    if plan.year is not None and not 2000 <= plan.year <= 2100:
        errors.append(_("Năm kế hoạch không hợp lệ."))
    elif plan.issued_on and plan.year and plan.issued_on.year > plan.year:
        errors.append(_("Ngày ban hành (%(d)s) không được sau năm kế hoạch %(y)s.")
                      % {"d": plan.issued_on.strftime("%d/%m/%Y"), "y": plan.year})
    if plan.number and plan.unit_id and plan.year and (
        Plan.objects.filter(unit_id=plan.unit_id, year=plan.year, number=plan.number).exclude(pk=plan.pk).exists()
    ):
        errors.append(_("Kế hoạch số %(n)s năm %(y)s đã có.") % {"n": plan.number, "y": plan.year})
    return errors


def create_plan(user, *, fields: dict, sections: list[dict] | None = None, rows: list[TaskRow] | None = None,
                note: str = "") -> Plan:
    """Create a province plan with its sections and appendix tasks in one transaction (one audit entry for the
    appendix). Raises ValidationError with Vietnamese messages; nothing is saved then."""
    if user is not None and not user.has_perm("plans.create_plan"):
        raise PermissionDenied(_("Chỉ cán bộ TĐKT cấp tỉnh được tạo kế hoạch của tỉnh."))
    rows = rows or []
    fields = {**fields, "number": Plan.normalize_number(fields["number"])}
    errors = _heading_errors(Plan(**fields))
    if rows and not errors:
        errors = validate_rows(rows, fields["year"])
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        plan = Plan.objects.create(**fields)
        PlanSection.objects.bulk_create(
            [PlanSection(plan=plan, position=i, **s) for i, s in enumerate(sections or [], start=1)]
        )
        if rows:
            _build_tasks(plan, rows, UnitIndex.build(plan.issued_on))
            audit.record(plan, "import", user=user, changes={"tasks": [None, len(rows)]},
                         note=note or _("Nhập %(n)s nhiệm vụ phụ lục.") % {"n": len(rows)})
    return plan


# ---------------------------------------------------------------------------------------------------------------
# Status transitions

# (from, to) pairs allowed; reopening a finished task returns it to "in progress".
TRANSITIONS = {
    TaskStatus.NOT_STARTED: {TaskStatus.IN_PROGRESS, TaskStatus.DONE},
    TaskStatus.IN_PROGRESS: {TaskStatus.NOT_STARTED, TaskStatus.DONE},
    TaskStatus.DONE: {TaskStatus.IN_PROGRESS},
}


def _check_completed_on(task: PlanTask, completed_on: dt.date | None) -> dt.date:
    today = timezone.localdate()
    completed_on = completed_on or today
    if completed_on > today:
        raise ValidationError(_("Ngày hòan thành không được ở tương lai."))
    earliest = dt.date(task.plan.year - 1, 1, 1)
    if completed_on < earliest:
        raise ValidationError(
            _("Ngày hòan thành %(d)s quá sớm so với kế hoạch năm %(y)s.")
            % {"d": completed_on.strftime("%d/%m/%Y"), "y": task.plan.year}
        )
    return completed_on


def change_status(user, task: PlanTask, new_status: str, *, completed_on: dt.date | None = None,
                  note: str = "") -> PlanTask:
    """Apply one transition: a conditional UPDATE on the current state plus an audit entry, in one transaction."""
    if not PlanTask.objects.status_editable_by(user).filter(pk=task.pk).exists():
        raise PermissionDenied(_("Chỉ đơn vị chủ trì hoặc cán bộ TĐKT cấp tỉnh được đổi trạng thái nhiệm vụ này."))
    if new_status not in TRANSITIONS:
        raise ValidationError(_("Trạng thái «%(s)s» không hợp lệ.") % {"s": new_status})
    old_status = task.status
    if new_status == old_status:
        raise ValidationError(_("Nhiệm vụ đã ở trạng thái «%(s)s».") % {"s": TaskStatus(new_status).label})
    if new_status not in TRANSITIONS[TaskStatus(old_status)]:
        raise ValidationError(
            _("Không thể chuyển từ «%(a)s» sang «%(b)s».")
            % {"a": TaskStatus(old_status).label, "b": TaskStatus(new_status).label}
        )
    values = {"status": new_status, "updated_at": timezone.now()}
    if new_status == TaskStatus.DONE:
        values["completed_on"] = _check_completed_on(task, completed_on)
        values["progress_percent"] = 100
    else:
        values["completed_on"] = None
    with transaction.atomic():
        updated = PlanTask.objects.filter(pk=task.pk, status=old_status).update(**values)
        if not updated:
            raise ValidationError(_("Nhiệm vụ vừa được người khác cập nhật; hãy tải lại trang."))
        changes = {"status": [old_status, new_status]}
        if values["completed_on"] != task.completed_on:
            changes["completed_on"] = [
                task.completed_on.isoformat() if task.completed_on else None,
                values["completed_on"].isoformat() if values["completed_on"] else None,
            ]
        audit.record(task, "transition", user=user, changes=changes, note=note)
    for key, value in values.items():
        setattr(task, key, value)
    return task


# ---------------------------------------------------------------------------------------------------------------
# Progress reports and evidence

def check_evidence(upload) -> str:
    """The content type of an acceptable evidence file (PDF, Word, Excel, JPG/PNG; `core.uploads.EVIDENCE`);
    ValidationError with a Vietnamese message naming the file otherwise."""
    return check_upload(upload, EVIDENCE).content_type


def report_progress(user, task: PlanTask, *, note: str, percent: int | None = None, status: str = "",
                    completed_on: dt.date | None = None, files=()) -> ProgressReport:
    """A unit's progress report. The lead unit (or province staff) may also move the task's status and percent;
    a co-ordinating unit's report is recorded with its note, percent and evidence, the task status unchanged."""
    if not PlanTask.objects.reportable_by(user).filter(pk=task.pk).exists():
        raise PermissionDenied(_("Đơn vị của bạn không chủ trì hay phối hợp nhiệm vụ này."))
    if user.unit_id is None:
        raise ValidationError(_("Tài khoản chưa gắn với đơn vị nào nên không thể báo cáo."))
    if not note.strip():
        raise ValidationError(_("Cần nhập nội dung báo cáo."))
    if percent is not None and not 0 <= percent <= 100:
        raise ValidationError(_("Tiến độ phải từ 0 đến 100%."))
    content_types = [check_evidence(f) for f in files]
    may_steer = PlanTask.objects.status_editable_by(user).filter(pk=task.pk).exists()
    if status and not may_steer:
        raise PermissionDenied(_("Đơn vị phối hợp chỉ báo cáo tiến độ; trạng thái do đơn vị chủ trì cập nhật."))
    with transaction.atomic():
        report = ProgressReport.objects.create(
            task=task, unit_id=user.unit_id, author=user, author_name=user.display_name,
            percent=percent, status=status or "", note=note.strip(),
        )
        for upload, content_type in zip(files, content_types, strict=True):
            EvidenceFile.objects.create(
                report=report, file=upload, original_name=upload.name[:255], content_type=content_type, size=upload.size
            )
        if may_steer:
            if status and status != task.status:
                change_status(user, task, status, completed_on=completed_on, note=note.strip())
            fields = {"progress_note": note.strip()}
            if percent is not None and task.status != TaskStatus.DONE:
                fields["progress_percent"] = percent
            for key, value in fields.items():
                setattr(task, key, value)
            task.save(update_fields=[*fields, "updated_at"])
    return report


# ---------------------------------------------------------------------------------------------------------------
# Sub-plans and task editing


def derive_sub_plan(user, parent: Plan, *, number: str, title: str, issued_on: dt.date, task_ids: list[int],
                    signer: str = "") -> Plan:
    """A unit's own plan derived from a province plan (III.2.a of 196/KH-UBND): the selected tasks (among those
    the unit can see) are copied, led by the unit, which then edits and tracks them."""
    unit = getattr(user, "unit", None)
    if unit is None or not user.has_perm("core.edit_records"):
        raise PermissionDenied(_("Chỉ cán bộ TĐKT của đơn vị được xây dựng kế hoạch của đơn vị."))
    if parent.parent_id is not None:
        raise ValidationError(_("Chỉ xây dựng kế hoạch đơn vị từ kế hoạch của tỉnh."))
    errors = []
    number = Plan.normalize_number(number)
    if not number:
        errors.append(_("Cần nhập số kế hoạch của đơn vị."))
    if issued_on < parent.issued_on:
        errors.append(_("Ngày ban hành kế hoạch đơn vị không được trước ngày ban hành kế hoạch của tỉnh (%(d)s).")
                      % {"d": parent.issued_on.strftime("%d/%m/%Y")})
    if issued_on.year > parent.year:
        errors.append(_("Ngày ban hành không được sau năm kế hoạch %(y)s.") % {"y": parent.year})
    sources = list(PlanTask.objects.visible_to(user).filter(plan=parent, pk__in=task_ids).order_by("order"))
    if len(sources) != len(set(task_ids)):
        errors.append(_("Có nhiệm vụ được chọn không thuộc kế hoạch này hoặc đơn vị không được xem."))
    if Plan.objects.filter(parent=parent, unit=unit).exists():
        errors.append(_("Đơn vị đã có kế hoạch triển khai kế hoạch này."))
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            plan = Plan.objects.create(
                number=number.strip(), title=title.strip() or parent.title, issued_on=issued_on,
                issuer=unit.name, unit=unit, year=parent.year, signer=signer, parent=parent,
                appendix_title=parent.appendix_title,
                preamble=_("Căn cứ Kế hoạch số %(n)s ngày %(d)s của %(i)s về %(t)s;")
                % {"n": parent.number, "d": parent.issued_on.strftime("%d/%m/%Y"), "i": parent.issuer,
                   "t": parent.title[:1].lower() + parent.title[1:]},
            )
            copies = []
            for i, src in enumerate(sources, start=1):
                copy = PlanTask(
                    plan=plan, order=i, content=src.content, lead_unit_text=unit.name, lead_unit=unit,
                    coordinating_text="", schedule_text=src.schedule_text, q1=src.q1, q2=src.q2, q3=src.q3,
                    q4=src.q4, due_on=src.due_on, source_task=src,
                )
                copy.search_text = fold(f"{copy.content} {copy.lead_unit_text}")
                copies.append(copy)
            PlanTask.objects.bulk_create(copies)
            audit.record(plan, "create", user=user, changes={"tasks": [None, len(copies)]},
                         note=_("Xây dựng từ kế hoạch %(n)s.") % {"n": parent.number})
    except IntegrityError:
        raise ValidationError(_("Số kế hoạch %(n)s đã được dùng trong năm %(y)s.") % {"n": number, "y": parent.year})
    return plan


def update_plan(user, plan: Plan) -> Plan:
    """Save the changed heading fields of `plan` (number, title, dates, issuer, signer, texts). A unit's sub-plan
    keeps its unit and year: its tasks' due dates follow the province plan."""
    if not Plan.objects.editable_by(user).filter(pk=plan.pk).exists():
        raise PermissionDenied(_("Bạn không có quyền sửa kế hoạch này."))
    current = Plan.objects.get(pk=plan.pk)
    if current.parent_id and (plan.unit_id, plan.year) != (current.unit_id, current.year):
        raise ValidationError(_("Kế hoạch của đơn vị giữ đơn vị và năm của kế hoạch cấp trên."))
    plan.parent_id = current.parent_id
    plan.number = Plan.normalize_number(plan.number)
    errors = _heading_errors(plan)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        plan.save()
    return plan


def save_task(user, plan: Plan, task: PlanTask | None, *, content: str, schedule: str, lead_unit_text: str,
              coordinating_text: str, lead_unit=None, coordinating_units=(), order: int | None = None) -> PlanTask:
    """Add or edit a task of a plan the user may edit (province staff: any plan; unit officer: its sub-plans)."""
    if not Plan.objects.editable_by(user).filter(pk=plan.pk).exists():
        raise PermissionDenied(_("Bạn không có quyền sửa kế hoạch này."))
    if not content.strip():
        raise ValidationError(_("Cần nhập nội dung nhiệm vụ."))
    if len(lead_unit_text.strip()) > 500 or len(schedule.strip()) > 100:
        raise ValidationError(_("Đơn vị chủ trì tối đa 500 ký tự, thời gian thực hiện tối đa 100 ký tự."))
    if order is not None and not 1 <= order <= 100_000:
        raise ValidationError(_("Số thứ tự nhiệm vụ phải từ 1 đến 100000."))
    allowed = Unit.objects.all() if plan.parent_id is None else plan.unit.subtree()
    ids = [u.pk for u in coordinating_units] + ([lead_unit.pk] if lead_unit else [])
    if allowed.filter(pk__in=ids).count() != len(set(ids)):
        raise ValidationError(_("Nhiệm vụ của kế hoạch đơn vị chỉ giao cho đơn vị đó hoặc đơn vị trực thuộc."))
    with transaction.atomic():
        if task is None:
            task = PlanTask(plan=plan)
            task.order = order or (plan.tasks.aggregate(m=Max("order"))["m"] or 0) + 1
        elif order:
            task.order = order
        try:
            task.set_schedule(schedule, plan.year)
        except q.ScheduleError as exc:
            raise ValidationError(str(exc))
        task.content = content.strip()
        task.lead_unit_text = lead_unit_text.strip()
        task.coordinating_text = coordinating_text.strip()
        task.lead_unit = lead_unit
        try:
            with transaction.atomic():
                task.save()
        except IntegrityError:
            raise ValidationError(_("Số thứ tự %(n)s đã có trong kế hoạch.") % {"n": task.order})
        task.coordinating_units.set(coordinating_units)
    return task


def delete_task(user, task: PlanTask):
    if not Plan.objects.editable_by(user).filter(pk=task.plan_id).exists():
        raise PermissionDenied(_("Bạn không có quyền sửa kế hoạch này."))
    if task.reports.exists():
        raise ValidationError(_("Nhiệm vụ đã có báo cáo tiến độ nên không xóa được."))
    task.delete()


def replace_sections(user, plan: Plan, sections: list[dict]) -> int:
    """Replace the plan's text sections (in the given order) in one transaction, with one audit entry."""
    if not Plan.objects.editable_by(user).filter(pk=plan.pk).exists():
        raise PermissionDenied(_("Bạn không có quyền sửa kế hoạch này."))
    errors = [_("Mục %(n)s: cấp phải là 1, 2 hoặc 3; số mục tối đa 10 ký tự.") % {"n": i}
              for i, s in enumerate(sections, start=1)
              if s.get("level") not in (1, 2, 3) or len(s.get("label", "").strip()) > 10]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        before = plan.sections.count()
        PlanSection.objects.filter(plan=plan).delete()
        PlanSection.objects.bulk_create([
            PlanSection(plan=plan, position=i, level=s["level"], label=s.get("label", "").strip(),
                        title=s.get("title", "").strip(), body=s.get("body", "").strip())
            for i, s in enumerate(sections, start=1)
        ])
        audit.record(plan, "update", user=user, changes={"sections": [before, len(sections)]},
                     note=_("Cập nhật nội dung các mục của kế hoạch."))
    return len(sections)
