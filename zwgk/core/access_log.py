"""The web servers' access logs without the secrets some URLs carry (issue 21.7): gunicorn gets
`--logger-class zwgk.core.access_log.ScrubbingLogger`, granian a logging configuration whose
access handler filters its lines (`zwgk.core.web_servers.granian_logging`)."""

from __future__ import annotations

import logging
from typing import Any

from gunicorn.glogging import Logger

from zwgk.core.logging import redact


class ScrubbingLogger(Logger):  # type: ignore[misc]
    def atoms(self, resp: Any, req: Any, environ: dict[str, Any], request_time: Any) -> dict[str, Any]:
        atoms: dict[str, Any] = super().atoms(resp, req, environ, request_time)
        # Every text atom: the request line, path and query, and the Referer (a page of the
        # tracking lookup refers to the next one with its code), whichever the format uses.
        return {key: redact(value) if isinstance(value, str) else value for key, value in atoms.items()}


class GranianRequestLine(logging.Filter):
    """granian hands its access logger the path and the query string apart; gunicorn's line has
    them as one request URI ("/track/?code=…", "/" without a stray "?"), and so does ours. Runs
    before `PersonalDataFilter`, which then scrubs the joined line."""

    def filter(self, record: logging.LogRecord) -> bool:
        fields = record.args
        if isinstance(fields, dict) and "path" in fields:
            query = fields.get("query_string") or ""
            record.args = {**fields, "uri": f"{fields['path']}?{query}" if query else fields["path"]}
        return True
