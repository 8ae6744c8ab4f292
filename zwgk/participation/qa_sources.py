"""Answered messages as a source of Q&A entries (issue 24.3, decision 0028).

An entry drawn from a message stands while the message and its answer are published; the link
is the message's public page. A message taken off the public list no longer backs an answer
the hotline reads out.
"""

from __future__ import annotations

from django.urls import reverse

from zwgk.knowledge.sources import Resolution, SourceKind, register_resolver
from zwgk.participation import selectors
from zwgk.participation.models import Message


def resolve_messages(ids: list[int]) -> dict[int, Resolution]:
    public = set(selectors.published_messages().filter(pk__in=ids).values_list("pk", flat=True))
    out = {}
    for pk in Message.objects.filter(pk__in=ids).values_list("pk", flat=True):
        if pk in public:
            out[pk] = Resolution(url=reverse("portal:participation_message", args=[pk]), current=True)
        else:
            out[pk] = Resolution(url=None, current=False, expired_because="来源留言答复已不再公开")
    return out


def register() -> None:
    register_resolver(SourceKind.MESSAGE, resolve_messages)
