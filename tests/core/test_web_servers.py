"""`zwgk serve` runs the server chosen by measurement (decision 0040) or the other one on request;
each serves requests and logs them without the secrets URLs carry."""

import os
import socket
import subprocess
import sys
import time

import httpx
import pytest

from zwgk.core.web_servers import SERVERS, default_server

SECRET = "990J-T6DC-P968"


def test_granian_gets_threads_access_log_and_its_logging_configuration(tmp_path):
    command = SERVERS["granian"].command("127.0.0.1", 8000, 2, 0, True, tmp_path)
    assert command[command.index("--blocking-threads") + 1] == "4"
    assert command[command.index("--workers") + 1] == "2"
    assert "--access-log" in command and "--respawn-failed-workers" in command
    assert (tmp_path / "granian-logging.json").exists()
    quiet = SERVERS["granian"].command("127.0.0.1", 8000, 2, 1, False, tmp_path)
    assert "--no-access-log" in quiet and quiet[quiet.index("--blocking-threads") + 1] == "1"


def test_gunicorn_sync_unless_threads_are_asked_for(tmp_path):
    sync = SERVERS["gunicorn"].command("::1", 8000, 2, 0, True, tmp_path)
    assert "--threads" not in sync and sync[sync.index("--bind") + 1] == "[::1]:8000"
    assert "zwgk.core.access_log.ScrubbingLogger" in sync
    threaded = SERVERS["gunicorn"].command("127.0.0.1", 8000, 2, 4, False, tmp_path)
    assert threaded[threaded.index("--threads") + 1] == "4"


def test_the_default_follows_the_database():
    assert default_server("sqlite") == "gunicorn" and default_server("postgresql") == "granian"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    # One for both servers: the second start finds the static files collected (serve's fingerprint).
    return tmp_path_factory.mktemp("serve-data")


@pytest.mark.parametrize("server", sorted(SERVERS))
def test_serve_answers_and_scrubs_its_access_log(server, tmp_path, data_dir):
    port = _free_port()
    env = {
        **{k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}},
        "ZWGK_DATA_DIR": str(data_dir),
        "ZWGK_BENCH_HELLO": "1",  # a view that needs no database: the data directory is empty
        "ZWGK_ACCESS_LOG": "1",
        "ZWGK_SECRET_KEY": "test-web-servers",
    }
    log = (tmp_path / "serve.log").open("w")
    command = [sys.executable, "-m", "zwgk.cli", "serve", "--server", server, "--port", str(port)]
    process = subprocess.Popen([*command, "--workers", "1", "--no-worker"], env=env, stdout=log, stderr=log)
    try:
        deadline = time.monotonic() + 90
        response = None
        while time.monotonic() < deadline:
            try:
                response = httpx.get(f"http://127.0.0.1:{port}/bench/hello/?code={SECRET}", trust_env=False)
                break
            except httpx.TransportError:
                time.sleep(0.3)
        assert response is not None and response.status_code == 200 and response.text == "hello"
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()
    text = (tmp_path / "serve.log").read_text()
    assert "GET /bench/hello/?code=[已隐藏]" in text and SECRET not in text


def test_static_files_are_collected_again_only_when_they_changed(tmp_path, settings):
    from zwgk.core.management.commands.static import collect_static

    settings.STATIC_ROOT = tmp_path / "static"
    settings.STATIC_ROOT.mkdir()
    collect_static()
    collected = settings.STATIC_ROOT / "portal" / "print.js"
    assert collected.exists() and (settings.STATIC_ROOT / ".zwgk-collected").exists()
    collected.unlink()
    collect_static()  # nothing changed since: no second collection
    assert not collected.exists()
    (settings.STATIC_ROOT / ".zwgk-collected").write_text("sources of another release")
    collect_static()
    assert collected.exists()
