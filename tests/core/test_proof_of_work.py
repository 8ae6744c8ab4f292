"""Proof of work on public submissions (API.md "Public submissions"): missing, wrong, expired or
reused payloads are refused with `challenge_failed`; a solved one is accepted once."""

import base64
import json
from datetime import timedelta

import pytest
from django.utils import timezone

from zwgk.core import proof_of_work
from zwgk.core.proof_of_work import ChallengeFailed, challenge_check, challenge_new, solve
from zwgk.foi.models import Application

BODY = {
    "organization": "dl-sfj",
    "applicant": {"type": "natural_person", "name": "张明", "email": "zm@example.cn"},
    "description": "请公开2025年行政复议案件数量。",
    "delivery": "email",
}


def _tampered(payload: str, **changes) -> str:
    data = json.loads(base64.b64decode(payload))
    return base64.b64encode(json.dumps({**data, **changes}).encode()).decode()


def test_a_solved_challenge_is_accepted_once(settings):
    challenge = challenge_new()
    assert challenge["maxnumber"] == settings.ZWGK_ALTCHA_MAX_NUMBER
    assert set(challenge) == {"algorithm", "challenge", "maxnumber", "salt", "signature"}
    payload = solve(challenge)
    challenge_check(payload)
    with pytest.raises(ChallengeFailed, match="已使用"):
        challenge_check(payload)


@pytest.mark.parametrize("payload", [None, "", "not base64!", base64.b64encode(b"[1, 2]").decode()])
def test_missing_or_garbled_payloads_are_refused(payload):
    with pytest.raises(ChallengeFailed) as exc:
        challenge_check(payload)
    assert exc.value.code == "challenge_failed" and exc.value.status == 400


def test_a_wrong_number_or_a_forged_signature_is_refused():
    payload = solve(challenge_new())
    number = json.loads(base64.b64decode(payload))["number"]
    with pytest.raises(ChallengeFailed):
        challenge_check(_tampered(payload, number=number + 1))
    with pytest.raises(ChallengeFailed):
        challenge_check(_tampered(payload, signature="0" * 64))


def test_an_expired_challenge_is_refused(monkeypatch, settings):
    past = timezone.now() - timedelta(seconds=settings.ZWGK_ALTCHA_EXPIRES_SECONDS + 5)
    monkeypatch.setattr(proof_of_work.timezone, "now", lambda: past)
    payload = solve(challenge_new())
    monkeypatch.undo()
    with pytest.raises(ChallengeFailed, match="过期"):
        challenge_check(payload)


def test_production_settings_refuse_switching_it_off(monkeypatch):
    import importlib

    import config.settings as production

    monkeypatch.setenv("ZWGK_ALTCHA_MAX_NUMBER", "10")
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured):
        importlib.reload(production)
    monkeypatch.delenv("ZWGK_ALTCHA_MAX_NUMBER")
    importlib.reload(production)
    assert production.ZWGK_ALTCHA_MAX_NUMBER == 70_000


def test_the_public_api_needs_a_solved_challenge(api_client, agency):
    api = api_client()
    for altcha in ("", "bm9wZQ=="):
        response = api.post("/api/v1/applications", BODY, altcha=altcha)
        assert response.status_code == 400
        assert response.json()["error"]["code"] == "challenge_failed"
    assert not Application.objects.exists()
    payload = solve(api.get("/api/v1/challenge").json())
    assert api.post("/api/v1/applications", BODY, altcha=payload).status_code == 201
    reused = api.post("/api/v1/applications", BODY, altcha=payload)
    assert reused.status_code == 400 and reused.json()["error"]["code"] == "challenge_failed"
    assert Application.objects.count() == 1


def test_the_schema_documents_the_header(client):
    operation = client.get("/api/v1/openapi.json").json()["paths"]["/api/v1/applications"]["post"]
    assert any(p["name"] == "X-Altcha" and p["in"] == "header" for p in operation["parameters"])
