from datetime import date

import pytest

from zwgk.directory.services import disclosure_verify
from zwgk.reports.supervision import supervision_overview

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 27)


@pytest.fixture
def enterprises(enterprise, other_agency):
    from tests.factories import OrganizationFactory

    other = OrganizationFactory(
        code="dl-ylfw", name="大连市养老服务中心", short_name="养老服务中心", kind="public_enterprise",
        parent=other_agency,
    )  # fmt: skip
    disclosure_verify(
        actor=None, organization=enterprise, verified_on=date(2026, 9, 28), result="ok",
        check_permission=False,
    )  # fmt: skip
    return enterprise, other


def test_overview_lists_enterprises_with_their_verification(enterprises, make_staff, city):
    overview = supervision_overview(make_staff(city, "supervisor"), year=2026, today=TODAY)
    rows = {e.organization.code: e for e in overview.enterprises}
    assert set(rows) == {"dl-lsfw", "dl-ylfw"}
    assert rows["dl-lsfw"].department.code == "dl-sfj"
    assert (rows["dl-lsfw"].verified_on, rows["dl-lsfw"].result, rows["dl-lsfw"].stale) == (
        date(2026, 9, 28), "ok", False,
    )  # fmt: skip
    assert rows["dl-ylfw"].stale and rows["dl-ylfw"].verified_on is None
    # Enterprises are listed separately, not as rows of the agency table.
    assert not {"dl-lsfw", "dl-ylfw"} & {r.organization.code for r in overview.rows}


def test_an_agency_supervisor_sees_only_its_own_units(enterprises, make_staff, other_agency):
    overview = supervision_overview(make_staff(other_agency, "supervisor"), year=2026, today=TODAY)
    assert [e.organization.code for e in overview.enterprises] == ["dl-ylfw"]


def test_dashboard_shows_the_verification_section_with_stale_units_highlighted(
    enterprises, client, make_staff, city
):
    client.force_login(make_staff(city, "supervisor"))
    page = client.get("/staff/supervision/").content.decode()
    assert "公共企事业单位信息核实" in page
    section = page.split('id="ent-h"')[1].split("</section>")[0]
    assert "法律服务中心" in section and "市司法局" in section and "养老服务中心" in section
    assert "从未核实" in section and "<strong>需核实</strong>" in section
    assert '<tr class="row-warn">\n  <th scope="row">养老服务中心</th>' in section
