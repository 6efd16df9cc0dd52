"""`thidua notifications_digest`: one e-mail per user listing their unread notifications of the kinds they receive
by digest (the default), at most one digest per user and day; read items, items already digested, kinds set to
e-mail or in-app only, and users without an address are left out."""

import datetime as dt
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import timezone

from tests.factories import UserFactory
from thidua.core.roles import Role
from thidua.notifications.models import Channel, DigestSent, Notification


@pytest.fixture
def inboxes(unit_a, settings):
    settings.THIDUA_PUBLIC_BASE_URL = "https://tdkt.example.gov.vn"
    an = UserFactory(username="an", role=Role.UNIT_OFFICER, unit=unit_a, email="an@so.example")
    binh = UserFactory(username="binh", role=Role.UNIT_OFFICER, unit=unit_a, email="binh@so.example")
    no_mail = UserFactory(username="khongthu", role=Role.UNIT_OFFICER, unit=unit_a, email="")

    def n(user, title, **kw):
        return Notification.objects.create(
            user=user,
            kind=kw.pop("kind", "dossier.returned"),
            target_title=title,
            url="/ho-so/1/",
            channel=kw.pop("channel", Channel.DIGEST),
            **kw,
        )

    return {
        "an_1": n(an, "Hồ sơ thứ nhất", due=dt.date(2026, 3, 2)),
        "an_2": n(an, "Hồ sơ thứ hai", kind="ballot.opened"),
        "an_read": n(an, "Hồ sơ đã đọc", read_at=timezone.now()),
        "an_email": n(an, "Đã gửi thư ngay", channel=Channel.EMAIL),
        "an_app": n(an, "Chỉ trong ứng dụng", channel=Channel.IN_APP),
        "binh_1": n(binh, "Hồ sơ của Bình"),
        "nomail": n(no_mail, "Không có địa chỉ"),
    }


def test_one_digest_per_user_with_the_unread_digest_items(inboxes):
    out = StringIO()
    call_command("notifications_digest", "--date", "2026-03-01", stdout=out)
    assert "Đã gửi 2 thư tổng hợp" in out.getvalue()
    sent = {m.to[0]: m for m in mail.outbox}
    assert set(sent) == {"an@so.example", "binh@so.example"}
    body = sent["an@so.example"].body
    assert "Hồ sơ thứ nhất" in body and "hạn 02/03/2026" in body and "Hồ sơ thứ hai" in body
    assert "Phiếu bầu đang chờ tôi" in body
    for left_out in ("Hồ sơ đã đọc", "Đã gửi thư ngay", "Chỉ trong ứng dụng", "Hồ sơ của Bình"):
        assert left_out not in body
    assert f"https://tdkt.example.gov.vn/thong-bao/{inboxes['an_1'].pk}/" in body
    assert "2 thông báo chưa đọc" in sent["an@so.example"].subject
    assert "01/03/2026" in body
    assert Notification.objects.get(pk=inboxes["an_1"].pk).digested_on == dt.date(2026, 3, 1)


def test_at_most_once_a_day_and_each_item_once(inboxes):
    call_command("notifications_digest", "--date", "2026-03-01", stdout=StringIO())
    an = inboxes["an_1"].user
    Notification.objects.create(user=an, kind="job.finished", target_title="Việc mới trong ngày")
    out = StringIO()
    call_command("notifications_digest", "--date", "2026-03-01", stdout=out)  # same day: nothing more
    assert len(mail.outbox) == 2 and "Đã gửi 0 thư tổng hợp" in out.getvalue()
    call_command(
        "notifications_digest", "--date", "2026-03-02", stdout=StringIO()
    )  # next day: the new item only
    [message] = mail.outbox[2:]
    assert message.to == ["an@so.example"] and "Việc mới trong ngày" in message.body
    assert "Hồ sơ thứ nhất" not in message.body
    assert DigestSent.objects.filter(user=an).count() == 2


def test_dry_run_sends_and_marks_nothing(inboxes):
    out = StringIO()
    call_command("notifications_digest", "--dry-run", stdout=out)
    assert mail.outbox == [] and "Đến: an@so.example" in out.getvalue() and "sẽ gửi 2 thư" in out.getvalue()
    assert not DigestSent.objects.exists() and not Notification.objects.exclude(digested_on=None).exists()


def test_a_failed_send_is_retried_by_the_next_run(inboxes, settings):
    settings.EMAIL_BACKEND = "tests.notifications.test_delivery.BrokenBackend"
    call_command("notifications_digest", "--date", "2026-03-01", stdout=StringIO())
    assert not DigestSent.objects.exists() and not Notification.objects.exclude(digested_on=None).exists()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("notifications_digest", "--date", "2026-03-01", stdout=StringIO())
    assert len(mail.outbox) == 2


def test_bad_date(db):
    with pytest.raises(CommandError, match="Ngày không hợp lệ"):
        call_command("notifications_digest", "--date", "2026-02-30", stdout=StringIO())
