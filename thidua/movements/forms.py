from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from thidua.core.forms import BootstrapMixin
from thidua.core.widgets import PERSON_PICKER, UNIT_PICKER, use_picker
from thidua.movements import access
from thidua.movements.models import (
    TITLE_CHOICES,
    Criterion,
    Movement,
    MovementReview,
    Pact,
    Registration,
    ScoringRubric,
)
from thidua.orgs.models import EmulationGroup, Period, Person, Unit

DATE = {"type": "date"}


def _date(attrs=None):
    return forms.DateInput(attrs=attrs or DATE, format="%Y-%m-%d")


class MovementForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Movement
        fields = ["name", "kind", "period", "lead_unit", "launch_doc_number", "launch_doc_date", "launch_doc_issuer",
                  "launched_at", "start", "end", "description", "participants", "targets", "award_standards"]
        widgets = {
            "launch_doc_date": _date(), "start": _date(), "end": _date(),
            "description": forms.Textarea(attrs={"rows": 3}), "participants": forms.Textarea(attrs={"rows": 2}),
            "targets": forms.Textarea(attrs={"rows": 4}), "award_standards": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        units = Unit.objects.all() if access.is_province_staff(user) else Unit.objects.visible_to(user)
        self.fields["lead_unit"].queryset = units.order_by("sort_key")
        use_picker(self.fields["lead_unit"], UNIT_PICKER)
        self.fields["period"].queryset = Period.objects.order_by("-start", "kind")



class ReviewForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = MovementReview
        fields = ["kind", "title", "held_on", "document", "summary", "collectives_commended", "individuals_commended"]
        widgets = {"held_on": _date(), "summary": forms.Textarea(attrs={"rows": 4})}


class RegistrationForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Registration
        fields = ["unit", "person", "period", "movement", "registered_with", "targets"]
        widgets = {"targets": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        units = Unit.objects.all() if access.is_province_staff(user) else Unit.objects.visible_to(user)
        self.fields["unit"].queryset = units.order_by("sort_key")
        # People of the chosen unit only (a province has tens of thousands): the unit posted, the record's, or the
        # user's own. The service checks again that the person belongs to the unit.
        unit_id = self.data.get(self.add_prefix("unit")) or self.instance.unit_id or user.unit_id
        try:
            unit_id = int(unit_id) if unit_id else None
        except (TypeError, ValueError):
            unit_id = None
        people = Person.objects.all() if access.is_province_staff(user) else Person.objects.visible_to(user)
        self.fields["person"].queryset = people.filter(unit_id=unit_id, active=True).order_by("sort_key", "id")
        self.fields["person"].help_text = _("Để trống nếu đăng ký cho tập thể. Danh sách gồm cá nhân của đơn vị "
                                            "đăng ký.")
        # Searchable pickers; the person picker searches the unit chosen above (validation: that unit's people).
        use_picker(self.fields["unit"], UNIT_PICKER)
        use_picker(self.fields["person"], PERSON_PICKER, params={"dang_lam": 1}, depends={"don_vi": "unit"})
        self.fields["period"].queryset = Period.objects.exclude(kind=Period.Kind.STAGE).order_by("-start")
        self.fields["movement"].queryset = Movement.objects.exclude(status=Movement.Status.CONCLUDED).select_related("period")
        if user.unit_id and not self.instance.pk:
            self.fields["unit"].initial = user.unit_id


class TitleForm(BootstrapMixin, forms.Form):
    code = forms.ChoiceField(label=_("Danh hiệu / hình thức"), choices=[("", "—")] + TITLE_CHOICES, required=False)
    other_name = forms.CharField(label=_("Tên (nếu chọn Khác)"), max_length=200, required=False)
    quantity = forms.IntegerField(label=_("Số lượng"), min_value=1, initial=1, required=False)

    def clean(self):
        data = super().clean()
        if data.get("code") == "OTHER" and not (data.get("other_name") or "").strip():
            self.add_error("other_name", _("Ghi rõ tên danh hiệu, hình thức khen thưởng."))
        return data


class BaseTitleFormSet(forms.BaseFormSet):
    def rows(self):
        from thidua.movements.services import TitleRow

        out = []
        for f in self.forms:
            d = getattr(f, "cleaned_data", None) or {}
            if d.get("code") and not d.get("DELETE"):
                out.append(TitleRow(d["code"], d.get("other_name") or "", d.get("quantity") or 1))
        return out


TitleFormSet = forms.formset_factory(TitleForm, formset=BaseTitleFormSet, extra=3, can_delete=True, max_num=30)


class ReturnForm(BootstrapMixin, forms.Form):
    note = forms.CharField(label=_("Lý do trả lại"), widget=forms.Textarea(attrs={"rows": 2}))


class PactForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Pact
        fields = ["group", "period", "title", "content", "signing_place", "signing_date"]
        widgets = {"signing_date": _date(), "content": forms.Textarea(attrs={"rows": 8})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = _groups_for(user)
        self.fields["period"].queryset = Period.objects.exclude(kind=Period.Kind.STAGE).order_by("-start")
        self.user = user

    def clean(self):
        data = super().clean()
        group, period = data.get("group"), data.get("period")
        if group and period and not (access.is_province_staff(self.user)
                                     or access.heads_group(self.user, Pact(group=group, period=period))):
            self.add_error("group", _("Chỉ Trưởng Cụm/Khối của kỳ này hoặc cán bộ TĐKT cấp tỉnh lập giao ước."))
        return data


def _groups_for(user):
    from thidua.orgs.models import GroupLeadership

    if access.is_province_staff(user):
        return EmulationGroup.objects.all()
    return EmulationGroup.objects.filter(
        leaderships__unit_id=user.unit_id, leaderships__role=GroupLeadership.Role.HEAD
    ).distinct()


class SignatureForm(BootstrapMixin, forms.Form):
    unit = forms.ModelChoiceField(label=_("Đơn vị ký"), queryset=Unit.objects.none())
    signer_name = forms.CharField(label=_("Họ tên người ký"), max_length=150)
    signer_title = forms.CharField(label=_("Chức vụ"), max_length=200, required=False)
    signed_on = forms.DateField(label=_("Ngày ký"), widget=_date())

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        use_picker(self.fields["unit"], UNIT_PICKER)


class RubricForm(BootstrapMixin, forms.ModelForm):
    copy_from = forms.ModelChoiceField(
        label=_("Sao chép tiêu chí từ"), queryset=ScoringRubric.objects.none(), required=False,
        help_text=_("Dùng lại bộ tiêu chí của kỳ trước hoặc của Cụm/Khối khác, sau đó chỉnh sửa."),
    )

    class Meta:
        model = ScoringRubric
        fields = ["group", "period", "title", "tie_break_rule"]
        widgets = {"tie_break_rule": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["group"].queryset = _groups_for(user)
        self.fields["period"].queryset = Period.objects.exclude(kind=Period.Kind.STAGE).order_by("-start")
        if self.instance.pk:
            del self.fields["copy_from"]
            self.fields["group"].disabled = True
            self.fields["period"].disabled = True
        else:
            self.fields["copy_from"].queryset = ScoringRubric.objects.visible_to(user).select_related("period", "group")
            self.fields["copy_from"].label_from_instance = lambda r: f"{r.title} ({r.period})"


class CriterionForm(BootstrapMixin, forms.Form):
    code = forms.CharField(label=_("Mã"), max_length=30, required=False)
    name = forms.CharField(label=_("Nội dung tiêu chí"), max_length=500, required=False)
    max_points = forms.DecimalField(label=_("Điểm tối đa"), max_digits=7, decimal_places=2, min_value=0, required=False,
                                    localize=True)
    kind = forms.ChoiceField(label=_("Loại"), choices=Criterion.Kind.choices, initial=Criterion.Kind.STANDARD)


class BaseCriterionFormSet(forms.BaseFormSet):
    def rows(self):
        from thidua.movements.services import CriterionRow

        out = []
        for f in self.forms:
            d = getattr(f, "cleaned_data", None) or {}
            if d.get("DELETE") or not ((d.get("code") or "").strip() or (d.get("name") or "").strip()):
                continue
            out.append(CriterionRow(d.get("code") or "", d.get("name") or "", d.get("max_points"),
                                    d.get("kind") or Criterion.Kind.STANDARD))
        return out


CriterionFormSet = forms.formset_factory(CriterionForm, formset=BaseCriterionFormSet, extra=5, can_delete=True,
                                         max_num=300)


class ImportForm(BootstrapMixin, forms.Form):
    file = forms.FileField(label=_("Tệp Excel (.xlsx)"),
                           help_text=_("Các cột: Mã (I, I.1, I.2…), Nội dung, Điểm tối đa, Loại (tiêu chí / điểm thưởng / điểm trừ)."))

    def clean_file(self):
        f = self.cleaned_data["file"]
        if f.size > 5 * 1024 * 1024:
            raise ValidationError(_("Tệp quá lớn (tối đa 5 MB)."))
        return f


class TieForm(BootstrapMixin, forms.Form):
    """The Chair's decision on units tied on total and on section I: `order` = their scorecard ids, first to last
    (comma-separated on the page)."""

    order = forms.CharField(
        label=_("Thứ tự các đơn vị đồng hạng"), widget=forms.HiddenInput,
        error_messages={"required": _("Danh sách đơn vị đồng hạng không hợp lệ.")},
    )
    decision = forms.CharField(
        label=_("Quyết định của Chủ tịch (số, ngày văn bản)"), max_length=300,
        error_messages={"required": _("Cần ghi số, ngày văn bản hoặc nội dung quyết định của Chủ tịch.")},
    )

    def clean_order(self) -> list[int]:
        try:
            return [int(x) for x in self.cleaned_data["order"].split(",") if x.strip()]
        except ValueError:
            raise ValidationError(_("Danh sách đơn vị đồng hạng không hợp lệ."))
