"""A web worker warms itself before it takes traffic (gunicorn's post_worker_init)."""

import os
import subprocess
import sys

from django.template import engines

from lotrinh.core.warmup import process_warm, template_names


def test_it_compiles_every_template_before_the_first_request():
    names = template_names()
    assert {"base.html", "people/learner_detail.html", "academics/roll_take.html"} <= set(names)
    loader = engines["django"].engine.template_loaders[0]
    loader.reset()

    assert process_warm() == len(names)
    assert {"base.html", "people/learner_detail.html", "academics/roll_take.html"} <= set(loader.get_template_cache)
    assert "lotrinh.retention.views" in sys.modules


def test_it_needs_no_database():
    # Without the django_db mark pytest-django refuses every database access, open connection or not.
    assert process_warm() > 0


def test_it_leaves_scikit_learn_to_the_task_workers():
    # A fresh process, as a gunicorn worker is: 80 MB and a second that no web page needs.
    code = (
        "import django, sys; django.setup(); from lotrinh.core.warmup import process_warm; process_warm(); "
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'sklearn', 'scipy'}))"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True).stdout
    assert out.strip().splitlines()[-1] == "[]"
