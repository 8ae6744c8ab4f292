from types import SimpleNamespace

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_login_logout_and_dashboard(client, make_staff, agency):
    make_staff(agency, "editor", username="editor1")
    response = client.post("/staff/login/", {"username": "editor1", "password": "correct-horse-42"})
    assert response.status_code == 302 and response["Location"] == "/staff/"
    page = client.get("/staff/").content.decode()
    assert "工作台" in page and "市司法局" in page and "信息员" in page
    assert "审计日志" not in page  # not for editors
    client.post("/staff/logout/")
    assert client.get("/staff/").status_code == 302


def test_repeated_failures_lock_the_account(client, settings, make_staff, agency, monkeypatch):
    make_staff(agency, "editor", username="editor2")
    # A minute apart, so the per-username delay (tests/security/test_login.py) lets each through.
    minutes = iter(range(0, 3600, 61))
    monkeypatch.setattr("zwgk.backoffice.forms.time", SimpleNamespace(time=lambda: float(next(minutes))))
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/staff/login/", {"username": "editor2", "password": "wrong"})
    locked = client.post("/staff/login/", {"username": "editor2", "password": "correct-horse-42"})
    assert locked.status_code == 429
    assert "锁定" in locked.content.decode()
    call_command("axes_reset", verbosity=0)
    assert (
        client.post("/staff/login/", {"username": "editor2", "password": "correct-horse-42"}).status_code
        == 302
    )


def test_password_change(client, make_staff, agency):
    user = make_staff(agency, "handler", username="handler1")
    client.force_login(user)
    response = client.post(
        "/staff/password/",
        {
            "old_password": "correct-horse-42",
            "new_password1": "dalian-open-2026",
            "new_password2": "dalian-open-2026",
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("dalian-open-2026")


def test_pages_are_checked_by_role(client, make_staff, agency, city):
    client.force_login(make_staff(agency, "editor"))
    assert client.get("/staff/audit/").status_code == 403
    assert client.get("/staff/calendar/").status_code == 403
    client.force_login(make_staff(city, "supervisor"))
    assert client.get("/staff/audit/").status_code == 200
    leaders = client.get("/staff/leaders/").content.decode()
    assert "未备案" in leaders and "市司法局" in leaders


def test_calendar_edit_in_the_back_office(client, admin_user):
    client.force_login(admin_user)
    response = client.post(
        "/staff/calendar/?year=2027", {"year": 2027, "holidays": "2027-01-01\n2027-02-05", "workdays": ""}
    )
    assert response.status_code == 302
    page = client.get("/staff/calendar/?year=2027").content.decode()
    assert "2027-02-05" in page and "暂定" not in page


def test_bad_token_is_401(client):
    response = client.put(
        "/api/v1/staff/calendar/2027", "{}", content_type="application/json", HTTP_AUTHORIZATION="Token nope"
    )
    assert response.status_code == 401
