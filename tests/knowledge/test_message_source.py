"""A Q&A entry drawn from an answered message (issue 24.3): the participation app's resolver
links the message's public page and stops the entry when the message leaves the public list."""

from django.utils import timezone

from tests.participation.conftest import submit
from zwgk.knowledge.selectors import public_answers
from zwgk.participation import services
from zwgk.participation.models import ChannelKind, Message, MessageChannel


def test_an_entry_from_a_message_stands_while_the_message_is_public(agency, make_staff, publish_entry):
    MessageChannel.objects.create(organization=agency, kind=ChannelKind.CONSULTATION, name="政务咨询")
    handler = make_staff(agency, "handler", username="qa-handler")
    message = submit(agency, timezone.localdate())
    services.message_answer(
        actor=handler, message=message, answer="夜间施工须经审批，22时前结束。", publish=True
    )
    entry = publish_entry(agency, "夜间施工几点结束？", "须经审批，22时前结束。", "message", message.pk)

    [served] = public_answers(q="夜间施工").answers
    assert served.entry.pk == entry.pk and served.current
    assert served.source.url == f"/interaction/{message.pk}/"

    Message.objects.filter(pk=message.pk).update(published=False)
    assert public_answers(q="夜间施工").answers == []
    [expired] = public_answers(q="夜间施工", include_expired=True).answers
    assert expired.source.expired_because == "来源留言答复已不再公开"
