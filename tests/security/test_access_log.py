"""Issue 21.7: tracking codes and letter tokens kept out of access logs; URLs unchanged."""

import logging
from datetime import timedelta
from types import SimpleNamespace

import pytest
from gunicorn.config import Config
from gunicorn.glogging import SafeAtoms

from zwgk.core.access_log import ScrubbingLogger
from zwgk.core.logging import PersonalDataFilter, scrub_url_secrets

CODE = "990J-T6DC-P968"


@pytest.mark.parametrize(
    "url, logged",
    [
        (f"/api/v1/applications/track/{CODE}", "/api/v1/applications/track/[已隐藏]"),
        (f"/track/?code={CODE}&x=1", "/track/?code=[已隐藏]&x=1"),
        ("/track/letters/Zm9vYmFy.abc/", "/track/letters/[已隐藏]/"),
        ("/subscribe/confirm/tok123/", "/subscribe/confirm/[已隐藏]/"),
        (
            f"/api/v1/services/progress/2026-001?code={CODE}",
            "/api/v1/services/progress/2026-001?code=[已隐藏]",
        ),
        ("/documents/12/?page=2", "/documents/12/?page=2"),
    ],
)
def test_secrets_in_urls_are_scrubbed(url, logged):
    assert scrub_url_secrets(url) == logged


def test_gunicorn_access_line_has_no_tracking_code():
    logger = ScrubbingLogger(Config())
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": f"/track/?code={CODE}",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "PATH_INFO": "/track/",
        "QUERY_STRING": f"code={CODE}",
        "REMOTE_ADDR": "203.0.113.9",
        "HTTP_REFERER": f"https://gk.dl.gov.cn/api/v1/applications/track/{CODE}",
    }
    resp = SimpleNamespace(status="200 OK", sent=512, headers=[])
    req = SimpleNamespace(headers=[("REFERER", environ["HTTP_REFERER"])])
    atoms = logger.atoms(resp, req, environ, timedelta(milliseconds=3))
    line = logger.cfg.access_log_format % SafeAtoms(atoms)
    assert CODE not in line and "GET /track/?code=[已隐藏] HTTP/1.1" in line and "203.0.113.9" in line


def test_development_server_lines_are_scrubbed_too():
    record = logging.LogRecord(
        "django.server",
        logging.INFO,
        "",
        0,
        '"%s" %s %s',
        (f"GET /track/?code={CODE} HTTP/1.1", 200, 10),
        None,
    )
    PersonalDataFilter().filter(record)
    assert CODE not in record.getMessage()


def test_granian_access_line_has_no_tracking_code_and_reads_like_gunicorns(capsys):
    """The logging configuration `zwgk serve --server granian` hands granian, fed a record as
    granian's access logger builds it (its format, a dict of fields)."""
    import logging.config

    from zwgk.core.web_servers import GRANIAN_ACCESS_FORMAT, granian_logging

    logging.config.dictConfig(granian_logging())
    access = logging.getLogger("granian.access")
    fields = {
        "addr": "203.0.113.9",
        "time": "2026-12-07 10:00:00 +0800",
        "dt_ms": 3.2,
        "status": 200,
        "method": "GET",
        "scheme": "http",
        "protocol": "HTTP/1.1",
    }
    access.info(GRANIAN_ACCESS_FORMAT, {**fields, "path": "/track/", "query_string": f"code={CODE}"})
    access.info(GRANIAN_ACCESS_FORMAT, {**fields, "path": "/documents/12/", "query_string": ""})
    lines = capsys.readouterr().out.splitlines()
    assert CODE not in "".join(lines)
    assert '"GET /track/?code=[已隐藏] HTTP/1.1" 200' in lines[0] and "203.0.113.9" in lines[0]
    assert '"GET /documents/12/ HTTP/1.1" 200' in lines[1]
