from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from thidua.core.events import KINDS
from thidua.core.pagination import paginate
from thidua.notifications import services
from thidua.notifications.models import Channel, Notification

UNREAD = "chua-doc"


@login_required
def inbox(request):
    only_unread = request.GET.get("xem") == UNREAD
    qs = Notification.objects.for_user(request.user)
    if only_unread:
        qs = qs.unread()
    page = paginate(request, qs, ["-created_at", "-id"], size=50)
    return render(
        request, "notifications/inbox.html", {"page": page, "only_unread": only_unread, "UNREAD": UNREAD}
    )


@login_required
def open_notification(request, pk):
    """Mark read and go on to the object (a user's own notification only: another's is a 404)."""
    notification = get_object_or_404(Notification.objects.for_user(request.user), pk=pk)
    services.mark_read(request.user, notification)
    if notification.url and url_has_allowed_host_and_scheme(
        notification.url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(notification.url)
    return redirect("notifications:inbox")


@login_required
@require_POST
def read_all(request):
    n = services.mark_all_read(request.user)
    if n:
        messages.success(request, _("Đã đánh dấu %(n)s thông báo là đã đọc.") % {"n": n})
    return redirect("notifications:inbox")


@login_required
def preferences(request):
    current = services.preferences(request.user)
    if request.method == "POST":
        choices = {kind: request.POST.get(f"kind-{kind}", current[kind]) for kind in KINDS}
        if any(c not in Channel.values for c in choices.values()):
            messages.error(request, _("Cách nhận thông báo không hợp lệ; hãy chọn lại."))
        else:
            services.save_preferences(request.user, choices)
            messages.success(request, _("Đã lưu cài đặt thông báo."))
            return redirect("notifications:preferences")
    rows = [{"kind": kind, "label": label, "channel": current[kind]} for kind, label in KINDS.items()]
    return render(request, "notifications/preferences.html", {"rows": rows, "channels": Channel.choices})
