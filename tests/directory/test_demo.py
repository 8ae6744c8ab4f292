from io import StringIO

import pytest
from django.utils import timezone

from zwgk.directory import demo
from zwgk.directory.models import ComplaintChannel, DisclosureVerification, ServiceOutlet
from zwgk.directory.selectors import verification_status
from zwgk.organizations import demo as organizations_demo
from zwgk.organizations.models import Organization

pytestmark = pytest.mark.django_db


def _counts():
    return (
        ServiceOutlet.objects.count(),
        ComplaintChannel.objects.count(),
        DisclosureVerification.objects.count(),
    )


def test_demo_gives_every_enterprise_outlets_and_channels_and_is_idempotent():
    organizations_demo.load(stdout=StringIO())
    summary = demo.load(stdout=StringIO())
    counts = (
        ServiceOutlet.objects.count(),
        ComplaintChannel.objects.count(),
        DisclosureVerification.objects.count(),
    )
    demo.load(stdout=StringIO())
    assert _counts() == counts
    assert "3 家单位已核实" in summary
    orgs = Organization.objects.filter(code__in=demo.OUTLETS).in_bulk(field_name="code")
    assert len(orgs) == 5
    for org in orgs.values():
        assert org.service_outlets.exists() and org.complaint_channels.exists()
    status = verification_status([o.pk for o in orgs.values()], today=timezone.localdate())
    by_code = {code: status[o.pk] for code, o in orgs.items()}
    assert [c for c, s in by_code.items() if s["verified_on"] and s["stale"]] == ["dl-gjjt"]
    assert sorted(c for c, s in by_code.items() if not s["stale"]) == ["dl-gdgs", "dl-swjt"]
    assert by_code["dl-swjt"]["result"] == "problems"


def test_demo_sectors_one_complaint_and_agency_functions():
    from zwgk.directory.models import Complaint, Sector, UnitSector
    from zwgk.organizations.models import AgencyProfile

    organizations_demo.load(stdout=StringIO())
    summary = demo.load(stdout=StringIO())
    demo.load(stdout=StringIO())
    assert "1 件公开申诉" in summary
    assert {
        u.organization.code: u.sector.code
        for u in UnitSector.objects.select_related("organization", "sector")
    } == (demo.UNIT_SECTORS)
    assert Sector.objects.get(code="water").competent_department.code == "dl-swj"
    [complaint] = Complaint.objects.all()
    assert complaint.organization.code == "dl-swjt" and complaint.department.code == "dl-swj"
    assert complaint.due_on > complaint.received_on
    assert set(AgencyProfile.objects.values_list("organization__code", flat=True)) == {
        "dl-sfj",
        "dl-mzj",
        "dl-swj",
    }
