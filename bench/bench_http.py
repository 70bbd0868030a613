"""Many people at once over HTTP (not a test): a real gunicorn on production settings, a bounded load on 127.0.0.1.

For each database given, one run starts ``deploy/gunicorn.conf.py`` with two workers and measures, side by side:

(a) the floor: ``/healthz`` (one ``SELECT 1``) at the page concurrency;
(b) the busiest pages, logged in: the learner list, a class roll and the retention dashboard;
(c) writes at once: 20 teachers of 20 centers re-taking a roll together, while a director saves a grade sheet.

The load is closed-loop and bounded: ``--concurrency`` clients, each sending its next request when the last one
answered, for ``--seconds`` per page; keep-alive connections, as nginx keeps to its upstream. Build the data
first (see docs/BENCHMARKS.md), then:

    .venv/bin/python bench/bench_http.py --database sqlite:///var/bench.sqlite3 \\
        --database postgres://postgres@127.0.0.1:5432/lotrinh_bench
"""

import argparse
import base64
import contextlib
import hashlib
import http.client
import json
import os
import re
import secrets
import socket
import statistics
import subprocess
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
PASSWORD = "LoTrinh@2026"
# The data was written by development settings: the field key production needs is the one they derived.
DEV_SECRET = "dev-only-insecure-key-change-me-for-production-0123456789"
FIELD_KEY = base64.urlsafe_b64encode(hashlib.sha256(DEV_SECRET.encode()).digest()).decode()
ROLL_SAVERS = 20
# The busiest pages, in bench-01 (2,500 learners, two years of attendance), as its director sees them.
PAGE_LABELS = {
    "learner list, page 1": "/c/bench-01/hoc-vien/",
    "class roll (40 learners)": "/c/bench-01/diem-danh/{session}/",
    "retention dashboard": "/c/bench-01/duy-tri-si-so/",
}


# --- The load generator -------------------------------------------------------------------------------------


class Client:
    """One keep-alive connection with its own session cookie: one person at one browser."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    def request(self, method: str, path: str, form: dict[str, str] | None = None) -> tuple[int, str]:
        headers = {"Host": f"127.0.0.1:{self.port}", "Accept-Language": "vi"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["X-CSRFToken"] = self.cookies.get("lotrinh_csrftoken", "")
        try:
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
        except (http.client.HTTPException, OSError):
            # A recycled worker closes its keep-alive connections: reconnect once, as a browser would.
            self.connection.close()
            self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
        text = response.read().decode("utf-8", "replace")
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key.strip()] = rest.split(";", 1)[0]
        return response.status, text

    def flash_shown(self) -> None:
        """Forget the "saved" message, as the page a browser follows the redirect to would show and clear it.

        The load does not follow redirects (that page is measured on its own); kept, the messages of hundreds of
        saves would pile up in the cookie and then in the session, a cost no teacher's browser ever sends."""
        self.cookies.pop("messages", None)

    def log_in(self, username: str) -> None:
        status, page = self.request("GET", "/dang-nhap/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        assert status == 200 and token, f"no log-in form ({status})"
        form = {"csrfmiddlewaretoken": token.group(1), "username": username, "password": PASSWORD}
        status, _ = self.request("POST", "/dang-nhap/", form)
        assert status == 302 and "lotrinh_session" in self.cookies, f"log-in refused for {username} ({status})"


@dataclass
class Timings:
    seconds: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    elapsed: float = 0.0

    def add(self, started: float, ok: bool, what: str) -> None:
        self.seconds.append(time.perf_counter() - started)
        if not ok:
            self.errors.append(what)

    def row(self) -> dict[str, float]:
        ms = sorted(s * 1000 for s in self.seconds) or [0.0]
        return {
            "requests": len(self.seconds),
            "rps": len(self.seconds) / self.elapsed if self.elapsed else 0.0,
            "p50": statistics.median(ms),
            "p95": ms[max(0, int(len(ms) * 0.95) - 1)],
            "max": ms[-1],
            "errors": len(self.errors),
        }


def closed_loop(clients: list[Client], send: Callable[[Client, int], tuple[bool, str]], *, seconds: float) -> Timings:
    """Each client sends its next request when the last one answered, until the time is up."""
    timings, lock = Timings(), threading.Lock()
    deadline = time.perf_counter() + seconds

    def run(client: Client) -> None:
        n = 0
        while time.perf_counter() < deadline:
            started = time.perf_counter()
            try:
                ok, what = send(client, n)
            except Exception as error:  # a refused connection or a timeout is an error of the run, not a crash
                ok, what = False, repr(error)
            with lock:
                timings.add(started, ok, what)
            n += 1

    started = time.perf_counter()
    threads = [threading.Thread(target=run, args=(c,)) for c in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    timings.elapsed = time.perf_counter() - started
    return timings


def page_get(path: str) -> Callable[[Client, int], tuple[bool, str]]:
    def send(client: Client, n: int) -> tuple[bool, str]:
        status, _ = client.request("GET", path)
        return status == 200, f"{path} → {status}"

    return send


# --- The server ---------------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_env(database_url: str, port: int, *, workers: int = 2) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DATABASE_URL": database_url,
        "LOTRINH_SECRET_KEY": secrets.token_urlsafe(64),
        "LOTRINH_FIELD_KEY": FIELD_KEY,
        "LOTRINH_SITE_DOMAIN": "127.0.0.1",
        "LOTRINH_ALLOWED_HOSTS": "127.0.0.1",
        # nginx terminates TLS in production; here the client speaks plain HTTP to gunicorn directly.
        "LOTRINH_SSL_REDIRECT": "0",
        "LOTRINH_BIND": f"127.0.0.1:{port}",
        "LOTRINH_WEB_WORKERS": str(workers),
    }


@contextlib.contextmanager
def gunicorn(database_url: str, log: Path, *, workers: int = 2) -> Iterator[tuple[int, int]]:
    port = free_port()
    env = server_env(database_url, port, workers=workers)
    subprocess.run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    with log.open("w") as stderr:
        process = subprocess.Popen([GUNICORN, "-c", "deploy/gunicorn.conf.py"], cwd=ROOT, env=env, stderr=stderr)
        try:
            for _ in range(300):
                with contextlib.suppress(OSError, http.client.HTTPException):
                    if Client(port).request("GET", "/healthz")[0] == 200:
                        break
                time.sleep(0.1)
            else:
                raise RuntimeError(f"gunicorn did not answer; see {log}")
            yield port, process.pid
        finally:
            process.terminate()
            process.wait(timeout=30)


# --- The data the requests need -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Fixture:
    director: str
    school_class: int
    session: int
    # (teacher username, a past session of theirs, the learner ids of its class)
    rolls: list[tuple[str, int, list[int]]]
    grade_class: int
    grade_subject: str


def fixture_read(database_url: str) -> Fixture:
    """Real ids from the benchmark centers, read once through Django in a child process (its own settings)."""
    code = r"""
import json, django
django.setup()
from django.utils import timezone
from django_scopes import scopes_disabled
from lotrinh.academics.models import AttendanceRoll, ClassSession, Enrollment, SchoolClass
from lotrinh.core.models import Membership
with scopes_disabled():
    today = timezone.localdate()
    first = SchoolClass.objects.filter(center__slug="bench-01").order_by("id").first()
    last_roll = AttendanceRoll.objects.filter(session__school_class=first).order_by("-session__date").first()
    rolls = []
    for n in range(1, 21):
        session = (ClassSession.objects.filter(center__slug=f"bench-{n:02d}", date__lt=today, roll__isnull=False)
                   .exclude(teacher=None).select_related("teacher").order_by("-date", "id").first())
        learners = list(Enrollment.objects.filter(school_class_id=session.school_class_id, status="enrolled")
                        .order_by("learner_id").values_list("learner_id", flat=True))
        rolls.append([session.teacher.username, session.pk, learners])
    director = Membership.objects.filter(center__slug="bench-01", role="director").select_related("user").first()
    grade = SchoolClass.objects.filter(center__slug="bench-01").order_by("-id").first()
print(json.dumps({"director": director.user.username, "school_class": first.pk, "session": last_roll.session_id,
                  "rolls": rolls, "grade_class": grade.pk, "grade_subject": "Toán"}))
"""
    env = {**os.environ, "DATABASE_URL": database_url, "DJANGO_SETTINGS_MODULE": "config.settings.local"}
    env["LOTRINH_LOG_LEVEL"] = "WARNING"
    out = subprocess.run([PYTHON, "-c", code], cwd=ROOT, env=env, check=True, capture_output=True, text=True).stdout
    data = json.loads(out.strip().splitlines()[-1])
    return Fixture(**{**data, "rolls": [tuple(r) for r in data["rolls"]]})


# --- The scenarios ------------------------------------------------------------------------------------------


class RollSaver(Client):
    """A teacher at one center with a past session of theirs to re-take."""

    def __init__(self, port: int, *, username: str, session: int, learners: list[int]):
        super().__init__(port)
        self.path = f"/c/bench-{username[5:7]}/diem-danh/{session}/"  # bench07.gv001 teaches at bench-07
        self.learners = learners
        self.log_in(username)
        self.request("GET", self.path)  # the page a teacher opens before saving

    def retake(self, n: int) -> tuple[bool, str]:
        """A re-take that changes marks each time: two learners absent without leave, the others present."""
        absent = {self.learners[n % len(self.learners)], self.learners[(n + 7) % len(self.learners)]}
        form = {f"m-{learner}": ("unexcused" if learner in absent else "present") for learner in self.learners}
        status, _ = self.request("POST", self.path, form)
        self.flash_shown()
        return status == 302, f"{self.path} → {status}"


def grade_save(client: Client, center: str, school_class: int, subject: str, cells: list[str], n: int):
    form = {"subject": subject, "term": "1"}
    form.update({name: f"{(n + i) % 10}.5" for i, name in enumerate(cells)})
    status, _ = client.request("POST", f"/c/{center}/so-diem/lop/{school_class}/luu/", form)
    client.flash_shown()
    return status == 302, f"grade sheet → {status}"


def writes_at_once(port: int, fixture: Fixture, *, seconds: float) -> tuple[Timings, Timings]:
    savers = [
        RollSaver(port, username=username, session=session, learners=learners)
        for username, session, learners in fixture.rolls[:ROLL_SAVERS]
    ]
    director = Client(port)
    director.log_in(fixture.director)
    sheet_path = f"/c/bench-01/so-diem/lop/{fixture.grade_class}/?mon={urllib.parse.quote(fixture.grade_subject)}"
    status, page = director.request("GET", sheet_path)
    assert status == 200, f"grade sheet {status}"
    cells = sorted(set(re.findall(r'name="(s-\d+-[\w-]+)"', page)))
    assert cells, "the grade sheet has no cells"

    grades: list[Timings] = []

    def grade_loop() -> None:
        grades.append(
            closed_loop(
                [director],
                lambda c, n: grade_save(c, "bench-01", fixture.grade_class, fixture.grade_subject, cells, n),
                seconds=seconds,
            )
        )

    grader = threading.Thread(target=grade_loop)
    grader.start()
    rolls = closed_loop(savers, lambda saver, n: saver.retake(n), seconds=seconds)
    grader.join()
    return rolls, grades[0]


def workers_memory_mb(master: int) -> list[int]:
    """Resident memory of each gunicorn worker (the master's children), from /proc."""
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    return [int(Path(f"/proc/{pid}/status").read_text().split("VmRSS:")[1].split()[0]) // 1024 for pid in children]


def measure(database_url: str, *, concurrency: int, seconds: float, workers: int, log: Path) -> dict[str, dict]:
    fixture = fixture_read(database_url)
    results: dict[str, dict] = {}
    with gunicorn(database_url, log, workers=workers) as (port, master):
        pages = {"floor: /healthz": "/healthz"} | {
            label: path.format(session=fixture.session) for label, path in PAGE_LABELS.items()
        }
        clients = [Client(port) for _ in range(concurrency)]
        for client in clients:
            client.log_in(fixture.director)
        for label, path in pages.items():
            closed_loop(clients, page_get(path), seconds=1)  # every worker has served it once
            timings = closed_loop(clients, page_get(path), seconds=seconds)
            results[label] = timings.row()
            print(f"  {label}: {results[label]}", flush=True)
        rolls, grades = writes_at_once(port, fixture, seconds=seconds)
        results[f"{ROLL_SAVERS} roll saves at once"] = rolls.row()
        results["grade-sheet save, meanwhile"] = grades.row()
        for label in list(results)[-2:]:
            print(f"  {label}: {results[label]}", flush=True)
        errors = rolls.errors + grades.errors
        if errors:
            print(f"  errors, first 5: {errors[:5]}", flush=True)
        print(f"  workers' memory after the run: {workers_memory_mb(master)} MB", flush=True)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", action="append", required=True, help="a DATABASE_URL with the bench data")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument(
        "--workers", type=int, default=2, help="gunicorn workers (2 as the issue measured; deployed: 2 × cores + 1)"
    )
    args = parser.parse_args()
    logs = ROOT / "var" / "bench"
    logs.mkdir(parents=True, exist_ok=True)
    table: dict[str, dict[str, dict]] = {}
    for url in args.database:
        name = url.split(":", 1)[0].replace("postgres", "PostgreSQL").replace("sqlite", "SQLite")
        print(f"# {name}: {url}", flush=True)
        log = logs / f"gunicorn-{name}.log"
        table[name] = measure(url, concurrency=args.concurrency, seconds=args.seconds, workers=args.workers, log=log)
    print(
        f"\n{args.workers} gunicorn workers; pages at concurrency {args.concurrency}; {ROLL_SAVERS} roll savers and"
        f" 1 grade saver; {args.seconds:g} s each\n"
    )
    print("| scenario | database | req/s | × floor | p50 ms | p95 ms | max ms | errors |")
    print("|---|---|---:|---:|---:|---:|---:|---:|")
    for label in next(iter(table.values())):
        for name, results in table.items():
            r, floor = results[label], results["floor: /healthz"]["rps"]
            share = f"{r['rps'] / floor:.2f}" if label in PAGE_LABELS else ""
            print(
                f"| {label} | {name} | {r['rps']:.0f} | {share} | {r['p50']:.0f} | {r['p95']:.0f} | {r['max']:.0f} "
                f"| {r['errors']} |"
            )


if __name__ == "__main__":
    main()
