"""Server time of the busiest pages at scale (not a test): p50/p95 over repeated requests, with query counts.

Build the data first, then run against the same DATABASE_URL:

    export DATABASE_URL=sqlite:///var/bench.sqlite3
    .venv/bin/python manage.py migrate
    .venv/bin/python manage.py demo_seed --scale-centers 20 --scale-learners 50000
    .venv/bin/python bench/bench_pages.py --repeat 50
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
os.environ.setdefault("LOTRINH_DEBUG", "0")
os.environ.setdefault("LOTRINH_LOG_LEVEL", "WARNING")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.core.signals import request_started  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django_scopes import scopes_disabled  # noqa: E402

from lotrinh.core.models import Membership, User  # noqa: E402
from lotrinh.people.models import Learner  # noqa: E402

PAGES = [
    ("giamdoc", "center home (Đông Hà)", "/c/dong-ha/"),
    ("bench01.gv000", "center home (2,500 learners)", "/c/bench-01/"),
    ("bench01.gv000", "learner list, page 1", "/c/bench-01/hoc-vien/"),
    ("bench01.gv000", "learner search 'nguyen thi'", "/c/bench-01/hoc-vien/?q=nguyen+thi"),
    ("bench01.gv000", "class list", "/c/bench-01/lop/"),
    ("bench01.gv000", "staff list", "/c/bench-01/nhan-su/"),
    ("bench01.gv000", "audit log", "/c/bench-01/nhat-ky/"),
    ("so.gddt", "supervisor dashboard (23 centers)", "/so/so-gddt-quang-tri/"),
    ("bench01.gv000", "API learners", "/api/c/bench-01/learners"),
    ("bench01.gv000", "class roll, last session of a class (40 learners)", "/c/bench-01/diem-danh/{session}/"),
    ("bench01.gv000", "class detail (roster, timetable, rolls)", "/c/bench-01/lop/{school_class}/"),
    ("bench01.gv000", "rolls not taken (report)", "/c/bench-01/diem-danh/chua-diem-danh/"),
    ("bench01.gv000", "retention dashboard", "/c/bench-01/duy-tri-si-so/"),
    ("bench01.gv000", "at-risk learners", "/c/bench-01/duy-tri-si-so/nguy-co/"),
    ("bench01.gv000", "learner detail", "/c/bench-01/hoc-vien/{learner}/"),
]


def _ids() -> dict[str, int]:
    """Real ids in bench-01 for the pages that need one: its first class, that class's last rolled session."""
    from lotrinh.academics.models import AttendanceRoll, SchoolClass

    with scopes_disabled():
        school_class = SchoolClass.objects.filter(center__slug="bench-01").order_by("id").first()
        roll = AttendanceRoll.objects.filter(session__school_class=school_class).order_by("-session__date").first()
        learner = Learner.objects.filter(center__slug="bench-01").order_by("id").first()
    return {"school_class": school_class.pk, "session": roll.session_id if roll else 0, "learner": learner.pk}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=50)
    args = parser.parse_args()
    settings.ALLOWED_HOSTS = ["testserver"]
    request_started.disconnect(reset_queries)  # it would empty the log in the middle of a count
    with scopes_disabled():
        learners, centers = Learner.objects.count(), Membership.objects.values("center").distinct().count()
        from lotrinh.academics.models import AttendanceMark

        marks = AttendanceMark.objects.count()
    ids = _ids()
    engine = connection.vendor
    print(f"# {engine}: {centers} centers, {learners:,} learners, {marks:,} attendance marks, {args.repeat} requests\n")
    print("| page | queries | p50 ms | p95 ms |")
    print("|---|---:|---:|---:|")
    clients: dict[str, Client] = {}
    for username, label, template in PAGES:
        url = template.format(**ids)
        client = clients.get(username)
        if client is None:
            client = clients[username] = Client()
            client.force_login(User.objects.get(username=username))
        client.get(url)  # warm caches and connections
        with CaptureQueriesContext(connection) as queries:
            status = client.get(url).status_code
        assert status == 200, (url, status)
        timings = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
        timings.sort()
        p95 = timings[max(0, int(len(timings) * 0.95) - 1)]
        print(f"| {label} | {len(queries.captured_queries)} | {statistics.median(timings):.1f} | {p95:.1f} |")


if __name__ == "__main__":
    main()
