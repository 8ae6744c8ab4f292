"""gunicorn's access log without the secrets some URLs carry (issue 21.7): `zwgk serve` passes
`--logger-class zwgk.core.access_log.ScrubbingLogger`."""

from __future__ import annotations

from typing import Any

from gunicorn.glogging import Logger

from zwgk.core.logging import redact


class ScrubbingLogger(Logger):  # type: ignore[misc]
    def atoms(self, resp: Any, req: Any, environ: dict[str, Any], request_time: Any) -> dict[str, Any]:
        atoms: dict[str, Any] = super().atoms(resp, req, environ, request_time)
        # Every text atom: the request line, path and query, and the Referer (a page of the
        # tracking lookup refers to the next one with its code), whichever the format uses.
        return {key: redact(value) if isinstance(value, str) else value for key, value in atoms.items()}
