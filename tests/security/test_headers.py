"""Issue 21.7: CSP on every HTML page, no-store where personal data is answered, deploy checks."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from zwgk.api.tokens import api_token_issue

pytestmark = pytest.mark.django_db

ROOT = Path(settings.BASE_DIR)


def _csp(response):
    policy = dict(part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";"))
    return policy


@pytest.mark.parametrize("url", ["/", "/search/?q=通知", "/apply/", "/staff/login/", "/no-such-page/"])
def test_every_html_page_has_a_strict_csp(client, agency, url):
    response = client.get(url)
    assert response["Content-Type"].startswith("text/html")
    policy = _csp(response)
    assert policy["script-src"] == "'self'" and policy["style-src"] == "'self'"
    assert policy["object-src"] == "'none'" and policy["frame-ancestors"] == "'none'"
    assert response["X-Frame-Options"] == "DENY"


def test_api_docs_page_has_the_csp_and_only_self_hosted_scripts(client):
    response = client.get("/api/v1/docs")
    assert _csp(response)["script-src"] == "'self'"
    page = response.content.decode()
    assert all(src.startswith("/static/") for src in re.findall(r'<script[^>]* src="([^"]+)"', page))


def test_json_answers_carry_no_csp(client):
    assert "Content-Security-Policy" not in client.get("/api/v1/organizations")


TEMPLATE_DIRS = [p for p in (ROOT / "zwgk").rglob("templates") if p.is_dir()]
INLINE = [
    (
        re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/(?:json|ld\+json)\")[^>]*>", re.I),
        "inline script",
    ),
    (re.compile(r"\son[a-z]+\s*=", re.I), "inline event handler"),
    (re.compile(r"<style[\s>]", re.I), "<style> element"),
    (re.compile(r"\sstyle\s*=", re.I), "style attribute"),
]


def test_no_template_needs_inline_script_or_style():
    found = []
    for directory in TEMPLATE_DIRS:
        for path in directory.rglob("*.html"):
            text = path.read_text()
            found += [f"{path.relative_to(ROOT)}: {what}" for pattern, what in INLINE if pattern.search(text)]
    assert found == []


def test_staff_pages_are_not_stored(client, admin_user):
    client.force_login(admin_user)
    for url in ["/staff/", "/staff/audit/", "/"]:
        cache_control = client.get(url)["Cache-Control"]
        assert "no-store" in cache_control and "private" in cache_control, url


def test_staff_api_and_tracking_answers_are_not_stored(client, admin_user):
    token = api_token_issue(actor=None, user=admin_user)
    staff = client.get("/api/v1/staff/applications", HTTP_AUTHORIZATION=f"Token {token}")
    assert staff.status_code == 200 and "no-store" in staff["Cache-Control"]
    assert "no-store" in client.get("/api/v1/applications/track/AAAA-BBBB-CCCC")["Cache-Control"]
    assert "no-store" in client.get("/track/")["Cache-Control"]
    assert "no-store" in client.get("/apply/")["Cache-Control"]


def test_public_pages_stay_cacheable(client, agency):
    assert "no-store" not in client.get("/").get("Cache-Control", "")
    assert "no-store" not in client.get("/api/v1/documents").get("Cache-Control", "")


def _deploy_check(tmp_path, **env):
    environment = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("ZWGK_", "DJANGO_"))},
        "ZWGK_DATA_DIR": str(tmp_path),
        "ZWGK_SECRET_KEY": "k" * 20 + "production-secret-key-of-sufficient-length-and-variety-0123456789",
        "ZWGK_ALLOWED_HOSTS": "gk.dl.gov.cn",
        "ZWGK_SECURE_COOKIES": "1",
        "DJANGO_SETTINGS_MODULE": "config.settings",
        **env,
    }
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
    )


def test_production_settings_from_the_environment_pass_check_deploy(tmp_path):
    run = _deploy_check(
        tmp_path,
        ZWGK_SSL_REDIRECT="1",
        ZWGK_HSTS_SECONDS="31536000",
        ZWGK_HSTS_INCLUDE_SUBDOMAINS="1",
        ZWGK_HSTS_PRELOAD="1",
    )
    assert run.returncode == 0, run.stderr + run.stdout


def test_without_tls_settings_check_deploy_names_them(tmp_path):
    output = _deploy_check(tmp_path).stderr
    assert "security.W004" in output and "security.W008" in output and "security.W019" not in output
