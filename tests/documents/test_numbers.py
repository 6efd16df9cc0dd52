"""The signed Tờ trình and the biên bản carry their numbers: the TĐKT officer records the Tờ trình's number (or
takes the next of the Sở Nội vụ's register) and date once; the Tờ trình DOCX shows them and the Quyết định cites
"Theo đề nghị … tại Tờ trình số …". Closing a council session gives its biên bản the council's next number."""

import datetime as dt

import pytest

from tests.conftest import BALLOT_PASSPHRASE
from tests.documents.docx_helpers import body_lines, cell_lines, open_docx
from thidua.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def record(client, dossier, **data):
    return client.post(f"/van-ban/ho-so/{dossier.pk}/to-trinh/", data, follow=True)


def test_recording_a_given_number_and_date(staff_client, dossier_a):
    response = record(staff_client, dossier_a, number="25/TTr-SNV", signed_on="2025-01-20")
    assert "Đã ghi Tờ trình số 25/TTr-SNV" in response.content.decode()
    dossier_a.refresh_from_db()
    assert (dossier_a.proposal_number, dossier_a.proposal_date) == ("25/TTr-SNV", dt.date(2025, 1, 20))
    entry = AuditEntry.objects.filter(object_id=str(dossier_a.pk), model="dossiers.Dossier").latest("id")
    assert entry.changes["proposal_number"] == ["", "25/TTr-SNV"]
    proposal = open_docx(staff_client.get(f"/van-ban/ho-so/{dossier_a.pk}/to-trinh.docx").content)
    assert cell_lines(proposal.tables[0].cell(1, 0)) == ["Số: 25/TTr-SNV"]
    assert cell_lines(proposal.tables[0].cell(1, 1)) == ["Hưng Yên, ngày 20 tháng 01 năm 2025"]
    decision = open_docx(staff_client.get(f"/van-ban/ho-so/{dossier_a.pk}/quyet-dinh.docx").content)
    assert any(line.startswith("Theo đề nghị của Giám đốc Sở Nội vụ tại Tờ trình số 25/TTr-SNV ngày 20 tháng 01 "
                               "năm 2025") for line in body_lines(decision))


def test_blank_number_takes_the_next_of_the_register(staff_client, dossier_a):
    from thidua.core.numbering import allocate

    assert allocate("SNV", "TTr", 2025) == "01/TTr-SNV"  # the register already used once this year
    record(staff_client, dossier_a, number="", signed_on="2025-02-03")
    dossier_a.refresh_from_db()
    assert dossier_a.proposal_number == "02/TTr-SNV"


def test_bad_input_is_explained_and_nothing_changes(staff_client, dossier_a):
    html = record(staff_client, dossier_a, number="Tờ trình 25", signed_on="2025-01-20").content.decode()
    assert "Số Tờ trình phải có dạng số/TTr-ký hiệu cơ quan" in html
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    html = record(staff_client, dossier_a, number="", signed_on=tomorrow.isoformat()).content.decode()
    assert "không được sau ngày hôm nay" in html
    html = record(staff_client, dossier_a, number="", signed_on="").content.decode()
    assert "Trường này là bắt buộc" in html or "bắt buộc" in html
    dossier_a.refresh_from_db()
    assert dossier_a.proposal_number == "" and dossier_a.proposal_date is None


def test_another_unit_gets_404(client_b, dossier_a):
    assert record(client_b, dossier_a, number="1/TTr-SNV", signed_on="2025-01-20").status_code == 404


def test_the_unit_cannot_record_the_province_number(client_a, dossier_a):
    assert record(client_a, dossier_a, number="1/TTr-SNV", signed_on="2025-01-20").status_code == 403
    dossier_a.refresh_from_db()
    assert dossier_a.proposal_number == ""


def test_closing_a_session_numbers_its_minutes(staff, province):
    from tests.factories import UnitFactory
    from thidua.documents import services as documents
    from thidua.dossiers import services
    from thidua.dossiers.models import Council, CouncilMember

    council = Council.objects.create(name="Hội đồng Thi đua - Khen thưởng tỉnh", unit=province)
    for i in range(5):
        CouncilMember.objects.create(council=council, full_name=f"Ủy viên {i}", unit=UnitFactory(parent=province))
    numbers = []
    for day in (dt.date(2025, 1, 15), dt.date(2025, 6, 10)):
        session = services.create_session(staff, council, title="Phiên họp", held_on=day)
        services.set_attendance(staff, session, [m.pk for m in council.members.all()])
        services.open_session(staff, session, BALLOT_PASSPHRASE)
        session = services.close_session(staff, session)
        numbers.append(session.minutes_number)
        assert documents.minutes_document(session).header.number == session.minutes_number
    assert numbers == ["01/BB-HĐTĐKT", "02/BB-HĐTĐKT"]
