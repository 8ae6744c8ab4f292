from datetime import date

import pytest

from tests.factories import OrganizationFactory
from zwgk.core.errors import NotPermitted, ValidationFailed
from zwgk.core.models import AuditEntry
from zwgk.organizations.selectors import leader_filing_status_for
from zwgk.organizations.services import organization_upsert, responsible_leader_file

pytestmark = pytest.mark.django_db


def test_moving_an_agency_moves_its_subtree(admin_user, city, agency):
    district = organization_upsert(
        actor=admin_user, code="dl-zsq", name="中山区人民政府", kind="district", parent=city
    )
    child = organization_upsert(
        actor=admin_user, code="dl-zsq-x", name="中山区某局", kind="department", parent=district
    )
    organization_upsert(actor=admin_user, code="dl-zsq", parent=agency)
    child.refresh_from_db()
    assert child.path == "/dl/dl-sfj/dl-zsq/dl-zsq-x/"
    assert AuditEntry.objects.filter(verb="organization.upsert", organization_code="dl-zsq").count() == 2


def test_an_agency_cannot_become_its_own_ancestor(admin_user, city, agency):
    with pytest.raises(ValidationFailed):
        organization_upsert(actor=admin_user, code="dl", parent=agency)


def test_only_administrators_edit_agencies(make_staff, agency):
    with pytest.raises(NotPermitted):
        organization_upsert(
            actor=make_staff(agency, "supervisor"), code="dl-new", name="新局", kind="department"
        )


def test_leader_filing_and_who_has_not_filed(make_staff, city, agency, other_agency):
    supervisor = make_staff(city, "supervisor")
    head = make_staff(agency, "office_head")
    filing = responsible_leader_file(
        actor=head, organization=agency, name="高明", post="副局长", filed_on=date(2026, 3, 2)
    )
    assert filing.filed_with == city
    status = dict(leader_filing_status_for(supervisor))
    assert status[agency].name == "高明"
    assert status[other_agency] is None
    assert AuditEntry.objects.filter(verb="responsible_leader.file", organization_code="dl-sfj").exists()


def test_vertically_managed_department_files_with_its_superior(admin_user, city):
    superior = OrganizationFactory(code="ln-yzglj", name="辽宁省邮政管理局", parent=None)
    post_office = OrganizationFactory(
        code="dl-yzglj", name="大连市邮政管理局", parent=city, vertically_managed=True, superior=superior
    )
    filing = responsible_leader_file(
        actor=admin_user, organization=post_office, name="许海", post="副局长", filed_on=date(2026, 3, 2)
    )
    assert filing.filed_with == superior


def test_a_handler_cannot_file_for_the_agency(make_staff, agency):
    with pytest.raises(NotPermitted):
        responsible_leader_file(
            actor=make_staff(agency, "handler"),
            organization=agency,
            name="某",
            post="某",
            filed_on=date(2026, 1, 5),
        )
