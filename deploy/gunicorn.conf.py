"""Gunicorn for Lộ Trình: ``.venv/bin/gunicorn -c deploy/gunicorn.conf.py`` (see docs/DEPLOY.md).

Everything that differs between servers comes from the environment, like the Django settings:
LOTRINH_BIND (default 127.0.0.1:8000; comma-separated for several) and LOTRINH_WEB_WORKERS
(default 2 × CPU cores + 1).
"""

import multiprocessing
import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent

wsgi_app = "config.wsgi:application"
chdir = str(BASE_DIR)  # also puts the project on sys.path, whatever the working directory
raw_env = ["DJANGO_SETTINGS_MODULE=" + os.environ.get("DJANGO_SETTINGS_MODULE", "config.settings.production")]

bind = [address.strip() for address in os.environ.get("LOTRINH_BIND", "127.0.0.1:8000").split(",") if address.strip()]
workers = int(os.environ.get("LOTRINH_WEB_WORKERS", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"  # nginx buffers slow clients; each worker handles one request at a time
timeout = 30  # a request still running after this is killed (and logged) rather than left hanging
graceful_timeout = 30
keepalive = 5  # behind nginx's upstream keepalive
# Recycle workers now and then so a slow leak could not grow forever. Measured (docs/BENCHMARKS.md): a
# worker's memory is flat after its first 2,500 requests, so recycling is rare, and the wide jitter keeps
# two workers from restarting in the same second (with 2,000 ± 200 both did, and nobody was served).
max_requests = 10_000
max_requests_jitter = 5_000
# Each worker warms itself before it accepts a connection (post_worker_init below): while a recycled worker
# warms, the others take the traffic. Not preload_app: it would keep HUP (systemctl reload) from loading new code.

# nginx on the same host. When nginx runs on another machine, add its address here and in LOTRINH_BIND.
forwarded_allow_ips = os.environ.get("LOTRINH_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# Recent gunicorn opens a control socket under ~/.gunicorn by default; systemd's signals are all we use.
control_socket_disable = True

# Logs: the application already writes one JSON line per request (RequestLogMiddleware), so no access log;
# gunicorn's own messages (boot, worker timeouts) go to stderr as JSON too, so journald holds one format.
accesslog = None
errorlog = "-"
loglevel = os.environ.get("LOTRINH_LOG_LEVEL", "INFO").lower()
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "lotrinh.core.logging.JsonFormatter"}},
    "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stderr"}},
    "root": {"level": "INFO", "handlers": []},
    "loggers": {
        "gunicorn.error": {"handlers": ["stderr"], "propagate": False, "qualname": "gunicorn.error"},
        "gunicorn.access": {"handlers": [], "propagate": False, "qualname": "gunicorn.access"},
    },
}


def post_worker_init(worker):
    """In a new worker, after it loaded the application and before it accepts its first connection."""
    from lotrinh.core.warmup import process_warm

    worker.log.info("worker %s warmed: %d templates compiled", worker.pid, process_warm())
