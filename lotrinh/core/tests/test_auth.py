import datetime as dt
import re

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client, RequestFactory, override_settings
from django.utils import translation

from lotrinh.conftest import PASSWORD
from lotrinh.core.auth import client_address
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
    # Even the right password is refused while the lock holds, from any address.
    response = _login(Client(REMOTE_ADDR="10.9.9.9"), "alice", PASSWORD)
    assert response.status_code == 200
    assert "_auth_user_id" not in response.client.session
    assert LoginThrottle.objects.get(kind="username", key="alice").locked_until is not None


def test_it_lets_the_lock_lapse_after_the_window(alice, clock):
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        _login(Client(), "alice", "sai-mat-khau")
    clock.shift(dt.timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES, seconds=1))
    assert _login(Client(), "alice", PASSWORD).status_code == 302


@override_settings(LOGIN_ADDRESS_FAILURE_LIMIT=4, LOGIN_FAILURE_LIMIT=3)
def test_it_locks_an_address_that_tries_many_usernames(alice, bob):
    spray = Client(REMOTE_ADDR="203.0.113.7")
    for number in range(4):
        _login(spray, f"nobody{number}", "sai-mat-khau")
    # No username reached its own limit, but the address did: even alice's right password is refused there...
    assert not LoginThrottle.objects.filter(kind="username", locked_until__isnull=False).exists()
    response = _login(spray, "alice", PASSWORD)
    assert response.status_code == 200
    assert "_auth_user_id" not in response.client.session
    # ...and accepted from another address.
    assert _login(Client(REMOTE_ADDR="198.51.100.1"), "bob", PASSWORD).status_code == 302


@override_settings(LOGIN_ADDRESS_FAILURE_LIMIT=2)
def test_it_keeps_counting_the_address_after_a_successful_login(alice):
    client = Client(REMOTE_ADDR="203.0.113.7")
    _login(client, "nobody", "sai-mat-khau")
    assert _login(client, "alice", PASSWORD).status_code == 302
    _login(Client(REMOTE_ADDR="203.0.113.7"), "nobody2", "sai-mat-khau")
    assert LoginThrottle.objects.get(kind="address", key="203.0.113.7").locked_until is not None


def test_it_forgets_failures_after_a_successful_login(alice):
    client = Client()
    _login(client, "alice", "sai-mat-khau")
    assert _login(client, "alice", PASSWORD).status_code == 302
    assert not LoginThrottle.objects.filter(kind="username", key="alice").exists()


@override_settings(LOGIN_ADDRESS_FAILURE_LIMIT=3)
def test_it_answers_the_same_for_unknown_wrong_locked_and_locked_address(alice, bob):
    def page(username: str, password: str, address: str) -> tuple[int, str]:
        response = _login(Client(REMOTE_ADDR=address), username, password)
        # The CSRF token differs per client; everything else must be byte for byte the same.
        body = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())
        return response.status_code, body.replace(username, "USERNAME")

    for number in range(settings.LOGIN_FAILURE_LIMIT):
        _login(Client(REMOTE_ADDR=f"192.0.2.{100 + number}"), "alice", "sai-mat-khau")
    for number in range(3):
        _login(Client(REMOTE_ADDR="192.0.2.2"), f"nobody{number}", "sai-mat-khau")

    unknown = page("khong-ai-ca", "sai-mat-khau", "192.0.2.3")
    wrong_password = page("bob", "sai-mat-khau", "192.0.2.4")
    locked_account = page("alice", PASSWORD, "192.0.2.5")
    locked_address = page("bob", PASSWORD, "192.0.2.2")
    assert unknown[0] == 200
    assert unknown == wrong_password == locked_account == locked_address


def test_it_hashes_a_password_once_for_unknown_wrong_and_locked(alice, monkeypatch):
    from django.contrib.auth.hashers import MD5PasswordHasher

    calls = []
    original = MD5PasswordHasher.encode
    monkeypatch.setattr(MD5PasswordHasher, "encode", lambda self, *a, **kw: calls.append(1) or original(self, *a, **kw))
    counts = {}
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        _login(Client(), "alice", "sai-mat-khau")
    for case, username in [("unknown", "khong-ai-ca"), ("wrong", "alice"), ("locked", "alice")]:
        calls.clear()
        if case == "wrong":
            LoginThrottle.objects.all().delete()
        _login(Client(), username, "sai-mat-khau")
        counts[case] = len(calls)
    assert counts == {"unknown": 1, "wrong": 1, "locked": 1}


@pytest.mark.parametrize(
    ("meta", "expected"),
    [
        ({"REMOTE_ADDR": "203.0.113.7"}, "203.0.113.7"),
        # Without a configured header, what the client sends is ignored.
        ({"REMOTE_ADDR": "203.0.113.7", "HTTP_X_REAL_IP": "1.2.3.4", "HTTP_X_FORWARDED_FOR": "1.2.3.4"}, "203.0.113.7"),
        ({"REMOTE_ADDR": "2001:db8:1:2:3:4:5:6"}, "2001:db8:1:2::/64"),
        ({"REMOTE_ADDR": "::ffff:203.0.113.7"}, "203.0.113.7"),
        ({"REMOTE_ADDR": "not an address"}, ""),
    ],
)
def test_it_reads_the_client_address_from_remote_addr(meta, expected):
    assert client_address(RequestFactory().get("/", **meta)) == expected


@override_settings(LOTRINH_CLIENT_ADDRESS_HEADER="HTTP_X_REAL_IP", LOTRINH_TRUSTED_PROXIES=["127.0.0.1"])
def test_it_believes_the_proxy_header_only_from_the_trusted_proxy():
    through_nginx = RequestFactory().get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_REAL_IP="203.0.113.7")
    straight_in = RequestFactory().get("/", REMOTE_ADDR="198.51.100.1", HTTP_X_REAL_IP="203.0.113.7")
    assert client_address(through_nginx) == "203.0.113.7"
    assert client_address(straight_in) == "198.51.100.1"


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
