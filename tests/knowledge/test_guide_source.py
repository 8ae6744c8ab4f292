"""A Q&A entry drawn from a real service guide (issue 24.3): the services app's resolver links
the guide's public page and stops the entry when the guide is no longer published."""

from tests.services.factories import published_guide
from zwgk.knowledge.selectors import public_answers
from zwgk.services.models import Guide


def test_an_entry_from_a_guide_stands_while_the_guide_is_published(agency, editor, reviewer, publish_entry):
    guide = published_guide(agency, editor, reviewer, "DL-QA-0001")
    entry = publish_entry(
        agency, "法律援助要什么条件？", "经济困难，且属于法律援助事项范围。", "guide", guide.pk
    )

    [served] = public_answers(q="法律援助").answers
    assert served.entry.pk == entry.pk and served.current
    assert served.source.url == guide.get_absolute_url()

    Guide.objects.filter(pk=guide.pk).update(published=None)
    assert public_answers(q="法律援助").answers == []
    [expired] = public_answers(q="法律援助", include_expired=True).answers
    assert not expired.current and expired.source.expired_because == "来源办事指南已不再公开"


def test_withdrawing_the_guide_lapses_its_entries_and_tells_the_agency(
    client, agency, editor, reviewer, publish_entry, django_capture_on_commit_callbacks
):
    from django.urls import reverse

    from zwgk.core.todos import sections_for
    from zwgk.knowledge.models import Entry
    from zwgk.services.guides import guide_withdraw

    guide = published_guide(agency, editor, reviewer, "DL-QA-0002")
    entry = publish_entry(agency, "法律援助去哪里申请？", "市公共法律服务中心。", "guide", guide.pk)
    with django_capture_on_commit_callbacks(execute=True):
        guide_withdraw(actor=reviewer, pk=guide.pk, reason="职能划转")

    assert public_answers(q="法律援助").answers == []
    [expired] = public_answers(q="法律援助", include_expired=True).answers
    assert "停止办理" in expired.source.expired_because and "职能划转" in expired.source.expired_because
    entry.refresh_from_db()
    assert entry.lapsed_on is not None and "职能划转" in entry.lapsed_because

    [section] = [
        s
        for s in sections_for(editor, {"editor"}, today=entry.lapsed_on)
        if s.provider.code == "knowledge.lapsed_entries"
    ]
    [line] = section.entries
    assert line.count == 1 and line.url == reverse("backoffice:knowledge_entries") + "?expired=1"
    # Retiring the entry clears the to-do.
    from zwgk.knowledge.services import entry_withdraw

    entry_withdraw(actor=reviewer, entry_id=entry.pk, reason="来源事项已停办")
    assert Entry.objects.get(pk=entry.pk).lapsed_on is None
    [section] = [
        s
        for s in sections_for(editor, {"editor"}, today=entry.lapsed_on or guide.withdrawn_at.date())
        if s.provider.code == "knowledge.lapsed_entries"
    ]
    assert section.entries == []


def test_the_periodic_recheck_finds_a_repealed_policy(agency, editor, reviewer, publish_entry, policy):
    from zwgk.catalog.models import Document, Validity
    from zwgk.knowledge.models import Entry
    from zwgk.knowledge.services import entries_recheck

    entry = publish_entry(agency, "经济困难标准是多少？", "见通知。", "document", policy.pk)
    assert entries_recheck() == 0
    Document.objects.filter(pk=policy.pk).update(validity=Validity.REPEALED)
    assert entries_recheck() == 1
    assert Entry.objects.get(pk=entry.pk).lapsed_on is not None
    assert entries_recheck() == 0  # idempotent
    Document.objects.filter(pk=policy.pk).update(validity=Validity.IN_FORCE)
    assert entries_recheck() == 1
    assert Entry.objects.get(pk=entry.pk).lapsed_on is None


def test_the_qa_page_is_cached_logs_every_search_and_shows_a_lapse_at_once(
    client, agency, editor, reviewer, publish_entry, policy
):
    from zwgk.catalog.services import document_withdraw
    from zwgk.knowledge.models import QueryLog
    from zwgk.services.guides import guide_withdraw

    guide = published_guide(agency, editor, reviewer, "DL-QA-0003")
    publish_entry(agency, "法律援助在哪办？", "市公共法律服务中心一楼。", "guide", guide.pk)
    publish_entry(agency, "法律援助经济困难标准？", "见通知。", "document", policy.pk)
    url = "/qa/?q=法律援助"
    first = client.get(url)
    assert first["X-Page-Cache"] == "miss" and "在哪办" in first.content.decode()
    second = client.get(url)
    assert second["X-Page-Cache"] == "hit"
    assert QueryLog.objects.filter(normalised="法律援助").count() == 2  # the cached one too
    assert QueryLog.objects.filter(results=2).count() == 2

    guide_withdraw(actor=reviewer, pk=guide.pk, reason="职能划转")  # the guide's entry lapses
    body = client.get(url).content.decode()
    assert "在哪办" not in body and "经济困难标准" in body

    document_withdraw(actor=reviewer, document_id=policy.pk, reason="撤回")  # the policy's lapses
    assert "经济困难标准" not in client.get(url).content.decode()
