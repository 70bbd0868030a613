import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.utils import translation

from lotrinh.conftest import PASSWORD
from lotrinh.core.models import LoginThrottle


def _login(client: Client, username: str, password: str):
    return client.post("/dang-nhap/", {"username": username, "password": password})


def test_it_logs_in_and_lands_on_the_members_center(alice, center_a):
    response = _login(Client(), "alice", PASSWORD)
    assert response.status_code == 302
    follow = Client()
    follow.post("/dang-nhap/", {"username": "alice", "password": PASSWORD})
    assert follow.get("/")["Location"] == f"/c/{center_a.slug}/"


def test_it_refuses_a_wrong_password_in_vietnamese(alice):
    response = _login(Client(), "alice", "sai-mat-khau")
    assert response.status_code == 200
    with translation.override("vi"):
        expected = translation.gettext("The username or password is not correct.")
    assert expected != "The username or password is not correct."
    assert expected in response.content.decode()
    assert "_auth_user_id" not in response.client.session


def test_it_locks_the_account_after_repeated_failures(alice):
    client = Client()
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        _login(client, "alice", "sai-mat-khau")
    # Even the right password is refused while the lock holds.
    response = _login(client, "alice", PASSWORD)
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert LoginThrottle.objects.get(username_key="alice").locked_until is not None


def test_it_forgets_failures_after_a_successful_login(alice):
    client = Client()
    _login(client, "alice", "sai-mat-khau")
    assert _login(client, "alice", PASSWORD).status_code == 302
    assert not LoginThrottle.objects.filter(username_key="alice").exists()


def test_it_hashes_passwords_with_argon2_outside_tests():
    from config.settings import base

    assert base.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


def test_it_sends_a_password_reset_email(alice):
    response = Client().post("/quen-mat-khau/", {"email": alice.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert "/dat-lai-mat-khau/" in mail.outbox[0].body


@pytest.mark.parametrize("name", ["SESSION_COOKIE_HTTPONLY"])
def test_it_keeps_session_cookies_away_from_scripts(name):
    assert getattr(settings, name) is True
