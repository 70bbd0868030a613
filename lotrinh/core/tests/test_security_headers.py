"""Security headers: a Content-Security-Policy with no inline script or style, and templates that need none."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from lotrinh.conftest import client_for
from lotrinh.core.tests.test_deploy import production_env, run

ROOT = Path(settings.BASE_DIR)
TEMPLATES = sorted([*(ROOT / "templates").rglob("*.html"), *(ROOT / "lotrinh").glob("*/templates/**/*.html")])
INLINE = {
    "inline <script>": re.compile(r"<script\b(?![^>]*\bsrc=)[^>]*>", re.I),
    "on…= handler": re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.I),
    "hx-on attribute": re.compile(r"\shx-on[:-]", re.I),
    "style attribute": re.compile(r"<[a-z][^>]*\sstyle\s*=", re.I),
    "<style> element": re.compile(r"<style\b", re.I),
    "javascript: URL": re.compile(r"javascript:", re.I),
}


def _policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {d.split()[0]: d.split()[1:] for d in (part.strip() for part in header.split(";")) if d}


def test_it_walks_enough_templates_to_mean_something():
    assert len(TEMPLATES) > 30
    assert ROOT / "templates" / "base.html" in TEMPLATES


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: str(p.relative_to(ROOT)))
def test_it_has_no_inline_script_handler_or_style_in_a_template(template):
    text = template.read_text()
    found = [what for what, pattern in INLINE.items() if pattern.search(text)]
    assert not found, f"{template.relative_to(ROOT)}: {found} (move it to static/js or static/css/app.css)"


@pytest.mark.parametrize(
    ("text", "what"),
    [
        ("<script>alert(1)</script>", "inline <script>"),
        ('<button onclick="go()">', "on…= handler"),
        ('<form hx-on:submit="x">', "hx-on attribute"),
        ('<p style="margin:0">', "style attribute"),
    ],
)
def test_it_recognises_what_it_forbids(text, what):
    assert INLINE[what].search(text)
    assert not INLINE[what].search('<script src="/static/js/app.js" defer></script><p class="m-0" data-on="x">')


def test_it_sends_a_policy_without_inline_script_on_the_login_page(db):
    response = Client().get("/dang-nhap/")
    policy = _policy(response)
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["default-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["form-action"] == ["'self'"]
    assert not any("unsafe" in value for values in policy.values() for value in values)
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


@pytest.mark.parametrize(
    "path",
    ["", "hoc-vien/", "lop/", "thoi-khoa-bieu/", "diem-danh/", "so-diem/", "duy-tri-si-so/", "nhan-su/", "ho-so/"],
)
def test_it_renders_center_pages_with_the_policy_and_no_inline_script(center_a, alice, path):
    response = client_for(alice).get(f"/c/{center_a.slug}/{path}")
    assert response.status_code == 200
    assert "'unsafe-inline'" not in _policy(response)["script-src"]
    html = response.content.decode()
    found = [what for what, pattern in INLINE.items() if pattern.search(html)]
    assert not found


def test_it_sets_hsts_and_secure_cookies_in_production(tmp_path):
    code = (
        "from django.conf import settings as s; "
        "print(s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SESSION_COOKIE_SECURE, "
        "s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, s.X_FRAME_OPTIONS, *s.SECURE_CSP['script-src'])"
    )
    result = run(["-c", f"import django; django.setup(); {code}"], production_env(tmp_path))
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["31536000", "True", "True", "True", "True", "DENY", "'self'"]
