"""Demo organisations of Hưng Yên named in plan 196/KH-UBND, the 2025 merger with Thái Bình, blocks and
clusters, and ~300 synthetic people with Vietnamese names (deterministic)."""

import datetime as dt
import random

from thidua.orgs.models import (
    EmulationGroup,
    GroupLeadership,
    GroupMembership,
    Period,
    Person,
    Unit,
    UnitLineage,
)

# code, name, short name, kind, parent code
UNITS = [
    ("ubnd-tinh", "Ủy ban nhân dân tỉnh Hưng Yên", "UBND tỉnh", Unit.Kind.PROVINCE, None),
    ("so-noi-vu", "Sở Nội vụ", "SNV", Unit.Kind.AGENCY, "ubnd-tinh"),
    ("van-phong-ubnd", "Văn phòng UBND tỉnh", "VP UBND", Unit.Kind.AGENCY, "ubnd-tinh"),
    ("so-gddt", "Sở Giáo dục và Đào tạo", "Sở GD&ĐT", Unit.Kind.AGENCY, "ubnd-tinh"),
    ("so-tai-chinh", "Sở Tài chính", "STC", Unit.Kind.AGENCY, "ubnd-tinh"),
    ("so-y-te", "Sở Y tế", "SYT", Unit.Kind.AGENCY, "ubnd-tinh"),
    ("so-tu-phap", "Sở Tư pháp", "STP", Unit.Kind.AGENCY, "ubnd-tinh"),
    ("so-nong-nghiep-moi-truong", "Sở Nông nghiệp và Môi trường", "SNN&MT", Unit.Kind.AGENCY, "ubnd-tinh"),
    ("so-van-hoa-the-thao-du-lich", "Sở Văn hóa, Thể thao và Du lịch", "SVHTTDL", Unit.Kind.AGENCY, "ubnd-tinh"),
    ("so-khoa-hoc-cong-nghe", "Sở Khoa học và Công nghệ", "SKHCN", Unit.Kind.AGENCY, "ubnd-tinh"),
    ("thanh-tra-tinh", "Thanh tra tỉnh", "TTT", Unit.Kind.AGENCY, "ubnd-tinh"),
    ("bao-hung-yen", "Báo Hưng Yên", "Báo HY", Unit.Kind.PRESS, "ubnd-tinh"),
    ("dai-phat-thanh-truyen-hinh", "Đài Phát thanh và Truyền hình", "Đài PT-TH", Unit.Kind.PRESS, "ubnd-tinh"),
    ("dh-su-pham-ky-thuat", "Trường Đại học Sư phạm Kỹ thuật Hưng Yên", "ĐH SPKT HY", Unit.Kind.SCHOOL, "ubnd-tinh"),
    ("dh-chu-van-an", "Trường Đại học Chu Văn An", "ĐH Chu Văn An", Unit.Kind.SCHOOL, "ubnd-tinh"),
    ("cd-y-te", "Trường Cao đẳng Y tế Hưng Yên", "CĐ Y tế HY", Unit.Kind.SCHOOL, "ubnd-tinh"),
    ("cd-cong-dong", "Trường Cao đẳng Cộng đồng Hưng Yên", "CĐ Cộng đồng HY", Unit.Kind.SCHOOL, "ubnd-tinh"),
    ("thpt-chuyen-hung-yen", "Trường THPT Chuyên Hưng Yên", "THPT Chuyên HY", Unit.Kind.SCHOOL, "so-gddt"),
    ("thpt-van-lam", "Trường THPT Văn Lâm", "THPT Văn Lâm", Unit.Kind.SCHOOL, "so-gddt"),
    ("benh-vien-da-khoa", "Bệnh viện Đa khoa tỉnh Hưng Yên", "BVĐK tỉnh", Unit.Kind.OTHER, "so-y-te"),
    ("cong-ty-may-hung-yen", "Tổng Công ty May Hưng Yên - Công ty cổ phần", "May Hưng Yên", Unit.Kind.ENTERPRISE,
     "ubnd-tinh"),
    # The former districts, town and city: dissolved on 1 July 2025 when the district level ended (Luật Tổ chức
    # chính quyền địa phương số 72/2025/QH15); their communes and wards now sit directly under the province.
    ("ubnd-tp-hung-yen", "UBND thành phố Hưng Yên", "TP Hưng Yên", Unit.Kind.LOCALITY, "ubnd-tinh"),
    ("ubnd-tx-my-hao", "UBND thị xã Mỹ Hào", "TX Mỹ Hào", Unit.Kind.LOCALITY, "ubnd-tinh"),
    ("ubnd-van-lam", "UBND huyện Văn Lâm", "Văn Lâm", Unit.Kind.LOCALITY, "ubnd-tinh"),
    ("ubnd-van-giang", "UBND huyện Văn Giang", "Văn Giang", Unit.Kind.LOCALITY, "ubnd-tinh"),
    ("ubnd-yen-my", "UBND huyện Yên Mỹ", "Yên Mỹ", Unit.Kind.LOCALITY, "ubnd-tinh"),
    ("ubnd-an-thi", "UBND huyện Ân Thi", "Ân Thi", Unit.Kind.LOCALITY, "ubnd-tinh"),
    ("ubnd-khoai-chau", "UBND huyện Khóai Châu", "Khóai Châu", Unit.Kind.LOCALITY, "ubnd-tinh"),
    ("ubnd-kim-dong", "UBND huyện Kim Động", "Kim Động", Unit.Kind.LOCALITY, "ubnd-tinh"),
    ("ubnd-tien-lu", "UBND huyện Tiên Lữ", "Tiên Lữ", Unit.Kind.LOCALITY, "ubnd-tinh"),
    ("ubnd-phu-cu", "UBND huyện Phù Cừ", "Phù Cừ", Unit.Kind.LOCALITY, "ubnd-tinh"),
    # Thái Bình's agencies before the 1 July 2025 merger (Nghị quyết 202/2025/QH15).
    ("so-noi-vu-thai-binh", "Sở Nội vụ tỉnh Thái Bình", "SNV Thái Bình", Unit.Kind.AGENCY, None),
    ("so-gddt-thai-binh", "Sở Giáo dục và Đào tạo tỉnh Thái Bình", "Sở GD&ĐT Thái Bình", Unit.Kind.AGENCY, None),
]
MERGED_ON = dt.date(2025, 7, 1)
LINEAGE = [("so-noi-vu-thai-binh", "so-noi-vu"), ("so-gddt-thai-binh", "so-gddt")]
DISTRICT_DECISION = "Nghị quyết số 1666/NQ-UBTVQH15 ngày 16/6/2025 của Ủy ban Thường vụ Quốc hội"

# Today's communes and wards (from 1 July 2025) and the former district each was formed from (a sample of the
# province's 104: a few per former district, named as in the arrangement). code, name, short name, former district.
COMMUNES = [
    ("phuong-pho-hien", "UBND phường Phố Hiến", "P. Phố Hiến", "ubnd-tp-hung-yen"),
    ("phuong-son-nam", "UBND phường Sơn Nam", "P. Sơn Nam", "ubnd-tp-hung-yen"),
    ("phuong-hong-chau", "UBND phường Hồng Châu", "P. Hồng Châu", "ubnd-tp-hung-yen"),
    ("phuong-my-hao", "UBND phường Mỹ Hào", "P. Mỹ Hào", "ubnd-tx-my-hao"),
    ("phuong-duong-hao", "UBND phường Đường Hào", "P. Đường Hào", "ubnd-tx-my-hao"),
    ("phuong-thuong-hong", "UBND phường Thượng Hồng", "P. Thượng Hồng", "ubnd-tx-my-hao"),
    ("xa-nhu-quynh", "UBND xã Như Quỳnh", "X. Như Quỳnh", "ubnd-van-lam"),
    ("xa-lac-dao", "UBND xã Lạc Đạo", "X. Lạc Đạo", "ubnd-van-lam"),
    ("xa-van-giang", "UBND xã Văn Giang", "X. Văn Giang", "ubnd-van-giang"),
    ("xa-nghia-tru", "UBND xã Nghĩa Trụ", "X. Nghĩa Trụ", "ubnd-van-giang"),
    ("xa-yen-my", "UBND xã Yên Mỹ", "X. Yên Mỹ", "ubnd-yen-my"),
    ("xa-hoan-long", "UBND xã Hòan Long", "X. Hòan Long", "ubnd-yen-my"),
    ("xa-an-thi", "UBND xã Ân Thi", "X. Ân Thi", "ubnd-an-thi"),
    ("xa-xuan-truc", "UBND xã Xuân Trúc", "X. Xuân Trúc", "ubnd-an-thi"),
    ("xa-khoai-chau", "UBND xã Khóai Châu", "X. Khóai Châu", "ubnd-khoai-chau"),
    ("xa-trieu-viet-vuong", "UBND xã Triệu Việt Vương", "X. Triệu Việt Vương", "ubnd-khoai-chau"),
    ("xa-duc-hop", "UBND xã Đức Hợp", "X. Đức Hợp", "ubnd-kim-dong"),
    ("xa-luong-bang", "UBND xã Lương Bằng", "X. Lương Bằng", "ubnd-kim-dong"),
    ("xa-tien-lu", "UBND xã Tiên Lữ", "X. Tiên Lữ", "ubnd-tien-lu"),
    ("xa-hoang-hoa-tham", "UBND xã Hòang Hoa Thám", "X. Hòang Hoa Thám", "ubnd-tien-lu"),
    ("xa-tan-hung", "UBND xã Tân Hưng", "X. Tân Hưng", "ubnd-tp-hung-yen"),
    ("xa-tong-tran", "UBND xã Tống Trân", "X. Tống Trân", "ubnd-phu-cu"),
]
# Where demo activity after the reorganisation takes place for each former district.
SUCCESSOR = {
    "ubnd-tp-hung-yen": "phuong-pho-hien", "ubnd-tx-my-hao": "phuong-my-hao", "ubnd-van-lam": "xa-nhu-quynh",
    "ubnd-van-giang": "xa-van-giang", "ubnd-yen-my": "xa-yen-my", "ubnd-an-thi": "xa-an-thi",
    "ubnd-khoai-chau": "xa-khoai-chau", "ubnd-kim-dong": "xa-duc-hop", "ubnd-tien-lu": "xa-tien-lu",
    "ubnd-phu-cu": "xa-tong-tran",
}

GROUPS = [
    ("Khối các cơ quan tổng hợp", EmulationGroup.Kind.BLOCK, EmulationGroup.Cycle.YEAR,
     ["so-noi-vu", "van-phong-ubnd", "so-tai-chinh", "so-tu-phap", "thanh-tra-tinh"]),
    ("Khối các cơ quan văn hóa - xã hội", EmulationGroup.Kind.BLOCK, EmulationGroup.Cycle.YEAR,
     ["so-gddt", "so-y-te", "so-van-hoa-the-thao-du-lich", "bao-hung-yen", "dai-phat-thanh-truyen-hinh"]),
    ("Khối các cơ quan kinh tế", EmulationGroup.Kind.BLOCK, EmulationGroup.Cycle.YEAR,
     ["so-nong-nghiep-moi-truong", "so-khoa-hoc-cong-nghe"]),
    ("Khối thi đua các trường Đại học, Cao đẳng", EmulationGroup.Kind.BLOCK, EmulationGroup.Cycle.SCHOOL_YEAR,
     ["dh-su-pham-ky-thuat", "dh-chu-van-an", "cd-y-te", "cd-cong-dong"]),
    ("Cụm thi đua số I (các xã, phường phía Bắc)", EmulationGroup.Kind.CLUSTER, EmulationGroup.Cycle.YEAR,
     ["phuong-my-hao", "phuong-duong-hao", "phuong-thuong-hong", "xa-nhu-quynh", "xa-lac-dao", "xa-van-giang",
      "xa-nghia-tru", "xa-yen-my", "xa-hoan-long", "xa-khoai-chau", "xa-trieu-viet-vuong"]),
    ("Cụm thi đua số II (các xã, phường phía Nam)", EmulationGroup.Kind.CLUSTER, EmulationGroup.Cycle.YEAR,
     ["phuong-pho-hien", "phuong-son-nam", "phuong-hong-chau", "xa-an-thi", "xa-xuan-truc", "xa-duc-hop",
      "xa-luong-bang", "xa-tien-lu", "xa-hoang-hoa-tham", "xa-tan-hung", "xa-tong-tran"]),
]

SCHOOL_BLOCK_DECISION = ("Quyết định phê duyệt Trưởng, Phó Khối thi đua các trường Đại học, cao đẳng "
                         "năm học 2025-2026")

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hòang", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Đào",
          "Đinh", "Lương", "Trịnh", "Phan", "Tạ", "Chu"]
MIDDLE_M = ["Văn", "Đức", "Minh", "Quang", "Hữu", "Thành", "Xuân", "Công", "Mạnh", "Tiến"]
MIDDLE_F = ["Thị", "Thu", "Thanh", "Ngọc", "Minh", "Kim", "Thúy", "Hồng", "Diệu", "Phương"]
GIVEN_M = ["An", "Bình", "Cường", "Dũng", "Đạt", "Giang", "Hải", "Hiếu", "Hùng", "Khánh", "Long", "Nam", "Phúc",
           "Quân", "Sơn", "Tâm", "Thắng", "Trung", "Tuấn", "Việt", "Vinh", "Tùng", "Khoa", "Thịnh"]
GIVEN_F = ["Anh", "Chi", "Dung", "Duyên", "Hà", "Hạnh", "Hoa", "Hương", "Lan", "Linh", "Mai", "Nga", "Ngân",
           "Nhung", "Oanh", "Phượng", "Quyên", "Thảo", "Trang", "Uyên", "Vân", "Yến", "Ánh", "Huyền"]
# Jobs by the kind of unit (no nurses at schools, no teachers at the newspaper); the first of each list is by far the
# most common. A direct worker (người trực tiếp lao động, sản xuất, công tác) is one who does the unit's hands-on work.
POSITIONS = {
    "agency": ["Chuyên viên", "Chuyên viên", "Chuyên viên chính", "Trưởng phòng", "Phó Trưởng phòng", "Kế toán",
               "Văn thư", "Lái xe"],
    "school": ["Giáo viên", "Giáo viên", "Giáo viên", "Tổ trưởng chuyên môn", "Phó Hiệu trưởng", "Kế toán",
               "Nhân viên thư viện", "Nhân viên bảo vệ"],
    "university": ["Giảng viên", "Giảng viên", "Giảng viên chính", "Trưởng khoa", "Chuyên viên", "Kế toán",
                   "Kỹ thuật viên"],
    "press": ["Phóng viên", "Phóng viên", "Biên tập viên", "Kỹ thuật viên", "Quay phim", "Kế toán"],
    "locality": ["Công chức Văn phòng - Thống kê", "Công chức Tư pháp - Hộ tịch", "Công chức Địa chính - Xây dựng",
                 "Công chức Văn hóa - Xã hội", "Phó Chủ tịch UBND", "Trưởng thôn", "Công an viên"],
    "enterprise": ["Công nhân", "Công nhân", "Công nhân", "Công nhân", "Tổ trưởng sản xuất", "Kỹ sư", "Kế toán"],
    "hospital": ["Điều dưỡng", "Bác sĩ", "Bác sĩ", "Bác sĩ", "Kỹ thuật viên y", "Dược sĩ", "Hộ lý"],
}
DIRECT_POSITIONS = {"Công nhân", "Tổ trưởng sản xuất", "Giáo viên", "Giảng viên", "Điều dưỡng", "Hộ lý", "Kỹ thuật viên", "Kỹ thuật viên y",
                    "Nhân viên bảo vệ", "Lái xe", "Phóng viên", "Quay phim", "Trưởng thôn", "Công an viên"}


def _job_family(unit) -> str:
    if unit.code == "benh-vien-da-khoa":
        return "hospital"
    if unit.kind == Unit.Kind.SCHOOL:
        return "university" if unit.code.startswith(("dh-", "cd-")) else "school"
    if unit.kind == Unit.Kind.ENTERPRISE:
        return "enterprise"
    if unit.kind == Unit.Kind.PRESS:
        return "press"
    if unit.kind == Unit.Kind.LOCALITY:
        return "locality"
    return "agency"


PEOPLE_COUNT = 300


def load(ctx):
    units = {}
    for code, name, short, kind, parent in UNITS:
        unit = Unit.objects.filter(code=code).first()
        if unit is None:
            unit = Unit(code=code, name=name, short_name=short, kind=kind, parent=units.get(parent))
            if code.endswith("thai-binh") or code in SUCCESSOR:
                unit.active_to = MERGED_ON - dt.timedelta(days=1)
            unit.save()
        units[code] = unit
    for code, name, short, _district in COMMUNES:
        unit = Unit.objects.filter(code=code).first()
        if unit is None:
            unit = Unit.objects.create(code=code, name=name, short_name=short, kind=Unit.Kind.LOCALITY,
                                       parent=units["ubnd-tinh"], active_from=MERGED_ON)
        units[code] = unit
    ctx["units"] = units
    for code, _name, _short, district in COMMUNES:
        UnitLineage.objects.get_or_create(
            predecessor=units[district], successor=units[code], kind=UnitLineage.Kind.SPLIT,
            defaults={"effective_on": MERGED_ON, "decision": DISTRICT_DECISION,
                      "note": "Cấp huyện kết thúc hoạt động; xã, phường trực thuộc tỉnh."},
        )
    for pred, succ in LINEAGE:
        UnitLineage.objects.get_or_create(
            predecessor=units[pred], successor=units[succ], kind=UnitLineage.Kind.MERGE,
            defaults={"effective_on": MERGED_ON, "decision": "Nghị quyết số 202/2025/QH15 ngày 12/6/2025 của Quốc hội"},
        )
    year = Period.year(2025)
    school_year = Period.school_year(2025)
    Period.school_year(2024)
    Period.year(2024)
    Period.stage(2021, 2025)
    for name, kind, cycle, members in GROUPS:
        group, _ = EmulationGroup.objects.get_or_create(name=name, defaults={"kind": kind, "cycle": cycle})
        for code in members:
            GroupMembership.objects.get_or_create(group=group, unit=units[code])
        period = school_year if cycle == EmulationGroup.Cycle.SCHOOL_YEAR else year
        # Seed plan, appendix task 18: the school-year block's head and deputy are approved by a decision.
        decision = (SCHOOL_BLOCK_DECISION if cycle == EmulationGroup.Cycle.SCHOOL_YEAR else "")
        GroupLeadership.objects.get_or_create(group=group, period=period, role=GroupLeadership.Role.HEAD,
                                              defaults={"unit": units[members[0]], "decision": decision})
        GroupLeadership.objects.get_or_create(group=group, period=period, role=GroupLeadership.Role.DEPUTY,
                                              unit=units[members[1]], defaults={"decision": decision})
    ctx["groups"] = {g.name: g for g in EmulationGroup.objects.all()}
    _people(ctx, units)


def _people(ctx, units):
    if Person.objects.filter(citizen_id__startswith="0330").count() >= PEOPLE_COUNT:
        ctx["people"] = list(Person.objects.filter(citizen_id__startswith="0330").order_by("id"))
        return
    rng = random.Random(196)
    staffed = [u for code, u in units.items()
               if not code.endswith("thai-binh") and code != "ubnd-tinh" and code not in SUCCESSOR]
    people = []
    for i in range(PEOPLE_COUNT):
        female = rng.random() < 0.55
        name = " ".join([rng.choice(FAMILY), rng.choice(MIDDLE_F if female else MIDDLE_M),
                         rng.choice(GIVEN_F if female else GIVEN_M)])
        unit = staffed[i % len(staffed)]
        jobs = POSITIONS[_job_family(unit)]
        position = rng.choice(jobs[:1] * 3 + jobs)  # most people do the unit's main job; one head, a few others
        people.append(Person(
            full_name=name,
            gender=Person.Gender.FEMALE if female else Person.Gender.MALE,
            birth_date=dt.date(rng.randint(1965, 2000), rng.randint(1, 12), rng.randint(1, 28)),
            citizen_id=f"0330{i:08d}",
            unit=unit,
            position=position,
            direct_worker=position in DIRECT_POSITIONS,
            joined_on=dt.date(rng.randint(1990, 2022), rng.randint(1, 12), 1),
        ))
    for p in people:
        p.save()
    ctx["people"] = people
