"""Issue 21.7: API tokens stored hashed, with expiry and revocation (`zwgk api-token`)."""

from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from tests.factories import UserFactory
from zwgk.api.models import ApiToken

pytestmark = pytest.mark.django_db

URL = "/api/v1/staff/applications"


def _issue(capsys, *args):
    call_command("api_token", "script", *args)
    return capsys.readouterr().out.strip()


def _get(client, token):
    return client.get(URL, HTTP_AUTHORIZATION=f"Token {token}")


def test_command_prints_a_new_working_token_each_time(capsys, client):
    UserFactory(username="script")
    first, second = _issue(capsys), _issue(capsys)
    assert first != second
    assert _get(client, first).status_code == 200 and _get(client, second).status_code == 200


def test_only_a_digest_is_stored(capsys):
    UserFactory(username="script")
    raw = _issue(capsys)
    token = ApiToken.objects.get()
    assert raw not in {token.key_hash, token.prefix} and len(raw) >= 40
    assert token.key_hash == ApiToken.digest(raw) and raw.startswith(token.prefix)
    assert all(raw not in str(value) for value in ApiToken.objects.values().get().values())


def test_revoke_stops_every_token_of_the_user(capsys, client):
    UserFactory(username="script")
    first, second = _issue(capsys), _issue(capsys)
    call_command("api_token", "script", "--revoke")
    assert _get(client, first).status_code == 401 and _get(client, second).status_code == 401
    assert _get(client, _issue(capsys)).status_code == 200


def test_expired_token_is_refused(capsys, client):
    UserFactory(username="script")
    raw = _issue(capsys, "--days", "30")
    token = ApiToken.objects.get()
    assert timedelta(days=29) < token.expires_at - timezone.now() <= timedelta(days=30)
    assert _get(client, raw).status_code == 200
    ApiToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    response = _get(client, raw)
    assert response.status_code == 401 and response.json()["error"]["code"] == "not_authenticated"


def test_unknown_user_is_an_error():
    with pytest.raises(CommandError):
        call_command("api_token", "nobody")
