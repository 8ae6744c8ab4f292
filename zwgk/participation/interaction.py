"""The poor-interaction veto from the messages this platform hosts (RULES §5.1), registered with
zwgk.monitoring.veto_sources by the app config (decision 0037)."""

from __future__ import annotations

from datetime import date
from typing import Any

from zwgk.monitoring import veto_sources
from zwgk.monitoring.checks import Veto
from zwgk.participation import rules
from zwgk.participation.models import ChannelKind, Message, MessageChannel, MessageState

SOURCE_KEY = "interaction"


def interaction_source(site: Any, today: date) -> veto_sources.SourceVerdict:
    """What the round records: the veto when a message went unanswered over three months, and
    the facts behind it (shown on the round's page)."""
    verdict = site_interaction(site, today)
    return veto_sources.SourceVerdict(
        vetoes=frozenset({Veto.POOR_INTERACTION}) if verdict.veto else frozenset(),
        details=verdict.as_json(),
    )


def site_interaction(site: Any, today: date) -> rules.InteractionVerdict:
    """A site whose messages are not hosted here gets no veto (nothing is known of its
    messages) but is flagged with no consultation column, like a hosted site without one."""
    channels = list(MessageChannel.objects.filter(site=site).values_list("pk", "kind"))
    if not channels:
        return rules.interaction_verdict(hosted=False, consultation_channel=False, messages=[], today=today)
    consultation = [pk for pk, kind in channels if kind == ChannelKind.CONSULTATION]
    since = rules.months_before(today, rules.VETO_LOOKBACK_MONTHS)
    rows = (
        Message.objects.filter(channel_id__in=consultation)
        .exclude(state=MessageState.INVALID)
        .filter(received_on__lte=today)
        .filter(received_on__gte=since)
        .values_list("tracking_code", "received_on", "answered_on")
    )
    pending_before = Message.objects.filter(
        channel_id__in=consultation, state=MessageState.PENDING, received_on__lt=since
    ).values_list("tracking_code", "received_on", "answered_on")
    facts = [
        rules.MessageFacts(code, received, answered) for code, received, answered in [*rows, *pending_before]
    ]
    return rules.interaction_verdict(
        hosted=True, consultation_channel=bool(consultation), messages=facts, today=today
    )
