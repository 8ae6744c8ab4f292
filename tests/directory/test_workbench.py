"""The complaint sections of the workbench (工作台): the competent department's complaints to answer
with their count, deadline and link, and no complaint section at all for agencies that oversee no
public enterprise (it could never fill)."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from zwgk.directory import complaints

pytestmark = pytest.mark.django_db

SECTION = 'data-provider="directory.complaints_to_answer"'


def _file(unit, received_on, subject):
    return complaints.complaint_file(
        filing=complaints.Filing(
            organization=unit,
            name="张先生",
            subject=subject,
            body="公布的时间与实际不符。",
            email="z@example.cn",
        ),
        received_on=received_on,
    )


def _section(html: str, provider: str) -> str:
    start = html.index(f'data-provider="{provider}"')
    return html[start : html.index("</section>", start)]


def test_the_department_sees_its_complaints_with_count_deadline_and_link(
    client, enterprise, agency, make_staff
):
    today = timezone.localdate()
    late = _file(enterprise, date(2025, 6, 3), "营业时间不符")  # due 2025-06-24
    fresh = _file(enterprise, today, "收费标准未公开")
    client.force_login(make_staff(agency, "editor"))
    html = client.get("/staff/").content.decode()
    section = _section(html, "directory.complaints_to_answer")
    assert "公共企事业单位信息公开申诉" in section and '<span class="nav-count">2<' in section
    assert '<a href="/staff/directory/complaints/?state=open">待答复的公开申诉</a>' in section
    assert "其中1件已逾期" in section and "2025-06-24" in section and "已过" in section
    assert '<tr class="row-warn">' in section and "暂无待办" not in section
    listing = client.get("/staff/directory/complaints/?state=open").content.decode()
    assert late.number in listing and fresh.number in listing
    # The navigation counts them under 公开申诉.
    nav = html[html.index('class="staff-nav"') : html.index("</nav>")]
    assert '公开申诉 <span class="nav-count">2<' in nav


def test_a_department_with_units_and_nothing_open_is_told_so(client, enterprise, agency, make_staff):
    client.force_login(make_staff(agency, "office_head"))
    section = _section(client.get("/staff/").content.decode(), "directory.complaints_to_answer")
    assert "暂无待办" in section


def test_agencies_that_oversee_no_unit_get_no_complaint_section(client, enterprise, other_agency, make_staff):
    for role in ("editor", "office_head"):
        client.force_login(make_staff(other_agency, role))
        html = client.get("/staff/").content.decode()
        assert 'id="todo-h"' in html and SECTION not in html, role


def test_the_supervisor_sees_overdue_complaints_by_department(client, enterprise, agency, city, make_staff):
    late = _file(enterprise, timezone.localdate() - timedelta(days=60), "营业时间不符")
    client.force_login(make_staff(city, "supervisor"))
    section = _section(client.get("/staff/").content.decode(), "directory.overdue_complaints")
    link = f"/staff/directory/complaints/?state=overdue&amp;department={agency.code}"
    assert f'<a href="{link}">市司法局：逾期未答复的公开申诉</a>' in section
    assert late.due_on.isoformat() in section
    assert late.number in client.get(link.replace("&amp;", "&")).content.decode()
