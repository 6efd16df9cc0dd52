from functools import partial

from thidua.notifications.models import Notification

BADGE_MAX = 99


def unread_count(request) -> int:
    """The user's unread notifications: one indexed COUNT, at most once per request."""
    if not hasattr(request, "_thidua_unread"):
        user = getattr(request, "user", None)
        request._thidua_unread = (
            Notification.objects.for_user(user).unread().count()
            if user is not None and user.is_authenticated
            else 0
        )
    return request._thidua_unread


def _badge(request) -> str:
    n = unread_count(request)
    return "" if not n else f"{BADGE_MAX}+" if n > BADGE_MAX else str(n)


def unread(request):
    # Callables: a template asks only when it shows the badge (never on pages without the top bar).
    return {"unread_notifications": partial(unread_count, request), "unread_badge": partial(_badge, request)}
