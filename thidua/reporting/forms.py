import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thidua.core.forms import BootstrapMixin
from thidua.core.widgets import UNIT_PICKER, use_picker
from thidua.orgs.models import EmulationGroup, Unit
from thidua.plans.forms import MultipleFileField
from thidua.reporting.models import FieldKind, ReportTemplate, RequestKind
from thidua.reporting.services import requestable_units

DATE_ERRORS = {"invalid": _("Nhập ngày hợp lệ (ngày/tháng/năm có thật).")}


def _date(label, required=True, help_text=""):
    return forms.DateField(
        label=label,
        required=required,
        widget=forms.DateInput(),
        error_messages=DATE_ERRORS,
        help_text=help_text,
    )


class FieldRowForm(BootstrapMixin, forms.Form):
    label = forms.CharField(label=_("Tên trường"), max_length=300, required=False)
    kind = forms.ChoiceField(label=_("Loại"), choices=FieldKind.choices, initial=FieldKind.TEXT)
    required = forms.BooleanField(label=_("Bắt buộc"), required=False)


FieldFormSet = forms.formset_factory(FieldRowForm, extra=3, max_num=60, absolute_max=60)


def field_formset(data=None, fields=(), prefix="f"):
    initial = [{"label": f["label"], "kind": f["kind"], "required": f.get("required", False)} for f in fields]
    return FieldFormSet(data, initial=initial or None, prefix=prefix)


def rows_of(formset) -> list[dict]:
    return [
        f.cleaned_data
        for f in formset.forms
        if f.cleaned_data and (f.cleaned_data.get("label") or "").strip()
    ]


class TemplateForm(BootstrapMixin, forms.Form):
    name = forms.CharField(label=_("Tên mẫu"), max_length=255)
    description = forms.CharField(
        label=_("Hướng dẫn"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class UnitChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, unit):
        return unit.name


class RequestForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Loại báo cáo"), choices=RequestKind.choices)
    title = forms.CharField(label=_("Tên báo cáo"), max_length=300)
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100)
    period_start = _date(
        _("Kỳ báo cáo từ ngày"),
        required=False,
        help_text=_("Để trống với báo cáo 6 tháng (01/01–30/6) hoặc năm (01/01–31/12)."),
    )
    period_end = _date(_("Đến ngày"), required=False)
    due_on = _date(_("Hạn gửi báo cáo (ngày)"), required=False)
    due_working_days = forms.IntegerField(
        label=_("hoặc: số ngày làm việc kể từ hôm nay"), required=False, min_value=1, max_value=120
    )
    instructions = forms.CharField(
        label=_("Hướng dẫn, yêu cầu"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    template = forms.ModelChoiceField(
        label=_("Mẫu báo cáo"),
        queryset=ReportTemplate.objects.all(),
        required=False,
        help_text=_("Để trống để tự khai báo các trường bên dưới."),
    )
    all_units = forms.BooleanField(
        label=_("Tất cả cơ quan, đơn vị, địa phương trực thuộc tỉnh"), required=False
    )
    groups = forms.ModelMultipleChoiceField(
        label=_("Các đơn vị thuộc Cụm, Khối thi đua"),
        required=False,
        queryset=EmulationGroup.objects.all(),
        widget=forms.SelectMultiple(attrs={"size": 5}),
    )
    units = UnitChoices(
        label=_("Các đơn vị khác"),
        required=False,
        queryset=Unit.objects.order_by("sort_key"),
    )
    save_as_template = forms.CharField(
        label=_("Lưu các trường thành mẫu mới (tên mẫu)"), max_length=255, required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["year"].initial = today.year
        self.fields["units"].queryset = requestable_units(today)
        use_picker(self.fields["units"], UNIT_PICKER, params={"dang_hoat_dong": 1})


class SubmissionForm(BootstrapMixin, forms.Form):
    """The request's fields (as text boxes: numbers and dates are converted by the service), a narrative and files."""

    summary = forms.CharField(
        label=_("Nội dung báo cáo (tóm tắt)"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    files = MultipleFileField(
        label=_("Tệp đính kèm (báo cáo đã ký, phụ lục: PDF, Word, Excel, ảnh)"), required=False
    )

    def __init__(self, *args, request_fields=(), values=None, **kwargs):
        super().__init__(*args, **kwargs)
        values = values or {}
        extra = {}
        for f in request_fields:
            value = values.get(f["key"], "")
            if f["kind"] == FieldKind.TEXT:
                field = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}))
            elif f["kind"] == FieldKind.NUMBER:
                field = forms.CharField(widget=forms.TextInput(attrs={"inputmode": "decimal"}))
                value = str(value).replace(".", ",") if value != "" else ""
            else:
                field = forms.CharField(widget=forms.TextInput(attrs={"placeholder": "dd/mm/yyyy"}))
                if value:
                    value = dt.date.fromisoformat(value).strftime("%d/%m/%Y")
            field.label, field.required, field.initial = f["label"], False, value
            field.widget.attrs["class"] = "form-control"
            extra[f["key"]] = field
        self.fields = {**extra, **self.fields}
        self.request_fields = request_fields
        self.required_keys = [f["key"] for f in request_fields if f.get("required")]

    def values(self) -> dict:
        return {f["key"]: self.cleaned_data.get(f["key"], "") for f in self.request_fields}


class ReasonForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(label=_("Lý do trả lại"), widget=forms.Textarea(attrs={"rows": 2}))


class CompileForm(BootstrapMixin, forms.Form):
    number = forms.CharField(
        label=_("Số báo cáo"),
        max_length=60,
        required=False,
        help_text=_("Để trống: bản dự thảo, số và ngày để văn thư ghi."),
    )
    issued_on = _date(_("Ngày báo cáo"), required=False)
    signer_name = forms.CharField(label=_("Người ký"), max_length=150, required=False)
    directions = forms.CharField(
        label=_("Phương hướng, nhiệm vụ kỳ tới (mỗi dòng một ý)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
