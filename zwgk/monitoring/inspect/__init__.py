"""Inspect one website now (API.md, Monitoring; RULES §5.2).

The home page is depth 1, the links found on it depth 2, the links found on depth-2 pages
depth 3. The crawl is breadth-first and level by level: a level's pages are fetched
concurrently, and a URL's depth and "found on" page are those of its first occurrence in
document order, whatever order the fetches finish in, so two runs over the same site report
the same thing. Every internal link is fetched over the working family (IPv4 first) and over
IPv6, and the two answers are compared (no stub page); external links are checked once, apart,
for being broken or hijacked, and never counted in the IPv6 ratios.

Memory stays bounded by the number of distinct URLs: page bodies are dropped as soon as their
links are read and their IPv4/IPv6 answers compared.

Modules: `results` (the `Inspection` and the links it reports), `crawl` (`CrawlSettings`,
`run_inspection`, `inspect_site` and the crawler), `columns` (`inspect_columns`: the freshness
of watched columns). Import from the package. The package is named `inspect`: import it only
absolutely (`zwgk.monitoring.inspect`); a bare `import inspect` anywhere still gets the stdlib.
"""

from zwgk.monitoring.inspect.columns import ColumnCheck, ColumnSpec, ColumnsReport, inspect_columns
from zwgk.monitoring.inspect.crawl import (
    MAX_DEPTH,
    SHANGHAI,
    CrawlProgress,
    CrawlSettings,
    inspect_site,
    run_inspection,
)
from zwgk.monitoring.inspect.results import BrokenLink, ExternalLink, HiddenLink, HomeFetch, Inspection

__all__ = [
    "MAX_DEPTH",
    "SHANGHAI",
    "BrokenLink",
    "ColumnCheck",
    "ColumnSpec",
    "ColumnsReport",
    "CrawlProgress",
    "CrawlSettings",
    "ExternalLink",
    "HiddenLink",
    "HomeFetch",
    "Inspection",
    "inspect_columns",
    "inspect_site",
    "run_inspection",
]
