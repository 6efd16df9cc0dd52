"""Every state change and multi-object write of the outreach area. Each service checks the user's right and the
current state inside `transaction.atomic()`, applies the change (state changes as a conditional UPDATE) and
writes an audit entry in the same transaction. Views, the API and the demo all call these."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.core.audit import record
from thidua.core.transitions import transition_status as _transition
from thidua.outreach import access, uploads
from thidua.outreach.models import (
    Congress,
    CongressHonouree,
    Delegate,
    Delegation,
    Exemplar,
    LegalDocument,
    MediaCoverage,
    Training,
    TrainingAttendee,
    TrainingInvitation,
    TrainingMaterial,
)


def _drop_replaced_file(model, field, old_name, new_name):
    """After a record's file was replaced or removed, delete the old file from storage (once the row is saved)."""
    if old_name and old_name != new_name:
        storage = model._meta.get_field(field).storage
        transaction.on_commit(lambda: storage.delete(old_name))


def _store(field_file, upload, checked):
    field_file.save(upload.name or "tep", upload, save=False)
    return checked


# ---------------------------------------------------------------------------------------------------------------
# Exemplars
# ---------------------------------------------------------------------------------------------------------------


def save_exemplar(user, exemplar: Exemplar, *, photo=None, remove_photo=False) -> Exemplar:
    """Create or change an exemplar while it is a draft (or returned). The photo is checked by its bytes."""
    if exemplar.pk:
        current = Exemplar.objects.select_related("unit").get(pk=exemplar.pk)
        if not user.has_perm("outreach.edit_exemplar", current):
            raise PermissionDenied(_("Chỉ sửa được điển hình đang soạn hoặc bị trả lại của đơn vị mình."))
    elif not user.has_perm("outreach.propose_exemplar"):
        raise PermissionDenied(_("Bạn không có quyền đề xuất điển hình."))
    if not access.acts_for_unit(user, exemplar.unit):
        raise PermissionDenied(_("Bạn chỉ đề xuất được điển hình của đơn vị mình."))
    exemplar.full_clean()
    checked = uploads.check_photo(photo) if photo is not None else None
    old_photo = Exemplar.objects.filter(pk=exemplar.pk).values_list("photo", flat=True).first() if exemplar.pk else None
    with transaction.atomic():
        if exemplar.pk is None:
            exemplar.created_by = user if user is not None and user.pk else None
        if checked is not None:
            _store(exemplar.photo, photo, checked)
            exemplar.photo_content_type = checked.content_type
        elif remove_photo:
            exemplar.photo = ""
            exemplar.photo_content_type = ""
        exemplar.save()
    _drop_replaced_file(Exemplar, "photo", old_photo, exemplar.photo.name)
    return exemplar


def delete_exemplar(user, exemplar: Exemplar) -> None:
    if not user.has_perm("outreach.delete_exemplar", exemplar):
        raise PermissionDenied(_("Chỉ xóa được đề xuất đang soạn hoặc bị trả lại, chưa từng công bố, của đơn vị mình."))
    if exemplar.congress_honours.exists() or exemplar.delegate_roles.exists():
        raise ValidationError(_("Điển hình đã được dùng trong danh sách tuyên dương hoặc đoàn đại biểu nên không xóa được."))
    photo = exemplar.photo.name
    with transaction.atomic():
        exemplar.delete()
    _drop_replaced_file(Exemplar, "photo", photo, "")


def submit_exemplar(user, exemplar: Exemplar) -> Exemplar:
    if not user.has_perm("outreach.submit_exemplar", exemplar):
        raise PermissionDenied(_("Bạn không có quyền gửi điển hình này."))
    with transaction.atomic():
        return _transition(Exemplar, exemplar, [Exemplar.Status.DRAFT, Exemplar.Status.REJECTED],
                           Exemplar.Status.SUBMITTED, user=user, note=_("Đơn vị gửi đề xuất điển hình"),
                           extra={"submitted_at": timezone.now(), "submitted_by": user, "reject_reason": ""})


def publish_exemplar(user, exemplar: Exemplar, *, published_at=None) -> Exemplar:
    if not user.has_perm("outreach.publish_exemplar", exemplar):
        raise PermissionDenied(_("Chỉ cán bộ TĐKT cấp tỉnh công bố điển hình."))
    with transaction.atomic():
        return _transition(Exemplar, exemplar, [Exemplar.Status.SUBMITTED, Exemplar.Status.DRAFT],
                           Exemplar.Status.PUBLISHED, user=user, note=_("Công bố điển hình trên trang công khai"),
                           extra={"published_at": published_at or timezone.now(), "published_by": user,
                                  "reject_reason": ""})


def reject_exemplar(user, exemplar: Exemplar, *, reason: str) -> Exemplar:
    if not user.has_perm("outreach.reject_exemplar", exemplar):
        raise PermissionDenied(_("Chỉ cán bộ TĐKT cấp tỉnh trả lại điển hình đơn vị đã gửi."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Cần ghi lý do trả lại để đơn vị bổ sung."))
    with transaction.atomic():
        return _transition(Exemplar, exemplar, [Exemplar.Status.SUBMITTED], Exemplar.Status.REJECTED, user=user,
                           note=_("Trả lại: %(r)s") % {"r": reason}, extra={"reject_reason": reason})


def unpublish_exemplar(user, exemplar: Exemplar, *, reason: str) -> Exemplar:
    if not user.has_perm("outreach.unpublish_exemplar", exemplar):
        raise PermissionDenied(_("Chỉ cán bộ TĐKT cấp tỉnh gỡ điển hình khỏi trang công khai."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Cần ghi lý do gỡ điển hình khỏi trang công khai."))
    with transaction.atomic():
        return _transition(Exemplar, exemplar, [Exemplar.Status.PUBLISHED], Exemplar.Status.REJECTED, user=user,
                           note=_("Gỡ khỏi trang công khai: %(r)s") % {"r": reason},
                           extra={"reject_reason": reason})


def save_coverage(user, coverage: MediaCoverage) -> MediaCoverage:
    if coverage.pk:
        current = MediaCoverage.objects.select_related("unit").get(pk=coverage.pk)
        if not user.has_perm("outreach.edit_coverage", current):
            raise PermissionDenied(_("Bạn không có quyền sửa tin, bài này."))
    if not user.has_perm("outreach.record_coverage") or not access.acts_for_unit(user, coverage.unit):
        raise PermissionDenied(_("Bạn chỉ cập nhật được tin, bài của đơn vị mình."))
    if coverage.exemplar_id and not Exemplar.objects.visible_to(user).filter(pk=coverage.exemplar_id).exists():
        raise ValidationError({"exemplar": _("Không tìm thấy điển hình đã chọn.")})
    coverage.full_clean()
    coverage.save()
    return coverage


def delete_coverage(user, coverage: MediaCoverage) -> None:
    if not user.has_perm("outreach.edit_coverage", coverage):
        raise PermissionDenied(_("Bạn không có quyền xóa tin, bài này."))
    coverage.delete()


# ---------------------------------------------------------------------------------------------------------------
# Legal library
# ---------------------------------------------------------------------------------------------------------------


def save_legal_document(user, document: LegalDocument, *, upload=None, remove_file=False) -> LegalDocument:
    if not user.has_perm("outreach.manage_library"):
        raise PermissionDenied(_("Chỉ cán bộ TĐKT cấp tỉnh quản lý thư viện văn bản."))
    document.full_clean()
    checked = uploads.check_document(upload) if upload is not None else None
    old_file = LegalDocument.objects.filter(pk=document.pk).values_list("file", flat=True).first() if document.pk else None
    with transaction.atomic():
        if checked is not None:
            _store(document.file, upload, checked)
            document.file_name = (upload.name or "van-ban")[:255]
            document.file_content_type = checked.content_type
            document.file_size = checked.size
        elif remove_file:
            document.file = ""
            document.file_name = ""
            document.file_content_type = ""
            document.file_size = None
        try:
            with transaction.atomic():
                document.save()
        except IntegrityError:
            raise ValidationError({"number": _("Văn bản có số, ký hiệu và ngày ban hành này đã có trong thư viện.")})
    _drop_replaced_file(LegalDocument, "file", old_file, document.file.name)
    return document


# ---------------------------------------------------------------------------------------------------------------
# Training
# ---------------------------------------------------------------------------------------------------------------

TRAINING_STEPS = {
    # target: allowed current states
    Training.Status.OPEN: [Training.Status.PLANNED, Training.Status.CLOSED],
    Training.Status.CLOSED: [Training.Status.OPEN],
    Training.Status.HELD: [Training.Status.CLOSED, Training.Status.OPEN],
    Training.Status.CANCELLED: [Training.Status.PLANNED, Training.Status.OPEN, Training.Status.CLOSED],
}


def save_training(user, training: Training) -> Training:
    if training.pk:
        current = Training.objects.select_related("organiser").get(pk=training.pk)
        if not user.has_perm("outreach.manage_training", current):
            raise PermissionDenied(_("Bạn không có quyền sửa lớp tập huấn này."))
    elif not user.has_perm("outreach.create_training"):
        raise PermissionDenied(_("Chỉ cán bộ TĐKT cấp tỉnh tạo lớp tập huấn."))
    training.full_clean()
    training.save()
    return training


def set_training_status(user, training: Training, target: str) -> Training:
    if not user.has_perm("outreach.manage_training", training):
        raise PermissionDenied(_("Bạn không có quyền thay đổi trạng thái lớp tập huấn này."))
    if target not in TRAINING_STEPS:
        raise ValidationError(_("Trạng thái không hợp lệ."))
    if target == Training.Status.HELD and training.start > timezone.localdate():
        raise ValidationError(_("Lớp tập huấn chưa đến ngày khai giảng nên chưa thể ghi nhận đã tổ chức."))
    with transaction.atomic():
        return _transition(Training, training, TRAINING_STEPS[target], target, user=user,
                           note=str(Training.Status(target).label))


def invite_unit(user, training: Training, unit, seats: int) -> TrainingInvitation:
    if not user.has_perm("outreach.manage_training", training):
        raise PermissionDenied(_("Bạn không có quyền mời đơn vị dự lớp tập huấn này."))
    if training.status in (Training.Status.HELD, Training.Status.CANCELLED):
        raise ValidationError(_("Lớp tập huấn đã kết thúc hoặc đã hủy."))
    if not seats or seats < 1:
        raise ValidationError({"seats": _("Số người được cử phải từ 1 trở lên.")})
    with transaction.atomic():
        invitation, created = TrainingInvitation.objects.get_or_create(training=training, unit=unit,
                                                                       defaults={"seats": seats})
        if not created:
            used = invitation.attendees.count()
            if seats < used:
                raise ValidationError({"seats": _("Đơn vị đã đăng ký %(n)d người; không thể giảm xuống %(s)d.")
                                       % {"n": used, "s": seats}})
            invitation.seats = seats
            invitation.save(update_fields=["seats"])
        record(training, "update", user=user, note=_("Mời %(unit)s (%(n)d người)") % {"unit": unit.name, "n": seats})
    return invitation


def remove_invitation(user, invitation: TrainingInvitation) -> None:
    if not user.has_perm("outreach.manage_training", invitation.training):
        raise PermissionDenied(_("Bạn không có quyền sửa danh sách đơn vị được mời."))
    if invitation.attendees.exists():
        raise ValidationError(_("Đơn vị đã đăng ký học viên; hãy xóa học viên trước khi bỏ lời mời."))
    record(invitation.training, "update", user=user, note=_("Bỏ lời mời %(unit)s") % {"unit": invitation.unit.name})
    invitation.delete()


def invitation_for(training: Training, unit):
    """The invitation that covers a unit: its own, or the nearest invited unit above it."""
    ids = [int(x) for x in unit.path.strip("/").split("/") if x]
    invitations = {i.unit_id: i for i in training.invitations.filter(unit_id__in=ids)}
    for unit_id in reversed(ids):
        if unit_id in invitations:
            return invitations[unit_id]
    return None


def register_attendee(user, training: Training, person, *, note: str = "") -> TrainingAttendee:
    unit = person.unit
    if not user.has_perm("outreach.register_for_training", (training, unit)):
        if training.status != Training.Status.OPEN:
            raise ValidationError(_("Lớp tập huấn không còn nhận đăng ký."))
        raise PermissionDenied(_("Bạn chỉ đăng ký được học viên của đơn vị mình."))
    if not person.active:
        raise ValidationError({"person": _("%(name)s không còn công tác tại đơn vị.") % {"name": person.full_name}})
    manager = user.has_perm("outreach.manage_training", training)
    deadline = training.registration_deadline
    if deadline and timezone.localdate() > deadline and not manager:
        raise ValidationError(_("Đã quá hạn đăng ký (%(d)s); liên hệ đơn vị tổ chức để được bổ sung.")
                              % {"d": deadline.strftime("%d/%m/%Y")})
    with transaction.atomic():
        invitation = invitation_for(training, unit)
        if invitation is None and not manager:
            raise ValidationError(_("%(unit)s chưa được mời dự lớp tập huấn này.") % {"unit": unit.name})
        if invitation is not None:
            invitation = TrainingInvitation.objects.select_for_update().get(pk=invitation.pk)
            if not manager and invitation.attendees.count() >= invitation.seats:
                raise ValidationError(_("%(unit)s đã cử đủ %(n)d người theo giấy mời.")
                                      % {"unit": invitation.unit.name, "n": invitation.seats})
        if training.capacity and training.attendees.count() >= training.capacity:
            raise ValidationError(_("Lớp tập huấn đã đủ %(n)d học viên.") % {"n": training.capacity})
        if TrainingAttendee.objects.filter(training=training, person=person).exists():
            raise ValidationError({"person": _("%(name)s đã có trong danh sách học viên.") % {"name": person.full_name}})
        return TrainingAttendee.objects.create(training=training, person=person, unit=unit, invitation=invitation,
                                               note=(note or "").strip()[:300], registered_by=user)


def unregister_attendee(user, attendee: TrainingAttendee) -> None:
    training = attendee.training
    manager = user.has_perm("outreach.manage_training", training)
    if not manager and not (training.status == Training.Status.OPEN and access.acts_for_unit(user, attendee.unit)):
        raise PermissionDenied(_("Bạn không có quyền xóa học viên này."))
    if training.status == Training.Status.HELD:
        raise ValidationError(_("Lớp tập huấn đã tổ chức; không xóa học viên nữa."))
    attendee.delete()


def mark_attendance(user, training: Training, present_ids, *, attendee_ids=None) -> int:
    """Mark who came: attendees in `present_ids` attended, the others (of `attendee_ids`, default all) did not."""
    if not user.has_perm("outreach.manage_training", training):
        raise PermissionDenied(_("Chỉ đơn vị tổ chức điểm danh học viên."))
    if training.status == Training.Status.CANCELLED or training.start > timezone.localdate():
        raise ValidationError(_("Chỉ điểm danh khi lớp tập huấn đã khai giảng."))
    present = {int(i) for i in present_ids}
    qs = training.attendees.all()
    if attendee_ids is not None:
        qs = qs.filter(pk__in=[int(i) for i in attendee_ids])
    with transaction.atomic():
        ids = list(qs.values_list("pk", flat=True))
        TrainingAttendee.objects.filter(pk__in=[i for i in ids if i in present]).update(attended=True)
        TrainingAttendee.objects.filter(pk__in=[i for i in ids if i not in present]).update(attended=False)
        count = len([i for i in ids if i in present])
        record(training, "update", user=user, note=_("Điểm danh: %(n)d/%(t)d học viên có mặt") % {"n": count, "t": len(ids)})
    return count


def add_material(user, training: Training, upload, *, title: str, kind: str) -> TrainingMaterial:
    if not user.has_perm("outreach.manage_training", training):
        raise PermissionDenied(_("Bạn không có quyền tải tài liệu cho lớp tập huấn này."))
    title = " ".join((title or "").split()) or (upload.name or "")[:300]
    if kind not in TrainingMaterial.Kind.values:
        raise ValidationError({"kind": _("Loại tài liệu không hợp lệ.")})
    checked = uploads.check_document(upload)
    with transaction.atomic():
        material = TrainingMaterial(training=training, kind=kind, title=title, original_name=(upload.name or "")[:255],
                                    content_type=checked.content_type, size=checked.size, uploaded_by=user)
        _store(material.file, upload, checked)
        material.save()
        record(training, "update", user=user, note=_("Tải lên tài liệu: %(t)s") % {"t": title})
    return material


def delete_material(user, material: TrainingMaterial) -> None:
    if not user.has_perm("outreach.manage_training", material.training):
        raise PermissionDenied(_("Bạn không có quyền xóa tài liệu này."))
    record(material.training, "update", user=user, note=_("Xóa tài liệu: %(t)s") % {"t": material.title})
    material.file.delete(save=False)
    material.delete()


# ---------------------------------------------------------------------------------------------------------------
# Congresses and delegations
# ---------------------------------------------------------------------------------------------------------------


def save_congress(user, congress: Congress) -> Congress:
    if not user.has_perm("outreach.manage_congress"):
        raise PermissionDenied(_("Chỉ cán bộ TĐKT cấp tỉnh quản lý đại hội thi đua."))
    congress.full_clean()
    congress.save()
    return congress


def latest_award_of(exemplar):
    """The most recent award (not revoked) of the exemplar's person or collective, if the award book has one."""
    from thidua.awards.models import Award

    qs = Award.objects.filter(revoked=False).select_related("award_type")
    if exemplar.person_id:
        qs = qs.filter(person_id=exemplar.person_id)
    elif exemplar.collective_id:
        qs = qs.filter(person__isnull=True, unit_id=exemplar.collective_id, recipient_kind="collective")
    else:
        return None
    return qs.order_by("-year", "-id").first()


def add_honouree(user, honouree: CongressHonouree) -> CongressHonouree:
    if not user.has_perm("outreach.manage_congress"):
        raise PermissionDenied(_("Chỉ cán bộ TĐKT cấp tỉnh cập nhật danh sách tuyên dương."))
    if honouree.exemplar_id and not honouree.award_id:
        honouree.award = latest_award_of(honouree.exemplar)
    if honouree.exemplar_id and not honouree.name:
        honouree.name = honouree.exemplar.display_name
    if honouree.award_id and not honouree.name:
        honouree.name = honouree.award.recipient_name
    honouree.full_clean()
    honouree.save()
    record(honouree.congress, "update", user=user, note=_("Tuyên dương: %(n)s") % {"n": honouree.name})
    return honouree


def delete_honouree(user, honouree: CongressHonouree) -> None:
    if not user.has_perm("outreach.manage_congress"):
        raise PermissionDenied(_("Chỉ cán bộ TĐKT cấp tỉnh cập nhật danh sách tuyên dương."))
    record(honouree.congress, "update", user=user, note=_("Bỏ tuyên dương: %(n)s") % {"n": honouree.name})
    honouree.delete()


def save_delegation(user, delegation: Delegation) -> Delegation:
    if not user.has_perm("outreach.manage_congress"):
        raise PermissionDenied(_("Chỉ cán bộ TĐKT cấp tỉnh thành lập đoàn đại biểu."))
    delegation.full_clean()
    delegation.save()
    return delegation


def nominate_delegate(user, delegation: Delegation, person, *, category: str, achievements: str = "",
                      exemplar=None) -> Delegate:
    if not user.has_perm("outreach.nominate_delegate", (delegation, person.unit)):
        if delegation.status != Delegation.Status.NOMINATING:
            raise ValidationError(_("Đoàn đại biểu đã chốt danh sách, không nhận thêm đề cử."))
        raise PermissionDenied(_("Bạn chỉ đề cử được người của đơn vị mình."))
    if category not in Delegate.Category.values:
        raise ValidationError({"category": _("Thành phần không hợp lệ.")})
    deadline = delegation.nomination_deadline
    if deadline and timezone.localdate() > deadline and not user.has_perm("outreach.decide_delegates", delegation):
        raise ValidationError(_("Đã quá hạn đề cử (%(d)s).") % {"d": deadline.strftime("%d/%m/%Y")})
    if exemplar is not None and exemplar.person_id and exemplar.person_id != person.pk:
        raise ValidationError({"exemplar": _("Điển hình đã chọn không phải của người được đề cử.")})
    with transaction.atomic():
        if Delegate.objects.filter(delegation=delegation, person=person).exists():
            raise ValidationError({"person": _("%(name)s đã có trong danh sách đề cử của đoàn.") % {"name": person.full_name}})
        delegate = Delegate.objects.create(delegation=delegation, person=person, unit=person.unit, category=category,
                                           achievements=(achievements or "").strip(), exemplar=exemplar,
                                           nominated_by=user)
    return delegate


def withdraw_delegate(user, delegate: Delegate) -> None:
    delegation = delegate.delegation
    if user.has_perm("outreach.decide_delegates", delegation):
        pass
    elif not (user.has_perm("outreach.nominate_delegate", (delegation, delegate.unit)) and delegate.status == Delegate.Status.NOMINATED):
        raise PermissionDenied(_("Chỉ rút được đề cử chưa được xét của đơn vị mình."))
    delegate.delete()


def decide_delegate(user, delegate: Delegate, *, status: str, role: str | None = None, note: str = "") -> Delegate:
    if not user.has_perm("outreach.decide_delegates", delegate.delegation):
        raise PermissionDenied(_("Chỉ cán bộ TĐKT cấp tỉnh xác nhận đại biểu."))
    if status not in Delegate.Status.values:
        raise ValidationError(_("Trạng thái không hợp lệ."))
    role = role or delegate.role
    if role not in Delegate.Role.values:
        raise ValidationError({"role": _("Vai trò trong đoàn không hợp lệ.")})
    if status != Delegate.Status.CONFIRMED and role != Delegate.Role.MEMBER:
        raise ValidationError({"role": _("Chỉ đại biểu đã xác nhận mới giữ vai trò Trưởng, Phó Trưởng đoàn.")})
    note = (note or "").strip()
    if status == Delegate.Status.DECLINED and not note:
        raise ValidationError({"status_note": _("Cần ghi lý do không chọn để đơn vị biết.")})
    with transaction.atomic():
        delegation = Delegation.objects.select_for_update().get(pk=delegate.delegation_id)
        if delegation.status != Delegation.Status.NOMINATING:
            raise ValidationError(_("Đoàn đã chốt danh sách; mở lại đề cử để thay đổi."))
        if role == Delegate.Role.HEAD and (
            Delegate.objects.filter(delegation=delegation, role=Delegate.Role.HEAD, status=Delegate.Status.CONFIRMED)
            .exclude(pk=delegate.pk).exists()
        ):
            raise ValidationError({"role": _("Đoàn đã có Trưởng đoàn.")})
        if (status == Delegate.Status.CONFIRMED and delegate.status != Delegate.Status.CONFIRMED and delegation.size
                and delegation.delegates.filter(status=Delegate.Status.CONFIRMED).count() >= delegation.size):
            raise ValidationError(_("Đoàn đã đủ %(n)d đại biểu được phân bổ.") % {"n": delegation.size})
        old = (delegate.status, delegate.role)
        delegate.status, delegate.role, delegate.status_note = status, role, note[:300]
        delegate.decided_by, delegate.decided_at = user, timezone.now()
        delegate._audit_skip = True
        delegate.save()
        record(delegate, "transition", user=user, changes={"status": [old[0], status], "role": [old[1], role]},
               note=note or str(Delegate.Status(status).label))
    return delegate


def close_delegation(user, delegation: Delegation) -> Delegation:
    """Chốt danh sách: needs a confirmed head of delegation; nominations still pending are declined."""
    if not user.has_perm("outreach.decide_delegates", delegation):
        raise PermissionDenied(_("Chỉ cán bộ TĐKT cấp tỉnh chốt danh sách đoàn."))
    if not delegation.delegates.filter(status=Delegate.Status.CONFIRMED, role=Delegate.Role.HEAD).exists():
        raise ValidationError(_("Cần xác nhận Trưởng đoàn trước khi chốt danh sách."))
    with transaction.atomic():
        pending = delegation.delegates.filter(status=Delegate.Status.NOMINATED)
        pending.update(status=Delegate.Status.DECLINED, status_note=_("Không được chọn khi chốt danh sách"),
                       decided_by=user, decided_at=timezone.now())
        return _transition(Delegation, delegation, [Delegation.Status.NOMINATING], Delegation.Status.CONFIRMED,
                           user=user, note=_("Chốt danh sách đoàn đại biểu"))


def reopen_delegation(user, delegation: Delegation) -> Delegation:
    if not user.has_perm("outreach.decide_delegates", delegation):
        raise PermissionDenied(_("Chỉ cán bộ TĐKT cấp tỉnh mở lại danh sách đoàn."))
    with transaction.atomic():
        return _transition(Delegation, delegation, [Delegation.Status.CONFIRMED], Delegation.Status.NOMINATING,
                           user=user, note=_("Mở lại việc đề cử đại biểu"))
