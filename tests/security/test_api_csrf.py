"""Issue 21.1: the staff session cookie alone must not let another site write through the API."""

import json

import pytest
from django.test import Client

from tests.catalog.test_api import BODY
from zwgk.api.tokens import api_token_issue
from zwgk.catalog.models import Document

pytestmark = pytest.mark.django_db

FOREIGN = {"HTTP_ORIGIN": "https://evil.dl.gov.cn", "HTTP_REFERER": "https://evil.dl.gov.cn/x"}


@pytest.fixture
def browser(editor):
    """A browser with the editor's session, checking CSRF as production does."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    return client


def test_session_write_from_a_foreign_page_is_refused(browser, agency):
    response = browser.post(
        "/api/v1/staff/documents", json.dumps(BODY), content_type="text/plain", secure=True, **FOREIGN
    )
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "csrf_failed"
    assert not Document.objects.exists()


def test_session_write_without_csrf_token_is_refused_even_as_json(browser, agency):
    response = browser.post("/api/v1/staff/documents", json.dumps(BODY), content_type="application/json")
    assert response.status_code == 403 and response.json()["error"]["code"] == "csrf_failed"


def test_session_write_with_the_csrf_token_works(browser, agency):
    # The API docs page renders the token (and sets the cookie), as Swagger UI then sends it.
    docs = browser.get("/api/v1/docs").content.decode()
    token = docs.split('data-csrf-token="', 1)[1].split('"', 1)[0]
    assert token
    response = browser.post(
        "/api/v1/staff/documents", json.dumps(BODY), content_type="application/json", HTTP_X_CSRFTOKEN=token
    )
    assert response.status_code == 201


def test_session_reads_need_no_csrf_token(browser, agency):
    assert browser.get("/api/v1/staff/applications").status_code == 200


def test_token_write_is_unaffected_by_origin_and_csrf(editor, agency):
    client = Client(enforce_csrf_checks=True)
    token = api_token_issue(actor=None, user=editor)
    response = client.post(
        "/api/v1/staff/documents",
        json.dumps(BODY),
        content_type="text/plain",
        HTTP_AUTHORIZATION=f"Token {token}",
        **FOREIGN,
    )
    assert response.status_code == 201
