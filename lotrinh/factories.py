"""factory_boy factories shared by the apps' tests. Every tenant-owned factory needs ``center``."""

import datetime as dt

import factory
from django.utils import timezone

from lotrinh.academics import timetabling
from lotrinh.academics.models import ClassSession, Enrollment, ProgramType, Room, SchoolClass
from lotrinh.people.models import Learner, Sex


class LearnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Learner

    code = factory.Sequence(lambda n: f"HV{n:06d}")
    full_name = factory.Iterator(["Nguyễn Thị Hằng", "Trần Văn Nam", "Lê Thị Mai", "Phạm Quốc Bảo", "Hồ Thu Trang"])
    date_of_birth = dt.date(2009, 5, 12)
    sex = Sex.FEMALE


class RoomFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Room

    name = factory.Sequence(lambda n: f"P.{100 + n}")
    kind = Room.Kind.CLASSROOM


class SchoolClassFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SchoolClass

    name = factory.Sequence(lambda n: f"10A{n}")
    program = factory.LazyFunction(lambda: ProgramType.objects.get(code="gdtx-thpt"))
    school_year = factory.LazyFunction(lambda: timetabling.school_year_of(timezone.localdate()))


def _first_day_of_this_school_year() -> dt.date:
    """Enrolled when this school year began, or today in the August before it does."""
    today = timezone.localdate()
    return min(today, timetabling.school_year_bounds(timetabling.school_year_of(today))[0])


class EnrollmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enrollment

    enrolled_on = factory.LazyFunction(_first_day_of_this_school_year)
    status = Enrollment.Status.ENROLLED


class ClassSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ClassSession

    subject = "Toán"
    starts_at = dt.time(7, 0)
    ends_at = dt.time(8, 30)


def populate(center, *, classes: int, learners_per_class: int, teacher, day: dt.date) -> None:
    """Classes with learners and a session each today, inside ``center``'s scope."""
    room = RoomFactory(center=center)
    for _ in range(classes):
        school_class = SchoolClassFactory(center=center, homeroom_teacher=teacher)
        ClassSessionFactory(center=center, school_class=school_class, date=day, teacher=teacher, room=room)
        for _ in range(learners_per_class):
            learner = LearnerFactory(center=center)
            EnrollmentFactory(center=center, learner=learner, school_class=school_class)
