"""A web worker warms itself before it takes traffic (gunicorn's post_worker_init)."""

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
    # The views are imported, the drop-out model's libraries with them.
    assert "lotrinh.retention.views" in sys.modules and "sklearn" in sys.modules


def test_it_needs_no_database():
    # Without the django_db mark pytest-django refuses every database access, open connection or not.
    assert process_warm() > 0
