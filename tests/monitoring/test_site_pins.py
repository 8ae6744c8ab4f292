"""Issue 21 item 2: pins set in the back office are not trusted by the SSRF guard; only the
operator's (`zwgk monitor check --resolve`, ZWGK_MONITOR_PINS) are."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest
from django.urls import reverse

from tests.monitoring import sites
from tests.monitoring.sites import Running
from zwgk.core.errors import ValidationFailed
from zwgk.core.http import FetchError, Pins
from zwgk.monitoring import rounds, services
from zwgk.monitoring.models import Site
from zwgk.monitoring.services import SiteInput


@pytest.fixture(scope="module")
def internal() -> Iterator[Running]:
    with sites.serve(sites.dual_stack_site()) as running:
        yield running


@pytest.fixture(autouse=True)
def _no_dns(settings):
    settings.ZWGK_MONITOR_RESOLVER = "none"
    settings.ZWGK_MONITOR_PINS = []
    settings.ZWGK_MONITOR_ALLOW_PRIVATE = False


def _fetch(site: Site, url: str):
    async def go():
        async with rounds.client_for(site) as client:
            return await client.fetch(url)

    return asyncio.run(go())


def test_a_pin_stored_on_a_site_to_loopback_is_never_connected(agency, internal):
    # As if written before the form refused it (or straight into the database).
    site = Site.objects.create(
        organization=agency, name="内网", home_url=internal.url(), pins=[internal.pin()]
    )
    before = len(internal.stats.requests)
    result = _fetch(site, internal.url())
    assert result.error is FetchError.BLOCKED_ADDRESS
    assert len(internal.stats.requests) == before  # not even a connection


def test_the_same_pin_from_the_operator_is_trusted(agency, internal, settings):
    settings.ZWGK_MONITOR_PINS = [internal.pin()]
    site = Site.objects.create(organization=agency, name="内网", home_url=internal.url())
    assert _fetch(site, internal.url()).status == 200


def test_an_operator_pin_is_not_weakened_by_a_site_pin_of_the_same_host():
    operator = Pins.parse(["a.test:80:127.0.0.1"])
    site = Pins.parse(["a.test:80:127.0.0.1"], trusted=False)
    assert (site | operator).lookup("a.test", 80, 4).pinned is True
    assert (operator | site).lookup("a.test", 80, 4).pinned is True
    assert site.lookup("a.test", 80, 4).pinned is False


@pytest.mark.parametrize("address", ["127.0.0.1", "169.254.169.254", "10.0.0.8", "::1", "::ffff:127.0.0.1"])
def test_a_supervisor_cannot_pin_a_site_to_a_private_address(make_staff, city, agency, address):
    supervisor = make_staff(city, "supervisor")
    with pytest.raises(ValidationFailed) as caught:
        services.site_create(
            actor=supervisor,
            data=SiteInput(
                organization=agency, name="x", home_url="http://sfj.example.gov.cn/",
                pins=[f"sfj.example.gov.cn:80:{address}"],
            ),
        )  # fmt: skip
    assert "pins" in caught.value.fields
    assert not Site.objects.exists()


def test_the_back_office_form_refuses_a_metadata_address_pin(client, make_staff, city, agency):
    client.force_login(make_staff(city, "supervisor"))
    response = client.post(
        reverse("backoffice:monitoring_site_new"),
        {
            "organization": agency.pk,
            "name": "市司法局网站",
            "home_url": "https://sfj.example.gov.cn/",
            "round_every_hours": 24,
            "probe_every_minutes": 60,
            "pins": "sfj.example.gov.cn:443:169.254.169.254",
        },
    )
    assert response.status_code == 200 and not Site.objects.exists()
    assert "固定解析地址不能是内网" in response.content.decode()


def test_private_pins_need_the_deployment_setting_and_the_administrator(
    make_staff, city, agency, admin_user, settings
):
    data = SiteInput(
        organization=agency, name="内网站", home_url="http://oa.example.gov.cn/",
        pins=["oa.example.gov.cn:80:10.1.2.3"],
    )  # fmt: skip
    with pytest.raises(ValidationFailed):
        services.site_create(actor=admin_user, data=data)  # the deployment does not allow it
    settings.ZWGK_MONITOR_ALLOW_PRIVATE = True
    with pytest.raises(ValidationFailed):
        services.site_create(actor=make_staff(city, "supervisor"), data=data)  # not the administrator
    assert services.site_create(actor=admin_user, data=data).pins == ["oa.example.gov.cn:80:10.1.2.3"]


def test_a_public_pin_is_still_accepted(make_staff, city, agency):
    site = services.site_create(
        actor=make_staff(city, "supervisor"),
        data=SiteInput(
            organization=agency, name="x", home_url="http://sfj.example.gov.cn/",
            pins=["sfj.example.gov.cn:80:218.25.0.10"],
        ),
    )  # fmt: skip
    assert site.pins == ["sfj.example.gov.cn:80:218.25.0.10"]
