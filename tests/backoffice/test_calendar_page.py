"""The back-office calendar page: a provisional year shows its days off and why (RULES §1)."""

import pytest

pytestmark = pytest.mark.django_db


def test_a_provisional_year_lists_its_days_and_why(client, admin_user):
    client.force_login(admin_user)
    page = client.get("/staff/calendar/?year=2027").content.decode()
    assert "尚未载入国务院办公厅节假日安排" in page
    assert "周末以外 13 天" in page  # RULES §1's 2027 list
    for row in (
        '<th scope="row">2027-01-01</th><td>星期五</td><td>元旦（法定，暂定）</td>',
        '<th scope="row">2027-02-06</th><td>星期六（周末）</td><td>春节（法定，暂定）</td>',
        '<th scope="row">2027-02-09</th><td>星期二</td><td>补假（春节 2月6日，暂定）</td>',
        '<th scope="row">2027-05-04</th><td>星期二</td><td>补假（劳动节 5月2日，暂定）</td>',
        '<th scope="row">2027-09-15</th><td>星期三</td><td>中秋节（法定，暂定）</td>',
        '<th scope="row">2027-10-05</th><td>星期二</td><td>补假（国庆节 10月3日，暂定）</td>',
    ):
        assert row in page, row
    # The edit form starts empty: saving it unchanged must not pass the law's days off as loaded.
    assert "2027-01-01</textarea>" not in page


def test_a_loaded_year_shows_no_provisional_days(client, admin_user):
    client.force_login(admin_user)
    page = client.get("/staff/calendar/?year=2026").content.decode()
    assert "暂定" not in page
    assert "2026-10-10" in page  # a Saturday worked (调休)


def test_the_page_refuses_a_year_without_holidays(client, admin_user):
    client.force_login(admin_user)
    response = client.post("/staff/calendar/?year=2027", {"year": 2027, "holidays": "", "workdays": ""})
    assert response.status_code == 200
    page = response.content.decode()
    assert "2027 年没有任何放假日期，不能作为已公布的安排载入。" in page
    assert "尚未载入国务院办公厅节假日安排" in page  # still provisional
