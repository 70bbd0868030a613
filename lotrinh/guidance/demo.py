"""Demo data of the guidance area: six lower-secondary schools of Đông Hà, their grade-9 cohorts of the last
four years with a plausible spread of destinations, the national targets and one plan of the province,
a dozen counseling sessions and two parent-outreach evenings.

Called by core/demo.py inside ``scope(center=center)``; deterministic from ``rng``; writes through the
services, so the history of destinations and the audit agree with what the pages would have made.
"""

import datetime as dt
import random
from collections import defaultdict

from lotrinh.core.models import Center, Commune, Membership
from lotrinh.core.roles import Role
from lotrinh.core.text import search_key
from lotrinh.people.models import Learner

from . import services
from .models import CohortGraduate, CounselingTopic, Destination, DestinationSource

SCHOOLS = [
    ("THCS Nguyễn Trãi", 19333, "THCS-NT", False, 175),
    ("THCS Trần Hưng Đạo", 19333, "THCS-THD", False, 160),
    ("THCS Phan Đình Phùng", 19351, "THCS-PDP", False, 150),
    ("THCS Lê Lợi", 19351, "THCS-LL", False, 140),
    ("THCS Nguyễn Du", 19333, "THCS-ND", False, 125),
    ("THCS Hiếu Giang", 19597, "THCS-HG", True, 120),
]
# Weights per destination: about 55% into public upper secondary, a fifth into vocational paths (more each
# year as the plan pushes it), the center's own GDTX classes, a few at work, a few nobody could reach.
BASE_WEIGHTS = {
    Destination.PUBLIC_UPPER_SECONDARY: 56,
    Destination.GDTX_HERE: 14,
    Destination.SO_CAP: 4,
    Destination.TRUNG_CAP: 7,
    Destination.VOCATIONAL_SECONDARY: 3,
    Destination.NINE_PLUS: 6,
    Destination.WORK: 5,
    Destination.UNKNOWN: 5,
}
SOURCES = (
    [DestinationSource.SCHOOL_REPORT] * 6 + [DestinationSource.ADMISSIONS_LIST] * 3 + [DestinationSource.PHONE_CALL] * 2
)
PLAN_CITATION = "Kế hoạch 12/KH-UBND ngày 20/01/2026 của UBND tỉnh Quảng Trị về phân luồng học sinh (minh họa)"
SESSION_NOTES = [
    ("Em thích sửa xe máy, gia đình muốn em vào THPT. Đã giới thiệu nghề Công nghệ ô tô trình độ trung cấp.",
     [CounselingTopic.INTERESTS, CounselingTopic.TRADES]),
    ("Mẹ em lo chi phí học nghề; đã giải thích miễn học phí cho học sinh tốt nghiệp THCS học trung cấp.",
     [CounselingTopic.TUITION_SUPPORT, CounselingTopic.FAMILY]),
    ("Em học yếu môn Toán, cần phụ đạo thêm buổi chiều.", [CounselingTopic.LEARNING]),
    ("Tư vấn hồ sơ tuyển sinh lớp 10 GDTX kết hợp học nghề Điện dân dụng.",
     [CounselingTopic.ADMISSIONS, CounselingTopic.TRADES]),
    ("Em nghỉ học nhiều do phụ gia đình bán hàng; thống nhất lịch học buổi tối.",
     [CounselingTopic.ATTENDANCE, CounselingTopic.FAMILY]),
    ("Làm bài trắc nghiệm sở thích: nhóm Thực tế (R) và Xã hội (S) cao.", [CounselingTopic.INTERESTS]),
]  # fmt: skip
FOLLOW_UPS = [
    "Gọi lại phụ huynh sau khi có kết quả tuyển sinh",
    "Gửi thông tin chính sách hỗ trợ cho gia đình",
    "Hẹn em tham quan xưởng thực hành",
    "Báo giáo viên chủ nhiệm theo dõi chuyên cần",
]
SCHOOL_NAMES = [s[0] for s in SCHOOLS]


def random_person(rng: random.Random) -> tuple[str, str]:
    from lotrinh.core import demo as core_demo  # core.demo imports this module: read it when called

    return core_demo.random_person(rng)


def _birthday(rng: random.Random, year: int) -> dt.date:
    """A grade-9 graduate of ``year`` was born in year − 15 (a few a year older)."""
    born = year - 15 - (1 if rng.random() < 0.08 else 0)
    return dt.date(born, 1, 1) + dt.timedelta(days=rng.randrange(365))


def _weights(year: int, latest: int, school_in_dbkk: bool) -> dict[str, float]:
    weights = dict(BASE_WEIGHTS)
    push = (year - (latest - 3)) * 1.5  # the vocational share grows a little every year
    for d in (Destination.SO_CAP, Destination.TRUNG_CAP, Destination.NINE_PLUS):
        weights[d] += push
    if school_in_dbkk:
        weights[Destination.WORK] += 6
        weights[Destination.PUBLIC_UPPER_SECONDARY] -= 10
    return weights


def demo_extend(*, center: Center, rng: random.Random, today: dt.date) -> None:
    staff = {m.role: m.user for m in Membership.objects.filter(center=center, is_active=True).select_related("user")}
    actor = staff.get(Role.COUNSELOR)
    if actor is None:  # the small demo centers have no counselor: no guidance work there
        return
    latest = today.year if today.month >= 7 else today.year - 1  # a cohort's destinations are known from July
    communes = {c.pk: c for c in Commune.objects.filter(pk__in={s[1] for s in SCHOOLS})}
    for name, commune, code, dbkk, size in SCHOOLS:
        school = services.school_create(
            center=center, name=name, commune=communes[commune], code=code, in_disadvantaged_area=dbkk, actor=actor
        )
        for year in range(latest - 3, latest + 1):
            cohort = services.cohort_create(school=school, graduation_year=year, actor=actor)
            count = size + rng.randint(-12, 12)
            graduates, seen = [], set()
            for index in range(count):
                full_name, sex = random_person(rng)
                born = _birthday(rng, year)
                if (full_name, born) in seen:
                    continue
                seen.add((full_name, born))
                graduates.append(
                    CohortGraduate(
                        center=center,
                        cohort=cohort,
                        full_name=full_name,
                        date_of_birth=born,
                        sex=sex,
                        class_name=f"9/{index % 4 + 1}",
                    )
                )
            for graduate in graduates:  # bulk_create skips save(): give the search key here
                graduate.name_search = search_key(graduate.full_name)
            CohortGraduate.objects.bulk_create(graduates)
            weights = _weights(year, latest, dbkk)
            by_source: dict[str, dict[int, str]] = defaultdict(dict)
            for graduate in graduates:
                destination = rng.choices(list(weights), list(weights.values()))[0]
                if destination == Destination.UNKNOWN:
                    continue
                by_source[rng.choice(SOURCES)][graduate.pk] = destination
            recorded_on = min(today, dt.date(year, 8, 20 + rng.randint(0, 10)))
            for source, changes in by_source.items():
                services.destinations_bulk_record(
                    cohort=cohort, changes=changes, source=source, recorded_on=recorded_on, actor=actor, today=today
                )
    director = staff.get(Role.DIRECTOR) or actor
    services.streaming_target_create(
        center=center,
        school=None,
        from_year=2026,
        to_year=2030,
        min_percent="30",
        citation=PLAN_CITATION,
        actor=director,
    )
    _counseling(center=center, rng=rng, today=today, counselor=actor)
    _outreach(center=center, rng=rng, today=today, actor=actor)


def _counseling(*, center: Center, rng: random.Random, today: dt.date, counselor) -> None:
    learners = list(Learner.objects.prefetch_related("guardian_links__guardian").order_by("id")[:60])
    rng.shuffle(learners)
    for index, learner in enumerate(learners[:12]):
        notes, topics = SESSION_NOTES[index % len(SESSION_NOTES)]
        links = list(learner.guardian_links.all())
        present = bool(links) and rng.random() < 0.5
        held_on = today - dt.timedelta(days=rng.randint(1, 60))
        follow_up = FOLLOW_UPS[index % len(FOLLOW_UPS)] if index % 3 != 2 else ""
        due = held_on + dt.timedelta(days=rng.randint(5, 30)) if follow_up else None
        session = services.counseling_session_create(
            learner=learner,
            held_on=held_on,
            counselor=counselor,
            topics=list(topics),
            guardian_present=present,
            guardian=links[0].guardian if present else None,
            notes=notes,
            follow_up=follow_up,
            follow_up_due=due,
            actor=counselor,
            today=today,
        )
        if due and due < today and rng.random() < 0.5:
            services.counseling_session_update(session=session, actor=counselor, follow_up_done=True, today=today)


def _outreach(*, center: Center, rng: random.Random, today: dt.date, actor) -> None:
    parents = []
    for _ in range(18):
        name, _sex = random_person(rng)
        parents.append(
            {
                "full_name": name,
                "phone": f"09{rng.randint(10_000_000, 99_999_999)}",
                "school_name": rng.choice(SCHOOL_NAMES),
            }
        )
    services.outreach_event_create(
        center=center,
        title="Họp phụ huynh học sinh lớp 9: chọn đường sau THCS",
        held_on=today - dt.timedelta(days=40),
        place="Hội trường Trường THCS Nguyễn Trãi",
        audience="parents",
        description="Giới thiệu các con đường sau THCS: THPT, GDTX, 9+, trung cấp, sơ cấp; chính sách miễn học phí "
        "và hỗ trợ; giải đáp thắc mắc của phụ huynh.",
        attendance=86,
        attendees=parents,
        actor=actor,
    )
    services.outreach_event_create(
        center=center,
        title="Ngày hội tư vấn hướng nghiệp cho học sinh lớp 9",
        held_on=today - dt.timedelta(days=12),
        place="Trung tâm GDNN-GDTX Đông Hà",
        audience="pupils",
        description="Tham quan xưởng điện, xưởng ô tô, phòng tin học; làm bài trắc nghiệm sở thích nghề nghiệp.",
        attendance=143,
        actor=actor,
    )
