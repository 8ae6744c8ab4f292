"""The website inspection's poor-interaction veto (RULES §5.1), produced from hosted messages in a
real inspection round against a real test site on 127.0.0.1."""

from collections.abc import Iterator
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from tests.monitoring import sites
from tests.monitoring.sites import Running
from tests.participation.conftest import submit
from zwgk.monitoring import services as monitoring_services
from zwgk.monitoring.models import InspectionRound, RoundStatus, Site, VetoAlert
from zwgk.participation import services
from zwgk.participation.models import ChannelKind, MessageChannel

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def running() -> Iterator[Running]:
    with sites.serve(sites.ipv4_only_site(), families=(4,)) as r:
        yield r


@pytest.fixture(autouse=True)
def _no_dns(settings, running):
    settings.ZWGK_MONITOR_RESOLVER = "none"
    settings.ZWGK_MONITOR_PINS = [running.pin()]


@pytest.fixture
def site(agency, running):
    return Site.objects.create(
        organization=agency, name="市司法局网站", home_url=running.url(), contacts=["wz@sfj.dl.gov.cn"]
    )


def run_round(actor, site, capture) -> InspectionRound:
    with capture(execute=True):
        rnd = monitoring_services.round_request(actor=actor, site_id=site.pk)
    rnd.refresh_from_db()
    assert rnd.status == RoundStatus.DONE, rnd.error
    return rnd


def test_a_message_unanswered_for_more_than_three_months_vetoes_the_site(
    agency, site, admin_user, staff, client, django_capture_on_commit_callbacks
):
    handler, _, _ = staff
    MessageChannel.objects.create(
        organization=agency, kind=ChannelKind.CONSULTATION, name="政务咨询", site=site
    )
    today = timezone.localdate()
    old = submit(agency, today - timedelta(days=100))
    submit(agency, today - timedelta(days=10))  # pending but recent: fine

    rnd = run_round(admin_user, site, django_capture_on_commit_callbacks)
    assert "poor_interaction" in rnd.vetoes and rnd.passed is False
    verdict = rnd.details["sources"]["interaction"]
    assert verdict["veto"] is True and verdict["late"] == [old.tracking_code]
    assert verdict["oldest_unanswered_code"] == old.tracking_code
    assert verdict["oldest_unanswered_days"] == 100 and verdict["messages"] == 2
    assert VetoAlert.objects.filter(site=site, veto="poor_interaction", cleared_at__isnull=True).exists()
    assert any("互动回应差" in m.body for m in mail.outbox)

    # The round's page shows the facts behind the veto.
    client.force_login(admin_user)
    page = client.get(reverse("backoffice:monitoring_round", args=[rnd.pk])).content.decode()
    assert "计入的咨询留言" in page and "2 条" in page
    assert f"{old.tracking_code}，{old.received_on} 收到，已 100 天" in page
    assert "超过三个月未答复" in page and "1 条" in page

    # Answered late, it still counts within the year: the veto stays.
    services.message_answer(
        actor=handler, message=old, answer="您好，经核实已处理完毕，感谢您的留言。", publish=False
    )
    assert "poor_interaction" in run_round(admin_user, site, django_capture_on_commit_callbacks).vetoes


def test_invalid_and_other_column_messages_do_not_count(
    agency, site, admin_user, staff, django_capture_on_commit_callbacks
):
    handler, _, _ = staff
    MessageChannel.objects.create(
        organization=agency, kind=ChannelKind.CONSULTATION, name="政务咨询", site=site
    )
    MessageChannel.objects.create(organization=agency, kind=ChannelKind.COMPLAINT, name="投诉举报", site=site)
    today = timezone.localdate()
    spam = submit(agency, today - timedelta(days=120))
    services.message_mark_invalid(actor=handler, message=spam, reason="广告信息")
    submit(agency, today - timedelta(days=120), kind=ChannelKind.COMPLAINT)
    rnd = run_round(admin_user, site, django_capture_on_commit_callbacks)
    assert "poor_interaction" not in rnd.vetoes
    assert rnd.details["sources"]["interaction"]["veto"] is False


def test_a_site_with_no_consultation_column_is_flagged(
    agency, site, admin_user, client, django_capture_on_commit_callbacks
):
    MessageChannel.objects.create(
        organization=agency, kind=ChannelKind.SUGGESTION, name="建言献策", site=site
    )
    rnd = run_round(admin_user, site, django_capture_on_commit_callbacks)
    verdict = rnd.details["sources"]["interaction"]
    assert verdict["flagged"] is True and verdict["consultation_channel"] is False
    assert "poor_interaction" not in rnd.vetoes
    client.force_login(admin_user)
    page = client.get(reverse("backoffice:monitoring_round", args=[rnd.pk])).content.decode()
    assert "无政务咨询栏目" in page


def test_both_hosted_vetoes_reach_one_round_through_the_one_registry(
    agency, site, admin_user, staff, editor, reviewer, django_capture_on_commit_callbacks
):
    """Decision 0037: the interaction veto (this app) and the guide veto (zwgk.services) come
    through monitoring's one registry of sources, each with its facts on the round."""
    from tests.services.factories import published_guide

    MessageChannel.objects.create(
        organization=agency, kind=ChannelKind.CONSULTATION, name="政务咨询", site=site
    )
    submit(agency, timezone.localdate() - timedelta(days=100))
    published_guide(agency, editor, reviewer, "SFJ-R1", procedure="")
    rnd = run_round(admin_user, site, django_capture_on_commit_callbacks)
    assert {"poor_interaction", "service_guide_incomplete"} <= set(rnd.vetoes)
    assert set(rnd.details["sources"]) == {"interaction", "service_guides"}
    assert rnd.details["sources"]["service_guides"] == {"incomplete": ["SFJ-R1"]}
