"""Add two years of timetable and attendance to the benchmark centers (bench-NN), in SQL (not a test).

One session per class per school day (Monday–Saturday) for ``--weeks`` weeks up to yesterday, a roll for
each, and a mark for every learner of the class: at 20 centers and 50,000 learners, 80 weeks give about
600,000 sessions and 24 million marks. Run after ``demo_seed --scale-centers 20 --scale-learners 50000``:

    DATABASE_URL=... .venv/bin/python bench/build_attendance.py --weeks 80
"""

import argparse
import datetime as dt
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
os.environ.setdefault("LOTRINH_LOG_LEVEL", "WARNING")

import django

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from lotrinh.core.database import planner_statistics_refresh  # noqa: E402


def school_days(weeks: int, until: dt.date) -> list[dt.date]:
    start = until - dt.timedelta(weeks=weeks)
    return [
        start + dt.timedelta(days=n)
        for n in range((until - start).days)
        if (start + dt.timedelta(days=n)).weekday() < 6
    ]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--weeks", type=int, default=80)
    args = parser.parse_args()
    today = timezone.localdate()
    days = school_days(args.weeks, today)
    vendor = connection.vendor
    # About 1 mark in 25 is an absence without leave, 1 in 50 with leave, 1 in 50 late.
    roll = "abs(random()) % 100" if vendor == "sqlite" else "floor(random() * 100)"
    status = (
        f"CASE WHEN {roll} < 4 THEN 'unexcused' WHEN {roll} < 6 THEN 'excused' "
        f"WHEN {roll} < 8 THEN 'late' ELSE 'present' END"
    )
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT id FROM core_center WHERE slug LIKE 'bench-%%'")
        centers = [row[0] for row in cursor.fetchall()]
        if not centers:
            sys.exit("No benchmark centers: run demo_seed --scale-centers 20 --scale-learners 50000 first.")
        in_centers = ",".join(str(c) for c in centers)
        cursor.execute("CREATE TEMPORARY TABLE bench_days (d date PRIMARY KEY)")
        cursor.executemany("INSERT INTO bench_days (d) VALUES (%s)", [(d,) for d in days])
        # Keep this week's generated timetable; replace older days.
        cursor.execute(
            f"DELETE FROM academics_classsession WHERE center_id IN ({in_centers}) AND date < %s", [days[-1]]
        )
        cursor.execute(
            f"""INSERT INTO academics_classsession
                (center_id, school_class_id, subject, kind, weekly_slot_id, date, starts_at, ends_at,
                 teacher_id, room_id)
            SELECT c.center_id, c.id, 'Toán', 'culture', NULL, d.d, '08:00', '09:30', c.homeroom_teacher_id,
                   (SELECT min(r.id) FROM academics_room r WHERE r.center_id = c.center_id)
            FROM academics_schoolclass c CROSS JOIN bench_days d
            WHERE c.center_id IN ({in_centers}) AND c.homeroom_teacher_id IS NOT NULL AND d.d < %s""",
            [today],
        )
        sessions = cursor.rowcount
        cursor.execute(
            f"""INSERT INTO academics_attendanceroll (center_id, session_id, taken_by_id, taken_at)
            SELECT s.center_id, s.id, s.teacher_id, s.date FROM academics_classsession s
            WHERE s.center_id IN ({in_centers}) AND s.date < %s""",
            [today],
        )
        rolls = cursor.rowcount
        cursor.execute(
            f"""INSERT INTO academics_attendancemark (center_id, roll_id, learner_id, status, date)
            SELECT r.center_id, r.id, e.learner_id, {status}, s.date
            FROM academics_attendanceroll r
            JOIN academics_classsession s ON s.id = r.session_id
            JOIN academics_enrollment e ON e.school_class_id = s.school_class_id
            WHERE r.center_id IN ({in_centers})"""
        )
        marks = cursor.rowcount
        cursor.execute("DROP TABLE bench_days")
    planner_statistics_refresh()
    print(
        f"{vendor}: {len(centers)} centers, {len(days)} school days, {sessions:,} sessions, {rolls:,} rolls, "
        f"{marks:,} marks in {time.perf_counter() - started:.0f} s"
    )


if __name__ == "__main__":
    main()
