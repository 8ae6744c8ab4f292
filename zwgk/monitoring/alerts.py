"""Veto alerts: a site's contacts are mailed once when a veto condition appears, not every round.

An alert stays open while rounds keep finding the condition and is closed by the first round
that does not; if the condition comes back later, that is news again and is mailed again.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse

from zwgk.core import audit
from zwgk.core.links import public_url
from zwgk.monitoring.labels import VETO_LABELS
from zwgk.monitoring.models import InspectionRound, Site, VetoAlert


def veto_alerts_refresh(
    *, site: Site, rnd: InspectionRound, vetoes: Sequence[str], now: datetime
) -> list[VetoAlert]:
    """Open alerts for new vetoes (mailing the contacts after commit), close those gone.
    Called inside the transaction that stores the round. Returns the alerts opened."""
    current = {str(v) for v in vetoes}
    open_alerts = {
        a.veto: a for a in VetoAlert.objects.select_for_update().filter(site=site, cleared_at__isnull=True)
    }
    for veto, alert in open_alerts.items():
        if veto not in current:
            alert.cleared_at = now
            alert.save(update_fields=["cleared_at"])
    opened: list[VetoAlert] = []
    contacts = [c for c in site.contacts if c]
    for veto in sorted(current - set(open_alerts)):
        opened.append(
            VetoAlert.objects.create(
                site=site, veto=veto, opened_at=now, opened_by_round=rnd, mailed_to=contacts
            )
        )
    if opened:
        audit.record(
            actor=None,
            verb="monitoring.veto_opened",
            target=site,
            organization_code=site.organization.code,
            data={"round": rnd.pk, "vetoes": [a.veto for a in opened], "mailed_to": contacts},
        )
        if contacts:
            subject, body = _message(site, rnd, [a.veto for a in opened])
            transaction.on_commit(
                lambda: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, contacts, fail_silently=False)
            )
    return opened


def _message(site: Site, rnd: InspectionRound, vetoes: list[str]) -> tuple[str, str]:
    subject = f"【网站监测】{site.name} 出现单项否决问题"
    lines = [
        f"{site.organization.name}：",
        "",
        f"网站“{site.name}”（{site.home_url}）在 {rnd.finished_at or rnd.queued_at:%Y-%m-%d %H:%M} 的巡检中",
        "出现下列单项否决问题（国办秘函〔2019〕19号），请尽快整改：",
        "",
        *[f"  · {VETO_LABELS.get(v, v)}" for v in vetoes],
        "",
        f"巡检详情：{public_url(reverse('backoffice:monitoring_round', args=[rnd.pk]))}",
        "",
        "同一问题持续存在时不再重复通知；问题消除后再次出现会重新通知。",
    ]
    return subject, "\n".join(lines)
