"""Importing 50,000 learners from one xlsx, end to end (not a test): our import, django-import-export, the floor.

In one run, on the same file and the same empty center:

(a) Lộ Trình: upload → read and check every row (the preview) → save, through the same services and tasks
    as the pages (the task backend is the immediate one, so the background path runs in this process);
(b) django-import-export: a minimal ModelResource for Learner (code, name, date of birth, sex, phone) and
    ``import_data`` with its defaults, as most Django teams would write it;
(c) the floor: read the file with python-calamine and ``bulk_create`` the learners, nothing else.

    .venv/bin/python bench/bench_import.py                       # SQLite: a fresh var/bench_import.sqlite3
    createdb -h 127.0.0.1 -U postgres lotrinh_bench_import
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/lotrinh_bench_import .venv/bin/python bench/bench_import.py
    dropdb -h 127.0.0.1 -U postgres lotrinh_bench_import

Options: --rows N (default 50000), --repeat N (runs of (a) and (c), median shown; default 3; (b) runs once),
--skip-import-export, --profile (pyinstrument over (a), written to var/bench/import_profile.html).
"""

import argparse
import datetime as dt
import gc
import io
import os
import platform
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
os.environ.setdefault("LOTRINH_DEBUG", "0")
os.environ.setdefault("LOTRINH_LOG_LEVEL", "WARNING")
if "DATABASE_URL" not in os.environ:
    database = ROOT / "var" / "bench_import.sqlite3"
    database.parent.mkdir(exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{database}{suffix}").unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402

# The background path runs in this process, exactly as a worker would run it. Set before any module that
# declares a task is imported: @task() binds the backend when it is applied.
settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django_scopes import scope, scopes_disabled  # noqa: E402
from openpyxl import Workbook  # noqa: E402
from python_calamine import CalamineWorkbook  # noqa: E402

from lotrinh.core.demo import random_person  # noqa: E402
from lotrinh.core.models import (  # noqa: E402
    AuditEvent,
    Center,
    CenterRecord,
    Commune,
    SupervisingBody,
    User,
)
from lotrinh.people import import_services  # noqa: E402
from lotrinh.people.models import Guardian, ImportJob, Learner, LearnerGuardian  # noqa: E402

HEADER = ["STT", "Mã HV", "Họ và tên", "Ngày sinh", "Giới tính", "Dân tộc", "Số định danh cá nhân", "Số điện thoại",
          "Địa chỉ", "Trường THCS"]  # fmt: skip
PLACES = ["045", "045", "045", "045", "044", "046", "001", "079", "048"]  # mostly Quảng Trị, some from elsewhere
ETHNIC = ["Kinh"] * 17 + ["Vân Kiều", "Pa Kô", "Tà Ôi"]
SCHOOLS = ["THCS Nguyễn Trãi", "THCS Lê Lợi", "THCS Cam Lộ", "THCS Đông Hà", "THCS Triệu Phong", "THCS Hải Lăng"]
VILLAGES = ["Thôn 1", "Thôn 2", "Khu phố 3", "Khóm 4", "Thôn Tân Lập", "Thôn An Bình"]
PHONE_PREFIXES = ["32", "33", "34", "35", "36", "37", "38", "39", "70", "76", "77", "78", "79", "81", "82", "83",
                  "84", "85", "86", "88", "89", "90", "91", "93", "94", "96", "97", "98"]  # fmt: skip


def learner_file(rows: int, seed: int = 2026) -> bytes:
    """A learner list as a school exports it: real Excel dates, phone numbers written several ways, ID numbers
    that agree with the sex and birth year, codes, ethnic groups; cached under var/bench/."""
    path = ROOT / "var" / "bench" / f"learners_{rows}_{seed}.xlsx"
    if path.exists():
        return path.read_bytes()
    rng = random.Random(seed)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Danh sách")
    sheet.append(HEADER)
    for n in range(1, rows + 1):
        name, sex = random_person(rng)
        born = dt.date(rng.randint(1995, 2011), rng.randint(1, 12), rng.randint(1, 28))
        digit = (0 if born.year < 2000 else 2) + (1 if sex == "female" else 0)
        id_number = f"{rng.choice(PLACES)}{digit}{born.year % 100:02d}{n:06d}"
        local = f"{rng.choice(PHONE_PREFIXES)}{rng.randint(0, 9_999_999):07d}"
        phone = rng.choice(
            [f"0{local}", f"0{local[:3]} {local[3:6]} {local[6:]}", f"+84 {local[:2]} {local[2:5]} {local[5:]}"]
        )
        sheet.append([
            n, f"HV26{n:06d}", name, born, "Nam" if sex == "male" else "Nữ", rng.choice(ETHNIC), id_number, phone,
            f"{rng.choice(VILLAGES)}, xã Cam Hiếu", rng.choice(SCHOOLS),
        ])  # fmt: skip
    buffer = io.BytesIO()
    workbook.save(buffer)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buffer.getvalue())
    return buffer.getvalue()


def setup_center() -> tuple[Center, User]:
    call_command("migrate", verbosity=0)
    with scopes_disabled():
        body, _ = SupervisingBody.objects.get_or_create(
            slug="bench-so",
            defaults={
                "name": "Sở GD&ĐT (thử tải)",
                "kind": SupervisingBody.Kind.EDUCATION_DEPARTMENT,
                "province_id": 44,
                "valid_from": dt.date(2025, 7, 1),
            },
        )
        center, created = Center.objects.get_or_create(slug="bench-import", defaults={"code": "BENCH-IMPORT"})
        if created:
            CenterRecord.objects.create(
                center=center,
                name="Trung tâm thử nhập danh sách",
                kind=CenterRecord.Kind.GDNN_GDTX,
                commune=Commune.objects.order_by("code").first(),
                supervising_body=body,
                valid_from=dt.date(2025, 7, 1),
            )
        user, _ = User.objects.get_or_create(username="bench.import", defaults={"full_name": "Người nhập thử"})
    return center, user


def empty(center: Center) -> None:
    with scope(center=center):
        LearnerGuardian.objects.all().delete()
        Guardian.objects.all().delete()
        Learner.objects.all().delete()
        ImportJob.objects.all().delete()
        AuditEvent.objects.filter(center=center).delete()
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def ours(data: bytes, center: Center, user: User) -> int:
    """As the pages do it: the upload is checked at once, the task reads every row, the preview, the task saves."""
    with scope(center=center):
        job = import_services.import_job_create(
            center=center, actor=user, upload=SimpleUploadedFile("danh-sach.xlsx", data)
        )
        job.refresh_from_db()
        assert job.status == ImportJob.Status.PREVIEW, (job.status, job.errors[:3])
        import_services.import_job_commit_start(job=job, actor=user)
        job.refresh_from_db()
        assert job.status == ImportJob.Status.DONE, (job.status, job.errors[:3])
        return Learner.objects.count()


def import_export(data: bytes, center: Center, user: User) -> int:
    import tablib
    from import_export import fields, resources, widgets

    class SexWidget(widgets.Widget):
        def clean(self, value, row=None, **kwargs):
            return {"Nam": "male", "Nữ": "female"}.get(value, value)

    class LearnerResource(resources.ModelResource):
        code = fields.Field(attribute="code", column_name="Mã HV")
        full_name = fields.Field(attribute="full_name", column_name="Họ và tên")
        date_of_birth = fields.Field(attribute="date_of_birth", column_name="Ngày sinh", widget=widgets.DateWidget())
        sex = fields.Field(attribute="sex", column_name="Giới tính", widget=SexWidget())
        phone = fields.Field(attribute="phone", column_name="Số điện thoại")

        class Meta:
            model = Learner
            import_id_fields = ["code"]  # so that importing the file again updates instead of duplicating
            fields = ["code", "full_name", "date_of_birth", "sex", "phone"]

        def init_instance(self, row=None):
            return Learner(center=center)

    with scope(center=center):
        dataset = tablib.Dataset().load(data, format="xlsx")
        result = LearnerResource().import_data(dataset, dry_run=False, use_transactions=True, raise_errors=True)
        assert not result.has_errors() and not result.has_validation_errors()
        return Learner.objects.count()


def floor(data: bytes, center: Center, user: User) -> int:
    """Read the cells and insert them: no header detection, no checks, no normalisation, no encryption."""
    sexes = {"Nam": "male", "Nữ": "female"}
    workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
    rows = workbook.get_sheet_by_index(0).to_python()
    learners = [
        Learner(center=center, code=r[1], full_name=r[2], date_of_birth=r[3], sex=sexes[r[4]], phone=r[7])
        for r in rows[1:]
    ]
    with scope(center=center):
        Learner.objects.bulk_create(learners, batch_size=1000)
        return Learner.objects.count()


def floor_without_cycle_collector(data: bytes, center: Center, user: User) -> int:
    """The floor again, with the cycle collector paused as our import pauses it: what that trick alone buys."""
    with import_services._cycle_collector_paused():
        return floor(data, center, user)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--skip-import-export", action="store_true")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each fast contender (the median is shown)")
    args = parser.parse_args()
    started = time.perf_counter()
    data = learner_file(args.rows)
    generated = time.perf_counter() - started
    center, user = setup_center()
    vendor = connection.vendor
    print(f"# Import {args.rows:,} learners from xlsx ({len(data) / 1e6:.1f} MB), {vendor}")
    machine = f"Python {platform.python_version()}, {platform.machine()}, {os.cpu_count()} CPUs"
    print(f"{machine}; file built in {generated:.1f} s\n")
    contenders = [
        ("floor: calamine + bulk_create", floor),
        ("floor, cycle collector paused", floor_without_cycle_collector),
        ("Lộ Trình import (upload + preview + commit)", ours),
    ]
    if not args.skip_import_export:
        contenders.append(("django-import-export (ModelResource, defaults)", import_export))
    results = {}
    for label, run in contenders:
        timings = []
        for attempt in range(1 if run is import_export else args.repeat):
            empty(center)
            gc.collect()
            profiler = None
            if args.profile and run is ours and attempt == 0:
                from pyinstrument import Profiler

                profiler = Profiler()
                profiler.start()
            started = time.perf_counter()
            created = run(data, center, user)
            timings.append(time.perf_counter() - started)
            if profiler:
                profiler.stop()
                out = ROOT / "var" / "bench" / "import_profile.html"
                out.write_text(profiler.output_html())
                print(profiler.output_text(unicode=True, color=False, show_all=False)[:6000])
            assert created == args.rows, (label, created)
        results[label] = statistics.median(timings)
        shown = ", ".join(f"{t:.1f}" for t in timings)
        print(f"- {label}: {results[label]:.1f} s (runs: {shown})", flush=True)
    empty(center)
    ie = next((s for label, s in results.items() if label.startswith("django-import-export")), None)
    bottom = results["floor: calamine + bulk_create"]
    print("\n| approach | seconds | rows/s | vs django-import-export | vs floor |")
    print("|---|---:|---:|---:|---:|")
    for label, seconds in results.items():
        versus_ie = f"{ie / seconds:.1f}× faster" if ie else "—"
        print(
            f"| {label} | {seconds:.1f} | {args.rows / seconds:,.0f} | {versus_ie} | {seconds / bottom:.2f}× the time |"
        )


if __name__ == "__main__":
    main()
