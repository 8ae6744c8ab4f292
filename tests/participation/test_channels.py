"""Message channels in the back office (decision 0037): the agency's office head keeps its own,
supervisors those of the agencies they supervise; every change is audited."""

import pytest
from django.urls import reverse

from zwgk.core.models import AuditEntry
from zwgk.monitoring.models import Site
from zwgk.participation.models import ChannelKind, MessageChannel

pytestmark = pytest.mark.django_db
URL = reverse("backoffice:participation_channels")


def form(org, **kw):
    data = {"organization": org.code, "kind": "consultation", "name": "政务咨询", "reply_workdays": "10"}
    data.update(kw)
    return data


def test_office_head_creates_and_edits_a_channel_of_their_agency(client, agency, staff):
    _, head, _ = staff
    site = Site.objects.create(organization=agency, name="市司法局网站", home_url="https://sfj.example.test/")
    client.force_login(head)
    response = client.post(URL, form(agency, reply_workdays="15", site=site.pk, active="on"))
    assert response.status_code == 302
    channel = MessageChannel.objects.get(organization=agency, kind=ChannelKind.CONSULTATION)
    assert (channel.reply_workdays, channel.site, channel.active) == (15, site, True)

    page = client.get(URL, {"edit": channel.pk}).content.decode()
    assert "修改留言栏目" in page and 'value="15"' in page
    # Saving the same kind again edits it: detached from the site, no longer receiving.
    client.post(URL, form(agency, name="咨询留言", reply_workdays="5"))
    channel.refresh_from_db()
    assert (channel.name, channel.reply_workdays, channel.site, channel.active) == (
        "咨询留言",
        5,
        None,
        False,
    )
    assert MessageChannel.objects.filter(organization=agency).count() == 1
    entries = AuditEntry.objects.filter(verb="participation.channel_saved", actor=head)
    assert entries.count() == 2
    assert entries.order_by("pk").last().before["reply_workdays"] == 15


def test_a_supervisor_keeps_the_channels_of_agencies_they_supervise(client, agency, staff):
    _, _, supervisor = staff
    client.force_login(supervisor)
    assert client.post(URL, form(agency, kind="complaint", name="投诉举报")).status_code == 302
    assert MessageChannel.objects.filter(organization=agency, kind=ChannelKind.COMPLAINT).exists()


def test_another_agencys_head_and_a_handler_are_refused(client, agency, other_agency, staff, make_staff):
    handler, _, _ = staff
    stranger = make_staff(other_agency, "office_head")
    client.force_login(stranger)
    assert client.post(URL, form(agency)).status_code == 403
    client.force_login(handler)
    assert client.post(URL, form(agency)).status_code == 403
    assert "保存栏目" not in client.get(URL).content.decode()
    assert not MessageChannel.objects.exists()


def test_a_site_of_another_agency_is_refused(client, agency, other_agency, staff):
    _, _, supervisor = staff
    site = Site.objects.create(
        organization=other_agency, name="市民政局网站", home_url="https://mzj.example.test/"
    )
    client.force_login(supervisor)
    response = client.post(URL, form(agency, site=site.pk))
    assert response.status_code == 400 and "所属网站应为本机关的网站" in response.content.decode()
    assert not MessageChannel.objects.exists()
