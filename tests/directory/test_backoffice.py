"""办事公开 in the back office: who may keep a unit's outlets and channels, and who checks them."""

import pytest

from zwgk.core.models import AuditEntry
from zwgk.directory.models import ComplaintChannel, DisclosureVerification, ServiceOutlet

pytestmark = pytest.mark.django_db

URL = "/staff/directory/dl-lsfw/"


@pytest.fixture
def unit_editor(enterprise, make_staff):
    return make_staff(enterprise, "editor", username="lsfw_editor")


@pytest.fixture
def department_head(agency, make_staff):
    return make_staff(agency, "office_head", username="sfj_head")


def test_the_units_editor_publishes_outlets_and_channels(client, enterprise, unit_editor):
    client.force_login(unit_editor)
    listing = client.get("/staff/directory/").content.decode()
    assert "大连市法律服务中心" in listing and "从未核实" in listing
    assert "办事公开" in listing  # in the menu
    response = client.post(
        URL,
        {"action": "outlet", "name": "中山区服务窗口", "address": "人民路 1 号", "hours": "工作日",
         "phone": "0411-1", "sort": "10"},
    )  # fmt: skip
    assert response.status_code == 302
    page = client.post(
        URL, {"action": "channel", "kind": "phone", "value": "0411-12345", "note": "24 小时"}, follow=True
    ).content.decode()
    assert "投诉渠道已保存。" in page
    outlet = ServiceOutlet.objects.get(organization=enterprise)
    assert (outlet.address, outlet.sort) == ("人民路 1 号", 10)
    assert ComplaintChannel.objects.get(organization=enterprise).note == "24 小时"
    page = client.get(URL).content.decode()
    assert "中山区服务窗口" in page and "0411-12345" in page
    assert "记录核实情况" not in page  # the unit does not check itself
    assert AuditEntry.objects.filter(verb__startswith="directory.").count() == 2
    # The same name updates the outlet; deleting removes it.
    client.post(URL, {"action": "outlet", "name": "中山区服务窗口", "address": "人民路 2 号", "sort": "10"})
    assert ServiceOutlet.objects.get(organization=enterprise).address == "人民路 2 号"
    client.post(URL, {"action": "outlet_delete", "id": str(outlet.pk)})
    assert not ServiceOutlet.objects.filter(organization=enterprise).exists()


def test_bad_input_is_said_on_the_form(client, enterprise, unit_editor):
    client.force_login(unit_editor)
    page = client.post(URL, {"action": "outlet", "name": "", "address": "x", "sort": "1"}).content.decode()
    assert "这个字段是必填项。" in page
    page = client.post(URL, {"action": "channel", "kind": "pigeon", "value": "x"}).content.decode()
    assert "选择一个有效的选项" in page
    assert not ComplaintChannel.objects.exists()


def test_the_competent_department_verifies_and_problems_need_a_note(client, enterprise, department_head):
    client.force_login(department_head)
    page = client.get(URL).content.decode()
    assert "记录核实情况" in page
    page = client.post(
        URL, {"action": "verify", "verified_on": "2026-11-20", "result": "problems", "note": ""}
    ).content.decode()
    assert "请写明问题和整改要求" in page
    assert not DisclosureVerification.objects.exists()
    client.post(URL, {"action": "verify", "verified_on": "2026-11-20", "result": "ok", "note": ""})
    check = DisclosureVerification.objects.get()
    assert check.verifying_organization.code == "dl-sfj" and check.verified_by == department_head
    assert "2026-11-20" in client.get(URL).content.decode()


def test_others_cannot_change_or_even_see_a_unit(client, enterprise, unit_editor, other_agency, make_staff):
    outsider = make_staff(other_agency, "editor", username="mzj_editor")
    client.force_login(outsider)
    assert client.get(URL).status_code == 404
    assert client.post(URL, {"action": "channel", "kind": "phone", "value": "1"}).status_code == 404
    listing = client.get("/staff/directory/").content.decode()
    assert "大连市法律服务中心" not in listing and "没有登记公共企事业单位" in listing
    # The unit's editor cannot record a check, nor delete another unit's rows by id.
    client.force_login(unit_editor)
    page = client.post(
        URL, {"action": "verify", "verified_on": "2026-11-20", "result": "ok"}, follow=True
    ).content.decode()
    assert "只有“法律服务中心”的主管部门（市司法局）才能核实其公开的信息。" in page
    assert not DisclosureVerification.objects.exists()
    assert client.post(URL, {"action": "outlet_delete", "id": "999999"}).status_code == 404
    assert client.post(URL, {"action": "channel_delete", "id": "abc"}).status_code == 404
    assert client.post(URL, {"action": "launch"}).status_code == 404
