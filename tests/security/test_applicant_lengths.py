"""Issue 21.7: applicant fields too long are refused with the field named, never cut."""

import json

import pytest

from tests.foi.test_api import BODY
from zwgk.foi.models import Application

pytestmark = pytest.mark.django_db


@pytest.fixture
def _post(api_client):
    """A conforming client's submission: a solved proof-of-work challenge comes with it."""
    return lambda body: api_client().post("/api/v1/applications", body)


@pytest.mark.parametrize(
    "field, value",
    [
        ("applicant.name", "张" * 201),
        ("applicant.address", "大连市中山区人民路" * 40),
        ("applicant.contact_person", "李" * 101),
        ("applicant.postcode", "1" * 11),
        ("title", "关于" * 151),
        ("doc_no", "大政发" * 40),
        ("purpose", "用" * 2001),
    ],
)
def test_too_long_is_refused_not_cut(_post, agency, field, value):
    body = json.loads(json.dumps(BODY))
    if field.startswith("applicant."):
        body["applicant"][field.removeprefix("applicant.")] = value
    else:
        body[field] = value
    response = _post(body)
    assert response.status_code == 400
    assert field in response.json()["error"]["fields"]
    assert not Application.objects.exists()


def test_at_the_limit_is_kept_whole(_post, agency):
    name, address = "张" * 200, "路" * 300
    body = {**BODY, "applicant": {**BODY["applicant"], "name": name, "address": address}}
    code = _post(body).json()["tracking_code"]
    application = Application.objects.get(tracking_code=code)
    assert (application.applicant_name, application.address) == (name, address)
