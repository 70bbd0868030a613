"""The public pages under load (not a test): the interest test page and the application form, beside the floor.

One run starts ``deploy/gunicorn.conf.py`` with two workers on production settings (bench_http's server and load
generator) and measures, side by side, a closed loop of ``--concurrency`` anonymous clients on 127.0.0.1:

(a) the floor: ``/healthz``, a bare Django view (one ``SELECT 1``);
(b) the public interest test page, GET ``/p/<center>/trac-nghiem/`` (48 items, no account);
(c) the application, POST ``/p/<center>/dang-ky/``: each request a new applicant with a fresh one-time form token
    (signed here with the server's key, as the form page would hand it out), so every request writes an
    application, its first history row and its audit row, and counts against the rate limit (raised for the run
    through ``LOTRINH_PUBLIC_FORM_LIMIT_PER_HOUR``: the clients all come from 127.0.0.1).

Aim (issue 7): (b) and (c) at least 60% of the floor's requests per second. The data is the demo (its Đông Hà center
has an open admission plan); build it once, then run:

    rm -f var/bench_public.sqlite3
    DATABASE_URL=sqlite:///var/bench_public.sqlite3 .venv/bin/python manage.py migrate -v0
    DATABASE_URL=sqlite:///var/bench_public.sqlite3 .venv/bin/python manage.py demo_seed
    .venv/bin/python bench/bench_public.py --database sqlite:///var/bench_public.sqlite3
"""

import argparse
import datetime as dt
import re
import secrets
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_http as base

CENTER = "dong-ha"
TEST_PATH = f"/p/{CENTER}/trac-nghiem/"
APPLY_PATH = f"/p/{CENTER}/dang-ky/"
FORM_TOKEN_SALT = "lotrinh.admissions.apply"  # lotrinh.admissions.services.FORM_TOKEN_SALT
SECRET_KEY = secrets.token_urlsafe(64)


def _signer():
    """Django's signing with the server's key, to mint the one-time tokens the form page would give out."""
    from django.conf import settings

    if not settings.configured:
        settings.configure(SECRET_KEY=SECRET_KEY)
    from django.core import signing

    return lambda: signing.dumps(secrets.token_urlsafe(18), salt=FORM_TOKEN_SALT)


class Applicant(base.Client):
    """One phone at a time: opens the form once (the CSRF cookie and the program list), then applies again and
    again, each time as a new applicant of 16 with a guardian."""

    def __init__(self, port: int, number: int, mint) -> None:
        super().__init__(port)
        self.number = number
        self.mint = mint
        status, page = self.request("GET", APPLY_PATH)
        csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        target = re.search(r'<select name="target"[^>]*>.*?<option value="(\d+)"', page, re.S)
        assert status == 200 and csrf and target, f"no open application form ({status})"
        self.csrf, self.target = csrf.group(1), target.group(1)
        today = dt.date.today()
        self.born = dt.date(today.year - 16, 3, 14)

    def apply(self, n: int) -> tuple[bool, str]:
        serial = (self.number * 100_000 + n) % 1_000_000
        form = {
            "csrfmiddlewaretoken": self.csrf,
            "form_token": self.mint(),
            "website": "",
            "full_name": f"Nguyễn Thị Thí Sinh {self.number}-{n}",
            "date_of_birth": self.born.strftime("%d/%m/%Y"),
            "sex": "female",
            "id_number": f"0453{self.born.year % 100:02d}{serial:06d}",
            "phone": "0912345678",
            "previous_school": "Trường THCS Nguyễn Trãi",
            "target": self.target,
            "guardian_name": "Nguyễn Văn Phụ Huynh",
            "guardian_phone": "0987654321",
            "guardian_relationship": "father",
            "consent_processing": "on",
        }
        status, page = self.request("POST", APPLY_PATH, form)
        return status == 200 and "data-tracking-code" in page, f"apply → {status}"


def measure(database_url: str, *, concurrency: int, seconds: float, log: Path) -> dict[str, dict]:
    original_env = base.server_env

    def server_env(url: str, port: int, **options) -> dict[str, str]:
        return {
            **original_env(url, port, **options),
            "LOTRINH_SECRET_KEY": SECRET_KEY,
            "LOTRINH_PUBLIC_FORM_LIMIT_PER_HOUR": "1000000000",
        }

    base.server_env = server_env
    mint = _signer()
    results: dict[str, dict] = {}
    with base.gunicorn(database_url, log) as (port, _master):
        clients = [base.Client(port) for _ in range(concurrency)]
        for label, path in (("floor: /healthz", "/healthz"), ("public interest test page (GET)", TEST_PATH)):
            base.closed_loop(clients, base.page_get(path), seconds=1)  # both workers have served it once
            results[label] = base.closed_loop(clients, base.page_get(path), seconds=seconds).row()
            print(f"  {label}: {results[label]}", flush=True)
        applicants = [Applicant(port, i + 1, mint) for i in range(concurrency)]
        base.closed_loop(applicants, lambda a, n: a.apply(10_000 + n), seconds=1)
        timings = base.closed_loop(applicants, lambda a, n: a.apply(n), seconds=seconds)
        results["application (POST, a new applicant each)"] = timings.row()
        print(f"  application: {results['application (POST, a new applicant each)']}", flush=True)
        if timings.errors:
            print(f"  errors, first 5: {timings.errors[:5]}", flush=True)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", action="append", required=True, help="a DATABASE_URL with the demo data")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=15)
    args = parser.parse_args()
    logs = base.ROOT / "var" / "bench"
    logs.mkdir(parents=True, exist_ok=True)
    table: dict[str, dict[str, dict]] = {}
    for url in args.database:
        name = url.split(":", 1)[0].replace("postgres", "PostgreSQL").replace("sqlite", "SQLite")
        print(f"# {name}: {url}", flush=True)
        table[name] = measure(
            url, concurrency=args.concurrency, seconds=args.seconds, log=logs / f"gunicorn-public-{name}.log"
        )
    print(f"\nconcurrency {args.concurrency}, two gunicorn workers, {args.seconds:g} s each\n")
    print("| scenario | database | req/s | × floor | p50 ms | p95 ms | max ms | errors |")
    print("|---|---|---:|---:|---:|---:|---:|---:|")
    for label in next(iter(table.values())):
        for name, results in table.items():
            r, floor = results[label], results["floor: /healthz"]["rps"]
            share = "" if label.startswith("floor") else f"{r['rps'] / floor:.2f}"
            print(
                f"| {label} | {name} | {r['rps']:.0f} | {share} | {r['p50']:.0f} | {r['p95']:.0f} "
                f"| {r['max']:.0f} | {r['errors']} |"
            )


if __name__ == "__main__":
    main()
