from datetime import date

import pytest

from zwgk.core.errors import NotPermitted, ValidationFailed
from zwgk.core.models import AuditEntry
from zwgk.directory.models import ComplaintChannel, DisclosureVerification, ServiceOutlet
from zwgk.directory.services import (
    complaint_channel_delete,
    complaint_channel_upsert,
    disclosure_verify,
    service_outlet_delete,
    service_outlet_upsert,
)

pytestmark = pytest.mark.django_db


def _outlet(actor, org, **kw):
    fields = {"name": "西岗服务大厅", "address": "大连市西岗区人民广场1号", "hours": "工作日 8:30—17:00"}
    return service_outlet_upsert(actor=actor, organization=org, **(fields | kw))


def test_the_enterprise_and_its_competent_department_editors_keep_outlets(enterprise, agency, make_staff):
    outlet = _outlet(make_staff(enterprise, "editor"), enterprise)
    again = _outlet(make_staff(agency, "editor"), enterprise, phone="0411-83630001")
    assert again.pk == outlet.pk and ServiceOutlet.objects.get().phone == "0411-83630001"
    verbs = list(AuditEntry.objects.values_list("verb", flat=True).order_by("pk"))
    assert verbs == ["directory.outlet_upsert", "directory.outlet_upsert"]


def test_an_unrelated_agency_editor_cannot_change_outlets_or_channels(enterprise, other_agency, make_staff):
    stranger = make_staff(other_agency, "editor")
    with pytest.raises(NotPermitted):
        _outlet(stranger, enterprise)
    with pytest.raises(NotPermitted):
        complaint_channel_upsert(actor=stranger, organization=enterprise, kind="phone", value="12345")
    assert not ServiceOutlet.objects.exists() and not ComplaintChannel.objects.exists()


def test_deleting_outlets_and_channels_is_audited(enterprise, make_staff):
    editor = make_staff(enterprise, "editor")
    outlet = _outlet(editor, enterprise)
    channel = complaint_channel_upsert(actor=editor, organization=enterprise, kind="phone", value="12345")
    service_outlet_delete(actor=editor, outlet_id=outlet.pk)
    complaint_channel_delete(actor=editor, channel_id=channel.pk)
    assert not ServiceOutlet.objects.exists() and not ComplaintChannel.objects.exists()
    assert (
        AuditEntry.objects.filter(verb__in=["directory.outlet_delete", "directory.channel_delete"]).count()
        == 2
    )


def test_outlets_belong_to_public_enterprises_only(agency, make_staff):
    with pytest.raises(ValidationFailed):
        _outlet(make_staff(agency, "editor"), agency)


@pytest.mark.parametrize("role", ["office_head", "supervisor", "editor"])
def test_the_competent_department_verifies(enterprise, agency, make_staff, role):
    actor = make_staff(agency, role)
    v = disclosure_verify(
        actor=actor, organization=enterprise, verified_on=date(2026, 9, 28), result="ok", note=""
    )
    assert (v.verifying_organization, v.verified_by, v.result) == (agency, actor, "ok")
    entry = AuditEntry.objects.get(verb="directory.verify")
    assert entry.organization_code == "dl-lsfw" and entry.after["verifying_organization"] == agency.pk


def test_an_unrelated_agency_editor_cannot_verify(enterprise, other_agency, make_staff):
    with pytest.raises(NotPermitted):
        disclosure_verify(
            actor=make_staff(other_agency, "editor", "office_head"), organization=enterprise,
            verified_on=date(2026, 9, 28), result="ok", note="",
        )  # fmt: skip
    assert not DisclosureVerification.objects.exists() and not AuditEntry.objects.exists()


def test_the_enterprise_cannot_verify_itself(enterprise, make_staff):
    with pytest.raises(NotPermitted):
        disclosure_verify(
            actor=make_staff(enterprise, "editor", "office_head"), organization=enterprise,
            verified_on=date(2026, 9, 28), result="ok", note="",
        )  # fmt: skip


def test_problems_found_must_be_described(enterprise, agency, make_staff):
    with pytest.raises(ValidationFailed):
        disclosure_verify(
            actor=make_staff(agency, "editor"), organization=enterprise,
            verified_on=date(2026, 9, 28), result="problems", note=" ",
        )  # fmt: skip
