import datetime as dt
import json

from django import forms
from django.utils.translation import gettext_lazy as _

from thidua.awards.models import (
    Award,
    AwardType,
    BaseSalary,
    CommendationType,
    Discipline,
    Initiative,
    PendingProceeding,
    Rating,
    RuleParameter,
)
from thidua.core.forms import BootstrapMixin
from thidua.orgs.models import Period

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _year_field(label):
    return forms.IntegerField(label=label, min_value=1945, max_value=2100, initial=lambda: dt.date.today().year)


class AwardForm(BootstrapMixin, forms.Form):
    """Record a conferred award for a person (individual) or a unit (collective / household)."""

    award_type = forms.ModelChoiceField(label=_("Danh hiệu, hình thức khen thưởng"), queryset=AwardType.objects.none())
    recipient_kind = forms.ChoiceField(label=_("Đối tượng"), choices=[])
    household_name = forms.CharField(label=_("Tên hộ gia đình"), max_length=255, required=False)
    year = _year_field(_("Năm thành tích"))
    period = forms.ModelChoiceField(label=_("Kỳ (năm học, giai đoạn)"), queryset=Period.objects.all(), required=False)
    commendation_type = forms.ChoiceField(label=_("Loại hình khen thưởng"), choices=CommendationType.choices,
                                          initial=CommendationType.CONG_TRANG)
    decision_number = forms.CharField(label=_("Số quyết định"), max_length=100)
    decision_date = forms.DateField(label=_("Ngày quyết định"), widget=DATE)
    decision_issuer = forms.CharField(label=_("Cơ quan, người quyết định"), max_length=255, required=False)
    achievement = forms.CharField(label=_("Thành tích"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    initiatives = forms.ModelMultipleChoiceField(
        label=_("Sáng kiến làm căn cứ"), queryset=Initiative.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple, help_text=_("Mỗi sáng kiến chỉ được dùng làm căn cứ khen thưởng một lần."),
    )

    def __init__(self, *args, subject: str, initiatives_qs=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.subject = subject
        types = AwardType.objects.active()
        if subject == "person":
            self.fields["award_type"].queryset = types.filter(pk__in=[t.pk for t in types if t.for_individuals])
            self.fields["recipient_kind"].choices = [(Award.RecipientKind.INDIVIDUAL, Award.RecipientKind.INDIVIDUAL.label)]
            self.fields["recipient_kind"].widget = forms.HiddenInput()
            self.fields["recipient_kind"].initial = Award.RecipientKind.INDIVIDUAL
            del self.fields["household_name"]
        else:
            self.fields["award_type"].queryset = types.filter(
                pk__in=[t.pk for t in types if t.for_collectives or "household" in (t.subject_kinds or [])])
            self.fields["recipient_kind"].choices = [
                (Award.RecipientKind.COLLECTIVE, Award.RecipientKind.COLLECTIVE.label),
                (Award.RecipientKind.HOUSEHOLD, Award.RecipientKind.HOUSEHOLD.label),
            ]
        self.fields["initiatives"].queryset = initiatives_qs if initiatives_qs is not None else Initiative.objects.none()
        if not self.fields["initiatives"].queryset.exists():
            del self.fields["initiatives"]

    def clean(self):
        data = super().clean()
        kind = data.get("recipient_kind")
        award_type = data.get("award_type")
        if kind == Award.RecipientKind.HOUSEHOLD and not (data.get("household_name") or "").strip():
            self.add_error("household_name", _("Cần nhập tên hộ gia đình."))
        if award_type and kind:
            kinds = award_type.subject_kinds or []
            ok = kind in kinds or (kind == "collective" and "village" in kinds)
            if not ok:
                self.add_error("award_type", _("%(award)s không áp dụng cho đối tượng này.") % {"award": award_type.name})
        period, year = data.get("period"), data.get("year")
        if period and year and period.end_year != year:
            self.add_error("year", _("Năm thành tích phải là năm kết thúc của kỳ đã chọn (%(y)s).") % {"y": period.end_year})
        return data


class RevokeForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(label=_("Lý do hủy bỏ"), widget=forms.Textarea(attrs={"rows": 3}))
    decision = forms.CharField(label=_("Quyết định hủy bỏ (số, ngày)"), max_length=200)
    on = forms.DateField(label=_("Ngày hủy bỏ"), widget=DATE, initial=dt.date.today)


class RatingForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Rating
        fields = ["year", "rating", "note"]


class InitiativeForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Initiative
        fields = ["title", "year", "scope", "recognition_decision", "recognised_on"]
        widgets = {"recognised_on": DATE}


class DisciplineForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Discipline
        fields = ["year", "form", "decision", "decided_on", "ends_on", "note"]
        widgets = {"decided_on": DATE, "ends_on": DATE, "note": forms.Textarea(attrs={"rows": 2})}

    def clean(self):
        data = super().clean()
        if data.get("decided_on") and data.get("ends_on") and data["ends_on"] < data["decided_on"]:
            self.add_error("ends_on", _("Ngày hết thời hạn kỷ luật phải sau ngày quyết định."))
        return data


class ProceedingForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = PendingProceeding
        fields = ["kind", "opened_on", "note"]
        widgets = {"opened_on": DATE, "note": forms.Textarea(attrs={"rows": 2})}


class CloseProceedingForm(BootstrapMixin, forms.Form):
    closed_on = forms.DateField(label=_("Ngày kết thúc"), widget=DATE, initial=dt.date.today)
    note = forms.CharField(label=_("Kết quả, căn cứ kết thúc"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class RuleParameterForm(BootstrapMixin, forms.ModelForm):
    value = forms.CharField(label=_("Giá trị"), help_text=_("Ví dụ: 0.75 hoặc 3/4 (tỷ lệ), 12 (số), 12-10 (ngày-tháng)."))

    class Meta:
        model = RuleParameter
        fields = ["name", "value", "effective_from", "note"]
        widgets = {"effective_from": DATE, "note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from thidua.awards.rules.params import PARAMETERS

        self.fields["name"] = forms.ChoiceField(
            label=_("Tham số"), choices=[(n, f"{spec.description} ({n})") for n, spec in PARAMETERS.items()]
        )
        self.fields["name"].widget.attrs["class"] = "form-select"

    def clean_value(self):
        raw = self.cleaned_data["value"].strip()
        try:
            value = json.loads(raw)
        except ValueError:
            value = raw
        return value

    def clean(self):
        data = super().clean()
        from thidua.awards.rules.params import ParameterError, normalise

        if data.get("name") and "value" in data:
            try:
                normalise(data["name"], data["value"])
            except ParameterError as exc:
                self.add_error("value", str(exc))
        return data


class BaseSalaryForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = BaseSalary
        fields = ["amount", "effective_from", "legal_basis"]
        widgets = {"effective_from": DATE}
        error_messages = {"effective_from": {"unique": _("Đã có mức lương cơ sở áp dụng từ ngày này.")}}


class ImportUploadForm(BootstrapMixin, forms.Form):
    ALLOWED = (".xlsx", ".xlsm", ".xls", ".ods")

    file = forms.FileField(label=_("Tệp sổ khen thưởng (Excel)"),
                           help_text=_("Các cột: Họ và tên, Ngày sinh, Đơn vị, Danh hiệu/Hình thức, Năm, Số quyết định."))
    year = forms.IntegerField(label=_("Năm thành tích (nếu sổ không có cột năm)"), required=False, min_value=1945,
                              max_value=2100)

    def clean_file(self):
        f = self.cleaned_data["file"]
        if not f.name.lower().endswith(self.ALLOWED):
            raise forms.ValidationError(_("Chỉ nhận tệp Excel (.xlsx, .xls) hoặc .ods."))
        return f
