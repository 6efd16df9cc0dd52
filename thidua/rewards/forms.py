from django import forms
from django.utils.translation import gettext_lazy as _

from thidua.core.forms import BootstrapMixin
from thidua.rewards.models import Allocation, IssuedItem


class FundForm(BootstrapMixin, forms.Form):
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100)
    issuer = forms.CharField(label=_("Chi thưởng cho quyết định của (ký hiệu cơ quan)"), max_length=50,
                             initial="UBND", help_text=_("Ký hiệu trong số quyết định, ví dụ UBND trong 01/QĐ-UBND."))
    name = forms.CharField(label=_("Tên quỹ"), max_length=255, initial="Quỹ Thi đua, khen thưởng")


class AllocationForm(BootstrapMixin, forms.Form):
    source = forms.ChoiceField(label=_("Nguồn"), choices=Allocation.Source.choices)
    amount = forms.IntegerField(label=_("Số tiền (đồng)"), min_value=1)
    received_on = forms.DateField(label=_("Ngày"), widget=forms.DateInput)
    reference = forms.CharField(label=_("Số chứng từ, văn bản"), max_length=120, required=False)
    note = forms.CharField(label=_("Diễn giải"), max_length=255, required=False)


class PaidForm(BootstrapMixin, forms.Form):
    paid_on = forms.DateField(label=_("Ngày chi"), widget=forms.DateInput)
    voucher = forms.CharField(label=_("Số phiếu chi, chứng từ"), max_length=120, required=False)


class HandOverForm(BootstrapMixin, forms.Form):
    handed_to = forms.CharField(label=_("Người nhận"), max_length=200)
    handed_on = forms.DateField(label=_("Ngày trao"), widget=forms.DateInput)
    handed_by = forms.CharField(label=_("Người trao"), max_length=200)


class ReissueForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Hình thức"), choices=[c for c in IssuedItem.Reissue.choices if c[0]])
    requested_by = forms.CharField(label=_("Người, tập thể đề nghị"), max_length=200)
    requested_on = forms.DateField(label=_("Ngày đơn đề nghị"), widget=forms.DateInput)
    reason = forms.CharField(label=_("Lý do (bị mất, hư hỏng, sai thông tin…)"), widget=forms.Textarea(attrs={"rows": 3}))


class RecoveryForm(BootstrapMixin, forms.Form):
    recovered_on = forms.DateField(label=_("Ngày thu hồi"), widget=forms.DateInput)
    recovered_by = forms.CharField(label=_("Người thu hồi"), max_length=200)
    note = forms.CharField(label=_("Ghi chú"), max_length=255, required=False)


class ReissueRegisterForm(BootstrapMixin, forms.Form):
    """The re-issue register's filter: the requests received in a period (ngày đơn), of one kind or both."""
    since = forms.DateField(label=_("Đơn từ ngày"), required=False, widget=forms.DateInput)
    until = forms.DateField(label=_("đến ngày"), required=False, widget=forms.DateInput)
    kind = forms.ChoiceField(label=_("Hình thức"), required=False,
                             choices=[("", _("Cấp đổi và cấp lại"))] + [c for c in IssuedItem.Reissue.choices if c[0]])

    def clean(self):
        data = super().clean()
        if data.get("since") and data.get("until") and data["since"] > data["until"]:
            raise forms.ValidationError(_("Ngày bắt đầu phải trước ngày kết thúc."))
        return data
