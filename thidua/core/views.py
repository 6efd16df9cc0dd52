import datetime as dt
import re

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from thidua.core import personal
from thidua.core.forms import BootstrapMixin
from thidua.core.lists import Column, listing, sorting_order, xlsx_export
from thidua.core.models import AuditEntry, CalendarOverride
from thidua.core.scoping import is_province_wide


@login_required
def home(request):
    from thidua.core.todo import collect

    return render(request, "core/home.html", {"todo": collect(request.user), "today": timezone.localdate()})


_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_ISO_DATETIME = re.compile(r"^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})")


def _readable(value):
    """A value of the audit log's changes as an officer reads it: dates dd/mm/yyyy (they are stored ISO), yes/no
    in the page's language (stored as JSON booleans)."""
    if value is True:
        return _("Có")
    if value is False:
        return _("Không")
    if isinstance(value, dict):  # e.g. a report template's field: its label says what it is
        if "label" in value:
            return str(value["label"])
        return ", ".join(f"{k}: {_readable(v)}" for k, v in value.items())
    if isinstance(value, list):
        return "; ".join(str(_readable(v)) for v in value)
    if isinstance(value, str):
        if m := _ISO_DATE.match(value):
            return f"{m[3]}/{m[2]}/{m[1]}"
        if m := _ISO_DATETIME.match(value):
            try:
                moment = dt.datetime.fromisoformat(value)
            except ValueError:
                return f"{m[3]}/{m[2]}/{m[1]} {m[4]}:{m[5]}"
            if timezone.is_aware(moment):
                moment = timezone.localtime(moment)
            return moment.strftime("%d/%m/%Y %H:%M")
    return value


# Sortable columns of the audit log, each one index scan (forwards or backwards): `at`; and, newest first within
# an actor or an action, the indexes (actor_name, -at, -id) and (action, -at, -id) of migration core 0006.
AUDIT_SORTS = {
    "thoi_gian": (["at", "id"], ["-at", "-id"]),
    "nguoi": (["actor_name", "-at", "-id"], ["-actor_name", "at", "id"]),
    "thao_tac": (["action", "-at", "-id"], ["-action", "at", "id"]),
}


def _audit_queryset(request):
    qs = AuditEntry.objects.visible_to(request.user).select_related("unit")
    model = request.GET.get("model", "").strip()
    actor = request.GET.get("actor", "").strip()
    action = request.GET.get("action", "").strip()
    if model:
        qs = qs.filter(model__icontains=model)
    if actor:
        qs = qs.filter(actor_name__icontains=actor)
    if action in AuditEntry.Action.values:
        qs = qs.filter(action=action)
    return qs, {"model": model, "actor": actor, "action": action}


@login_required
def audit_log(request):
    qs, filters = _audit_queryset(request)
    context = listing(request, qs, sorts=AUDIT_SORTS, default="-thoi_gian", shown={
        "model": (_("Loại bản ghi"), None), "actor": (_("Người thực hiện"), None),
        "action": (_("Thao tác"), dict(AuditEntry.Action.choices).get(filters["action"])),
    })
    page = context["page"]
    # Citizen ids and birth dates in the changes are masked; a province officer may reveal them (recorded).
    reveal = request.GET.get("hien_du_lieu") == "1" and personal.may_see_personal_data(request.user)
    shown = 0
    for entry in page.rows:
        changes = entry.changes if reveal else personal.mask_changes(entry.changes)
        entry.display_changes = {k: [_readable(x) for x in v] if isinstance(v, (list, tuple)) else _readable(v)
                                 for k, v in (changes or {}).items()}
        shown += bool(personal.PERSONAL_FIELDS.intersection(entry.changes or {}))
    if reveal and shown:
        personal.record_unmasked_view(request.user, _("Xem dữ liệu cá nhân đầy đủ trong nhật ký thao tác"),
                                      count=shown)
    reveal_query = request.GET.copy()
    reveal_query.pop("sau", None)
    reveal_query["hien_du_lieu"] = "1"
    return render(
        request,
        "core/audit_log.html",
        {**context, "actions": AuditEntry.Action.choices, "reveal": reveal,
         "may_reveal": personal.may_see_personal_data(request.user), "reveal_query": reveal_query.urlencode(),
         "filters": filters},
    )


def _changes_text(entry, reveal):
    changes = entry.changes if reveal else personal.mask_changes(entry.changes)
    parts = [f"{k}: {'∅' if v[0] is None else v[0]} → {'∅' if v[1] is None else v[1]}"
             if isinstance(v, (list, tuple)) and len(v) == 2 else f"{k}: {v}" for k, v in (changes or {}).items()]
    if entry.note:
        parts.append(entry.note)
    return "\n".join(parts)


@login_required
def audit_export(request):
    """The audit log as shown (filters, order) to XLSX; personal data masked unless revealed by a reader who may
    (the reveal is recorded like the page's)."""
    qs, _filters = _audit_queryset(request)
    qs = qs.order_by(*sorting_order(request, AUDIT_SORTS, "-thoi_gian"))
    reveal = request.GET.get("hien_du_lieu") == "1" and personal.may_see_personal_data(request.user)
    if reveal:
        personal.record_unmasked_view(request.user, _("Xuất nhật ký thao tác có dữ liệu cá nhân đầy đủ"))
    columns = [
        Column(_("Thời điểm"), lambda e: e.at, 17), Column(_("Người thực hiện"), lambda e: e.actor_name, 24),
        Column(_("Thao tác"), lambda e: e.get_action_display(), 16), Column(_("Loại bản ghi"), lambda e: e.model, 20),
        Column(_("Bản ghi"), lambda e: e.object_repr, 36), Column(_("Đơn vị"), lambda e: str(e.unit or ""), 30),
        Column(_("Thay đổi"), lambda e: _changes_text(e, reveal), 60),
    ]
    return xlsx_export(request, qs, columns, title=_("Nhật ký thao tác"), filename="nhat-ky-thao-tac",
                       note=_("Xuất nhật ký thao tác ra Excel"))


class CalendarOverrideForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = CalendarOverride
        fields = ["day", "kind", "note"]
        widgets = {"day": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
        error_messages = {"day": {"unique": _l("Ngày này đã được khai báo.")}}


@login_required
def calendar_overrides(request):
    if not request.user.has_perm("core.manage_calendar"):
        raise PermissionDenied(_("Chỉ cán bộ TĐKT cấp tỉnh được khai báo ngày nghỉ, ngày làm bù."))
    form = CalendarOverrideForm(request.POST or None)
    if request.method == "POST":
        if "delete" in request.POST:
            CalendarOverride.objects.filter(pk=request.POST.get("delete")).delete()
            messages.success(request, _("Đã xóa."))
            return redirect("calendar_overrides")
        if form.is_valid():
            form.save()
            messages.success(request, _("Đã lưu ngày %(day)s.") % {"day": form.instance.day.strftime("%d/%m/%Y")})
            return redirect("calendar_overrides")
    return render(request, "core/calendar_overrides.html", {"form": form, "rows": CalendarOverride.objects.all(),
                                                           "province_wide": is_province_wide(request.user)})
