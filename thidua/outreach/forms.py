from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from thidua.core.forms import BootstrapMixin
from thidua.core.widgets import PERSON_PICKER, UNIT_PICKER, use_picker
from thidua.movements.models import Movement
from thidua.orgs.models import Person, Unit
from thidua.outreach import access
from thidua.outreach.models import (
    Congress,
    CongressHonouree,
    Delegate,
    Delegation,
    Exemplar,
    LegalDocument,
    MediaCoverage,
    Training,
    TrainingMaterial,
)


def _date():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def units_for(user):
    """Units the user acts for: every unit for province staff, its own subtree otherwise."""
    qs = Unit.objects.all() if access.is_province_staff(user) else Unit.objects.visible_to(user)
    return qs.order_by("sort_key", "id")


def people_for(user):
    return Person.objects.all() if access.is_province_staff(user) else Person.objects.visible_to(user)


def _int(value):
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


class PeopleOfUnitMixin:
    """A unit picker and a person picker searching the people still working in the unit chosen there (its tree),
    within the user's scope (a province has tens of thousands: never one long list). Validation takes the same
    people: the unit posted, else the record's, else the user's own."""

    unit_field = "unit"
    person_field = "person"

    def setup_people(self, user, unit_id):
        unit_id = _int(self.data.get(self.add_prefix(self.unit_field))) or unit_id or user.unit_id
        people = people_for(user).filter(active=True)
        unit = Unit.objects.filter(pk=unit_id).only("path").first() if unit_id else None
        if unit is not None:
            people = people.filter(unit__path__startswith=unit.path)
        self.fields[self.person_field].queryset = people.order_by("sort_key", "id")
        use_picker(self.fields[self.unit_field], UNIT_PICKER)
        use_picker(self.fields[self.person_field], PERSON_PICKER, params={"dang_lam": 1},
                   depends={"don_vi": self.add_prefix(self.unit_field)})


class ExemplarForm(BootstrapMixin, PeopleOfUnitMixin, forms.ModelForm):
    person_unit = forms.ModelChoiceField(label=_("đơn vị của cá nhân"), queryset=Unit.objects.none(), required=False)
    photo_upload = forms.FileField(label=_("ảnh (PNG, JPG, tối đa 5 MB)"), required=False)
    remove_photo = forms.BooleanField(label=_("Xóa ảnh hiện có"), required=False)

    unit_field = "person_unit"

    class Meta:
        model = Exemplar
        fields = ["unit", "kind", "category", "person_unit", "person", "collective", "subject_name", "subject_position",
                  "title", "summary", "story", "sector", "year", "movement"]
        widgets = {"story": forms.Textarea(attrs={"rows": 10}), "summary": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        units = units_for(user)
        self.fields["unit"].queryset = units
        self.fields["collective"].queryset = units
        use_picker(self.fields["unit"], UNIT_PICKER)
        use_picker(self.fields["collective"], UNIT_PICKER)
        self.fields["person_unit"].queryset = units
        if not self.instance.pk and user.unit_id:
            self.fields["unit"].initial = user.unit_id
            self.fields["year"].initial = timezone.localdate().year
        person_unit = self.instance.person.unit_id if self.instance.person_id else None
        self.fields["person_unit"].initial = person_unit
        self.setup_people(user, person_unit)
        self.fields["person_unit"].help_text = _("Chọn đơn vị để tìm cá nhân của đơn vị đó.")
        self.fields["movement"].queryset = Movement.objects.order_by("-start", "-id")
        self.fields["photo_upload"].widget.attrs["accept"] = "image/png,image/jpeg"


class RejectForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(label=_("Lý do"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)


class CoverageForm(BootstrapMixin, forms.ModelForm):
    url = forms.URLField(label=_("đường dẫn"), max_length=500, required=False, assume_scheme="https",
                         error_messages={"invalid": _("Đường dẫn không hợp lệ (ví dụ https://baohungyen.vn/...).")})
    class Meta:
        model = MediaCoverage
        fields = ["unit", "outlet", "medium", "published_on", "title", "url", "exemplar", "movement", "note"]
        widgets = {"published_on": _date()}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units_for(user)
        use_picker(self.fields["unit"], UNIT_PICKER)
        if not self.instance.pk and user.unit_id:
            self.fields["unit"].initial = user.unit_id
        self.fields["exemplar"].queryset = Exemplar.objects.visible_to(user).order_by("-year", "title")
        self.fields["movement"].queryset = Movement.objects.order_by("-start", "-id")
        self.fields["url"].widget.attrs["placeholder"] = "https://baohungyen.vn/…"


class LegalDocumentForm(BootstrapMixin, forms.ModelForm):
    upload = forms.FileField(label=_("tệp văn bản (PDF, DOCX)"), required=False)
    remove_file = forms.BooleanField(label=_("Xóa tệp hiện có"), required=False)

    class Meta:
        model = LegalDocument
        fields = ["kind", "number", "issuer", "issued_on", "effective_on", "title", "summary", "status", "expired_on",
                  "replaced_by", "is_public"]
        widgets = {"issued_on": _date(), "effective_on": _date(), "expired_on": _date(),
                   "summary": forms.Textarea(attrs={"rows": 5}), "title": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        qs = LegalDocument.objects.order_by("-issued_on", "-id")
        if self.instance.pk:
            qs = qs.exclude(pk=self.instance.pk)
        self.fields["replaced_by"].queryset = qs
        self.fields["upload"].widget.attrs["accept"] = ".pdf,.docx"


class TrainingForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Training
        fields = ["title", "organiser", "start", "end", "venue", "registration_deadline", "capacity", "audience", "agenda"]
        widgets = {"start": _date(), "end": _date(), "registration_deadline": _date(),
                   "audience": forms.Textarea(attrs={"rows": 2}), "agenda": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organiser"].queryset = units_for(user)
        use_picker(self.fields["organiser"], UNIT_PICKER)
        if not self.instance.pk and user.unit_id:
            self.fields["organiser"].initial = user.unit_id


class InvitationForm(BootstrapMixin, forms.Form):
    units = forms.ModelMultipleChoiceField(label=_("Đơn vị được mời"), queryset=Unit.objects.none())
    seats = forms.IntegerField(label=_("Số người mỗi đơn vị được cử"), min_value=1, max_value=500, initial=2)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = Unit.objects.order_by("sort_key", "id")
        use_picker(self.fields["units"], UNIT_PICKER)


class AttendeeForm(BootstrapMixin, PeopleOfUnitMixin, forms.Form):
    unit = forms.ModelChoiceField(label=_("Đơn vị"), queryset=Unit.objects.none())
    person = forms.ModelChoiceField(label=_("Học viên"), queryset=Person.objects.none(),
                                    error_messages={"invalid_choice": _("Chọn một người của đơn vị đã chọn.")})
    note = forms.CharField(label=_("Ghi chú"), max_length=300, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units_for(user)
        self.fields["unit"].initial = user.unit_id
        self.setup_people(user, None)


class MaterialForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Loại"), choices=TrainingMaterial.Kind.choices)
    title = forms.CharField(label=_("Tên tài liệu"), max_length=300, required=False)
    file = forms.FileField(label=_("Tệp (PDF, DOCX)"))


class CongressForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Congress
        fields = ["level", "name", "term", "start", "end", "venue", "organiser", "organiser_name", "delegate_count",
                  "summary"]
        widgets = {"start": _date(), "end": _date(), "summary": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organiser"].queryset = Unit.objects.order_by("sort_key", "id")


class HonoureeForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = CongressHonouree
        fields = ["kind", "name", "unit_name", "citation", "exemplar"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].required = False
        self.fields["name"].help_text = _("Để trống nếu chọn điển hình: lấy tên theo điển hình.")
        self.fields["exemplar"].queryset = Exemplar.objects.published().order_by("-year", "title")

    def clean(self):
        data = super().clean()
        if not (data.get("name") or "").strip() and not data.get("exemplar"):
            self.add_error("name", _("Cần ghi tên tập thể, cá nhân hoặc chọn một điển hình."))
        return data


class DelegationForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Delegation
        fields = ["congress", "name", "lead_unit", "decision_number", "decision_date", "size", "nomination_deadline",
                  "note"]
        widgets = {"decision_date": _date(), "nomination_deadline": _date(), "note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead_unit"].queryset = Unit.objects.order_by("sort_key", "id")
        use_picker(self.fields["lead_unit"], UNIT_PICKER)
        self.fields["congress"].queryset = Congress.objects.order_by("-start", "-id")


class NominationForm(BootstrapMixin, PeopleOfUnitMixin, forms.Form):
    unit = forms.ModelChoiceField(label=_("Đơn vị"), queryset=Unit.objects.none())
    person = forms.ModelChoiceField(label=_("Người được đề cử"), queryset=Person.objects.none(),
                                    error_messages={"invalid_choice": _("Chọn một người của đơn vị đã chọn.")})
    category = forms.ChoiceField(label=pgettext_lazy("cơ cấu đoàn đại biểu", "Thành phần"), choices=Delegate.Category.choices)
    exemplar = forms.ModelChoiceField(label=_("Điển hình (nếu có)"), queryset=Exemplar.objects.none(), required=False)
    achievements = forms.CharField(label=_("Thành tích tiêu biểu"), widget=forms.Textarea(attrs={"rows": 3}),
                                   max_length=3000, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units_for(user)
        self.fields["unit"].initial = user.unit_id
        self.setup_people(user, None)
        self.fields["exemplar"].queryset = (Exemplar.objects.visible_to(user).filter(kind=Exemplar.Kind.PERSON)
                                            .order_by("-year", "title"))


class DecideForm(BootstrapMixin, forms.Form):
    status = forms.ChoiceField(label=_("Kết quả"), choices=Delegate.Status.choices)
    role = forms.ChoiceField(label=_("Vai trò"), choices=Delegate.Role.choices)
    note = forms.CharField(label=_("Ghi chú"), max_length=300, required=False)


class ReportPeriodForm(forms.Form):
    tu = forms.DateField(label=_("Từ ngày"), required=False, widget=_date())
    den = forms.DateField(label=_("Đến ngày"), required=False, widget=_date())

    def clean(self):
        data = super().clean()
        if data.get("tu") and data.get("den") and data["den"] < data["tu"]:
            raise forms.ValidationError(_("Ngày kết thúc kỳ báo cáo phải sau ngày bắt đầu."))
        return data
