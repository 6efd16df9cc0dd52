import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from thidua.core.forms import BootstrapMixin
from thidua.core.widgets import UNIT_PICKER, use_picker
from thidua.orgs.models import EmulationGroup, GroupLeadership, Period, Person, Unit


class UnitChoiceField(forms.ModelChoiceField):
    default_error_messages = {
        "invalid_choice": _("Đơn vị đã chọn không hợp lệ hoặc không thuộc phạm vi của bạn."),
    }

    def label_from_instance(self, obj):
        return obj.name if obj.is_active else f"{obj.name} ({_('đã ngừng hoạt động')})"


class UnitMultipleChoiceField(forms.ModelMultipleChoiceField):
    default_error_messages = {
        "invalid_choice": _("Đơn vị “%(value)s” không hợp lệ hoặc không thuộc phạm vi của bạn."),
    }

    def label_from_instance(self, obj):
        return obj.name


DATE = forms.DateInput(format="%Y-%m-%d")


class UnitForm(BootstrapMixin, forms.ModelForm):
    parent = UnitChoiceField(queryset=Unit.objects.none(), required=False, label=_("Đơn vị cấp trên"))

    class Meta:
        model = Unit
        fields = ["name", "short_name", "code", "kind", "parent", "active_from", "active_to", "address"]
        widgets = {"active_from": DATE, "active_to": DATE}
        help_texts = {"code": _("Chữ thường không dấu, số và gạch nối, ví dụ: so-noi-vu.")}
        error_messages = {"code": {"unique": _("Mã đơn vị này đã được dùng.")}}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        qs = Unit.objects.parent_choices_for(user).order_by("sort_key", "id")
        if self.instance.pk:
            qs = qs.exclude(path__startswith=self.instance.path)
        self.fields["parent"].queryset = qs
        use_picker(self.fields["parent"], UNIT_PICKER)
        from thidua.orgs.models import is_province_staff

        if not is_province_staff(user):
            self.fields["parent"].required = True


class LineageBaseForm(BootstrapMixin, forms.Form):
    effective_on = forms.DateField(label=_("Ngày hiệu lực"), widget=DATE)
    decision = forms.CharField(label=_("Văn bản, quyết định"), max_length=200, required=False,
                               help_text=_("Ví dụ: Nghị quyết số 202/2025/QH15 ngày 12/6/2025 của Quốc hội"))
    note = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, user, unit, **kwargs):
        super().__init__(*args, **kwargs)
        self.user, self.unit = user, unit
        self.targets = Unit.objects.manageable_by(user).exclude(pk=unit.pk).order_by("sort_key", "id")


class MergeForm(LineageBaseForm):
    successor = UnitChoiceField(queryset=Unit.objects.none(), label=_("Đơn vị kế thừa (sáp nhập vào)"))
    move_people = forms.BooleanField(label=_("Chuyển cá nhân và tài khoản người dùng sang đơn vị kế thừa"),
                                     required=False, initial=True)
    move_children = forms.BooleanField(label=_("Chuyển các đơn vị trực thuộc sang đơn vị kế thừa"),
                                       required=False, initial=True)
    field_order = ["successor", "effective_on", "decision", "note", "move_people", "move_children"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["successor"].queryset = self.targets
        use_picker(self.fields["successor"], UNIT_PICKER)


class SplitForm(LineageBaseForm):
    successors = UnitMultipleChoiceField(queryset=Unit.objects.none(), label=_("Các đơn vị được tách ra"))
    ends_predecessor = forms.BooleanField(label=_("Đơn vị cũ chấm dứt hoạt động (chia tách toàn bộ)"),
                                          required=False, initial=True)
    field_order = ["successors", "effective_on", "decision", "note", "ends_predecessor"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["successors"].queryset = self.targets
        use_picker(self.fields["successors"], UNIT_PICKER)


class RenameForm(LineageBaseForm):
    new_name = forms.CharField(label=_("Tên mới"), max_length=255)
    new_short_name = forms.CharField(label=_("Tên viết tắt mới"), max_length=100, required=False)
    new_code = forms.SlugField(label=_("Mã đơn vị mới"), max_length=64)
    field_order = ["new_name", "new_short_name", "new_code", "effective_on", "decision", "note"]


class DissolveForm(LineageBaseForm):
    deactivate_people = forms.BooleanField(label=_("Chuyển các cá nhân của đơn vị sang trạng thái thôi công tác"),
                                           required=False, initial=True)


LINEAGE_FORMS = {"merge": MergeForm, "split": SplitForm, "rename": RenameForm, "dissolve": DissolveForm}


class PersonForm(BootstrapMixin, forms.ModelForm):
    unit = UnitChoiceField(queryset=Unit.objects.none(), label=_("Đơn vị"))
    confirm_duplicate = forms.BooleanField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = Person
        fields = ["full_name", "gender", "birth_date", "citizen_id", "unit", "position", "direct_worker",
                  "joined_on", "active"]
        widgets = {"birth_date": DATE, "joined_on": DATE, "citizen_id": forms.TextInput(attrs={"inputmode": "numeric",
                                                                                              "maxlength": 12})}
        help_texts = {"citizen_id": _("12 chữ số; không bắt buộc. Chỉ cán bộ TĐKT cấp tỉnh xem được đầy đủ.")}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.editable_by(user).order_by("sort_key", "id")
        use_picker(self.fields["unit"], UNIT_PICKER)
        self.fields["birth_date"].widget.attrs["max"] = dt.date.today().isoformat()
        if self.instance.pk and self.instance.citizen_id and not _sees_ids(user):
            # Others never receive the full number, not even in the edit form; leaving it masked keeps it.
            self.initial["citizen_id"] = self.instance.masked_citizen_id
            self.masked_original = self.instance.masked_citizen_id
        else:
            self.masked_original = None

    def clean_citizen_id(self):
        value = (self.cleaned_data.get("citizen_id") or "").replace(" ", "")
        if self.masked_original and value == self.masked_original:
            return self.instance.citizen_id
        if value and not (value.isascii() and value.isdigit() and len(value) == 12):
            raise ValidationError(_("Số CCCD phải gồm đúng 12 chữ số."))
        return value

    def clean_birth_date(self):
        value = self.cleaned_data.get("birth_date")
        if value and value > dt.date.today():
            raise ValidationError(_("Ngày sinh không được ở tương lai."))
        return value


def _sees_ids(user):
    from thidua.core.personal import may_see_personal_data

    return may_see_personal_data(user)


class PersonFilterForm(forms.Form):
    q = forms.CharField(required=False)
    unit = forms.IntegerField(required=False)
    gender = forms.ChoiceField(required=False, choices=[("", "")] + list(Person.Gender.choices))
    direct = forms.ChoiceField(required=False, choices=[("", ""), ("1", "1"), ("0", "0")])
    active = forms.ChoiceField(required=False, choices=[("", ""), ("1", "1"), ("0", "0")])


class GroupForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = EmulationGroup
        fields = ["name", "kind", "cycle", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        error_messages = {"name": {"unique": _("Đã có Cụm/Khối với tên này.")}}


class MemberAddForm(BootstrapMixin, forms.Form):
    unit = UnitChoiceField(queryset=Unit.objects.none(), label=_("Đơn vị"))
    joined_on = forms.DateField(label=_("Tham gia từ"), required=False, widget=DATE)

    def __init__(self, *args, group, **kwargs):
        super().__init__(*args, **kwargs)
        current = group.memberships.filter(left_on__isnull=True).values("unit_id")
        self.fields["unit"].queryset = (
            Unit.objects.active_on(dt.date.today()).exclude(pk__in=current).order_by("sort_key", "id")
        )
        use_picker(self.fields["unit"], UNIT_PICKER)


class MemberRemoveForm(BootstrapMixin, forms.Form):
    membership = forms.IntegerField(widget=forms.HiddenInput)
    left_on = forms.DateField(label=_("Rời Cụm/Khối từ"), widget=DATE, initial=dt.date.today)


class LeadershipForm(BootstrapMixin, forms.Form):
    period = forms.ModelChoiceField(queryset=Period.objects.none(), label=_("Kỳ"))
    role = forms.ChoiceField(label=_("Vai trò"), choices=GroupLeadership.Role.choices)
    unit = UnitChoiceField(queryset=Unit.objects.none(), label=_("Đơn vị"))
    decision = forms.CharField(label=_("Quyết định phê duyệt"), max_length=200, required=False,
                               help_text=_("Ví dụ: Quyết định số 123/QĐ-UBND ngày 15/9/2025"))

    def __init__(self, *args, group, **kwargs):
        from thidua.orgs.services import periods_for

        super().__init__(*args, **kwargs)
        self.fields["period"].queryset = periods_for(group)
        self.fields["unit"].queryset = Unit.objects.filter(
            pk__in=group.memberships.filter(left_on__isnull=True).values("unit_id")
        ).order_by("sort_key", "id")


class PeriodForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Loại kỳ"), choices=Period.Kind.choices)
    first_year = forms.IntegerField(label=_("Năm (năm bắt đầu)"), min_value=1990, max_value=2100,
                                    help_text=_("Năm học 2025-2026: nhập 2025."))
    last_year = forms.IntegerField(label=_("Năm kết thúc (chỉ với giai đoạn)"), min_value=1990, max_value=2100,
                                   required=False)


class ImportForm(BootstrapMixin, forms.Form):
    file = forms.FileField(label=_("Tệp Excel (.xlsx)"))

    MAX_SIZE = 10 * 1024 * 1024

    def clean_file(self):
        f = self.cleaned_data["file"]
        if f.size > self.MAX_SIZE:
            raise ValidationError(_("Tệp quá lớn (tối đa 10 MB)."))
        return f
