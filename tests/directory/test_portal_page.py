"""The public 公共企事业单位办事公开 page: what each unit publishes and its department's last check."""

from datetime import date

import pytest

from zwgk.directory.selectors import public_service_directory
from zwgk.directory.services import complaint_channel_upsert, disclosure_verify, service_outlet_upsert

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(enterprise):
    service_outlet_upsert(
        actor=None, organization=enterprise, name="中山区服务窗口", address="中山区人民路 1 号",
        hours="工作日 8:30-17:00", phone="0411-8888 0001", check_permission=False,
    )  # fmt: skip
    complaint_channel_upsert(
        actor=None, organization=enterprise, kind="phone", value="0411-12345", note="24 小时",
        check_permission=False,
    )  # fmt: skip
    complaint_channel_upsert(
        actor=None, organization=enterprise, kind="web", value="https://example.cn/ts", check_permission=False
    )
    return enterprise


def test_page_lists_outlets_channels_and_the_departments_check(client, published, agency):
    disclosure_verify(
        actor=None, organization=published, verified_on=date(2026, 6, 1), result="ok", note="",
        check_permission=False,
    )  # fmt: skip
    page = client.get("/public-services/").content.decode()
    assert "公共企事业单位办事公开" in page
    assert "主管部门：市司法局" in page
    assert "大连市法律服务中心" in page and 'id="dl-lsfw"' in page
    assert "中山区人民路 1 号" in page and "工作日 8:30-17:00" in page
    assert 'href="tel:041188880001"' in page  # dialable on a phone
    assert 'href="tel:041112345"' in page and "（24 小时）" in page
    assert 'href="https://example.cn/ts" rel="noopener"' in page
    assert "主管部门核实：2026年6月1日，真实有效" in page
    assert 'aria-current="page"' in page  # the nav marks where the visitor is


def test_unverified_and_stale_checks_are_said(client, published):
    page = client.get("/public-services/").content.decode()
    assert "主管部门尚未核实" in page
    disclosure_verify(
        actor=None, organization=published, verified_on=date(2020, 1, 1), result="problems",
        note="服务时间与实际不符，限期更正",
        check_permission=False,
    )  # fmt: skip
    page = client.get("/public-services/").content.decode()
    assert "存在问题" in page and "待复核" in page


def test_inactive_units_and_other_kinds_are_left_out(client, published, agency):
    published.is_active = False
    published.save()
    page = client.get("/public-services/").content.decode()
    assert "大连市法律服务中心" not in page and "暂无公共企事业单位" in page


def test_directory_takes_a_fixed_number_of_queries(published, agency, django_assert_num_queries):
    from tests.factories import OrganizationFactory

    for i in range(3):
        other = OrganizationFactory(code=f"dl-e{i}", kind="public_enterprise", parent=agency)
        service_outlet_upsert(
            actor=None, organization=other, name="网点", address="地址", check_permission=False
        )
    with django_assert_num_queries(4):  # units + outlets + channels + checks
        groups = public_service_directory(today=date(2026, 11, 28))
    ((department, entries),) = groups
    assert department == agency and len(entries) == 4
    (ours,) = [e for e in entries if e.organization == published]
    assert [o.name for o in ours.outlets] == ["中山区服务窗口"]
    assert [c.kind for c in ours.channels] == ["phone", "web"]
