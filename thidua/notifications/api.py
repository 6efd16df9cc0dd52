"""Notifications API: a user's own notifications only (another user's is a 404). Keyset-paginated like every list
(api/schemas.py): `?cursor=…&limit=…` → `{"items", "next_cursor"}`, plus the number still unread."""

import datetime as dt

from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from thidua.api.schemas import documented, page
from thidua.core.events import KINDS
from thidua.notifications import services
from thidua.notifications.models import Notification

router = Router(tags=["notifications"])


class NotificationOut(Schema):
    id: int
    kind: documented(list(KINDS))
    label: str
    title: str
    url: str
    actor: str
    due: dt.date | None
    note: str
    created_at: dt.datetime
    read_at: dt.datetime | None


class NotificationPage(Schema):
    items: list[NotificationOut]
    next_cursor: str | None
    unread: int  # how many of the user's notifications are unread (whatever the page)


class ReadAllOut(Schema):
    updated: int


def _out(n) -> dict:
    return {
        "id": n.pk,
        "kind": n.kind,
        "label": n.label,
        "title": n.target_title,
        "url": n.url,
        "actor": n.actor_name,
        "due": n.due,
        "note": n.note,
        "created_at": n.created_at,
        "read_at": n.read_at,
    }


@router.get("", response=NotificationPage, summary="Thông báo của tôi (mới nhất trước)")
def list_notifications(request, unread: bool = False, cursor: str | None = None, limit: int = 50):
    qs = Notification.objects.for_user(request.user)
    result = page(qs.unread() if unread else qs, ["-created_at", "-id"], cursor, limit)
    return {"items": [_out(n) for n in result.rows], "next_cursor": result.next_cursor,
            "unread": qs.unread().count()}


@router.post("/read-all", response=ReadAllOut, summary="Đánh dấu mọi thông báo của tôi là đã đọc")
def read_all(request):
    return {"updated": services.mark_all_read(request.user)}


@router.post("/{int:pk}/read", response=NotificationOut, summary="Đánh dấu một thông báo là đã đọc")
def read_one(request, pk: int):
    notification = get_object_or_404(Notification.objects.for_user(request.user), pk=pk)
    return _out(services.mark_read(request.user, notification))
