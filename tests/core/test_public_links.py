"""E-mailed links are built from ZWGK_PUBLIC_URL, the demo's own address in demo mode (issue 20
item 8): a demo never mails a link to a real government site."""

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from django.core import mail

from tests.foi.factories import ApplicantFactory, register_case
from zwgk.foi.reminders import reminders_send

ROOT = Path(__file__).resolve().parents[2]


def settings_value(name, **env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("ZWGK_", "PORT", "DJANGO_SETTINGS"))}
    result = subprocess.run(
        [sys.executable, "-c", f"from django.conf import settings; print(settings.{name})"],
        env={
            **clean,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "ZWGK_DATA_DIR": os.environ.get("ZWGK_DATA_DIR", "/tmp"),
            **env,
        },
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


def test_demo_mode_mails_the_demos_own_address():
    assert settings_value("ZWGK_PUBLIC_URL", ZWGK_DEMO="1", PORT="8123") == "http://127.0.0.1:8123"
    assert settings_value("ZWGK_PUBLIC_URL", ZWGK_DEMO="1") == "http://127.0.0.1:8000"


def test_production_mails_the_configured_or_the_site_domain():
    assert settings_value("ZWGK_PUBLIC_URL", ZWGK_SITE_DOMAIN="gk.dl.gov.cn") == "https://gk.dl.gov.cn"
    configured = settings_value("ZWGK_PUBLIC_URL", ZWGK_DEMO="1", ZWGK_PUBLIC_URL="https://zwgk.example.cn/")
    assert configured == "https://zwgk.example.cn"


@pytest.mark.django_db
def test_reminders_link_to_the_case_at_the_public_address(agency, make_staff, settings):
    settings.ZWGK_PUBLIC_URL = "http://127.0.0.1:8123"
    handler = make_staff(agency, "handler", username="zhao")
    handler.email = "zhao@sfj.dl.gov.cn"
    handler.save()
    case = register_case(agency, handler, received_on="2026-03-02")
    reminders_send(today=date(2026, 3, 25))
    assert f"http://127.0.0.1:8123/staff/foi/{case.pk}/" in mail.outbox[0].body
    assert "dl.gov.cn/staff" not in mail.outbox[0].body


@pytest.mark.django_db
def test_applicant_notices_link_to_the_tracking_page_at_the_public_address(
    agency, make_staff, settings, django_capture_on_commit_callbacks
):
    settings.ZWGK_PUBLIC_URL = "http://127.0.0.1:8123"
    handler = make_staff(agency, "handler", username="zhao")
    with django_capture_on_commit_callbacks(execute=True):
        register_case(
            agency, handler, received_on="2026-03-02", applicant=ApplicantFactory(email="li@example.cn")
        )
    assert "http://127.0.0.1:8123/track/" in mail.outbox[0].body
