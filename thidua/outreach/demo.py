"""Demo data of the outreach area, loaded idempotently (every record is found by its natural key first).

- Legal library: the texts plan 196/KH-UBND names (Luật TĐKT 2022, NĐ 98/2023/NĐ-CP, QĐ 11/2024/QĐ-UBND,
  KH 90/KH-UBND, KH 196/KH-UBND itself) plus NĐ 152/2025/NĐ-CP which replaced NĐ 98 (LAW-RESEARCH §0.1).
  Metadata only: no file content is invented; dates not confirmed by the research are left empty.
- Exemplars of the demo units' synthetic people, collectives and models, in every workflow state; media coverage
  by Báo Hưng Yên and Đài PT-TH (titles only, no invented links).
- Training: the 2025 course (task 14, held 14/8/2025 per the plan's progress), the 2024 course, and a course
  open for registration.
- Congresses: the province's 10th congress (task 13) with honourees, the national 11th congress and the
  province's delegation to it (task 22).
"""

import datetime as dt

from django.utils import timezone

from thidua.orgs.models import Person
from thidua.outreach import services
from thidua.outreach.models import (
    Congress,
    CongressHonouree,
    Delegate,
    Delegation,
    Exemplar,
    LegalDocument,
    MediaCoverage,
    Training,
)

# number, kind, issuer, issued, effective, title, summary, status, expired on, replaced by (number)
LEGAL = [
    ("06/2022/QH15", "law", "Quốc hội", dt.date(2022, 6, 15), dt.date(2024, 1, 1),
     "Luật Thi đua, khen thưởng",
     "Quy định đối tượng, nguyên tắc thi đua, khen thưởng; hình thức, tiêu chuẩn danh hiệu thi đua và hình thức "
     "khen thưởng; thẩm quyền, thủ tục, hồ sơ; quyền và nghĩa vụ của cá nhân, tập thể được khen thưởng; quản lý nhà "
     "nước về thi đua, khen thưởng.", "in_force", None, None),
    ("152/2025/NĐ-CP", "decree", "Chính phủ", dt.date(2025, 6, 14), dt.date(2025, 7, 1),
     "Quy định về phân cấp, phân quyền và quy định chi tiết thi hành một số điều của Luật Thi đua, khen thưởng",
     "Thay thế Nghị định số 98/2023/NĐ-CP từ ngày 01/7/2025 (Điều 59).", "in_force", None, None),
    ("98/2023/NĐ-CP", "decree", "Chính phủ", dt.date(2023, 12, 31), None,
     "Quy định chi tiết thi hành một số điều của Luật Thi đua, khen thưởng",
     "Văn bản được Kế hoạch 196/KH-UBND nêu tại mục II.1.a. Bị bãi bỏ từ ngày 01/7/2025 theo Điều 59 Nghị định "
     "số 152/2025/NĐ-CP.", "replaced", dt.date(2025, 7, 1), "152/2025/NĐ-CP"),
    ("11/2024/QĐ-UBND", "decision", "UBND tỉnh Hưng Yên", dt.date(2024, 4, 25), None,
     "Ban hành Quy định về công tác thi đua, khen thưởng trên địa bàn tỉnh Hưng Yên",
     "Văn bản được Kế hoạch 196/KH-UBND nêu tại mục II.1.a.", "in_force", None, None),
    ("90/KH-UBND", "plan", "UBND tỉnh Hưng Yên", dt.date(2021, 6, 11), dt.date(2021, 6, 11),
     "Kế hoạch tuyên truyền phong trào thi đua yêu nước, xây dựng điển hình tiên tiến giai đoạn 2021-2025",
     "Nhiệm vụ 20 của Kế hoạch 196/KH-UBND: báo cáo tổng kết Kế hoạch trong Quý III năm 2025.", "in_force", None, None),
    ("196/KH-UBND", "plan", "UBND tỉnh Hưng Yên", dt.date(2024, 12, 24), dt.date(2024, 12, 24),
     "Kế hoạch công tác thi đua, khen thưởng năm 2025",
     "Mục đích, yêu cầu; 10 nội dung công tác năm 2025; tổ chức thực hiện; phụ lục 27 nhiệm vụ cụ thể.",
     "in_force", None, None),
]

# unit code, kind, category, person index in unit (or None), title, summary, sector, year, movement key, status
EXEMPLARS = [
    ("so-gddt", "person", "advanced", 0, "Người thầy đưa học sinh vùng bãi ven sông đến với kỳ thi học sinh giỏi",
     "Hơn 20 năm gắn bó với học sinh vùng bãi, bồi dưỡng nhiều em đạt giải học sinh giỏi cấp tỉnh.", "education",
     2025, "regular-2025", "published"),
    ("thpt-chuyen-hung-yen", "collective", "advanced", None,
     "Trường THPT Chuyên Hưng Yên: mười năm liền dẫn đầu Khối thi đua",
     "Tập thể lao động xuất sắc nhiều năm liền, đội tuyển học sinh giỏi quốc gia đạt thành tích cao.", "education",
     2024, "regular-2025", "published"),
    ("so-y-te", "person", "good_deed", 1, "Nữ điều dưỡng hiến máu tình nguyện 32 lần",
     "Tham gia hiến máu tình nguyện 32 lần và vận động đồng nghiệp cùng tham gia.", "health", 2024, None,
     "published"),
    ("ubnd-khoai-chau", "model", "model", None, "Mô hình «Dân vận khéo» trong xây dựng nông thôn mới kiểu mẫu",
     "Cách làm hay trong vận động nhân dân hiến đất mở đường, chỉnh trang khu dân cư.", "agriculture", 2023,
     "stage-2021-2025", "published"),
    ("cong-ty-may-hung-yen", "person", "advanced", 0, "Công nhân sáng kiến tiết kiệm điện trong dây chuyền sản xuất",
     "Người lao động trực tiếp có sáng kiến được công nhận cấp cơ sở, làm lợi hàng trăm triệu đồng.", "industry",
     2025, "regular-2025", "published"),
    ("so-khoa-hoc-cong-nghe", "model", "model", None, "Số hóa hồ sơ thủ tục hành chính tại bộ phận một cửa",
     "Mô hình chuyển đổi số rút ngắn thời gian giải quyết thủ tục hành chính.", "science", 2022, None, "published"),
    ("so-gddt", "person", "good_deed", 2, "Cô giáo cứu học sinh khỏi đuối nước",
     "Hành động dũng cảm, kịp thời cứu một học sinh bị đuối nước.", "community", 2025, "thematic-2025", "submitted"),
    ("phuong-pho-hien", "model", "model", None, "Tổ dân phố văn minh: phân loại rác tại nguồn",
     "Mô hình tự quản của tổ dân phố trong phân loại rác thải sinh hoạt.", "community", 2025, None, "draft"),
    ("so-y-te", "person", "advanced", 3, "Bác sĩ trẻ đưa kỹ thuật can thiệp tim mạch về tuyến tỉnh",
     "Bác sĩ trẻ tiếp nhận và thực hiện thành công kỹ thuật can thiệp tim mạch tại tuyến tỉnh.", "health", 2025,
     None, "rejected"),
]

STORY = {
    "person": ("{name} công tác tại {home}. Trong nhiều năm, đồng chí luôn hòan thành xuất sắc nhiệm vụ, là tấm "
               "gương sáng về tinh thần trách nhiệm, tận tụy với công việc.\n\n{summary}\n\n"
               "Tập thể {unit} đề nghị giới thiệu, biểu dương để nhân rộng điển hình trong phong trào thi đua."),
    "collective": ("{unit} là tập thể đoàn kết, năng động, nhiều năm liền hòan thành xuất sắc nhiệm vụ được giao."
                   "\n\n{summary}\n\nKinh nghiệm của đơn vị được chia sẻ tại hội nghị tổng kết của Khối thi đua."),
    "model": ("{summary}\n\nMô hình do {unit} triển khai, được người dân đồng tình hưởng ứng, có thể nhân rộng "
              "ra các địa phương, đơn vị khác trong tỉnh."),
}

# outlet, medium, date, title, exemplar index (or None), movement key (or None), unit code
COVERAGE = [
    ("Báo Hưng Yên", "print", dt.date(2021, 9, 2), "Lan tỏa phong trào thi đua yêu nước trong các cơ quan, đơn vị",
     None, "stage-2021-2025", "bao-hung-yen"),
    ("Đài Phát thanh và Truyền hình Hưng Yên", "television", dt.date(2022, 4, 20),
     "Chuyên mục Gương sáng thi đua: số hóa thủ tục hành chính", 5, None, "dai-phat-thanh-truyen-hinh"),
    ("Báo Hưng Yên", "online", dt.date(2023, 10, 12), "Khóai Châu: dân vận khéo trong xây dựng nông thôn mới", 3,
     "stage-2021-2025", "bao-hung-yen"),
    ("Đài Phát thanh và Truyền hình Hưng Yên", "radio", dt.date(2023, 11, 3),
     "Nông thôn mới kiểu mẫu từ sự đồng thuận của nhân dân", 3, None, "dai-phat-thanh-truyen-hinh"),
    ("Báo Hưng Yên", "print", dt.date(2024, 6, 14), "Nữ điều dưỡng 32 lần hiến máu cứu người", 2, None, "bao-hung-yen"),
    ("Cổng Thông tin điện tử tỉnh Hưng Yên", "online", dt.date(2024, 9, 6),
     "Trường THPT Chuyên Hưng Yên tổng kết năm học, tuyên dương học sinh giỏi", 1, None, "so-gddt"),
    ("Báo Hưng Yên", "online", dt.date(2025, 1, 15),
     "Hưng Yên phát động phong trào thi đua yêu nước năm 2025", None, "regular-2025", "bao-hung-yen"),
    ("Đài Phát thanh và Truyền hình Hưng Yên", "television", dt.date(2025, 3, 28),
     "Chuyên mục Gương sáng thi đua: người thầy của học sinh vùng bãi", 0, None, "dai-phat-thanh-truyen-hinh"),
    ("Báo Hưng Yên", "print", dt.date(2025, 5, 9), "Sáng kiến tiết kiệm điện của người công nhân trẻ", 4,
     "regular-2025", "bao-hung-yen"),
    ("Đài Phát thanh và Truyền hình Hưng Yên", "radio", dt.date(2025, 8, 15),
     "Tập huấn nghiệp vụ thi đua, khen thưởng năm 2025", None, None, "dai-phat-thanh-truyen-hinh"),
    ("Báo Hưng Yên", "online", dt.date(2025, 9, 19),
     "Khai mạc Đại hội Thi đua yêu nước tỉnh Hưng Yên lần thứ X", None, "thematic-2025", "bao-hung-yen"),
]

TRAINING_UNITS = ["so-gddt", "so-y-te", "so-tai-chinh", "so-tu-phap", "bao-hung-yen", "dai-phat-thanh-truyen-hinh",
                  "phuong-pho-hien", "xa-nhu-quynh", "xa-khoai-chau", "dh-su-pham-ky-thuat"]

AGENDA_2025 = ("1. Những điểm mới của Nghị định số 152/2025/NĐ-CP về phân cấp, phân quyền trong thi đua, khen thưởng.\n"
               "2. Quy trình, hồ sơ đề nghị khen thưởng theo thủ tục thông thường và thủ tục đơn giản.\n"
               "3. Hướng dẫn sử dụng phần mềm quản lý thi đua, khen thưởng và cơ sở dữ liệu khen thưởng.\n"
               "4. Trao đổi, giải đáp vướng mắc của các cơ quan, đơn vị.")


def _people_of(unit, n=50):
    return list(Person.objects.filter(unit=unit, active=True).order_by("id")[:n])


# What the story says about the person: the demo picks a synthetic person whose position and gender fit it.
WANTED = [("Người thầy", ["Giáo viên", "Giảng viên"], "male"), ("Cô giáo", ["Giáo viên"], "female"),
          ("Nữ điều dưỡng", ["Điều dưỡng"], "female"), ("Bác sĩ", ["Bác sĩ"], None), ("Công nhân", ["Công nhân"], None)]


def _subject_candidates(unit, title, sector):
    people = Person.objects.filter(unit__path__startswith=unit.path, active=True).order_by("id")
    for prefix, positions, gender in WANTED:
        if title.startswith(prefix):
            fit = people.filter(position__in=positions)
            if gender:
                fit = fit.filter(gender=gender)
            if fit.exists():
                return list(fit[:20])
    return list(people[:20])


def _legal(staff):
    by_number = {}
    for number, kind, issuer, issued, effective, title, summary, status, expired, replaced in LEGAL:
        doc = LegalDocument.objects.filter(number=number, issued_on=issued).first()
        if doc is None:
            doc = LegalDocument(number=number, kind=kind, issuer=issuer, issued_on=issued, effective_on=effective,
                                title=title, summary=summary, status=status, expired_on=expired,
                                replaced_by=by_number.get(replaced))
            services.save_legal_document(staff, doc)
        by_number[number] = doc
    return by_number


def _exemplars(units, movements, staff, officers):
    out = []
    for i, (code, kind, category, person_ix, title, summary, sector, year, movement, status) in enumerate(EXEMPLARS):
        unit = units[code]
        ex = Exemplar.objects.filter(unit=unit, title=title).first()
        if ex is None:
            person = None
            if person_ix is not None:
                people = _subject_candidates(unit, title, sector)
                person = people[person_ix % len(people)] if people else None
            name = person.full_name if person else unit.name
            ex = Exemplar(unit=unit, kind=kind, category=category, person=person,
                          collective=unit if kind == "collective" else None, title=title, summary=summary,
                          story=STORY[kind].format(name=name, unit=unit.name, summary=summary,
                                                   home=person.unit.name if person else unit.name), sector=sector,
                          year=year, movement=movements.get(movement) if movement else None,
                          subject_position=f"{person.position}, {person.unit.name}" if person else "")
            user = officers.get(code, staff)
            services.save_exemplar(user, ex)
            if status in ("submitted", "published", "rejected"):
                services.submit_exemplar(user, ex)
            if status == "published":
                when = timezone.make_aware(dt.datetime(min(year + 1, 2025), 3, 1 + i, 9, 0))
                services.publish_exemplar(staff, ex, published_at=when)
            elif status == "rejected":
                services.reject_exemplar(staff, ex, reason="Đề nghị bổ sung số ca can thiệp đã thực hiện và ý kiến "
                                                           "xác nhận của Giám đốc bệnh viện.")
        out.append(ex)
    return out


def _coverage(units, movements, exemplars, staff):
    for outlet, medium, day, title, ex_ix, movement, code in COVERAGE:
        if MediaCoverage.objects.filter(outlet=outlet, title=title, published_on=day).exists():
            continue
        services.save_coverage(staff, MediaCoverage(
            unit=units[code], outlet=outlet, medium=medium, published_on=day, title=title,
            exemplar=exemplars[ex_ix] if ex_ix is not None else None,
            movement=movements.get(movement) if movement else None,
        ))


def _training(units, staff, *, title, start, end, venue, status, seats, attend_share, agenda="", deadline=None):
    training = Training.objects.filter(title=title).first()
    if training is not None:
        return training
    training = services.save_training(staff, Training(
        title=title, organiser=units["so-noi-vu"], start=start, end=end, venue=venue, registration_deadline=deadline,
        audience="Công chức, viên chức làm công tác thi đua, khen thưởng của các sở, ban, ngành, địa phương, "
                 "trường đại học, cao đẳng và cơ quan báo chí của tỉnh.", agenda=agenda))
    for code in TRAINING_UNITS:
        services.invite_unit(staff, training, units[code], seats)
    if status == Training.Status.PLANNED:
        return training
    services.set_training_status(staff, training, Training.Status.OPEN)
    registered = []
    for k, code in enumerate(TRAINING_UNITS):
        for person in _people_of(units[code], seats if status != Training.Status.OPEN else (k % 2)):
            registered.append(services.register_attendee(staff, training, person))
    if status == Training.Status.OPEN:
        return training
    services.set_training_status(staff, training, Training.Status.CLOSED)
    present = [a.pk for k, a in enumerate(registered) if k % attend_share != attend_share - 1]
    services.mark_attendance(staff, training, present)
    services.set_training_status(staff, training, Training.Status.HELD)
    return training


def _congresses(units, exemplars, staff):
    province = Congress.objects.filter(name="Đại hội Thi đua yêu nước tỉnh Hưng Yên lần thứ X năm 2025").first()
    if province is None:
        province = services.save_congress(staff, Congress(
            level=Congress.Level.PROVINCE, name="Đại hội Thi đua yêu nước tỉnh Hưng Yên lần thứ X năm 2025",
            term="2025–2030", start=dt.date(2025, 9, 19), end=dt.date(2025, 9, 19),
            venue="Trung tâm Hội nghị tỉnh Hưng Yên", organiser=units["ubnd-tinh"],
            summary="Tổng kết phong trào thi đua yêu nước giai đoạn 2020–2025, tôn vinh các tập thể, cá nhân điển "
                    "hình tiên tiến; phát động phong trào thi đua giai đoạn 2025–2030 (nhiệm vụ 13 của Kế hoạch "
                    "196/KH-UBND).",
        ))
        for ex in exemplars[:6]:
            if ex.status == Exemplar.Status.PUBLISHED:
                services.add_honouree(staff, CongressHonouree(
                    congress=province, kind="individual" if ex.kind == "person" else "collective",
                    name=ex.display_name, unit_name=ex.unit.name, citation=ex.title, exemplar=ex))
        for code in ("phuong-my-hao", "dh-su-pham-ky-thuat"):
            services.add_honouree(staff, CongressHonouree(
                congress=province, kind="collective", name=units[code].name, unit_name=units[code].name,
                citation="Tiêu biểu trong phong trào thi đua yêu nước giai đoạn 2020–2025"))
    national = Congress.objects.filter(name="Đại hội Thi đua yêu nước toàn quốc lần thứ XI").first()
    if national is None:
        national = services.save_congress(staff, Congress(
            level=Congress.Level.NATIONAL, name="Đại hội Thi đua yêu nước toàn quốc lần thứ XI", term="2025–2030",
            start=dt.date(2025, 12, 10), end=dt.date(2025, 12, 11), venue="Hà Nội",
            organiser_name="Hội đồng Thi đua - Khen thưởng Trung ương",
            summary="Ngày tổ chức trong dữ liệu mẫu là giả định; cập nhật theo thông báo của Hội đồng Thi đua - "
                    "Khen thưởng Trung ương.",
        ))
    name = "Đoàn đại biểu tỉnh Hưng Yên dự Đại hội Thi đua yêu nước toàn quốc lần thứ XI"
    if Delegation.objects.filter(name=name).exists():
        return
    delegation = services.save_delegation(staff, Delegation(
        congress=national, name=name, lead_unit=units["so-noi-vu"], decision_date=dt.date(2025, 11, 28), size=8,
        nomination_deadline=dt.date(2025, 11, 10),
        note="Cơ cấu: lãnh đạo tỉnh, điển hình tiên tiến các ngành, lĩnh vực; ưu tiên nữ và người lao động trực tiếp "
             "(Kế hoạch 196/KH-UBND, mục I.2.b).",
    ))
    picks = [("so-noi-vu", Delegate.Category.LEADER, "head"), ("so-gddt", Delegate.Category.EXEMPLAR, "deputy"),
             ("so-y-te", Delegate.Category.EXEMPLAR, "member"), ("cong-ty-may-hung-yen", Delegate.Category.DIRECT_WORKER, "member"),
             ("xa-khoai-chau", Delegate.Category.EXEMPLAR, "member"), ("bao-hung-yen", Delegate.Category.OTHER, "member"),
             ("dh-su-pham-ky-thuat", Delegate.Category.EXEMPLAR, "member"), ("so-tai-chinh", Delegate.Category.LEADER, None)]
    by_person = {ex.person_id: ex for ex in exemplars if ex.person_id and ex.status == Exemplar.Status.PUBLISHED}
    for code, category, role in picks:
        people = list(Person.objects.filter(unit__path__startswith=units[code].path, active=True).order_by("id")[:50])
        person = next((p for p in people if p.pk in by_person), None)
        if person is None and category == Delegate.Category.LEADER:
            person = next((p for p in people if p.position in ("Trưởng phòng", "Phó Trưởng phòng")), None)
        person = person or (people[-1] if people else None)
        if person is None:
            continue
        exemplar = by_person.get(person.pk)
        delegate = services.nominate_delegate(staff, delegation, person, category=category, exemplar=exemplar,
                                              achievements=exemplar.summary if exemplar else "")
        if role:
            services.decide_delegate(staff, delegate, status="confirmed", role=role)
        else:
            services.decide_delegate(staff, delegate, status="declined",
                                     note="Đơn vị đã có đại biểu thuộc thành phần lãnh đạo.")
    services.close_delegation(staff, delegation)


def load(ctx):
    """Nothing before users: publishing is done by a province officer."""


def load_after_users(ctx):
    users = ctx.get("users", {})
    staff = users.get("sonoivu")
    units = ctx.get("units", {})
    if staff is None or not units:
        return
    officers = {"so-gddt": users["canbo_gddt"]} if users.get("canbo_gddt") else {}
    _legal(staff)
    movements = ctx.get("movements", {})
    exemplars = _exemplars(units, movements, staff, officers)
    _coverage(units, movements, exemplars, staff)
    _training(units, staff, title="Tập huấn nghiệp vụ công tác thi đua, khen thưởng năm 2024",
              start=dt.date(2024, 7, 18), end=dt.date(2024, 7, 18), venue="Hội trường Sở Nội vụ",
              status=Training.Status.HELD, seats=2, attend_share=6)
    _training(units, staff, title="Tập huấn nghiệp vụ công tác thi đua, khen thưởng năm 2025",
              start=dt.date(2025, 8, 14), end=dt.date(2025, 8, 15), venue="Trung tâm Hội nghị tỉnh Hưng Yên",
              status=Training.Status.HELD, seats=3, attend_share=8, agenda=AGENDA_2025,
              deadline=dt.date(2025, 8, 5))
    today = timezone.localdate()
    start = today + dt.timedelta(days=21)
    _training(units, staff, title=f"Tập huấn sử dụng phần mềm quản lý thi đua, khen thưởng năm {start.year}",
              start=start, end=start, venue="Phòng họp trực tuyến, Sở Nội vụ", status=Training.Status.OPEN, seats=2,
              attend_share=1, deadline=start - dt.timedelta(days=7),
              agenda="1. Đăng ký thi đua, lập hồ sơ đề nghị khen thưởng trên phần mềm.\n2. Tra cứu sổ khen thưởng, "
                     "xuất báo cáo thống kê.")
    _congresses(units, exemplars, staff)
