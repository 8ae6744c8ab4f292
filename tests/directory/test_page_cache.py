"""The public pages of units, sectors and agency functions in the page cache (decision 0029): a
change through its service shows at once; a change of one unit's outlets retires only the pages
that show them; a complaint (personal, never on a cached page) retires nothing."""

from datetime import date

import pytest

from zwgk.directory import complaints
from zwgk.directory.models import Sector, VerificationResult
from zwgk.directory.services import disclosure_verify, service_outlet_upsert, unit_sector_set
from zwgk.organizations.profiles import ProfileInput, agency_profile_save

pytestmark = pytest.mark.django_db

SERVICES = "/public-services/"


def state(client, url: str) -> str:
    return client.get(url).get("X-Page-Cache", "")


def cached(client, *urls: str) -> None:
    for url in urls:
        client.get(url)
        assert state(client, url) == "hit", url


def test_an_outlet_shows_at_once_and_other_pages_stay_cached(
    client, enterprise, agency, django_capture_on_commit_callbacks
):
    cached(client, SERVICES, "/organizations/", f"/org/{agency.code}/")
    with django_capture_on_commit_callbacks(execute=True):
        service_outlet_upsert(
            actor=None, organization=enterprise, name="人民路服务窗口", address="中山区人民路1号",
            check_permission=False,
        )  # fmt: skip
    response = client.get(SERVICES)
    assert response["X-Page-Cache"] == "miss" and "人民路服务窗口" in response.content.decode()
    # The outlet shows on the 办事公开 page only: the rest of the portal is still served from the cache.
    assert state(client, "/organizations/") == "hit"
    assert state(client, f"/org/{agency.code}/") == "hit"


def test_a_sector_and_a_verification_show_at_once(
    client, enterprise, agency, django_capture_on_commit_callbacks
):
    water = Sector.objects.update_or_create(code="water", defaults={"name": "供水"})[0]
    cached(client, SERVICES, f"{SERVICES}?sector=water")
    with django_capture_on_commit_callbacks(execute=True):
        unit_sector_set(actor=None, organization=enterprise, sector=water, check_permission=False)
    assert enterprise.name in client.get(f"{SERVICES}?sector=water").content.decode()
    cached(client, SERVICES)
    with django_capture_on_commit_callbacks(execute=True):
        disclosure_verify(
            actor=None, organization=enterprise, verified_on=date(2026, 3, 2),
            result=VerificationResult.PROBLEMS, note="营业时间公示有误。", check_permission=False,
        )  # fmt: skip
    response = client.get(SERVICES)
    assert response["X-Page-Cache"] == "miss" and "2026年3月2日" in response.content.decode()


def test_a_unit_renamed_shows_at_once(client, enterprise, django_capture_on_commit_callbacks):
    from zwgk.organizations.services import organization_upsert

    cached(client, SERVICES, "/organizations/")
    with django_capture_on_commit_callbacks(execute=True):
        organization_upsert(
            actor=None, code=enterprise.code, check_permission=False, name="大连市公共法律服务中心",
            short_name="公共法律服务中心",
        )  # fmt: skip
    for url in (SERVICES, "/organizations/"):
        assert "公共法律服务中心" in client.get(url).content.decode(), url


def test_a_complaint_retires_no_page(client, enterprise, agency, django_capture_on_commit_callbacks):
    cached(client, SERVICES, "/", f"/org/{agency.code}/")
    with django_capture_on_commit_callbacks(execute=True):
        complaints.complaint_file(
            filing=complaints.Filing(
                organization=enterprise,
                name="张先生",
                subject="营业时间不符",
                body="不符。",
                email="z@example.cn",
            ),
            received_on=date(2026, 3, 2),
        )
    for url in (SERVICES, "/", f"/org/{agency.code}/"):
        assert state(client, url) == "hit", url


def test_agency_functions_show_at_once_on_the_agency_page_and_guide(
    client, agency, make_staff, django_capture_on_commit_callbacks
):
    pages = (f"/org/{agency.code}/", f"/org/{agency.code}/guide/")
    cached(client, *pages)
    with django_capture_on_commit_callbacks(execute=True):
        agency_profile_save(
            actor=make_staff(agency, "editor"),
            organization=agency,
            data=ProfileInput(functions="负责全市公共法律服务体系建设。", address="人民广场1号"),
        )
    for url in pages:
        response = client.get(url)
        assert response["X-Page-Cache"] == "miss", url
        assert "负责全市公共法律服务体系建设" in response.content.decode(), url


def test_the_complaint_pages_are_never_cached(client, enterprise):
    for _ in range(2):
        response = client.get("/public-services/complain/")
        assert response.status_code == 200 and "X-Page-Cache" not in response
