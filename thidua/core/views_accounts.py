"""Account pages: one's own account (password, second factor, API tokens), the second-factor steps at sign-in,
and the province administrator's user management (pages, not the Django admin)."""

import base64

import segno
from django import forms
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp import match_token
from django_otp.plugins.otp_totp.models import TOTPDevice

from thidua.core import accounts
from thidua.core.forms import BootstrapMixin, add_service_errors
from thidua.core.models import ApiToken, User
from thidua.core.pagination import paginate
from thidua.core.roles import Role


def _next_url(request, default="home"):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return target
    return default


class CodeForm(BootstrapMixin, forms.Form):
    code = forms.CharField(label=_l("Mã xác thực (6 chữ số)"), max_length=8,
                           widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}))


class PasswordForm(BootstrapMixin, PasswordChangeForm):
    pass


@login_required
def my_account(request):
    form = PasswordForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            accounts.set_password(request.user, form.cleaned_data["new_password1"], actor=request.user,
                                  note=_("Người dùng tự đổi mật khẩu."))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            update_session_auth_hash(request, request.user)
            messages.success(request, _("Đã đổi mật khẩu. Các token API cũ đã bị thu hồi."))
            return redirect("my_account")
    tokens = ApiToken.objects.filter(user=request.user).order_by("-created_at")[:50]
    return render(request, "core/accounts/my_account.html", {
        "form": form, "tokens": tokens,
        "has_device": accounts.has_confirmed_device(request.user),
        "two_factor_required": accounts.two_factor_required(request.user),
    })


@login_required
@require_POST
def revoke_my_token(request, pk):
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    accounts.revoke_token(token, actor=request.user)
    messages.success(request, _("Đã thu hồi token."))
    return redirect("my_account")


@login_required
def two_factor_enrol(request):
    """Show a fresh TOTP secret as a QR code; the device counts once the user types a code it produced."""
    device = TOTPDevice.objects.filter(user=request.user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=request.user, name=_("Ứng dụng xác thực"), confirmed=False)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["code"].strip()):
            accounts.confirm_device(device, actor=request.user)
            otp_login(request, device)
            messages.success(request, _("Đã bật xác thực hai bước."))
            return redirect(_next_url(request, "my_account"))
        form.add_error("code", _("Mã không đúng; kiểm tra giờ trên điện thoại và nhập mã mới nhất."))
    qr = segno.make(device.config_url, error="m").svg_inline(scale=5, border=2)
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return render(request, "core/accounts/two_factor_enrol.html",
                  {"form": form, "qr": qr, "secret": secret, "next": _next_url(request, "")})


@login_required
def two_factor_verify(request):
    if not accounts.has_confirmed_device(request.user):
        return redirect("two_factor_enrol")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(request.user, form.cleaned_data["code"].strip())
        if device is not None:
            otp_login(request, device)
            return redirect(_next_url(request))
        accounts.audit.record(request.user, "login_failed", user=request.user,
                              note=_("Sai mã xác thực hai bước."))
        form.add_error("code", _("Mã xác thực không đúng."))
    return render(request, "core/accounts/two_factor_verify.html", {"form": form, "next": _next_url(request, "")})


# --- user management (province administrator) ------------------------------------------------------------------

class UserForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = User
        fields = ["username", "last_name", "first_name", "email", "role", "unit", "is_active", "otp_required"]
        labels = {"last_name": _l("Họ và tên đệm"), "first_name": _l("Tên")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from thidua.orgs.models import Unit

        self.fields["unit"].queryset = Unit.objects.order_by("sort_key")
        self.fields["unit"].required = True


class NewUserForm(UserForm):
    password = forms.CharField(label=_l("Mật khẩu ban đầu"), widget=forms.PasswordInput(render_value=False),
                               help_text=_l("Ít nhất 10 ký tự, không phải mật khẩu phổ biến, không chỉ gồm chữ số."))

    class Meta(UserForm.Meta):
        fields = ["username", "last_name", "first_name", "email", "role", "unit", "otp_required"]


class ResetPasswordForm(BootstrapMixin, forms.Form):
    password = forms.CharField(label=_l("Mật khẩu mới"), widget=forms.PasswordInput(render_value=False))


@login_required
def user_list(request):
    if not request.user.has_perm("core.manage_users"):  # the page's existence is not confirmed
        raise Http404(_("Không tìm thấy hoặc bạn không có quyền xem."))
    qs = User.objects.select_related("unit")
    q = request.GET.get("q", "").strip()
    role = request.GET.get("vai_tro", "")
    state = request.GET.get("trang_thai", "")
    for term in q.split():
        qs = qs.filter(Q(username__icontains=term) | Q(last_name__icontains=term) | Q(first_name__icontains=term))
    if role in Role.values:
        qs = qs.filter(role=role)
    if state in ("1", "0"):
        qs = qs.filter(is_active=state == "1")
    page = paginate(request, qs, ["username", "id"], size=50)
    return render(request, "core/accounts/user_list.html", {
        "page": page, "roles": Role.choices, "filters": {"q": q, "vai_tro": role, "trang_thai": state}})


@login_required
def user_create(request):
    if not request.user.has_perm("core.manage_users"):  # the page's existence is not confirmed
        raise Http404(_("Không tìm thấy hoặc bạn không có quyền xem."))
    form = NewUserForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k not in ("username", "password")}
        try:
            user = accounts.create_user(actor=request.user, username=form.cleaned_data["username"],
                                        password=form.cleaned_data["password"], **data)
        except ValidationError as exc:
            form.add_error("password", exc)
        else:
            messages.success(request, _("Đã tạo tài khoản %(u)s.") % {"u": user.username})
            return redirect("user_edit", pk=user.pk)
    return render(request, "core/accounts/user_form.html", {"form": form, "target": None})


@login_required
def user_edit(request, pk):
    if not request.user.has_perm("core.manage_users"):  # the page's existence is not confirmed
        raise Http404(_("Không tìm thấy hoặc bạn không có quyền xem."))
    target = get_object_or_404(User.objects.select_related("unit"), pk=pk)
    form = UserForm(request.POST or None, instance=target) if request.POST.get("do") in (None, "save") \
        else UserForm(instance=target)
    reset_form = ResetPasswordForm(request.POST if request.POST.get("do") == "reset_password" else None)
    if request.method == "POST":
        action = request.POST.get("do", "save")
        if action == "save" and form.is_valid():
            if target == request.user and not form.cleaned_data["is_active"]:
                form.add_error("is_active", _("Không thể tự khóa tài khoản của mình."))
            else:
                fields = {k: form.cleaned_data[k] for k in form.Meta.fields}
                target.refresh_from_db()
                accounts.update_user(target, actor=request.user, **fields)
                messages.success(request, _("Đã lưu tài khoản."))
                return redirect("user_edit", pk=target.pk)
        elif action == "reset_password" and reset_form.is_valid():
            try:
                accounts.set_password(target, reset_form.cleaned_data["password"], actor=request.user,
                                      note=_("Quản trị đặt lại mật khẩu."))
            except ValidationError as exc:
                reset_form.add_error("password", exc)
            else:
                messages.success(request, _("Đã đặt lại mật khẩu; các token API của người dùng đã bị thu hồi."))
                return redirect("user_edit", pk=target.pk)
        elif action == "reset_2fa":
            accounts.reset_two_factor(target, actor=request.user)
            messages.success(request, _("Đã hủy thiết bị xác thực hai bước."))
            return redirect("user_edit", pk=target.pk)
        elif action == "revoke_tokens":
            accounts.revoke_tokens(target, actor=request.user)
            messages.success(request, _("Đã thu hồi mọi token API của người dùng."))
            return redirect("user_edit", pk=target.pk)
    return render(request, "core/accounts/user_form.html", {
        "form": form, "reset_form": reset_form, "target": target,
        "has_device": accounts.has_confirmed_device(target),
        "live_tokens": ApiToken.objects.filter(user=target, revoked_at__isnull=True).count(),
    })
