from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thidua.core.forms import BootstrapMixin
from thidua.core.widgets import UNIT_PICKER, ChoiceButtons, FilteredSelect, PickerWidget, use_picker
from thidua.dossiers.models import Attachment, CouncilMember, Dossier, Nomination, PublicComment, Vote


class DossierForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Dossier
        fields = ["title", "kind", "procedure", "year", "achievement_on"]
        widgets = {"achievement_on": forms.DateInput(format="%Y-%m-%d")}
        help_texts = {
            "procedure": _("Thủ tục đơn giản áp dụng cho khen thưởng đột xuất (thành tích xuất sắc đột xuất): "
                           "không cần báo cáo thành tích, có thể trình ký không qua Hội đồng."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            self.fields["year"].initial = timezone.localdate().year

    def clean_year(self):
        year = self.cleaned_data["year"]
        this_year = timezone.localdate().year
        if not (2000 <= year <= this_year + 1):
            raise forms.ValidationError(_("Năm thành tích không hợp lệ."))
        return year

    def clean(self):
        data = super().clean()
        if data.get("kind") == Dossier.Kind.SUDDEN and not data.get("achievement_on"):
            self.add_error("achievement_on", _("Khen thưởng đột xuất cần ghi ngày lập thành tích."))
        return data


def award_type_data(award_type) -> dict:
    """What choices.js filters an award type option by: the nominee kinds it is for (a village counts as a
    collective, as clean() accepts)."""
    kinds = set(award_type.subject_kinds or [])
    if "village" in kinds:
        kinds.add(Nomination.Kind.COLLECTIVE)
    return {"kinds": " ".join(sorted(kinds))}


class LevelGroupedIterator(forms.models.ModelChoiceIterator):
    """Award types under one heading per deciding level (Nhà nước, Chính phủ, tỉnh, cơ sở), the catalogue order kept."""

    def __iter__(self):
        from thidua.awards.models import AwardType

        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        groups: dict[str, list] = {}
        for obj in self.queryset:
            groups.setdefault(obj.level, []).append(self.choice(obj))
        for level, label in AwardType.Level.choices:
            if level in groups:
                yield (label, groups.pop(level))
        for level, items in groups.items():
            yield (level, items)

    def __len__(self):
        return self.queryset.count() + (1 if self.field.empty_label is not None else 0)


class NominationForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Nomination
        fields = ["kind", "person", "nominee_unit", "award_type", "achievement_summary", "justification",
                  "basis_route", "basis_evidence", "basis_movement_years"]
        widgets = {"achievement_summary": forms.Textarea(attrs={"rows": 4}),
                   "justification": forms.Textarea(attrs={"rows": 3}),
                   "kind": ChoiceButtons}

    evidence_file = forms.FileField(
        label=_("Tệp minh chứng (PDF, DOCX, PNG, JPG)"), required=False,
        help_text=_("Lưu vào tài liệu kèm theo của hồ sơ, loại “Tài liệu minh chứng”, thuộc đề nghị này."),
    )

    def __init__(self, *args, user=None, dossier=None, **kwargs):
        super().__init__(*args, **kwargs)
        from thidua.awards.law_display import all_routes
        from thidua.awards.models import AwardType
        from thidua.orgs.models import Person, Unit

        self.fields["basis_route"] = forms.ChoiceField(
            label=self.fields["basis_route"].label, help_text=self.fields["basis_route"].help_text, required=False,
            choices=[("", _("— Không kê khai (xét theo tiêu chuẩn tính được) —")), *all_routes()],
            widget=forms.Select(attrs={"class": "form-select"}),  # replaced after BootstrapMixin styled the fields
        )
        self.fields["basis_route"].widget.attrs["class"] = "form-select"  # replaced after BootstrapMixin styled it
        self.fields["evidence_file"].widget.attrs["accept"] = ".pdf,.docx,.png,.jpg,.jpeg"
        unit = dossier.unit if dossier else getattr(user, "unit", None)
        people = Person.objects.filter(active=True).select_related("unit")
        units = Unit.objects.all()
        if unit is not None:
            people = people.filter(unit__path__startswith=unit.path)
            units = units.filter(path__startswith=unit.path)
        # One kind chooser; the person box shows for an individual, the unit box for a collective. Both are
        # searchable pickers over the dossier's unit tree (the querysets stay the scope for validation).
        self.fields["kind"].label = _("Đối tượng được đề nghị")
        # (A widget is set before its queryset: assigning the queryset hands the widget its choices.)
        person = self.fields["person"]
        person.widget = PickerWidget("orgs:person_choices", params={"don_vi": unit.pk if unit else None, "dang_lam": 1},
                                     placeholder=_("Gõ họ tên để tìm…"), attrs={"class": "form-control"})
        person.label_from_instance = lambda p: f"{p.full_name} — {p.position or ''} ({p.unit.short_name or p.unit.name})"
        person.queryset = people.order_by("sort_key", "id")
        person.show_if = f"kind={Nomination.Kind.INDIVIDUAL}"
        nominee_unit = self.fields["nominee_unit"]
        nominee_unit.widget = PickerWidget("orgs:unit_choices", params={"goc": unit.pk if unit else None},
                                           placeholder=_("Gõ tên tập thể để tìm…"), attrs={"class": "form-control"})
        nominee_unit.queryset = units.order_by("sort_key")
        nominee_unit.show_if = f"kind={Nomination.Kind.COLLECTIVE}"
        # Award types: grouped by the level that decides them, narrowed to those for the chosen kind of nominee
        # and searchable (static/thidua/choices.js); without JavaScript all are listed and clean() checks the fit.
        award_type = self.fields["award_type"]
        award_type.widget = FilteredSelect(option_data=award_type_data, filter_field="kind", filter_attr="kinds",
                                           attrs={"class": "form-select"})
        award_type.iterator = LevelGroupedIterator
        award_type.queryset = AwardType.objects.conferrable().order_by("order", "code")

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if kind == Nomination.Kind.INDIVIDUAL:
            data["nominee_unit"] = None
            if not data.get("person"):
                self.add_error("person", _("Cần chọn cá nhân được đề nghị."))
        elif kind == Nomination.Kind.COLLECTIVE:
            data["person"] = None
            if not data.get("nominee_unit"):
                self.add_error("nominee_unit", _("Cần chọn tập thể được đề nghị."))
        if kind == Nomination.Kind.COLLECTIVE and data.get("nominee_unit"):
            from thidua.orgs.selectors import unit_endings

            ended = unit_endings([data["nominee_unit"].pk], timezone.localdate()).get(data["nominee_unit"].pk)
            if ended is not None:
                self.add_error("nominee_unit", ended.message)
        award_type = data.get("award_type")
        if award_type and kind:
            kinds = award_type.subject_kinds or []
            ok = kind in kinds or (kind == "collective" and "village" in kinds)
            if kinds and not ok:
                self.add_error("award_type", _("%(award)s không áp dụng cho đối tượng này.") % {"award": award_type.name})
        route = data.get("basis_route") or ""
        if route and award_type and kind:
            from thidua.awards.law_display import routes_for

            accepted = dict(routes_for(award_type.code, kind))
            if route not in accepted:
                names = "; ".join(str(label) for label in accepted.values())
                self.add_error("basis_route", (
                    _("%(award)s không có căn cứ này cho đối tượng đã chọn; các căn cứ được kê khai: %(list)s.")
                    % {"award": award_type.name, "list": names}) if names else (
                    _("%(award)s không xét theo căn cứ kê khai; để trống mục này.") % {"award": award_type.name}))
        if route != "pm_movement_leader":
            data["basis_movement_years"] = None
        if not route:
            data["basis_evidence"] = False
        return data

    def bases(self) -> list[dict]:
        """The form's declared basis as the engine's `bases` (LAW-V2.md §B.1), for the live verdict."""
        data = getattr(self, "cleaned_data", {}) or {}
        route = data.get("basis_route") or ""
        if not route:
            return []
        basis = {"route": route, "evidence": bool(data.get("basis_evidence") or data.get("evidence_file"))}
        if data.get("basis_movement_years") is not None:
            basis["movement_years"] = data["basis_movement_years"]
        return [basis]


class AttachmentForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Loại tài liệu"), choices=Attachment.Kind.choices)
    file = forms.FileField(label=_("Tệp (PDF, DOCX, PNG, JPG)"))
    nomination = forms.ModelChoiceField(label=_("Thuộc đề nghị (không bắt buộc)"), queryset=Nomination.objects.none(),
                                        required=False)

    def __init__(self, *args, dossier=None, **kwargs):
        super().__init__(*args, **kwargs)
        if dossier is not None:
            self.fields["nomination"].queryset = dossier.nominations.all()
            self.fields["nomination"].label_from_instance = lambda n: n.nominee_name
        self.fields["file"].widget.attrs["accept"] = ".pdf,.docx,.png,.jpg,.jpeg"


class ReasonForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(label=_("Lý do, ý kiến"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class AppraisalForm(BootstrapMixin, forms.Form):
    result = forms.ChoiceField(label=_("Kết quả"), choices=Nomination.Appraisal.choices)
    note = forms.CharField(label=_("Ý kiến thẩm định"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class SessionForm(BootstrapMixin, forms.Form):
    title = forms.CharField(label=_("Nội dung phiên họp"), max_length=300)
    held_on = forms.DateField(label=_("Ngày họp"), widget=forms.DateInput(format="%Y-%m-%d"))
    place = forms.CharField(label=_("Địa điểm"), max_length=300, required=False)
    considers_titles = forms.BooleanField(label=_("Xét danh hiệu, hình thức khen thưởng (cần ≥ 80% có mặt)"),
                                          required=False, initial=True)


class VoteForm(forms.Form):
    choice = forms.ChoiceField(label=_("Ý kiến"), choices=Vote.Choice.choices, widget=forms.RadioSelect)


class DecisionForm(BootstrapMixin, forms.Form):
    signed_on = forms.DateField(label=_("Ngày ký"), widget=forms.DateInput(format="%Y-%m-%d"))
    signer_name = forms.CharField(label=_("Người ký"), max_length=150)
    signer_title = forms.CharField(label=_("Chức vụ người ký"), max_length=200, initial=_("Phó Chủ tịch"),
                                   help_text=_("Chức vụ chính thức của người ký, ví dụ: Chủ tịch, Phó Chủ tịch, "
                                               "Giám đốc, Phó Giám đốc."))
    signer_capacity = forms.ChoiceField(
        label=_("Hình thức ký"), initial="deputy",
        choices=[("head", _("Người đứng đầu ký (CHỦ TỊCH)")), ("deputy", _("Cấp phó ký thay (KT. CHỦ TỊCH / PHÓ CHỦ TỊCH)"))],
        help_text=_("Theo Nghị định 30/2020/NĐ-CP: cấp phó ký thay người đứng đầu ghi «KT.» trước chức vụ của "
                    "người đứng đầu."))
    summary = forms.CharField(label=_("Trích yếu"), max_length=500, required=False)


class PostingForm(BootstrapMixin, forms.Form):
    starts_on = forms.DateField(label=_("Ngày bắt đầu công khai"), widget=forms.DateInput(format="%Y-%m-%d"))


class PublicCommentForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = PublicComment
        fields = ["author", "content", "received_on", "blocking"]
        widgets = {"received_on": forms.DateInput(format="%Y-%m-%d"), "content": forms.Textarea(attrs={"rows": 3})}


class RevokeForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(label=_("Lý do hủy bỏ"), widget=forms.Textarea(attrs={"rows": 3}))
    decision_number = forms.CharField(label=_("Số quyết định hủy bỏ"), max_length=200)
    revoked_on = forms.DateField(label=_("Ngày hủy bỏ"), widget=forms.DateInput(format="%Y-%m-%d"))


class CouncilMemberForm(BootstrapMixin, forms.ModelForm):
    """A member of the council (Thường trực Hội đồng manages the list; the admin is not needed for it)."""

    class Meta:
        model = CouncilMember
        fields = ["full_name", "position", "unit", "role", "user"]
        help_texts = {
            "user": _("Tài khoản dùng để bỏ phiếu kín trên hệ thống. Thành viên không có tài khoản gửi phiếu bằng "
                      "văn bản, Thường trực ghi nhận."),
            "unit": _("Thành viên công tác tại đơn vị của người được đề nghị sẽ tự động không tham gia bỏ phiếu "
                      "cho đề nghị đó."),
        }

    def __init__(self, *args, council, **kwargs):
        super().__init__(*args, **kwargs)
        from thidua.dossiers.services import council_login_choices
        from thidua.orgs.models import Unit

        self.council = council
        self.fields["full_name"].required = False
        self.fields["unit"].queryset = Unit.objects.order_by("sort_key", "id")
        use_picker(self.fields["unit"], UNIT_PICKER)
        # The name, a login used once, one chair: dossiers.services.save_council_member checks them (the view puts
        # its messages on the fields).
        self.fields["user"].queryset = council_login_choices().order_by("last_name", "first_name", "username")
        self.fields["user"].label_from_instance = lambda u: f"{u.display_name} ({u.username})"


def _level_field():
    return forms.ChoiceField(
        label=_("“Bằng khen”, “Giấy khen” không ghi cấp được hiểu là"),
        choices=[("tinh", _("Bằng khen của Chủ tịch UBND tỉnh")), ("xa", _("Giấy khen của Chủ tịch UBND cấp xã")),
                 ("don_vi", _("Giấy khen của thủ trưởng đơn vị"))],
        initial="tinh",
    )


class ProposalUploadForm(BootstrapMixin, forms.Form):
    file = forms.FileField(label=_("Danh sách đề nghị (Word .docx/.doc hoặc Excel .xlsx/.xls)"))
    level = _level_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs["accept"] = ".docx,.doc,.xlsx,.xls"


class DossierFromListForm(DossierForm):
    """A new dossier and its proposal list in one step."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs["accept"] = ".docx,.doc,.xlsx,.xls"

    file = forms.FileField(label=_("Danh sách đề nghị (Word .docx/.doc hoặc Excel .xlsx/.xls)"))
    level = _level_field()

    class Meta(DossierForm.Meta):
        pass


# --- consultations (hiệp y) -----------------------------------------------------------------------------------


class ConsultationStartForm(BootstrapMixin, forms.Form):
    nominations = forms.ModelMultipleChoiceField(label=_("Đề nghị lấy ý kiến"), queryset=Nomination.objects.none(),
                                                 widget=forms.CheckboxSelectMultiple)
    agencies = forms.ModelMultipleChoiceField(label=_("Cơ quan được lấy ý kiến"), queryset=None,
                                              widget=forms.CheckboxSelectMultiple)
    days = forms.IntegerField(label=_("Thời hạn trả lời (ngày làm việc)"), min_value=1, max_value=60)
    sent_on = forms.DateField(label=_("Ngày gửi"), widget=forms.DateInput(format="%Y-%m-%d"))
    number = forms.CharField(label=_("Số, ký hiệu văn bản"), max_length=60, required=False,
                             help_text=_("Để trống nếu văn thư cấp số sau; ghi lại ở trang lấy ý kiến."))

    def __init__(self, *args, dossier, needed, policy, **kwargs):
        from thidua.dossiers.consultations import agencies_for_choice

        super().__init__(*args, **kwargs)
        self.fields["nominations"].queryset = dossier.nominations.exclude(
            appraisal=Nomination.Appraisal.EXCLUDED).select_related("award_type").order_by("sort_key", "id")
        self.fields["nominations"].label_from_instance = lambda n: f"{n.nominee_name} — {n.award_type.name}"
        self.fields["agencies"].queryset = agencies_for_choice()
        self.fields["nominations"].initial = [n.pk for n in needed]
        self.fields["agencies"].initial = list(agencies_for_choice().values_list("pk", flat=True))
        self.fields["days"].initial = policy.default_days
        self.fields["sent_on"].initial = timezone.localdate()


class ConsultationNumberForm(BootstrapMixin, forms.Form):
    number = forms.CharField(label=_("Số, ký hiệu văn bản"), max_length=60)


class ClearReplyForm(BootstrapMixin, forms.Form):
    note = forms.CharField(label=_("Kết quả xác minh, căn cứ gỡ tạm dừng"), widget=forms.Textarea(attrs={"rows": 2}))


class ConsultedAgencyForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        from thidua.dossiers.models import ConsultedAgency

        model = ConsultedAgency
        fields = ["name", "addressee", "topic", "order", "active"]


class ConsultationPolicyForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        from thidua.dossiers.models import ConsultationPolicy

        model = ConsultationPolicy
        fields = ["default_days", "no_reply_means", "extra_award_types"]
        widgets = {"extra_award_types": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        from thidua.dossiers.consultations import extra_award_type_choices

        super().__init__(*args, **kwargs)
        self.fields["extra_award_types"].queryset = extra_award_type_choices()

    def clean_default_days(self):
        days = self.cleaned_data["default_days"]
        if not 1 <= days <= 60:
            raise forms.ValidationError(_("Thời hạn trả lời từ 1 đến 60 ngày làm việc."))
        return days
