"""`zwgk monitor check` (API.md) through Django's call_command; runs under pytest-django."""

from __future__ import annotations

import json
from collections.abc import Iterator
from io import StringIO

import pytest

from tests.monitoring import sites
from tests.monitoring.sites import Running


def _django_ready() -> bool:
    try:
        from django.conf import settings

        return settings.configured and "zwgk.monitoring" in settings.INSTALLED_APPS
    except Exception:  # no Django settings at all (plain pytest -p no:django)
        return False


pytestmark = pytest.mark.skipif(not _django_ready(), reason="needs the Django settings (pytest-django)")


@pytest.fixture(scope="module")
def site() -> Iterator[Running]:
    with sites.serve(sites.ipv4_only_site(), families=(4,)) as running:
        yield running


def run(*args: str) -> str:
    from django.core.management import call_command

    out = StringIO()
    call_command("monitor", "check", *args, stdout=out)
    return out.getvalue()


def test_json_output_is_the_api_shape(site: Running) -> None:
    report = json.loads(run(site.url(), "--resolve", site.pin(), "--json"))
    assert set(report) == {"url", "checked_at", "home", "depth", "broken_links", "ipv6_compliant"}
    assert report["url"] == site.url()
    assert report["home"]["ipv6"] == {"ok": False, "status": None, "ms": None}
    assert (report["home"]["ipv4"]["ok"], report["home"]["aaaa"]) == (True, False)
    assert report["depth"] == {
        "2": {"links": 3, "ipv6_ok": 0, "ratio": 0.0},
        "3": {"links": 6, "ipv6_ok": 0, "ratio": 0.0},
    }
    assert (report["broken_links"], report["ipv6_compliant"]) == ([], False)


def test_depth_option(site: Running) -> None:
    report = json.loads(run(site.url(), "--resolve", site.pin(), "--depth", "2", "--json"))
    assert report["depth"]["3"] == {"links": 0, "ipv6_ok": 0, "ratio": None}


def test_human_output_is_bilingual(site: Running) -> None:
    text = run(site.url(), "--resolve", site.pin())
    assert "二级链接 Depth-2 links: 0/3 IPv6 可达 reachable (0.0%)" in text
    assert "AAAA 记录 record: 否 no" in text
    assert "IPv6 达标 compliant: 否 no" in text


def test_bad_resolve_entry_is_a_command_error(site: Running) -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="HOST:PORT:ADDR"):
        run(site.url(), "--resolve", "gov-v4.test:80")
