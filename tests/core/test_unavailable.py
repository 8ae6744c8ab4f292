"""Faults the platform answers cleanly (bench/load.py causes the real ones: a PostgreSQL restart,
a full tmpfs): 503 in the API.md format or a plain page, never a 500 traceback, nothing half-written."""

import errno
import io
import os

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.db.utils import OperationalError
from django.test import Client
from django.urls import reverse

from tests.foi.test_portal import FORM, solved
from zwgk.core.errors import StorageFull
from zwgk.core.storage import MediaStorage
from zwgk.foi.models import Application, ApplicationAttachment

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"0" * 200_000


def _database_gone(execute, sql, params, many, context):
    raise OperationalError("server closed the connection unexpectedly")


@pytest.fixture
def web():
    # A real server answers an uncaught exception with handler500; the test client would re-raise it.
    return Client(raise_request_exception=False)


def test_the_api_answers_503_in_the_api_md_format_while_the_database_is_away(web, agency):
    with connection.execute_wrapper(_database_gone):
        response = web.get("/api/v1/documents")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response.json() == {
        "error": {
            "code": "service_unavailable",
            "message": "服务暂时不可用（数据库连接中断），请稍后重试。",
            "fields": {},
        }
    }


def test_a_portal_page_is_a_plain_503_page_while_the_database_is_away(web, agency):
    with connection.execute_wrapper(_database_gone):
        response = web.get(reverse("portal:foi_apply"))
    assert response.status_code == 503
    text = response.content.decode()
    assert "服务暂时不可用" in text and "Traceback" not in text
    # Once the database is back, the same client is served again.
    assert web.get(reverse("portal:foi_apply")).status_code == 200


def test_other_server_errors_stay_500(web, agency, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr("zwgk.portal.foi_views.application_targets", broken)
    assert web.get(reverse("portal:foi_apply")).status_code == 500


@pytest.fixture
def disk_full_after(settings, monkeypatch):
    """Writes into MEDIA_ROOT fail with ENOSPC after `limit` bytes, as on a full file system."""
    real_fdopen = os.fdopen
    media = str(settings.MEDIA_ROOT)

    class FullDisk(io.BufferedWriter):
        limit = 0

        def write(self, data):  # type: ignore[override]
            room = FullDisk.limit - self.tell()
            if len(data) > room:
                super().write(data[: max(room, 0)])
                self.flush()
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            return super().write(data)

    def fdopen(fd, mode="r", *args, **kwargs):
        if os.readlink(f"/proc/self/fd/{fd}").startswith(media) and "w" in mode:
            return FullDisk(io.FileIO(fd, "w"))
        return real_fdopen(fd, mode, *args, **kwargs)

    monkeypatch.setattr(os, "fdopen", fdopen)

    def set_limit(limit: int) -> None:
        FullDisk.limit = limit

    return set_limit


def test_a_full_disk_removes_the_partial_file_and_says_so(settings, disk_full_after):
    disk_full_after(1000)
    storage = MediaStorage(location=settings.MEDIA_ROOT)
    with pytest.raises(StorageFull):
        storage.save("evidence/big.png", ContentFile(PNG))
    assert not storage.exists("evidence/big.png")


def test_an_application_whose_upload_hits_a_full_disk_is_refused_whole(
    client, agency, settings, disk_full_after
):
    disk_full_after(64 * 1024)
    proof = SimpleUploadedFile("身份证.png", PNG, content_type="image/png")
    response = client.post(
        reverse("portal:foi_apply"), {**FORM, "altcha": solved(client), "identity_proof": proof}
    )
    assert response.status_code == 503
    assert "服务器存储空间不足，文件未能保存，请稍后再试。" in response.content.decode()
    assert not Application.objects.exists()
    assert not ApplicationAttachment.objects.exists()
    stored = [f for _, _, files in os.walk(settings.MEDIA_ROOT) for f in files]
    assert stored == []


def test_the_scheduler_keeps_ticking_through_a_database_outage(settings, monkeypatch):
    from django.core.cache import cache
    from django.core.management import call_command

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    cache.clear()
    sleeps: list[float] = []

    class Enough(Exception):
        pass

    def sleep(seconds: float) -> None:
        sleeps.append(seconds)
        if len(sleeps) == 3:
            raise Enough

    monkeypatch.setattr("zwgk.core.management.commands.scheduler.time.sleep", sleep)
    # Every enqueue is an INSERT into the task table, and the database is away: each tick fails,
    # and the scheduler waits for the next one instead of exiting.
    with connection.execute_wrapper(_database_gone), pytest.raises(Enough):
        call_command("scheduler", tick=0.01)
    assert sleeps == [0.01, 0.01, 0.01]
