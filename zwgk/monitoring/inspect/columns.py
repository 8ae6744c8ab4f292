"""Columns (RULES §5.1): fetched now, judged by the pure freshness rules."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from zwgk.core.http import OutboundClient
from zwgk.monitoring.checks import (
    ColumnKind,
    ColumnState,
    ColumnsVerdict,
    FreshnessRules,
    Page,
    column_state,
    columns_verdict,
    item_dates,
    meta_pubdate,
)


@dataclass(frozen=True)
class ColumnSpec:
    name: str
    url: str
    kind: ColumnKind
    items_xpath: str | None = None  # the column's list entries, when the default guess is wrong


@dataclass(frozen=True)
class ColumnCheck:
    spec: ColumnSpec
    state: ColumnState | None  # None when the column page could not be read
    status: int | None
    error: str | None


@dataclass(frozen=True)
class ColumnsReport:
    columns: list[ColumnCheck]
    verdict: ColumnsVerdict


async def inspect_columns(
    columns: Sequence[ColumnSpec],
    *,
    client: OutboundClient,
    today: date,
    rules: FreshnessRules | None = None,
) -> ColumnsReport:
    """Fetch each column page and judge its freshness; unreadable pages are reported, not
    counted as empty (an outage is not an empty column)."""

    async def one(spec: ColumnSpec) -> ColumnCheck:
        r = await client.fetch(spec.url)
        if not r.ok or not r.is_html:
            return ColumnCheck(spec, None, r.status, None if r.error is None else r.error.value)
        page = Page(r.body_text, r.final_url)
        dates = item_dates(page, today=today, items_xpath=spec.items_xpath)
        if not dates and spec.kind is ColumnKind.HOME:
            pub = meta_pubdate(page)
            dates = [pub] if pub is not None else []
        state = column_state(spec.name, spec.kind, dates, today=today, rules=rules)
        return ColumnCheck(spec, state, r.status, None)

    checks = list(await asyncio.gather(*(one(c) for c in columns)))
    verdict = columns_verdict((c.state for c in checks if c.state is not None), rules=rules)
    return ColumnsReport(checks, verdict)
