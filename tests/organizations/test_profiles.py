"""Agency functions and structure (机构职能): kept by the agency's own staff, versioned, audited,
shown on the portal's agency page and guide, read and written through the API."""

import pytest

from zwgk.core.errors import NotPermitted, ValidationFailed
from zwgk.core.models import AuditEntry
from zwgk.organizations.models import AgencyProfile
from zwgk.organizations.profiles import ProfileInput, agency_profile_save, format_lines, parse_lines

pytestmark = pytest.mark.django_db

DATA = ProfileInput(
    functions="负责全市法治建设的统筹协调。",
    internal_units=[{"name": "办公室", "duties": "负责机关日常运转"}],
    leaders=[{"name": "周正", "post": "局长", "duties": "主持全面工作"}],
    address="人民广场1号",
    hours="工作日 8:30—17:00",
    phone="0411-83631234",
)


def test_each_change_is_a_new_audited_version(agency, make_staff):
    editor = make_staff(agency, "editor")
    first = agency_profile_save(actor=editor, organization=agency, data=DATA)
    assert first.version == 1
    assert agency_profile_save(actor=editor, organization=agency, data=DATA) == first  # unchanged: no version
    changed = ProfileInput(**{**DATA.__dict__, "hours": "工作日 9:00—17:00"})
    second = agency_profile_save(actor=make_staff(agency, "office_head"), organization=agency, data=changed)
    assert second.version == 2 and AgencyProfile.objects.get(version=1).hours == "工作日 8:30—17:00"
    entries = AuditEntry.objects.filter(verb="organization.profile_save").order_by("id")
    assert entries.count() == 2 and entries[1].before["hours"] == "工作日 8:30—17:00"


def test_only_the_agencys_own_staff_edit(agency, other_agency, city, make_staff, admin_user):
    for outsider in (
        make_staff(other_agency, "editor"),
        make_staff(city, "supervisor"),
        make_staff(agency, "reviewer"),
    ):
        with pytest.raises(NotPermitted):
            agency_profile_save(actor=outsider, organization=agency, data=DATA)
    assert agency_profile_save(actor=admin_user, organization=agency, data=DATA).version == 1


def test_rows_need_their_required_parts():
    with pytest.raises(ValidationFailed):
        agency_profile_save(
            actor=None, organization=None, data=ProfileInput(functions=""), check_permission=False
        )


def test_leaders_without_a_post_are_refused(agency):
    bad = ProfileInput(functions="职责", leaders=[{"name": "周正", "post": ""}])
    with pytest.raises(ValidationFailed):
        agency_profile_save(actor=None, organization=agency, data=bad, check_permission=False)


def test_lines_round_trip():
    rows = parse_lines("办公室｜负责日常运转\n\n法治调研处|政策研究\n信访办", ("name", "duties"))
    assert rows == [
        {"name": "办公室", "duties": "负责日常运转"},
        {"name": "法治调研处", "duties": "政策研究"},
        {"name": "信访办", "duties": ""},
    ]
    assert parse_lines(format_lines(rows, ("name", "duties")), ("name", "duties")) == rows


def test_back_office_edit_and_portal_pages(client, agency, make_staff):
    client.force_login(make_staff(agency, "editor"))
    response = client.post(
        f"/staff/profiles/{agency.code}/",
        {
            "functions": "负责全市法治建设的统筹协调。",
            "internal_units": "办公室｜负责机关日常运转\n行政复议与应诉处｜办理行政复议案件",
            "leaders": "周正｜局长｜主持全面工作",
            "address": "人民广场1号",
            "hours": "工作日 8:30—17:00",
            "phone": "0411-83631234",
            "email": "",
        },
    )
    assert response.status_code == 302
    profile = AgencyProfile.objects.get()
    assert profile.leaders == [{"name": "周正", "post": "局长", "duties": "主持全面工作"}]
    assert len(profile.internal_units) == 2
    page = client.get(f"/staff/profiles/{agency.code}/").content.decode()
    assert "第1版" in page and "行政复议与应诉处｜办理行政复议案件" in page
    client.logout()
    for url in (f"/org/{agency.code}/", f"/org/{agency.code}/guide/"):
        public = client.get(url).content.decode()
        assert (
            "机构职能" in public
            and "周正" in public
            and "（局长）" in public
            and "行政复议与应诉处" in public
        )


def test_supervisors_read_but_do_not_edit(client, agency, city, make_staff):
    agency_profile_save(actor=None, organization=agency, data=DATA, check_permission=False)
    client.force_login(make_staff(city, "supervisor"))
    page = client.get(f"/staff/profiles/{agency.code}/").content.decode()
    assert "保存并公开" not in page and "负责全市法治建设的统筹协调" in page
    client.post(f"/staff/profiles/{agency.code}/", {"functions": "改"})
    assert AgencyProfile.objects.count() == 1


def test_the_api(api_client, agency, make_staff):
    assert api_client().get(f"/api/v1/organizations/{agency.code}/profile").status_code == 404
    body = {
        "functions": "负责全市法治建设。",
        "leaders": [{"name": "周正", "post": "局长"}],
        "hours": "工作日",
    }
    put = api_client(make_staff(agency, "editor")).put(
        f"/api/v1/staff/organizations/{agency.code}/profile", body
    )
    assert put.status_code == 200, put.content
    got = api_client().get(f"/api/v1/organizations/{agency.code}/profile").json()
    assert got["version"] == 1 and got["leaders"] == [{"name": "周正", "post": "局长", "duties": ""}]
    assert (
        api_client(make_staff(agency, "reviewer"))
        .put(f"/api/v1/staff/organizations/{agency.code}/profile", body)
        .status_code
        == 403
    )
