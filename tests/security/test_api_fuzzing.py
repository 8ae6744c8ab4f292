"""Issue 21.9: schemathesis against /api/v1/openapi.json on every run of the suite (CI runs it
on SQLite and again on PostgreSQL): no 500 for anything it sends, and every answer that the
schema documents matches it. In-process through the WSGI app, with a bounded budget per
operation so the whole file stays within a couple of minutes per database."""

from datetime import date

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from tests.catalog.factories import published
from tests.foi.factories import register_case
from zwgk.api.tokens import api_token_issue

CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]
EXAMPLES_PER_OPERATION = 20


# Loaded at collection, one test per operation; the schema itself needs no database.
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


@schema.hook("flatmap_body")
def _sometimes_a_real_agency(ctx, body):
    """Random strings never name an agency, so every generated submission would stop at the
    organization check; half the time use the fixture's agency (and a real applicant type) so
    the rest of the body reaches the services and the database."""
    if not isinstance(body, dict) or not isinstance(body.get("organization"), str):
        return st.just(body)
    real = {**body, "organization": "dl-sfj"}
    if isinstance(body.get("applicant"), dict):
        real["applicant"] = {**body["applicant"], "type": "natural_person"}
    return st.sampled_from([body, real])


@pytest.fixture
def api_token(db, settings, agency, admin_user, make_staff):
    # Per-IP limits would turn most public submissions into 429s before they reach the database.
    settings.ZWGK_RATE_LIMITS = {name: (1_000_000, 3600) for name in settings.ZWGK_RATE_LIMITS}
    # Real rows for the generated ids to hit now and then: a published item, a case, a token.
    handler = make_staff(agency, "handler", "editor", "reviewer", "office_head")
    published(agency, on=date(2026, 3, 2))
    register_case(agency, handler, received_on="2026-03-02")
    # Django closes the connection after each request, which would end the test's transaction;
    # the test client disconnects these signals for the same reason.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield api_token_issue(actor=None, user=admin_user)
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    database=None,
)
def test_api_answers_fuzzing_without_server_errors(case, api_token):
    response = case.call(headers={"Authorization": f"Token {api_token}"})
    case.validate_response(response, checks=CHECKS)
