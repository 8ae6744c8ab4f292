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
