import pytest

from tests.factories import OrganizationFactory
from zwgk.core.errors import NotPermitted
from zwgk.organizations.permissions import (
    has_role,
    organizations_with_role,
    require_role,
    visible_organizations,
)

pytestmark = pytest.mark.django_db


def test_editor_sees_only_own_agency(make_staff, agency, other_agency):
    editor = make_staff(agency, "editor")
    assert list(visible_organizations(editor)) == [agency]
    assert has_role(editor, agency, "editor")
    assert not has_role(editor, other_agency, "editor")
    assert not has_role(editor, agency, "reviewer")


def test_supervisor_sees_the_whole_subtree(make_staff, city, agency, other_agency):
    district = OrganizationFactory(code="dl-zsq", name="中山区人民政府", kind="district", parent=city)
    district_dept = OrganizationFactory(code="dl-zsq-mzj", name="中山区民政局", parent=district)
    district_supervisor = make_staff(district, "supervisor")
    assert set(visible_organizations(district_supervisor)) == {district, district_dept}
    city_supervisor = make_staff(city, "supervisor")
    assert set(visible_organizations(city_supervisor)) == {
        city,
        agency,
        other_agency,
        district,
        district_dept,
    }
    assert has_role(city_supervisor, district_dept, "supervisor")
    assert not has_role(district_supervisor, agency, "supervisor")


def test_roles_are_checked_per_agency(make_staff, agency, other_agency):
    head = make_staff(agency, "office_head")
    require_role(head, agency, "office_head")
    with pytest.raises(NotPermitted) as exc:
        require_role(head, other_agency, "office_head")
    assert "市民政局" in exc.value.message
    assert list(organizations_with_role(head, "office_head")) == [agency]


def test_platform_admin_reaches_everything(admin_user, agency, other_agency):
    assert has_role(admin_user, other_agency, "handler")
    assert set(visible_organizations(admin_user)) >= {agency, other_agency}


def test_anonymous_has_nothing(agency):
    from django.contrib.auth.models import AnonymousUser

    assert not has_role(AnonymousUser(), agency, "editor")
    assert not visible_organizations(AnonymousUser()).exists()
