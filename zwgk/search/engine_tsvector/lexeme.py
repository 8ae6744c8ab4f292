"""A token or control lexeme quoted for a tsvector or tsquery literal (writing and queries alike)."""

from __future__ import annotations


def _lexeme(token: str) -> str:
    return "'" + token.replace("\\", "\\\\").replace("'", "''") + "'"
