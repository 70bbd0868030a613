"""A realistic demo: centers of today's Quảng Trị province, deterministic from a seed.

The main center (Đông Hà) has staff in every role, classes, learners and a timetable; two smaller
centers sit beside it under the same Department of Education. ``scale`` adds centers and learners
for benchmarks. Later areas extend the demo with their own data.
"""

import datetime as dt
import random
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from lotrinh.academics import demo as academics_demo
from lotrinh.academics import timetabling
from lotrinh.academics.models import (
    ClassSession,
    DropoutReason,
    Enrollment,
    EnrollmentStatusChange,
    ProgramType,
    Room,
    SchoolClass,
)
from lotrinh.academics.timetabling import school_year_of
from lotrinh.admissions import demo as admissions_demo
from lotrinh.assessment import demo as assessment_demo
from lotrinh.careers import demo as careers_demo
from lotrinh.guidance import demo as guidance_demo
from lotrinh.industry import demo as industry_demo
from lotrinh.interests import demo as interests_demo
from lotrinh.internships import demo as internships_demo
from lotrinh.jobs import demo as jobs_demo
from lotrinh.people import demo as people_demo
from lotrinh.people.models import Learner, Sex
from lotrinh.retention import demo as retention_demo
from lotrinh.support import demo as support_demo

from . import services
from .models import Center, CenterRecord, Commune, Membership, SupervisingBody, SupervisorMembership, User
from .roles import Role

DEMO_PASSWORD = "LoTrinh@2026"
QUANG_TRI = 44
FAMILY = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Phan",
    "Võ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
    "Dương",
    "Trương",
    "Lý",
]
FAMILY_WEIGHTS = [38, 11, 10, 7, 6, 5, 5, 3, 3, 3, 3, 2, 2, 2, 1]
MIDDLE = {
    Sex.MALE: ["Văn", "Hữu", "Đức", "Minh", "Quốc", "Công", "Thanh", "Xuân"],
    Sex.FEMALE: ["Thị", "Ngọc", "Thu", "Thanh", "Mai", "Bảo", "Kim", "Thùy"],
}
GIVEN = {
    Sex.MALE: [
        "Anh",
        "Bảo",
        "Cường",
        "Dũng",
        "Đạt",
        "Hải",
        "Hiếu",
        "Hùng",
        "Huy",
        "Khang",
        "Khoa",
        "Long",
        "Lộc",
        "Minh",
        "Nam",
        "Phúc",
        "Quân",
        "Sơn",
        "Tài",
        "Thắng",
        "Trung",
        "Tuấn",
        "Việt",
        "Vinh",
    ],
    Sex.FEMALE: [
        "Anh",
        "Châu",
        "Diệp",
        "Giang",
        "Hà",
        "Hằng",
        "Hạnh",
        "Hoa",
        "Hương",
        "Lan",
        "Linh",
        "Loan",
        "Mai",
        "My",
        "Ngân",
        "Nhung",
        "Phương",
        "Quỳnh",
        "Thảo",
        "Trang",
        "Vy",
        "Yến",
    ],
}
HOME_COMMUNES = [19333, 19351, 19597, 19624, 19645, 19654, 19495, 19702, 19735, 19564, 19363]


@dataclass(frozen=True)
class DemoAccount:
    username: str
    full_name: str
    role: str
    label: str


MAIN_STAFF = [
    DemoAccount("giamdoc", "Lê Văn Thành", Role.DIRECTOR, "Giám đốc"),
    DemoAccount("phogiamdoc", "Trần Thị Thu Hà", Role.DEPUTY_DIRECTOR, "Phó Giám đốc"),
    DemoAccount("daotao", "Nguyễn Thị Hằng", Role.TRAINING_OFFICER, "Cán bộ đào tạo"),
    DemoAccount("tuvan", "Hoàng Minh Tâm", Role.COUNSELOR, "Tư vấn viên"),
    DemoAccount("giaovien", "Phạm Văn Hùng", Role.TEACHER, "Giáo viên"),
    DemoAccount("doanhnghiep", "Võ Thị Kim Oanh", Role.ENTERPRISE_OFFICER, "Cán bộ quan hệ doanh nghiệp"),
    DemoAccount("ketoan", "Đặng Thị Ngọc Lan", Role.ACCOUNTANT, "Kế toán"),
]
OTHER_TEACHERS = [
    ("gv.nhung", "Bùi Thị Nhung"),
    ("gv.quoc", "Hồ Quốc Bảo"),
    ("gv.linh", "Ngô Thùy Linh"),
    ("gv.son", "Lê Hữu Sơn"),
    ("gv.trang", "Dương Thị Trang"),
    ("gv.khoa", "Phan Đức Khoa"),
    ("gv.hoa", "Trương Thị Hoa"),
]
SUPERVISOR = DemoAccount("so.gddt", "Nguyễn Văn Bình", "supervisor", "Chuyên viên Sở GD&ĐT")
ADMIN = DemoAccount("quantri", "Quản trị hệ thống", "admin", "Quản trị nền tảng")

# (class name, program code, school year, learners, subjects)
MAIN_CLASSES = [
    ("10A1", "gdtx-thpt", 38, ["Toán", "Ngữ văn", "Lịch sử", "Tin học"]),
    ("10A2", "chin-cong", 40, ["Toán", "Ngữ văn", "Điện dân dụng (thực hành)", "Tiếng Anh"]),
    ("11A1", "gdtx-thpt", 35, ["Toán", "Ngữ văn", "Địa lý", "Giáo dục kinh tế và pháp luật"]),
    ("11A2", "chin-cong", 33, ["Toán", "Ngữ văn", "Sửa chữa xe máy (thực hành)", "Lịch sử"]),
    ("12A1", "gdtx-thpt", 31, ["Toán", "Ngữ văn", "Lịch sử", "Tiếng Anh"]),
    ("SC-ĐDD-K15", "so-cap", 24, ["Điện dân dụng (lý thuyết)", "Điện dân dụng (thực hành)"]),
    ("SC-May-K8", "so-cap", 20, ["May công nghiệp (thực hành)", "An toàn lao động"]),
    ("TH-CB-03", "tin-hoc-ngoai-ngu", 26, ["Tin học cơ bản"]),
]
ROOMS = [
    ("P.101", Room.Kind.CLASSROOM),
    ("P.102", Room.Kind.CLASSROOM),
    ("P.201", Room.Kind.CLASSROOM),
    ("P.202", Room.Kind.CLASSROOM),
    ("Xưởng Điện", Room.Kind.WORKSHOP),
    ("Xưởng Cơ khí", Room.Kind.WORKSHOP),
    ("Xưởng May", Room.Kind.WORKSHOP),
    ("Phòng Tin học", Room.Kind.COMPUTER_LAB),
]
PERIODS = [
    (dt.time(7, 0), dt.time(8, 30)),
    (dt.time(8, 45), dt.time(10, 15)),
    (dt.time(13, 30), dt.time(15, 0)),
    (dt.time(15, 15), dt.time(16, 45)),
]


def school_year_start(day: dt.date) -> dt.date:
    return timetabling.school_year_bounds(school_year_of(day))[0]


def random_person(rng: random.Random, sex: str | None = None) -> tuple[str, str]:
    sex = sex or rng.choice([Sex.MALE, Sex.FEMALE])
    family = rng.choices(FAMILY, FAMILY_WEIGHTS)[0]
    return f"{family} {rng.choice(MIDDLE[sex])} {rng.choice(GIVEN[sex])}", sex


def _body() -> tuple[SupervisingBody, SupervisingBody]:
    department, _ = SupervisingBody.objects.get_or_create(
        slug="so-gddt-quang-tri",
        defaults={
            "name": "Sở Giáo dục và Đào tạo tỉnh Quảng Trị",
            "kind": SupervisingBody.Kind.EDUCATION_DEPARTMENT,
            "province_id": QUANG_TRI,
            "valid_from": dt.date(2025, 7, 1),
            "citation": "Nghị quyết 202/2025/QH15 (hợp nhất Quảng Bình và Quảng Trị)",
        },
    )
    city, _ = SupervisingBody.objects.get_or_create(
        slug="ubnd-tp-dong-ha",
        defaults={
            "name": "UBND thành phố Đông Hà",
            "kind": SupervisingBody.Kind.DISTRICT_COMMITTEE,
            "province_id": QUANG_TRI,
            "valid_from": dt.date(2016, 7, 1),
            "valid_to": dt.date(2025, 7, 1),
            "citation": "Cấp huyện kết thúc hoạt động từ 01/07/2025 (Nghị quyết 203/2025/QH15)",
        },
    )
    return department, city


def _user(username: str, full_name: str, **extra) -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User(username=username, full_name=full_name, email=f"{username}@lotrinh.demo", **extra)
        user.set_password(DEMO_PASSWORD)
        user.save()
    return user


@transaction.atomic
def demo_build(*, seed: int = 2026, today: dt.date | None = None) -> Center:
    """Build the demo once; on later runs only extend the timetable to the coming weeks."""
    today = today or timezone.localdate()
    with scopes_disabled():
        existing = Center.objects.filter(slug="dong-ha").first()
    if existing is not None:
        for center in Center.objects.filter(slug__in=DEMO_SLUGS):
            with scope(center=center):
                academics_demo.timetable_refresh(center=center, until=today + dt.timedelta(days=14), today=today)
        return existing

    rng = random.Random(seed)
    department, city = _body()
    director = _user(MAIN_STAFF[0].username, MAIN_STAFF[0].full_name)
    center = services.center_create(
        slug="dong-ha",
        code="45-GDNN-01",
        name="Trung tâm GDNN-GDTX thành phố Đông Hà",
        kind=CenterRecord.Kind.GDNN_GDTX,
        commune=Commune.objects.get(code=19333),
        supervising_body=city,
        valid_from=dt.date(2016, 7, 1),
        street_address="Số 2 Lê Lợi",
        citation="QĐ 940/QĐ-UBND ngày 06/05/2016",
        actor=None,
    )
    with scope(center=center):
        Membership.objects.create(center=center, user=director, role=Role.DIRECTOR)
        services.center_record_change(
            center=center,
            valid_from=dt.date(2025, 7, 1),
            actor=None,
            name="Trung tâm GDNN-GDTX Đông Hà",
            supervising_body=department,
            citation="Chuyển nguyên trạng về Sở GD&ĐT từ 01/07/2025",
        )
        for account in MAIN_STAFF[1:]:
            services.staff_add(
                center=center,
                full_name=account.full_name,
                username=account.username,
                email=f"{account.username}@lotrinh.demo",
                role=account.role,
                actor=director,
                password=DEMO_PASSWORD,
            )
        teachers = [User.objects.get(username="giaovien")]
        for username, full_name in OTHER_TEACHERS:
            membership = services.staff_add(
                center=center,
                full_name=full_name,
                username=username,
                email=f"{username}@lotrinh.demo",
                role=Role.TEACHER,
                actor=director,
                password=DEMO_PASSWORD,
            )
            teachers.append(membership.user)
        services.user_id_number_set(user=teachers[0], id_number="045083001234", actor=director, center=center)
        _classes_and_learners(center=center, rng=rng, teachers=teachers, classes=MAIN_CLASSES, today=today)
        timetable_extend(center=center, until=today + dt.timedelta(days=14), seed=seed)
        _areas_extend(center=center, seed=seed, today=today)

    supervisor = _user(SUPERVISOR.username, SUPERVISOR.full_name)
    SupervisorMembership.objects.get_or_create(body=department, user=supervisor)
    _user(ADMIN.username, ADMIN.full_name, is_staff=True, is_superuser=True)
    for index, (slug, name, commune, classes) in enumerate(SMALL_CENTERS, start=2):
        small_center_build(
            slug=slug,
            name=name,
            commune_code=commune,
            body=department,
            classes=classes,
            code=f"45-GDNN-{index:02d}",
            rng=rng,
            today=today,
            seed=seed,
        )
    return center


SMALL_CENTERS = [
    (
        "dakrong",
        "Trung tâm GDNN-GDTX Đakrông",
        19564,
        [
            ("10A", "gdtx-thpt", 30, ["Toán", "Ngữ văn"]),
            ("SC-TY-K4", "so-cap", 18, ["Chăn nuôi thú y (thực hành)"]),
        ],
    ),
    (
        "le-thuy",
        "Trung tâm GDNN-GDTX Lệ Thủy",
        19249,
        [
            ("10A", "gdtx-thpt", 35, ["Toán", "Ngữ văn"]),
            ("11A", "gdtx-thpt", 29, ["Toán", "Lịch sử"]),
            ("SC-NTTS-K2", "duoi-3-thang", 22, ["Nuôi trồng thủy sản"]),
        ],
    ),
]


def small_center_build(*, slug, name, commune_code, body, classes, code, rng, today, seed) -> Center:
    center = services.center_create(
        slug=slug,
        code=code,
        name=name,
        kind=CenterRecord.Kind.GDNN_GDTX,
        commune=Commune.objects.get(code=commune_code),
        supervising_body=body,
        valid_from=dt.date(2025, 7, 1),
        actor=None,
    )
    with scope(center=center):
        director = _user(f"giamdoc.{slug}", random_person(rng)[0])
        Membership.objects.create(center=center, user=director, role=Role.DIRECTOR)
        teachers = []
        for i in range(3):
            teacher = _user(f"gv{i + 1}.{slug}", random_person(rng)[0])
            Membership.objects.create(center=center, user=teacher, role=Role.TEACHER)
            teachers.append(teacher)
        _classes_and_learners(center=center, rng=rng, teachers=teachers, classes=classes, today=today)
        timetable_extend(center=center, until=today + dt.timedelta(days=14), seed=seed)
        _areas_extend(center=center, seed=seed, today=today)
    return center


DEMO_SLUGS = ["dong-ha", "dakrong", "le-thuy"]
# Each area adds its own demo data; the order matters (attendance and grades before the risks that read them).
DEMO_AREAS = (
    people_demo, academics_demo, assessment_demo, retention_demo, interests_demo, guidance_demo, careers_demo,
    support_demo, admissions_demo, industry_demo, internships_demo, jobs_demo,
)  # fmt: skip


def _areas_extend(*, center: Center, seed: int, today: dt.date) -> None:
    for area in DEMO_AREAS:
        # One generator per area and center: an area's data does not shift when another area changes.
        rng = random.Random(f"{seed}-{area.__name__}-{center.slug}")
        area.demo_extend(center=center, rng=rng, today=today)


def _classes_and_learners(
    *, center, rng, teachers, classes, today, learner_offset: int = 0, rooms: bool = True
) -> None:
    year = school_year_of(today)
    programs = {p.code: p for p in ProgramType.objects.all()}
    if rooms:
        Room.objects.bulk_create([Room(center=center, name=n, kind=k) for n, k in ROOMS])
    number = learner_offset
    for index, (class_name, program, size, _subjects) in enumerate(classes):
        school_class = SchoolClass.objects.create(
            center=center,
            name=class_name,
            program=programs[program],
            school_year=year,
            homeroom_teacher=teachers[index % len(teachers)],
        )
        grade = int(class_name[:2]) if class_name[:2].isdigit() else 0
        learners = []
        for _ in range(size):
            number += 1
            full_name, sex = random_person(rng)
            age = 15 + max(grade - 10, 0) + (0 if grade else rng.randint(3, 25))
            born = dt.date(today.year - age, rng.randint(1, 12), rng.randint(1, 28))
            learners.append(
                Learner(
                    center=center,
                    code=f"HV{today.year % 100:02d}{number:05d}",
                    full_name=full_name,
                    date_of_birth=born,
                    sex=sex,
                    commune_id=rng.choice(HOME_COMMUNES),
                )
            )
        Learner.objects.bulk_create([_with_search_key(x) for x in learners])  # bulk_create skips save()
        saved = Learner.objects.filter(code__in=[x.code for x in learners])
        statuses = [Enrollment.Status.ENROLLED] * 18 + [
            Enrollment.Status.DROPPED_OUT,
            Enrollment.Status.SUSPENDED,
        ]
        enrollments = Enrollment.objects.bulk_create(
            [
                Enrollment(
                    center=center,
                    learner=x,
                    school_class=school_class,
                    status=rng.choice(statuses),
                    enrolled_on=school_year_start(today),
                )
                for x in saved
            ]
        )
        _status_history(center=center, enrollments=enrollments, rng=rng, today=today)


def _status_history(*, center, enrollments, rng, today) -> None:
    """The history behind each demo status: enrolled on the first day, then the change that led to it."""
    reasons = [r for r in DropoutReason.values if r != DropoutReason.OTHER]
    changes = []
    for enrollment in enrollments:
        changes.append(
            EnrollmentStatusChange(
                center=center,
                enrollment=enrollment,
                status=Enrollment.Status.ENROLLED,
                effective_on=enrollment.enrolled_on,
            )
        )
        if enrollment.status != Enrollment.Status.ENROLLED:
            span = max((today - enrollment.enrolled_on).days, 1)
            changes.append(
                EnrollmentStatusChange(
                    center=center,
                    enrollment=enrollment,
                    status=enrollment.status,
                    reason=rng.choice(reasons) if enrollment.status == Enrollment.Status.DROPPED_OUT else "",
                    effective_on=enrollment.enrolled_on + dt.timedelta(days=rng.randint(1, span)),
                )
            )
    EnrollmentStatusChange.objects.bulk_create(changes, batch_size=1000)


def _with_search_key(learner: Learner) -> Learner:
    from .text import normalize_name, search_key

    learner.full_name = normalize_name(learner.full_name)
    learner.name_search = search_key(learner.full_name)
    return learner


def timetable_extend(*, center: Center, until: dt.date, seed: int, since: dt.date | None = None) -> int:
    """Weekly sessions from the start of the school year (or ``since``) up to ``until``; planned days are kept."""
    start = since or school_year_start(until)
    if start > until:  # late August: still the previous school year
        start = dt.date(start.year - 1, 9, 5)
    last = ClassSession.objects.order_by("-date").values_list("date", flat=True).first()
    day = max(start, last + dt.timedelta(days=1)) if last else start
    classes = list(SchoolClass.objects.order_by("id"))
    rooms = list(Room.objects.order_by("id"))
    teachers = list(User.objects.filter(memberships__center=center, memberships__role=Role.TEACHER).order_by("id"))
    if not classes or not rooms or not teachers:
        return 0
    subjects = {c.pk: _subjects_for(c) for c in classes}
    sessions = []
    while day <= until:
        if day.weekday() < 6:  # Monday to Saturday
            busy: set[tuple[str, int, int]] = set()  # ("teacher"|"room", id, period): nothing clashes
            for index, school_class in enumerate(classes):
                for slot in range(2):
                    period = (index + slot * 2 + day.weekday()) % len(PERIODS)
                    subject_list = subjects[school_class.pk]
                    subject = subject_list[(day.toordinal() + slot) % len(subject_list)]
                    teacher = _free(teachers, "teacher", period, busy, start=index + slot)
                    room = _free(_rooms_preferred(subject, rooms, index), "room", period, busy, start=0)
                    if teacher is None or room is None:
                        continue
                    sessions.append(
                        ClassSession(
                            center=center,
                            school_class=school_class,
                            subject=subject,
                            date=day,
                            starts_at=PERIODS[period][0],
                            ends_at=PERIODS[period][1],
                            teacher=teacher,
                            room=room,
                        )
                    )
        day += dt.timedelta(days=1)
    ClassSession.objects.bulk_create(sessions, batch_size=1000)
    return len(sessions)


def _subjects_for(school_class: SchoolClass) -> list[str]:
    for name, _program, _size, subjects in MAIN_CLASSES + [c for s in SMALL_CENTERS for c in s[3]]:
        if name == school_class.name:
            return subjects
    return ["Toán", "Ngữ văn"]


def _free(candidates: list, kind: str, period: int, busy: set, start: int):
    """The first candidate (from ``start``, wrapping) not yet busy in this period; marks it busy."""
    for offset in range(len(candidates)):
        candidate = candidates[(start + offset) % len(candidates)]
        if (kind, candidate.pk, period) not in busy:
            busy.add((kind, candidate.pk, period))
            return candidate
    return None


def _rooms_preferred(subject: str, rooms: list[Room], index: int) -> list[Room]:
    """Practice goes to its workshop, other lessons to a classroom; any free room as a fallback."""
    workshop = {
        "Điện": "Xưởng Điện",
        "xe máy": "Xưởng Cơ khí",
        "May": "Xưởng May",
        "Tin học": "Phòng Tin học",
    }
    preferred = [r for key, name in workshop.items() if key in subject for r in rooms if r.name == name]
    classrooms = [r for r in rooms if r.kind == Room.Kind.CLASSROOM]
    classrooms = classrooms[index % len(classrooms) :] + classrooms[: index % len(classrooms)]
    return (
        preferred
        + [r for r in classrooms if r not in preferred]
        + [r for r in rooms if r not in preferred and r not in classrooms]
    )


@transaction.atomic
def demo_scale(*, centers: int, learners: int, seed: int = 2026, today: dt.date | None = None) -> int:
    """Add benchmark centers ``bench-01``… under the demo department, sharing ``learners`` between them.

    Learners come in classes of 40; each center gets a room and a teacher per two classes, and this
    week's timetable. Returns the number of learners created.
    """
    from django.contrib.auth.hashers import make_password

    today = today or timezone.localdate()
    rng = random.Random(seed)
    department = SupervisingBody.objects.get(slug="so-gddt-quang-tri")
    password = make_password(DEMO_PASSWORD)  # hashed once: argon2 per user would take minutes
    per_center = learners // centers
    created = 0
    with scopes_disabled():
        start_index = Center.objects.filter(slug__startswith="bench-").count() + 1
    for index in range(start_index, start_index + centers):
        center = services.center_create(
            slug=f"bench-{index:02d}",
            code=f"BENCH-{index:02d}",
            name=f"Trung tâm GDNN-GDTX thử tải {index:02d}",
            kind=CenterRecord.Kind.GDNN_GDTX,
            commune=Commune.objects.get(code=rng.choice(HOME_COMMUNES)),
            supervising_body=department,
            valid_from=dt.date(2025, 7, 1),
            actor=None,
        )
        class_count = max(1, per_center // 40)
        with scope(center=center):
            users = User.objects.bulk_create(
                [
                    User(
                        username=f"bench{index:02d}.gv{n:03d}",
                        full_name=random_person(rng)[0],
                        password=password,
                        email=f"bench{index:02d}.gv{n:03d}@lotrinh.demo",
                    )
                    for n in range(max(2, class_count // 2 + 1))
                ]
            )
            Membership.objects.bulk_create(
                [Membership(center=center, user=users[0], role=Role.DIRECTOR)]
                + [Membership(center=center, user=u, role=Role.TEACHER) for u in users[1:]]
            )
            Room.objects.bulk_create(
                [
                    Room(center=center, name=f"P.{n + 101}", kind=Room.Kind.CLASSROOM)
                    for n in range(class_count // 2 + 1)
                ]
            )
            classes = [
                (
                    f"{10 + n % 3}B{n // 3 + 1}",
                    "gdtx-thpt",
                    per_center // class_count + (1 if n < per_center % class_count else 0),
                    ["Toán", "Ngữ văn", "Lịch sử"],
                )
                for n in range(class_count)
            ]
            _classes_and_learners(
                center=center,
                rng=rng,
                teachers=users[1:],
                classes=classes,
                today=today,
                rooms=False,
                learner_offset=index * 100_000,
            )
            timetable_extend(
                center=center,
                until=today + dt.timedelta(days=6),
                seed=seed,
                since=today - dt.timedelta(days=today.weekday()),
            )
        created += per_center
    return created


def demo_accounts() -> list[DemoAccount]:
    return [*MAIN_STAFF, SUPERVISOR, ADMIN]
