"""The web servers `zwgk serve` can run, each as the command line of a child process.

Chosen by measurement (`make bench-load`; decision 0040), per database: `default_server`.
"""

from __future__ import annotations

import hashlib
import json
import sys
from dataclasses import dataclass
from pathlib import Path

WSGI_APP = "config.wsgi:application"
# gunicorn kills a worker stuck this long; granian has no per-request limit (decision 0040).
TIMEOUT_SECONDS = 120


@dataclass(frozen=True)
class WebServer:
    name: str
    default_threads: int

    def command(
        self, host: str, port: int, workers: int, threads: int, access_log: bool, data_dir: Path
    ) -> list[str]:
        threads = threads or self.default_threads
        if self.name == "granian":
            return _granian(host, port, workers, threads, access_log, data_dir)
        return _gunicorn(host, port, workers, threads, access_log)


SERVERS = {
    "granian": WebServer("granian", default_threads=4),
    "gunicorn": WebServer("gunicorn", default_threads=1),
}


def default_server(database_vendor: str) -> str:
    """Measured (decision 0040): on SQLite a request's time is CPU in the web process, and one
    request per process (gunicorn's sync workers) gave the most requests and the shortest tails;
    on PostgreSQL a request also waits for the database server, and threads (granian, 4 per
    process) keep the CPU busy meanwhile."""
    return "granian" if database_vendor == "postgresql" else "gunicorn"


def _gunicorn(host: str, port: int, workers: int, threads: int, access_log: bool) -> list[str]:
    bind = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    return [
        sys.executable,
        "-m",
        "gunicorn",
        WSGI_APP,
        "--bind",
        bind,
        "--workers",
        str(workers),
        # More than one thread: gunicorn's threaded workers (gthread); one: sync workers.
        *(["--threads", str(threads)] if threads > 1 else []),
        # Tracking codes are scrubbed from request lines (decision 0019).
        "--logger-class",
        "zwgk.core.access_log.ScrubbingLogger",
        "--timeout",
        str(TIMEOUT_SECONDS),
        # The demo's console shows warnings only; a deployment logs every request
        # (ZWGK_ACCESS_LOG=0/1 overrides).
        *(["--access-logfile", "-"] if access_log else ["--log-level", "warning"]),
    ]


def granian_logging() -> dict[str, object]:
    """granian's access lines go through Python's logging ("granian.access"), so the filter that
    scrubs every other log line scrubs them too (decision 0019)."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {
            "request_line": {"()": "zwgk.core.access_log.GranianRequestLine"},
            "scrub": {"()": "zwgk.core.logging.PersonalDataFilter"},
        },
        "formatters": {
            "generic": {"format": "[%(asctime)s] [%(levelname)s] %(message)s"},
            "access": {"format": "%(message)s"},
        },
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "formatter": "generic",
                "stream": "ext://sys.stderr",
            },
            "access": {
                "class": "logging.StreamHandler",
                "formatter": "access",
                "filters": ["request_line", "scrub"],
                "stream": "ext://sys.stdout",
            },
        },
        "loggers": {
            "_granian": {"handlers": ["console"], "level": "INFO", "propagate": False},
            "granian.access": {"handlers": ["access"], "level": "INFO", "propagate": False},
        },
    }


# gunicorn's default access line, in granian's fields (`uri` joined by GranianRequestLine).
GRANIAN_ACCESS_FORMAT = '%(addr)s - [%(time)s] "%(method)s %(uri)s %(protocol)s" %(status)d %(dt_ms).1fms'


def _granian(host: str, port: int, workers: int, threads: int, access_log: bool, data_dir: Path) -> list[str]:
    config = data_dir / "granian-logging.json"
    config.write_text(json.dumps(granian_logging()))
    return [
        sys.executable,
        "-m",
        "granian",
        "--interface",
        "wsgi",
        "--host",
        host,
        "--port",
        str(port),
        "--workers",
        str(workers),
        "--blocking-threads",
        str(threads),
        # A worker that dies is started again, as gunicorn's arbiter does.
        "--respawn-failed-workers",
        "--log-config",
        str(config),
        *(
            ["--access-log", "--access-log-fmt", GRANIAN_ACCESS_FORMAT, "--log-level", "info"]
            if access_log
            else ["--no-access-log", "--log-level", "warning"]
        ),
        WSGI_APP,
    ]


def static_fingerprint() -> str:
    """Paths, sizes and modification times of every file the static finders would collect."""
    from django.contrib.staticfiles.finders import get_finders

    digest = hashlib.sha256()
    for finder in get_finders():
        for path, storage in sorted(finder.list([]), key=lambda item: item[0]):
            stat = Path(storage.path(path)).stat()
            digest.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()
