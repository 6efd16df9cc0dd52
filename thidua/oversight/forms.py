import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from thidua.core.forms import BootstrapMixin
from thidua.core.models import User
from thidua.core.widgets import PERSON_PICKER, UNIT_PICKER, use_picker
from thidua.orgs.models import Person, Unit
from thidua.oversight.models import QUARTERS, Finding, InspectionPlan, Petition
from thidua.plans.forms import MultipleFileField

DATE_ERRORS = {"invalid": _("Nhập ngày hợp lệ (ngày/tháng/năm có thật).")}
UNIT_ERRORS = {"invalid_choice": _("Không có đơn vị này trong danh mục.")}


def _date(label, required=True, help_text=""):
    return forms.DateField(label=label, required=required, widget=forms.DateInput(), error_messages=DATE_ERRORS,
                           help_text=help_text)


def _units():
    return Unit.objects.order_by("sort_key")


def _province_users():
    from thidua.oversight.services import team_candidates

    return team_candidates()


class PlanTaskChoice(forms.ModelChoiceField):
    def label_from_instance(self, task):
        return f"{task.plan.number} — {task.order}. {task.content[:90]}"


def _plan_tasks():
    from thidua.oversight.services import plan_task_choices

    return plan_task_choices()


def _plan_task_field(help_text):
    """The optional link to the task of the year's work plan that an inspection plan or an inspection carries out."""
    return PlanTaskChoice(label=_("Nhiệm vụ trong kế hoạch công tác năm"), queryset=_plan_tasks(), required=False,
                          error_messages={"invalid_choice": _("Không có nhiệm vụ này trong kế hoạch.")},
                          help_text=help_text)


class InspectionPlanForm(BootstrapMixin, forms.ModelForm):
    issued_on = _date(_("Ngày ban hành"))
    plan_task = _plan_task_field(_("Ví dụ: nhiệm vụ 8 của Kế hoạch 196/KH-UBND."))

    class Meta:
        model = InspectionPlan
        fields = ["year", "number", "issued_on", "title", "issuer", "signer", "purpose", "plan_task"]
        widgets = {"purpose": forms.Textarea(attrs={"rows": 4})}
        error_messages = {"year": {"invalid": _("Năm kế hoạch không hợp lệ.")}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan_task"].queryset = _plan_tasks()


class InspectionForm(BootstrapMixin, forms.Form):
    plan = forms.ModelChoiceField(label=_("Kế hoạch kiểm tra"), queryset=InspectionPlan.objects.none(),
                                  required=False, help_text=_("Để trống nếu là cuộc kiểm tra đột xuất."),
                                  error_messages={"invalid_choice": _("Không có kế hoạch kiểm tra này.")})
    unit = forms.ModelChoiceField(label=_("Đơn vị được kiểm tra"), queryset=Unit.objects.none(),
                                  error_messages=UNIT_ERRORS)
    planned_start = _date(_("Dự kiến từ ngày"))
    planned_end = _date(_("Dự kiến đến ngày"))
    quarter = forms.TypedChoiceField(label=_("Quý"), coerce=int, required=False, empty_value=None,
                                     choices=[("", _("— theo ngày bắt đầu —")), *QUARTERS])
    content = forms.CharField(label=_("Nội dung kiểm tra"), widget=forms.Textarea(attrs={"rows": 3}))
    scope = forms.CharField(label=_("Phạm vi, thời kỳ kiểm tra"), max_length=300, required=False)
    decision_number = forms.CharField(label=_("Số quyết định kiểm tra"), max_length=50, required=False)
    decision_date = _date(_("Ngày quyết định kiểm tra"), required=False)
    plan_task = _plan_task_field(_("Ví dụ: nhiệm vụ 16 của Kế hoạch 196/KH-UBND."))
    team_head_user = forms.ModelChoiceField(label=_("Trưởng đoàn (tài khoản trong hệ thống)"),
                                            queryset=User.objects.none(), required=False,
                                            error_messages={"invalid_choice": _("Không có người dùng này.")})
    team_head = forms.CharField(label=_("Trưởng đoàn (họ tên, nếu không có tài khoản)"), max_length=150,
                                required=False)
    member_users = forms.ModelMultipleChoiceField(
        label=_("Thành viên đoàn có tài khoản"), queryset=User.objects.none(), required=False,
        widget=forms.SelectMultiple(attrs={"size": 5}),
        error_messages={"invalid_choice": _("Không có người dùng «%(value)s»."),
                        "invalid_pk_value": _("Mã người dùng «%(pk)s» không hợp lệ.")})
    members_text = forms.CharField(
        label=_("Thành viên khác"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Mỗi người một dòng: Họ tên — chức vụ, đơn vị."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = InspectionPlan.objects.all()
        self.fields["plan_task"].queryset = _plan_tasks()
        self.fields["unit"].queryset = _units()
        use_picker(self.fields["unit"], UNIT_PICKER)
        self.fields["team_head_user"].queryset = _province_users()
        self.fields["member_users"].queryset = _province_users()

    def clean(self):
        data = super().clean()
        start, end = data.get("planned_start"), data.get("planned_end")
        if start and end and end < start:
            self.add_error("planned_end", _("Ngày kết thúc dự kiến không được trước ngày bắt đầu."))
        return data

    def members(self) -> list[dict]:
        rows = [{"user": u, "name": u.display_name, "title": ""} for u in self.cleaned_data.get("member_users") or []]
        for line in (self.cleaned_data.get("members_text") or "").splitlines():
            if not line.strip():
                continue
            parts = re.split(r"\s+[—–-]\s+", line.strip(), maxsplit=1)
            rows.append({"user": None, "name": parts[0], "title": parts[1] if len(parts) > 1 else ""})
        return rows

    @staticmethod
    def initial_for(inspection) -> dict:
        members = list(inspection.members.all())
        return {
            "plan": inspection.plan_id, "plan_task": inspection.plan_task_id, "unit": inspection.unit_id, "planned_start": inspection.planned_start,
            "planned_end": inspection.planned_end, "quarter": inspection.quarter, "content": inspection.content,
            "scope": inspection.scope, "decision_number": inspection.decision_number,
            "decision_date": inspection.decision_date, "team_head_user": inspection.team_head_user_id,
            "team_head": inspection.team_head if not inspection.team_head_user_id else "",
            "member_users": [m.user_id for m in members if m.user_id],
            "members_text": "\n".join(f"{m.name} — {m.title}" if m.title else m.name
                                      for m in members if not m.user_id),
        }


class StartForm(BootstrapMixin, forms.Form):
    started_on = _date(_("Ngày bắt đầu kiểm tra"), required=False, help_text=_("Để trống = hôm nay."))


class ConcludeForm(BootstrapMixin, forms.Form):
    conclusion_number = forms.CharField(label=_("Số thông báo kết luận"), max_length=50,
                                        help_text=_("Ví dụ: 15/TB-HĐTĐKT"))
    conclusion_date = _date(_("Ngày thông báo kết luận"))
    conclusion = forms.CharField(label=_("Kết luận kiểm tra"), widget=forms.Textarea(attrs={"rows": 4}))


class CancelForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(label=_("Lý do hủy"), widget=forms.Textarea(attrs={"rows": 2}))


class FindingForm(BootstrapMixin, forms.Form):
    category = forms.ChoiceField(label=_("Loại tồn tại"), choices=Finding.Category.choices)
    description = forms.CharField(label=_("Tồn tại, hạn chế"), widget=forms.Textarea(attrs={"rows": 3}))
    recommendation = forms.CharField(label=_("Kiến nghị, yêu cầu khắc phục"), widget=forms.Textarea(attrs={"rows": 3}))
    responsible_unit = forms.ModelChoiceField(label=_("Đơn vị chịu trách nhiệm khắc phục"), queryset=Unit.objects.none(),
                                              required=False, error_messages=UNIT_ERRORS,
                                              help_text=_("Để trống = đơn vị được kiểm tra."))
    due_on = _date(_("Hạn khắc phục (ngày)"), required=False)
    working_days = forms.IntegerField(label=_("hoặc: số ngày làm việc kể từ ngày thông báo kết luận"), required=False,
                                      min_value=1, max_value=365,
                                      error_messages={"invalid": _("Số ngày làm việc phải là số nguyên."),
                                                      "min_value": _("Số ngày làm việc phải từ 1 đến 365."),
                                                      "max_value": _("Số ngày làm việc phải từ 1 đến 365.")})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible_unit"].queryset = _units()
        use_picker(self.fields["responsible_unit"], UNIT_PICKER)

    def clean(self):
        data = super().clean()
        if not self.errors and (data.get("due_on") is None) == (data.get("working_days") is None):
            raise ValidationError(_("Nhập hạn khắc phục: hoặc một ngày cụ thể, hoặc số ngày làm việc (không cả hai)."))
        return data


class RemediationForm(BootstrapMixin, forms.Form):
    note = forms.CharField(label=_("Kết quả khắc phục"), widget=forms.Textarea(attrs={"rows": 3}))
    files = MultipleFileField(label=_("Tệp minh chứng (PDF, Word, Excel, ảnh)"), required=False)


class ReviewForm(BootstrapMixin, forms.Form):
    decision = forms.ChoiceField(label=_("Ý kiến"), choices=[("accept", _("Xác nhận đã khắc phục")),
                                                            ("return", _("Yêu cầu tiếp tục khắc phục"))])
    remedied_on = _date(_("Ngày xác nhận"), required=False, help_text=_("Để trống = hôm nay."))
    note = forms.CharField(label=_("Nhận xét"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ViolationForm(BootstrapMixin, forms.Form):
    """Mark a finding as a sign of violation: it holds awards until cleared (khoản 4 Điều 4 NĐ 152/2025/NĐ-CP)."""

    person = forms.ModelChoiceField(
        label=_("Cá nhân có dấu hiệu vi phạm"), queryset=Person.objects.none(), required=False,
        help_text=_("Để trống khi dấu hiệu vi phạm thuộc về tập thể: tạm dừng khen thưởng tập thể của đơn vị chịu "
                    "trách nhiệm."))
    opened_on = _date(_("Ngày ghi nhận"), required=False, help_text=_("Để trống = hôm nay."))
    note = forms.CharField(label=_("Nội dung dấu hiệu vi phạm"), required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, finding=None, **kwargs):
        super().__init__(*args, **kwargs)
        if finding is not None:
            paths = (finding.inspection.unit.path, finding.responsible_unit.path)
            self.fields["person"].queryset = (
                Person.objects.filter(active=True, unit__path__startswith=paths[0])
                | Person.objects.filter(active=True, unit__path__startswith=paths[1])
            ).select_related("unit").order_by("sort_key", "id")
            self.fields["person"].label_from_instance = lambda p: f"{p.full_name} ({p.unit.short_name or p.unit.name})"
        use_picker(self.fields["person"], PERSON_PICKER, params={"dang_lam": 1})


class ClearViolationForm(BootstrapMixin, forms.Form):
    closed_on = _date(_("Ngày kết luận"), required=False, help_text=_("Để trống = hôm nay."))
    note = forms.CharField(label=_("Kết quả xác minh, kết luận"), widget=forms.Textarea(attrs={"rows": 2}))


# ---------------------------------------------------------------------------------------------------------------
# Petitions


class IdChoiceField(forms.ModelChoiceField):
    """A record chosen by its number (lists of people, dossiers and awards are too long for a drop-down).
    Accepts '12' or the displayed code ('HS-00012')."""

    widget = forms.TextInput

    def to_python(self, value):
        if isinstance(value, str):
            digits = re.sub(r"^\s*[A-Za-zĐđ]*-?0*", "", value.strip())
            value = digits or value.strip()
        return super().to_python(value)

    def prepare_value(self, value):
        if hasattr(value, "pk"):
            return value.pk
        return value


class PetitionForm(BootstrapMixin, forms.ModelForm):
    received_on = _date(_("Ngày nhận đơn"))
    person = IdChoiceField(label=_("Cá nhân liên quan (mã số)"), queryset=Person.objects.none(), required=False,
                           help_text=_("Mã số trên trang hồ sơ cá nhân; để trống nếu đơn không liên quan cá nhân nào."),
                           error_messages={"invalid_choice": _("Không có cá nhân mang mã số này.")})
    dossier = IdChoiceField(label=_("Hồ sơ khen thưởng liên quan (mã hồ sơ)"), queryset=Person.objects.none(),
                            required=False, help_text=_("Ví dụ: HS-00012"),
                            error_messages={"invalid_choice": _("Không có hồ sơ mang mã này.")})
    award = IdChoiceField(label=_("Khen thưởng liên quan (mã số)"), queryset=Person.objects.none(), required=False,
                          error_messages={"invalid_choice": _("Không có khen thưởng mang mã số này.")})

    class Meta:
        model = Petition
        fields = ["kind", "received_on", "channel", "forwarded_by", "petitioner_name", "petitioner_address",
                  "petitioner_phone", "subject_unit", "person", "dossier", "award", "summary", "content",
                  "complex_case", "remote_area"]
        widgets = {"content": forms.Textarea(attrs={"rows": 4}), "summary": forms.Textarea(attrs={"rows": 2})}
        error_messages = {"subject_unit": UNIT_ERRORS}

    def __init__(self, *args, **kwargs):
        from thidua.awards.models import Award
        from thidua.dossiers.models import Dossier

        super().__init__(*args, **kwargs)
        self.fields["subject_unit"].queryset = _units()
        use_picker(self.fields["subject_unit"], UNIT_PICKER)
        self.fields["person"].queryset = Person.objects.all()
        use_picker(self.fields["person"], PERSON_PICKER)
        self.fields["person"].label = _("Cá nhân liên quan")
        self.fields["person"].help_text = _("Gõ họ tên để tìm; để trống nếu đơn không liên quan cá nhân nào.")
        self.fields["dossier"].queryset = Dossier.objects.all()
        self.fields["award"].queryset = Award.objects.all()
        self.fields["remote_area"].help_text = _("Chỉ áp dụng với khiếu nại (Luật Khiếu nại 2011 Điều 28).")
        self.fields["complex_case"].help_text = _(
            "Khiếu nại phức tạp: 45 ngày (vùng sâu, vùng xa 60 ngày); tố cáo phức tạp: được gia hạn.")

    def clean_petitioner_phone(self):
        from thidua.oversight.services import clean_phone

        return clean_phone(self.cleaned_data.get("petitioner_phone") or "")


class AcceptForm(BootstrapMixin, forms.Form):
    accepted_on = _date(_("Ngày thụ lý"), required=False, help_text=_("Để trống = hôm nay."))
    note = forms.CharField(label=_("Ghi chú"), required=False)


class RejectForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(label=_("Lý do không thụ lý"), widget=forms.Textarea(attrs={"rows": 2}))
    on = _date(_("Ngày thông báo"), required=False, help_text=_("Để trống = hôm nay."))


class ProgressForm(BootstrapMixin, forms.Form):
    note = forms.CharField(label=_("Ghi chú (phân công xác minh…)"), required=False)


class ExtendForm(BootstrapMixin, forms.Form):
    note = forms.CharField(label=_("Lý do gia hạn"), widget=forms.Textarea(attrs={"rows": 2}))


class ResolveForm(BootstrapMixin, forms.Form):
    decision_number = forms.CharField(label=_("Số văn bản giải quyết"), max_length=50, required=False,
                                      help_text=_("Quyết định giải quyết khiếu nại, kết luận nội dung tố cáo, "
                                                  "văn bản trả lời kiến nghị."))
    decision_date = _date(_("Ngày văn bản"), required=False, help_text=_("Để trống = hôm nay."))
    result = forms.CharField(label=_("Kết quả giải quyết"), widget=forms.Textarea(attrs={"rows": 3}))


class AssignForm(BootstrapMixin, forms.Form):
    handler = forms.ModelChoiceField(label=_("Cán bộ được giao xử lý"), queryset=User.objects.none())
    note = forms.CharField(label=_("Ghi chú"), required=False)

    def __init__(self, *args, **kwargs):
        from thidua.oversight.services import handler_candidates

        super().__init__(*args, **kwargs)
        self.fields["handler"].queryset = handler_candidates()
        self.fields["handler"].label_from_instance = lambda u: u.display_name


class ForwardForm(BootstrapMixin, forms.Form):
    to = forms.CharField(label=_("Chuyển đến cơ quan"), max_length=255, help_text=_("Ví dụ: Thanh tra tỉnh"))
    on = _date(_("Ngày chuyển"), required=False, help_text=_("Để trống = hôm nay."))
    note = forms.CharField(label=_("Ghi chú"), required=False)
