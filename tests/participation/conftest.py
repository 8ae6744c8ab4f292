from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from zwgk.participation import services
from zwgk.participation.models import ChannelKind, MessageChannel

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(day: date | str, hour: int = 10) -> datetime:
    day = date.fromisoformat(day) if isinstance(day, str) else day
    return datetime.combine(day, time(hour), tzinfo=SHANGHAI)


def submit(
    org, received_on, *, subject="关于小区周边道路施工时间的咨询", kind=ChannelKind.CONSULTATION, **kw
):
    data = services.MessageData(
        subject=subject,
        body=kw.pop("body", "请问西岗区某路段夜间施工是否经过审批，施工到几点结束？"),
        name=kw.pop("name", "李华"),
        phone=kw.pop("phone", "13800001111"),
        email=kw.pop("email", "lihua@example.com"),
        publish_allowed=kw.pop("publish_allowed", True),
        kind=kind,
    )
    return services.message_submit(organization=org, data=data, now=at(received_on))


@pytest.fixture
def channel(agency):
    return MessageChannel.objects.create(organization=agency, kind=ChannelKind.CONSULTATION, name="政务咨询")


@pytest.fixture
def staff(agency, city, make_staff):
    handler = make_staff(agency, "handler", username="zhao")
    handler.email = "zhao@sfj.dl.gov.cn"
    handler.save()
    head = make_staff(agency, "office_head", username="chen")
    head.email = "chen@sfj.dl.gov.cn"
    head.save()
    supervisor = make_staff(city, "supervisor", username="wang")
    supervisor.email = "wang@gkb.dl.gov.cn"
    supervisor.save()
    return handler, head, supervisor


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Rate-limit counters live in the cache: each test starts from zero."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
