from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from thidua.core.forms import BootstrapMixin
from thidua.core.widgets import UNIT_PICKER, use_picker
from thidua.orgs.models import Unit
from thidua.plans.models import STORED_STATUSES, Plan

DATE_ERRORS = {"invalid": _("Nhập ngày hợp lệ (ngày/tháng/năm có thật).")}


class PlanForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Plan
        fields = ["number", "title", "issued_on", "place", "issuer", "unit", "year", "signer", "signer_title",
                  "preamble", "closing", "recipients", "appendix_title"]
        widgets = {
            "issued_on": forms.DateInput(),
            "preamble": forms.Textarea(attrs={"rows": 4}),
            "closing": forms.Textarea(attrs={"rows": 2}),
            "recipients": forms.Textarea(attrs={"rows": 4}),
            "signer_title": forms.TextInput(),
        }
        error_messages = {"issued_on": DATE_ERRORS}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.order_by("sort_key")
        self.fields["year"].min_value = 2000

    def clean(self):
        data = super().clean()
        issued_on, year = data.get("issued_on"), data.get("year")
        if issued_on and year and issued_on.year > year:
            self.add_error("issued_on", _("Ngày ban hành không được sau năm kế hoạch."))
        if year and not 2000 <= year <= 2100:
            self.add_error("year", _("Năm kế hoạch không hợp lệ."))
        return data


class ImportForm(BootstrapMixin, forms.Form):
    """Plan details + the .docx published by the province; the appendix table is read from the file."""

    number = forms.CharField(label=_("Số kế hoạch"), max_length=50, help_text=_("Ví dụ: 196/KH-UBND"))
    title = forms.CharField(label=_("Trích yếu"), max_length=300)
    issued_on = forms.DateField(label=_("Ngày ban hành"), widget=forms.DateInput(), error_messages=DATE_ERRORS)
    year = forms.IntegerField(label=_("Năm kế hoạch"), min_value=2000, max_value=2100,
                              error_messages={"invalid": _("Năm kế hoạch không hợp lệ.")})
    unit = forms.ModelChoiceField(label=_("Cơ quan ban hành"), queryset=Unit.objects.none(),
                                  error_messages={"invalid_choice": _("Không có đơn vị này trong danh mục.")})
    signer = forms.CharField(label=_("Người ký"), max_length=150, required=False)
    file = forms.FileField(label=_("Tệp .docx của kế hoạch (có bảng phụ lục)"),
                           widget=forms.ClearableFileInput(attrs={"accept": ".docx"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.order_by("sort_key")

    def clean(self):
        data = super().clean()
        issued_on, year = data.get("issued_on"), data.get("year")
        if issued_on and year and issued_on.year > year:
            self.add_error("issued_on", _("Ngày ban hành không được sau năm kế hoạch."))
        upload = data.get("file")
        if upload and not upload.name.lower().endswith(".docx"):
            self.add_error("file", _("Chỉ nhận tệp Word .docx."))
        elif upload and upload.size > settings.THIDUA_MAX_ATTACHMENT_BYTES:
            self.add_error("file", _("Tệp quá lớn; tối đa %(m)s MB.")
                           % {"m": round(settings.THIDUA_MAX_ATTACHMENT_BYTES / 1048576, 1)})
        return data


def status_choices(task) -> list[tuple[str, str]]:
    """The task's current status first (what the form shows until someone picks another), then those it may move
    to, in working order: never "Đã hòan thành" preselected on a task nobody has started."""
    from thidua.plans.models import TaskStatus
    from thidua.plans.services import TRANSITIONS

    current = TaskStatus(task.status)
    order = [TaskStatus.NOT_STARTED, TaskStatus.IN_PROGRESS, TaskStatus.DONE]
    allowed = sorted(TRANSITIONS[current], key=order.index)
    return [("", _("%(status)s (giữ nguyên)") % {"status": current.label}), *((s.value, s.label) for s in allowed)]


class StatusForm(BootstrapMixin, forms.Form):
    status = forms.ChoiceField(label=_("Trạng thái"), choices=STORED_STATUSES,
                               error_messages={"required": _("Chọn trạng thái mới của nhiệm vụ.")})
    completed_on = forms.DateField(label=_("Ngày hòan thành"), required=False, widget=forms.DateInput(),
                                   error_messages=DATE_ERRORS, help_text=_("Để trống = hôm nay."))
    note = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, task=None, **kwargs):
        super().__init__(*args, **kwargs)
        if task is not None:
            self.fields["status"].choices = status_choices(task)
        self.fields["completed_on"].show_if = "status=done"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(d, initial) for d in data]
        return [single(data, initial)] if data else []


class ReportForm(BootstrapMixin, forms.Form):
    note = forms.CharField(label=_("Nội dung báo cáo"), widget=forms.Textarea(attrs={"rows": 3}))
    percent = forms.IntegerField(label=_("Tiến độ (%)"), min_value=0, max_value=100, required=False)
    status = forms.ChoiceField(label=_("Trạng thái"), required=False,
                               choices=[("", _("— giữ nguyên —")), *STORED_STATUSES])
    completed_on = forms.DateField(label=_("Ngày hòan thành"), required=False, widget=forms.DateInput(),
                                   error_messages=DATE_ERRORS)
    files = MultipleFileField(label=_("Tệp minh chứng (PDF, Word, Excel, ảnh)"), required=False)

    def __init__(self, *args, may_steer=False, task=None, **kwargs):
        super().__init__(*args, **kwargs)
        if not may_steer:
            del self.fields["status"]
            del self.fields["completed_on"]
            return
        # The one form of the lead unit: a progress report that may also move the status (kept by default).
        if task is not None:
            self.fields["status"].choices = status_choices(task)
        self.fields["completed_on"].show_if = "status=done"
        self.fields["completed_on"].help_text = _("Để trống = hôm nay.")


class SubPlanForm(BootstrapMixin, forms.Form):
    number = forms.CharField(label=_("Số kế hoạch của đơn vị"), max_length=50, help_text=_("Ví dụ: 25/KH-SGDĐT"))
    title = forms.CharField(label=_("Trích yếu"), max_length=300)
    issued_on = forms.DateField(label=_("Ngày ban hành"), widget=forms.DateInput(), error_messages=DATE_ERRORS)
    signer = forms.CharField(label=_("Người ký"), max_length=150, required=False)


class TaskForm(BootstrapMixin, forms.Form):
    order = forms.IntegerField(label=_("TT"), min_value=1, required=False)
    content = forms.CharField(label=_("Nội dung"), widget=forms.Textarea(attrs={"rows": 3}))
    lead_unit_text = forms.CharField(label=_("Đơn vị chủ trì (như ghi trong kế hoạch)"), max_length=500,
                                     required=False)
    coordinating_text = forms.CharField(label=_("Cơ quan phối hợp (như ghi trong kế hoạch; phân cách bằng «;»)"),
                                        required=False, widget=forms.Textarea(attrs={"rows": 2}))
    schedule = forms.CharField(label=_("Thời gian thực hiện"), max_length=100, help_text=_("Ví dụ: Quý I,II"))
    lead_unit = forms.ModelChoiceField(label=_("Đơn vị chủ trì (liên kết)"), queryset=Unit.objects.none(),
                                       required=False,
                                       error_messages={"invalid_choice": _("Không có đơn vị này trong danh mục.")})
    coordinating_units = forms.ModelMultipleChoiceField(
        label=_("Cơ quan phối hợp (liên kết)"), queryset=Unit.objects.none(), required=False,
        error_messages={"invalid_choice": _("Không có đơn vị «%(value)s» trong danh mục."),
                        "invalid_pk_value": _("Mã đơn vị «%(pk)s» không hợp lệ.")},
    )

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        units = (units if units is not None else Unit.objects.all()).order_by("sort_key")
        self.fields["lead_unit"].queryset = units
        use_picker(self.fields["lead_unit"], UNIT_PICKER)
        self.fields["coordinating_units"].queryset = units
        use_picker(self.fields["coordinating_units"], UNIT_PICKER)


class SectionForm(forms.Form):
    level = forms.TypedChoiceField(label=_("Cấp"), coerce=int, choices=[(1, "I."), (2, "1."), (3, "a)")],
                                   widget=forms.Select(attrs={"class": "form-select form-select-sm"}))
    label = forms.CharField(label=_("Số mục"), max_length=10, required=False,
                            widget=forms.TextInput(attrs={"class": "form-control form-control-sm", "size": 4}))
    title = forms.CharField(label=_("Tiêu đề"), required=False,
                            widget=forms.Textarea(attrs={"class": "form-control form-control-sm", "rows": 1}))
    body = forms.CharField(label=_("Nội dung"), required=False,
                           widget=forms.Textarea(attrs={"class": "form-control form-control-sm", "rows": 2}))


SectionFormSet = forms.formset_factory(SectionForm, extra=3, can_delete=True, max_num=500, validate_max=True)
