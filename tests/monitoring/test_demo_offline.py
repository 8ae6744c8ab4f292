"""Issue 20 item 3: the demo never sends a request outside its machine. Its monitored sites are
stand-ins it serves itself on loopback; loading the demo and running every periodic job (rounds
and probes included) connects only to 127.0.0.1 / ::1 and asks no DNS server anything."""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterator
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from zwgk.core.schedule import JOBS
from zwgk.monitoring import services, standins
from zwgk.monitoring.models import InspectionRound, Probe, RoundStatus, Site
from zwgk.monitoring.standins import StandInServers

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def stand_ins(settings) -> Iterator[StandInServers]:
    servers = StandInServers(0, today=timezone.localdate)
    settings.DEMO_MODE = True
    settings.ZWGK_DEMO_SITES_PORT = servers.port
    settings.ZWGK_MONITOR_PINS = []
    settings.ZWGK_MONITOR_RESOLVER = "system"  # the pins alone must keep the demo at home
    yield servers
    servers.close()


@pytest.fixture
def outbound(monkeypatch) -> dict[str, list[str]]:
    """Every address a socket connects to and every name looked up, in this process."""
    seen: dict[str, list[str]] = {"connect": [], "lookup": []}
    real_connect, real_getaddrinfo = socket.socket.connect, socket.getaddrinfo

    def connect(sock, address):
        if sock.family in (socket.AF_INET, socket.AF_INET6):
            seen["connect"].append(str(address[0]))
        return real_connect(sock, address)

    def getaddrinfo(host, *args, **kwargs):
        seen["lookup"].append(str(host))
        return real_getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return seen


def _loopback(text: str) -> bool:
    try:
        return ipaddress.ip_address(text.split("%", 1)[0]).is_loopback
    except ValueError:
        return False


def test_the_demo_and_its_periodic_jobs_stay_on_loopback(stand_ins, outbound):
    started = timezone.now()
    call_command("load_demo", stdout=StringIO())
    sites = list(Site.objects.select_related("organization"))
    assert sites and all(s.home_url.startswith("http://") and ".test:" in s.home_url for s in sites)
    # Every periodic job as the scheduler enqueues it (the test queue runs it at once) …
    for job in JOBS.values():
        job.task.enqueue()
    # … and a day later, when every site is due for a round and a probe again.
    later = timezone.now() + timedelta(days=1)
    services.probes_run(now=later)
    services.rounds_schedule(now=later)

    assert outbound["connect"], "the rounds and probes did run"
    assert [a for a in outbound["connect"] if not _loopback(a)] == []
    assert [h for h in outbound["lookup"] if not _loopback(h)] == []

    live = {r.site.organization.code: r for r in InspectionRound.objects.filter(queued_at__gte=started)}
    assert len(live) == len(sites)
    assert all(r.status == RoundStatus.DONE for r in live.values()), [r.error for r in live.values()]
    assert Probe.objects.filter(at=later, ok=True).count() == len(sites)
    # The stand-ins look like their profiles, so live rounds continue the stored history.
    good, gap, empty = live["dl-sfj"], live["dl-mzj"], live["dl-zsq"]
    assert good.ipv6_compliant and good.passed and good.vetoes == [] and good.broken_links >= 1
    assert not gap.ipv6_compliant and gap.stale_columns >= 1
    assert "columns_empty" in empty.vetoes and empty.passed is False


def test_the_stand_in_pages_are_dated_from_today():
    today = timezone.localdate()
    status, page = standins.page("dl-sfj.test", "/col/zwyw/", today=today, family=4)
    assert status == 200
    assert today.isoformat() in page or (today - timedelta(days=1)).isoformat() in page
    assert standins.page("www.dl.gov.cn", "/", today=today, family=4)[0] == 404


def test_a_demo_loaded_before_is_moved_off_the_real_sites(city, agency, settings):
    from zwgk.monitoring import demo
    from zwgk.monitoring.models import WatchedColumn

    settings.ZWGK_DEMO_SITES_PORT = 8001
    old = Site.objects.create(organization=agency, name="大连市司法局网站", home_url="https://sfj.dl.gov.cn/")
    WatchedColumn.objects.create(
        site=old, name="通知公告", url="https://sfj.dl.gov.cn/col/tzgg/", kind="notice"
    )
    demo.load(stdout=None)
    old.refresh_from_db()
    assert old.home_url == "http://dl-sfj.test:8001/"
    assert list(old.columns.values_list("url", flat=True)) == ["http://dl-sfj.test:8001/col/tzgg/"]
    assert not Site.objects.exclude(home_url__contains=".test:8001/").exists()
