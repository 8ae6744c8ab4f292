"""Issue 21.7: one message for every failed login; a progressive delay per username across
addresses that never locks the real user out of a browser they logged in from before."""

import re
from types import SimpleNamespace

import pytest
from django.core.cache import cache

from tests.factories import UserFactory
from zwgk.backoffice import login_throttle

pytestmark = pytest.mark.django_db

RIGHT = "correct-horse-42"


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def clock(monkeypatch):
    now = SimpleNamespace(value=1_800_000_000.0)
    monkeypatch.setattr("zwgk.backoffice.forms.time", SimpleNamespace(time=lambda: now.value))
    return now


def _login(client, username, password, ip):
    return client.post("/staff/login/", {"username": username, "password": password}, REMOTE_ADDR=ip)


def _error(response):
    match = re.search(r'<div class="form-errors" role="alert">(.*?)</div>', response.content.decode(), re.S)
    return match.group(1) if match else None


def test_unknown_disabled_and_wrong_password_read_the_same(client, make_staff, agency, clock):
    make_staff(agency, "office_head", username="head")
    UserFactory(username="retired", is_active=False)
    errors = {
        _error(_login(client, "head", "wrong", "198.51.100.1")),
        _error(_login(client, "nobody", "wrong", "198.51.100.2")),
        _error(_login(client, "retired", RIGHT, "198.51.100.3")),
    }
    assert len(errors) == 1 and "用户名或密码不正确" in errors.pop()


def test_failures_from_many_addresses_slow_down_the_username(client, make_staff, agency, clock):
    make_staff(agency, "office_head", username="head")
    for i in range(login_throttle.FREE_FAILURES + 2):
        clock.value += 0.5
        _login(client, "head", f"guess{i}", f"203.0.113.{i + 1}")
    # Even the right password, from a fresh address, must wait.
    refused = _login(client, "head", RIGHT, "203.0.113.200")
    assert refused.status_code == 200 and "秒后再试" in _error(refused)
    assert "_auth_user_id" not in client.session
    clock.value += login_throttle.MAX_DELAY_SECONDS
    assert _login(client, "head", RIGHT, "203.0.113.201").status_code == 302


def test_the_delay_is_the_same_for_unknown_usernames(client, make_staff, agency, clock):
    make_staff(agency, "office_head", username="head")
    for name in ("head", "ghost"):
        for i in range(login_throttle.FREE_FAILURES + 1):
            _login(client, name, "wrong", f"192.0.2.{i + 1}")
    assert _error(_login(client, "head", "x", "192.0.2.99")) == _error(
        _login(client, "ghost", "x", "192.0.2.99")
    )


def test_the_delay_is_capped():
    assert [login_throttle.delay_after(n) for n in (0, 2, 3, 4, 5)] == [0, 0, 1, 2, 4]
    assert login_throttle.delay_after(1000) == login_throttle.MAX_DELAY_SECONDS == 60


def test_a_browser_that_logged_in_before_is_never_delayed(
    client, make_staff, agency, clock, django_user_model
):
    from django.test import Client

    make_staff(agency, "office_head", username="head")
    assert _login(client, "head", RIGHT, "10.1.1.1").status_code == 302
    client.post("/staff/logout/")
    attacker = Client()
    for i in range(30):
        _login(attacker, "head", f"guess{i}", f"203.0.113.{i + 1}")
    assert "秒后再试" in _error(_login(attacker, "head", RIGHT, "203.0.113.99"))
    # The office head's own browser still carries the device cookie from the earlier login.
    assert _login(client, "head", RIGHT, "10.1.1.1").status_code == 302


def test_a_forged_device_cookie_does_not_skip_the_delay(client, make_staff, agency, clock):
    make_staff(agency, "office_head", username="head")
    for i in range(10):
        _login(client, "head", "wrong", f"203.0.113.{i + 1}")
    client.cookies[login_throttle.DEVICE_COOKIE] = "head"
    assert "秒后再试" in _error(_login(client, "head", RIGHT, "203.0.113.50"))


def test_django_admin_login_goes_through_the_same_delay(client, admin_user, clock):
    for i in range(login_throttle.FREE_FAILURES + 2):
        client.post(
            "/django-admin/login/",
            {"username": "admin", "password": "wrong"},
            REMOTE_ADDR=f"203.0.113.{i + 1}",
        )
    response = client.post(
        "/django-admin/login/", {"username": "admin", "password": RIGHT}, REMOTE_ADDR="203.0.113.99"
    )
    assert "秒后再试" in response.content.decode() and "_auth_user_id" not in client.session
