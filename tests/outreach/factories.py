"""Builders for outreach records, going through the services like the pages do."""

import datetime as dt

from thidua.outreach import services
from thidua.outreach.models import Congress, Delegation, Exemplar, LegalDocument, Training

STORY = ("Cô Hoa đã gắn bó 20 năm với trường vùng khó, vận động học sinh bỏ học trở lại lớp.\n\n"
         "Mô hình «Lớp học cầu vồng» được nhân rộng ra 12 trường trong huyện.")


def make_exemplar(user, unit, person=None, **fields) -> Exemplar:
    data = {"unit": unit, "kind": Exemplar.Kind.PERSON if person else Exemplar.Kind.MODEL, "person": person,
            "title": "Cô giáo vùng khó giữ lửa nghề", "story": STORY, "sector": "education", "year": 2025}
    data.update(fields)
    return services.save_exemplar(user, Exemplar(**data))


def make_legal(user, **fields) -> LegalDocument:
    data = {"kind": "decree", "number": "98/2023/NĐ-CP", "issuer": "Chính phủ", "issued_on": dt.date(2023, 12, 31),
            "effective_on": dt.date(2023, 12, 31), "title": "Quy định chi tiết thi hành Luật Thi đua, khen thưởng"}
    data.update(fields)
    return services.save_legal_document(user, LegalDocument(**data))


def make_training(user, organiser, **fields) -> Training:
    data = {"title": "Tập huấn nghiệp vụ công tác thi đua, khen thưởng năm 2025", "organiser": organiser,
            "start": dt.date(2025, 8, 14), "end": dt.date(2025, 8, 15), "venue": "Hội trường Sở Nội vụ",
            "audience": "Công chức làm công tác TĐKT"}
    data.update(fields)
    return services.save_training(user, Training(**data))


def make_congress(user, **fields) -> Congress:
    data = {"level": "national", "name": "Đại hội Thi đua yêu nước toàn quốc lần thứ XI",
            "start": dt.date(2025, 12, 1), "end": dt.date(2025, 12, 2), "venue": "Hà Nội",
            "organiser_name": "Hội đồng Thi đua - Khen thưởng Trung ương"}
    data.update(fields)
    return services.save_congress(user, Congress(**data))


def make_delegation(user, congress, lead_unit, **fields) -> Delegation:
    data = {"congress": congress, "name": "Đoàn đại biểu tỉnh Hưng Yên dự Đại hội Thi đua yêu nước toàn quốc lần thứ XI",
            "lead_unit": lead_unit}
    data.update(fields)
    return services.save_delegation(user, Delegation(**data))
