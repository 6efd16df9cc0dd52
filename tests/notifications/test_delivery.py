"""From `announce()` to the inbox: one row per recipient, never the actor, never after a rollback; each user's
preference per kind decides in-app only / e-mail at once / daily digest (the default) / nothing."""

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction

from tests.factories import UserFactory
from tests.notifications.conftest import rows
from thidua.core.events import announce
from thidua.core.roles import Role
from thidua.notifications import services
from thidua.notifications.models import Channel, Notification
from thidua.orgs.models import Unit


@pytest.fixture
def people(unit_a):
    return {
        name: UserFactory(username=name, role=Role.UNIT_OFFICER, unit=unit_a, email=f"{name}@so.example")
        for name in ("an", "binh", "chi")
    }


def test_one_row_per_recipient_none_for_the_actor(people, unit_a, django_capture_on_commit_callbacks):
    an, binh, chi = people["an"], people["binh"], people["chi"]
    with django_capture_on_commit_callbacks(execute=True):
        announce("report.requested", unit_a, [an, binh, binh, chi], actor=chi, note="Báo cáo quý IV")
    got = rows("report.requested")
    assert set(got) == {"an", "binh"}
    n = got["an"]
    assert n.target_title == str(unit_a) and n.actor_name == chi.display_name and n.note == "Báo cáo quý IV"
    assert n.read_at is None and n.channel == Channel.DIGEST  # the default: in the inbox + the daily digest
    assert mail.outbox == []  # a digest item is not e-mailed at once


def test_inactive_accounts_are_not_told(people, unit_a, committed):
    people["an"].is_active = False
    people["an"].save()
    committed(announce, "job.finished", unit_a, people.values())
    assert set(rows()) == {"binh", "chi"}


def test_nothing_when_the_transaction_rolls_back(people, unit_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                announce("job.finished", unit_a, [people["an"]])
                raise RuntimeError("the change failed")
        except RuntimeError:
            pass
    assert not Notification.objects.exists()


def test_unknown_kind_is_a_programming_error(unit_a):
    with pytest.raises(ValueError):
        announce("nothing.happened", unit_a, [])


def test_preferences_off_in_app_and_email(people, unit_a, committed, settings):
    settings.THIDUA_PUBLIC_BASE_URL = "https://tdkt.example.gov.vn/"
    services.save_preferences(people["an"], {"report.requested": Channel.OFF})
    services.save_preferences(people["binh"], {"report.requested": Channel.IN_APP})
    services.save_preferences(people["chi"], {"report.requested": Channel.EMAIL})
    committed(announce, "report.requested", unit_a, people.values(), due=None, note="Số liệu năm 2025")
    got = rows("report.requested")
    assert set(got) == {"binh", "chi"}  # "off": no row at all
    assert [m.to for m in mail.outbox] == [["chi@so.example"]]
    message = mail.outbox[0]
    assert "Yêu cầu báo cáo mới" in message.subject and unit_a.name in message.subject
    assert f"https://tdkt.example.gov.vn/thong-bao/{got['chi'].pk}/" in message.body
    assert "Số liệu năm 2025" in message.body
    assert Notification.objects.get(pk=got["chi"].pk).emailed_at is not None
    # another kind keeps the default
    committed(announce, "job.finished", unit_a, [people["an"]])
    assert rows("job.finished")["an"].channel == Channel.DIGEST


def test_a_user_without_address_gets_the_inbox_only(unit_a, committed):
    user = UserFactory(username="khongthu", unit=unit_a, email="")
    services.save_preferences(user, {"job.finished": Channel.EMAIL})
    committed(announce, "job.finished", unit_a, [user])
    assert set(rows()) == {"khongthu"} and mail.outbox == []


def test_a_mail_relay_failure_leaves_the_notification(people, unit_a, committed, settings):
    settings.EMAIL_BACKEND = "tests.notifications.test_delivery.BrokenBackend"
    services.save_preferences(people["an"], {"job.finished": Channel.EMAIL})
    committed(announce, "job.finished", unit_a, [people["an"]])
    n = rows()["an"]
    assert n.emailed_at is None and n.read_at is None


class BrokenBackend(BaseEmailBackend):
    """A mail relay that accepts the connection and refuses every message."""

    def send_messages(self, messages):
        raise OSError("relay down")


def test_saved_preferences_and_defaults(people):
    user = people["an"]
    services.save_preferences(user, {"ballot.opened": Channel.EMAIL, "job.finished": Channel.DIGEST})
    prefs = services.preferences(user)
    assert prefs["ballot.opened"] == Channel.EMAIL and prefs["job.finished"] == Channel.DIGEST
    assert prefs["dossier.returned"] == Channel.DIGEST
    assert user.notification_preferences.count() == 1  # the default is not stored
    with pytest.raises(ValueError):
        services.save_preferences(user, {"ballot.opened": "pigeon"})


def test_a_target_without_a_page_is_listed_without_a_link(people, committed):
    unit = Unit.objects.get(pk=people["an"].unit_id)  # units have no get_absolute_url
    committed(announce, "job.finished", unit, [people["an"]], title="Nhập danh sách cán bộ")
    n = rows()["an"]
    assert n.url == "" and n.target_title == "Nhập danh sách cán bộ"
    assert n.target_type.model == "unit" and n.target_id == str(unit.pk)
