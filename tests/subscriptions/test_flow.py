"""精准推送: subscribe → confirm (double opt-in) → digest of new items, once → unsubscribe."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from tests.catalog.factories import published
from tests.factories import altcha_solved
from tests.portal.factories import days_ago, ensure_taxonomies
from zwgk.subscriptions import services, tasks
from zwgk.subscriptions.models import Delivery, Subscriber, Subscription, SubscriptionState

pytestmark = pytest.mark.django_db

EMAIL = "wang.fang@example.cn"


@pytest.fixture(autouse=True)
def search_index(monkeypatch):
    """Keep the search engine (another team's) out of these tests."""
    monkeypatch.setattr("zwgk.catalog.indexing.index_upsert", lambda e: None)
    monkeypatch.setattr("zwgk.catalog.indexing.index_remove", lambda pk: None)


@pytest.fixture
def taxonomies(db):
    ensure_taxonomies()


def link(message, path: str) -> str:
    match = re.search(rf"https?://\S+{path}\S+/", message.body)
    assert match, message.body
    return match.group(0)


def local_path(url: str) -> str:
    return re.sub(r"^https?://[^/]+", "", url)


@pytest.fixture
def subscribe(client, django_capture_on_commit_callbacks):
    """Post the form; the confirmation mail leaves after the commit, so run those callbacks."""

    def post(**fields):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post("/subscribe/", {"email": EMAIL, **fields, "altcha": altcha_solved(client)})

    return post


def confirm_by_mail(client) -> None:
    confirm_url = local_path(link(mail.outbox[-1], "/subscribe/confirm/"))
    page = client.get(confirm_url)
    assert page.status_code == 200 and "确认订阅" in page.content.decode()
    assert client.post(confirm_url).status_code == 200


def digest_mails():
    return [m for m in mail.outbox if "新发布信息" in m.subject]


def test_subscribe_confirm_digest_once_unsubscribe(subscribe, client, taxonomies, agency, other_agency):
    response = subscribe(organizations=[agency.code])
    assert response.status_code == 302 and response["Location"] == "/subscribe/sent/"
    assert len(mail.outbox) == 1
    confirmation = mail.outbox[0]
    assert confirmation.to == [EMAIL] and "请确认您的订阅" in confirmation.subject
    assert "机构：大连市司法局" in confirmation.body
    sub = Subscription.objects.get()
    assert sub.state == SubscriptionState.PENDING

    # Nothing is sent before the address is confirmed.
    published(agency, on=days_ago(0), title="大连市司法局关于开展法律援助惠民活动的通知（确认前）")
    tasks.send_daily_digests.enqueue()
    assert digest_mails() == []

    confirm_by_mail(client)
    sub.refresh_from_db()
    assert sub.state == SubscriptionState.ACTIVE

    new = published(agency, on=days_ago(0), title="大连市司法局关于公布2026年度法律援助服务机构名单的公告")
    other = published(other_agency, on=days_ago(0), title="大连市民政局关于养老服务补贴的通知")
    tasks.send_daily_digests.enqueue()
    [digest] = digest_mails()
    assert digest.to == [EMAIL]
    assert new.title in digest.body and new.get_absolute_url() in digest.body
    assert new.index_no in digest.body
    assert other.title not in digest.body
    unsubscribe_url = digest.extra_headers["List-Unsubscribe"].strip("<>")
    assert digest.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    # The next run has nothing new: no second mail, the item is not repeated.
    tasks.send_daily_digests.enqueue()
    assert len(digest_mails()) == 1

    # One-click unsubscribe as mail clients do it (RFC 8058): a POST without a CSRF token.
    csrf_client = client.__class__(enforce_csrf_checks=True)
    page = csrf_client.get(local_path(unsubscribe_url))
    assert page.status_code == 200 and "确认退订" in page.content.decode()
    response = csrf_client.post(local_path(unsubscribe_url), {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200 and "已退订 1 项" in response.content.decode()
    sub.refresh_from_db()
    assert sub.state == SubscriptionState.CANCELLED
    published(agency, on=days_ago(0), title="大连市司法局关于人民调解员培训的通知")
    tasks.send_daily_digests.enqueue()
    assert len(digest_mails()) == 1


def test_failed_send_is_retried_later_and_nothing_is_lost_or_repeated(
    subscribe, client, taxonomies, agency, monkeypatch
):
    subscribe(organizations=[agency.code])
    confirm_by_mail(client)
    doc = published(agency, on=days_ago(0), title="大连市司法局关于公证服务收费标准的公告")

    from django.core.mail import EmailMessage

    real_send = EmailMessage.send

    def broken(self, fail_silently=False):
        raise ConnectionRefusedError("smtp down")

    monkeypatch.setattr(EmailMessage, "send", broken)
    assert tasks.send_daily_digests.enqueue().return_value == {"failed": 1}
    subscriber = Subscriber.objects.get()
    assert subscriber.failures == 1 and subscriber.next_attempt_at is not None
    assert "smtp down" in subscriber.last_error
    assert not Delivery.objects.exists()

    # The retry sweep waits for the backoff, then sends.
    monkeypatch.setattr(EmailMessage, "send", real_send)
    assert tasks.retry_digests.enqueue().return_value == {}
    later = subscriber.next_attempt_at + timedelta(seconds=1)
    assert services.digests_send_due(base_url="https://www.dl.gov.cn", now=later, retries_only=True) == {
        "sent": 1
    }
    [digest] = digest_mails()
    assert doc.title in digest.body
    subscriber.refresh_from_db()
    assert subscriber.failures == 0 and subscriber.next_attempt_at is None
    assert services.digests_send_due(base_url="https://www.dl.gov.cn", now=later) == {"nothing": 1}
    assert len(digest_mails()) == 1


def test_item_placed_in_a_column_days_after_publication_is_still_delivered(
    subscribe, client, taxonomies, agency, make_staff
):
    from zwgk.catalog.models import Column
    from zwgk.catalog.services import column_place

    topic = Column.objects.get(code="topic.liuwen-liubao")
    subscribe(columns=[topic.code])
    confirm_by_mail(client)
    doc = published(agency, on=days_ago(3), title="大连市司法局关于保市场主体法律服务的通知")
    services.digests_send_due(base_url="https://www.dl.gov.cn")
    assert digest_mails() == []  # not in the topic yet
    column_place(actor=make_staff(agency, "editor"), column_id=topic.pk, document_id=doc.pk)
    services.digests_send_due(base_url="https://www.dl.gov.cn")
    [digest] = digest_mails()
    assert doc.title in digest.body and "栏目：六稳六保" in digest.body


def test_saved_search_matches_title_or_summary_by_substring(subscribe, client, taxonomies, agency):
    subscribe(query="法律援助 补贴")
    confirm_by_mail(client)
    hit = published(
        agency,
        on=days_ago(0),
        title="大连市司法局关于法律援助工作的通知",
        summary="明确法律援助补贴发放标准。",
    )
    miss = published(
        agency, on=days_ago(0), title="大连市司法局关于法律援助工作的意见", summary="完善工作机制。"
    )
    services.digests_send_due(base_url="https://www.dl.gov.cn")
    [digest] = digest_mails()
    assert hit.title in digest.body and miss.title not in digest.body
    assert "关键词：法律援助 补贴" in digest.body


def test_subject_subscription_includes_sub_subjects(subscribe, client, taxonomies, agency):
    from tests.catalog.factories import subject

    subscribe(subjects=["15"])
    confirm_by_mail(client)
    doc = published(
        agency, on=days_ago(0), subjects=[subject("15.03")], title="大连市司法局关于法治政府示范创建的通知"
    )
    services.digests_send_due(base_url="https://www.dl.gov.cn")
    assert doc.title in digest_mails()[0].body


def test_unsubscribing_one_item_keeps_the_others(subscribe, client, taxonomies, agency, other_agency):
    subscribe(organizations=[agency.code, other_agency.code])
    confirm_by_mail(client)
    published(agency, on=days_ago(0), title="大连市司法局通知甲")
    services.digests_send_due(base_url="https://www.dl.gov.cn")
    digest = digest_mails()[0]
    one = re.search(r"退订此项：(\S+)", digest.body).group(1)
    client.post(local_path(one))
    states = dict(Subscription.objects.values_list("organization__code", "state"))
    assert states == {agency.code: "cancelled", other_agency.code: "active"}


def test_the_answer_does_not_reveal_whether_an_address_is_known(subscribe, client, taxonomies, agency):
    first = subscribe(organizations=[agency.code])
    again = subscribe(organizations=[agency.code])
    assert first.status_code == again.status_code == 302
    assert len(mail.outbox) == 1  # one confirmation mail per address per interval
    assert Subscription.objects.count() == 1  # the same target is not recorded twice


def test_invalid_or_forged_tokens_are_refused(client, db):
    assert client.get("/subscribe/confirm/forged-token/").status_code == 400
    assert client.post("/subscribe/unsubscribe/forged-token/").status_code == 400


def test_confirmation_link_expires(subscribe, client, taxonomies, agency, monkeypatch):
    subscribe(organizations=[agency.code])
    confirm_url = local_path(link(mail.outbox[-1], "/subscribe/confirm/"))
    import time

    real = time.time
    monkeypatch.setattr(time, "time", lambda: real() + 8 * 24 * 3600)
    response = client.post(confirm_url)
    assert response.status_code == 400 and "过期" in response.content.decode()


def test_form_requires_a_valid_address_and_something_to_follow(client, taxonomies):
    response = client.post("/subscribe/", {"email": "not-an-address"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "请至少选择一项订阅内容" in body
    assert Subscriber.objects.count() == 0


def test_form_is_rate_limited(client, taxonomies, agency, settings):
    settings.ZWGK_RATE_LIMITS = {**settings.ZWGK_RATE_LIMITS, "public_form": (3, 3600)}
    from django.core.cache import cache

    cache.clear()
    for i in range(3):
        body = {"email": f"u{i}@example.cn", "query": "养老", "altcha": altcha_solved(client)}
        assert client.post("/subscribe/", body).status_code == 302
    assert client.post("/subscribe/", {"email": "u9@example.cn", "query": "养老"}).status_code == 429
    cache.clear()


def test_form_needs_the_csrf_token(taxonomies, agency):
    from django.test import Client

    csrf_client = Client(enforce_csrf_checks=True)
    assert csrf_client.post("/subscribe/", {"email": EMAIL, "query": "养老"}).status_code == 403


def test_form_prefills_from_the_page_the_visitor_came_from(client, taxonomies, agency):
    body = client.get(
        "/subscribe/", {"organization": agency.code, "column": "topic.liuwen-liubao", "q": "养老"}
    ).content.decode()
    assert f'value="{agency.code}" id="org-{agency.code}" checked' in body
    assert "六稳六保" in body and 'value="养老"' in body


def test_a_worker_holding_the_lease_is_not_doubled(subscribe, client, taxonomies, agency):
    subscribe(organizations=[agency.code])
    confirm_by_mail(client)
    published(agency, on=days_ago(0), title="大连市司法局通知乙")
    subscriber = Subscriber.objects.get()
    now = timezone.now()
    Subscriber.objects.filter(pk=subscriber.pk).update(lease_until=now + timedelta(minutes=5))
    assert services.digest_send(subscriber_id=subscriber.pk, base_url="https://x", now=now) == "busy"
    assert digest_mails() == []


def test_digests_are_registered_as_periodic_jobs():
    from zwgk.core.schedule import JOBS

    assert JOBS["subscriptions.daily_digest"].every_minutes == 24 * 60
    assert JOBS["subscriptions.daily_digest"].task is tasks.send_daily_digests
    assert JOBS["subscriptions.retry_digests"].task is tasks.retry_digests
