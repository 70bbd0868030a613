"""Warm a web process before it takes traffic, so that no visitor pays for what every process does once.

A new process's first request used to take 1.3–1.5 s: importing every view, building the URL resolver,
reading the Vietnamese catalogue and compiling the templates it renders. (scikit-learn, which the drop-out
model needs, is left to the task workers: see retention.services._learning.)

gunicorn calls ``process_warm`` in each new worker before the worker accepts a connection
(``post_worker_init`` in deploy/gunicorn.conf.py): at start and each time ``max_requests`` recycles a
worker, the others serve while it warms, and no request waits for it.
"""

from pathlib import Path

from django.apps import apps
from django.db import connections
from django.template import engines
from django.urls import get_resolver
from django.utils import translation


def template_names() -> list[str]:
    """Every template the project and its apps ship (the files the loaders would find)."""
    engine = engines["django"]
    folders = [Path(d) for d in engine.dirs] + [Path(app.path) / "templates" for app in apps.get_app_configs()]
    return sorted({str(path.relative_to(f)) for f in folders if f.is_dir() for path in f.rglob("*.html")})


def process_warm() -> int:
    """Import the views, load the catalogue, compile the templates; returns how many templates were compiled.

    It leaves no database connection open: the worker's first request opens its own, as every request does.
    """
    get_resolver().reverse_dict  # imports every urlconf and view module  # noqa: B018
    with translation.override("vi"):
        translation.gettext("Learners")
    names = template_names()
    for name in names:
        engines["django"].get_template(name)  # kept by the cached loader
    connections.close_all()
    return len(names)
