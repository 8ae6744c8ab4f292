"""The public-enterprise API: sectors, units, complaints filed and followed, answered by staff."""

import pytest

from zwgk.directory.models import Complaint, Sector
from zwgk.directory.services import service_outlet_upsert, unit_sector_set

pytestmark = pytest.mark.django_db

BASE = "/api/v1/public-enterprises"


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def water(enterprise, agency):
    sector = Sector.objects.update_or_create(
        code="water", defaults={"name": "供水", "competent_department": agency}
    )[0]
    unit_sector_set(actor=None, organization=enterprise, sector=sector, check_permission=False)
    service_outlet_upsert(
        actor=None, organization=enterprise, name="西岗营业厅", address="长春路169号", check_permission=False
    )
    return sector


def test_sectors_and_units_are_public(api_client, water, enterprise):
    sectors = api_client().get(f"{BASE}/sectors").json()
    assert {"code": "water", "name": "供水", "competent_department": "dl-sfj"} in sectors
    [unit] = api_client().get(BASE, sector="water").json()
    assert unit["code"] == enterprise.code and unit["competent_department"] == "dl-sfj"
    assert unit["outlets"] == [{"name": "西岗营业厅", "address": "长春路169号", "hours": "", "phone": ""}]
    assert api_client().get(BASE, sector="power").json() == []


def test_file_follow_and_answer_through_the_api(
    api_client, water, enterprise, agency, make_staff, mailoutbox, django_capture_on_commit_callbacks
):
    body = {"organization": enterprise.code, "subject": "未公开收费标准", "body": "网站没有收费标准。",
            "name": "王先生", "email": "w@example.cn"}  # fmt: skip
    assert api_client().post(f"{BASE}/complaints", body, altcha="").status_code == 400
    filed = api_client().post(f"{BASE}/complaints", body)
    assert filed.status_code == 201, filed.content
    token = filed.json()["token"]
    seen = api_client().get(f"{BASE}/complaints/{token}").json()
    assert seen["state"] == "open" and seen["department"] == "dl-sfj" and "name" not in seen
    editor = make_staff(agency, "editor")
    listing = api_client(editor).get("/api/v1/staff/public-enterprises/complaints", state="open").json()
    assert listing["count"] == 1 and listing["results"][0]["email"] == "w@example.cn"
    pk = listing["results"][0]["id"]
    outsider = make_staff(enterprise, "editor")
    assert api_client(outsider).get(f"/api/v1/staff/public-enterprises/complaints/{pk}").status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        answered = api_client(editor).post(
            f"/api/v1/staff/public-enterprises/complaints/{pk}/answer",
            {"outcome": "upheld", "answer": "已责令公开收费标准。"},
        )
    assert answered.status_code == 200, answered.content
    assert api_client().get(f"{BASE}/complaints/{token}").json()["outcome"] == "upheld"
    assert Complaint.objects.get().state == "answered"
    assert mailoutbox and mailoutbox[-1].to == ["w@example.cn"]


def test_staff_keep_outlets_through_the_api(api_client, enterprise, agency, other_agency, make_staff):
    url = f"/api/v1/staff/public-enterprises/{enterprise.code}/outlets"
    row = {"name": "新网点", "address": "中山路1号", "hours": "工作日", "phone": "0411-1"}
    assert api_client(make_staff(agency, "editor")).put(url, row).status_code == 200
    assert api_client(make_staff(other_agency, "editor")).put(url, row).status_code == 404
    assert api_client(make_staff(agency, "reviewer")).put(url, row).status_code == 403


def test_supervisors_get_the_complainant_masked(api_client, enterprise, agency, city, make_staff):
    from datetime import date

    from zwgk.directory import complaints

    complaint = complaints.complaint_file(
        filing=complaints.Filing(
            organization=enterprise, name="李女士", subject="营业时间不符", body="不符。",
            email="li@example.cn", phone="13812345678",
        ),
        received_on=date(2025, 6, 3),
    )  # fmt: skip
    url = f"/api/v1/staff/public-enterprises/complaints/{complaint.pk}"
    got = api_client(make_staff(city, "supervisor")).get(url).json()
    assert (got["name"], got["email"], got["phone"]) == ("李**", "l***@example.cn", "138****5678")
    # The department's own 信息员 finds it among its overdue ones, unmasked.
    listed = (
        api_client(make_staff(agency, "editor"))
        .get("/api/v1/staff/public-enterprises/complaints", state="overdue")
        .json()
    )
    assert [(c["number"], c["name"], c["overdue"]) for c in listed["results"]] == [
        (complaint.number, "李女士", True)
    ]
