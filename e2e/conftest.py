"""Fixtures for the browser tests: one Chromium per session, the demo data built afresh for every test.

``live_server`` runs on the transactional database, which is flushed after every test; the flush also
empties the reference tables that data migrations fill (places, program types, trades, ethnicities,
ID-issuing places, grading rules), so the ``demo`` fixture puts those back before building the demo.
"""

import importlib
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django_scopes import scopes_disabled
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, sync_playwright

# Playwright's sync API runs an event loop in the test thread; Django would refuse ORM calls there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "1")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"
DESKTOP = {"width": 1920, "height": 1080}


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
    yield browser
    browser.close()


@pytest.fixture(scope="session")
def screenshots_dir() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


# The data migrations that fill reference tables, each with the model whose emptiness means "flushed".
REFERENCE_MIGRATIONS = [
    ("core", "Commune", "lotrinh.core.migrations.0002_load_places"),
    ("academics", "ProgramType", "lotrinh.academics.migrations.0003_program_types"),
    ("academics", "Trade", "lotrinh.academics.migrations.0005_trades"),
    ("people", "IdIssuingPlace", "lotrinh.people.migrations.0003_reference_data"),
    ("assessment", "GradingRule", "lotrinh.assessment.migrations.0002_grading_rules"),
    ("guidance", "ReferenceStreamingTarget", "lotrinh.guidance.migrations.0002_reference_targets"),
    ("interests", "Instrument", "lotrinh.interests.migrations.0002_iip_riasec_markers"),
    ("support", "SupportPolicy", "lotrinh.support.migrations.0002_policies"),
    ("careers", "TradeInterestProfile", "lotrinh.careers.migrations.0002_reference_data"),
    ("jobs", "WageBand", "lotrinh.jobs.migrations.0002_reference_data"),
    ("industry", "IndustryCode", "lotrinh.industry.migrations.0002_reference_data"),
]


def _reference_data_ensure() -> None:
    """Reload what the data migrations load (their ``load`` functions are idempotent) after a flush."""
    from django.apps import apps

    for app_label, model_name, module in REFERENCE_MIGRATIONS:
        if not apps.get_model(app_label, model_name).objects.exists():
            importlib.import_module(module).load(apps, None)


@pytest.fixture
def demo(live_server):
    """The demo (three centers of Quảng Trị, every role at Đông Hà) in the live server's database."""
    from lotrinh.core.demo import demo_build

    with scopes_disabled():
        _reference_data_ensure()
    return demo_build()


@pytest.fixture
def context(browser: Browser, live_server, demo) -> Iterator[BrowserContext]:
    context = browser.new_context(base_url=live_server.url, viewport=DESKTOP, locale="vi-VN")
    context.set_default_timeout(10_000)
    yield context
    context.close()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    return context.new_page()


@pytest.fixture(autouse=True)
def _no_content_security_policy_violations(monkeypatch) -> Iterator[None]:
    """Every page of every browser context: a script or style refused by the Content-Security-Policy fails the
    test (Chromium reports each refusal on the console), so moving page behaviour out of line is proven."""
    violations: list[str] = []
    new_context = Browser.new_context

    def watched(self, *args, **kwargs):
        context = new_context(self, *args, **kwargs)
        context.on("console", lambda m: "Content Security Policy" in m.text and violations.append(m.text))
        return context

    monkeypatch.setattr(Browser, "new_context", watched)
    yield
    assert not violations, violations
