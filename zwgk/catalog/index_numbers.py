"""Index numbers (索引号, RULES §3.3): allocated on publication, per agency and year, gapless.

The serial comes from a counter row per (agency, year) locked with SELECT … FOR UPDATE in the
publishing transaction: a second publisher waits until the first commits (PostgreSQL row lock;
SQLite runs write transactions IMMEDIATE, i.e. one at a time). A rolled-back publication rolls
back its increment too, so there are neither gaps nor duplicates.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.db import IntegrityError, transaction

from zwgk.catalog.models import IndexCounter
from zwgk.organizations.models import Organization

DEFAULT_PATTERN = "{org}/{year}-{serial:05d}"


def pattern() -> str:
    return getattr(settings, "ZWGK_INDEX_NO_PATTERN", "") or DEFAULT_PATTERN


def agency_part(organization: Organization) -> str:
    return organization.credit_code or organization.code


def format_index_no(organization: Organization, year: int, serial: int) -> str:
    return pattern().format(org=agency_part(organization), year=year, serial=serial)


def _counter(organization: Organization, year: int) -> IndexCounter:
    counter = IndexCounter.objects.select_for_update().filter(organization=organization, year=year).first()
    if counter is not None:
        return counter
    try:
        # Savepoint: a concurrent publisher may create the same row; then we lock theirs.
        with transaction.atomic():
            IndexCounter.objects.create(organization=organization, year=year)
    except IntegrityError:
        pass
    return IndexCounter.objects.select_for_update().get(organization=organization, year=year)


def allocate(organization: Organization, year: int) -> tuple[str, int]:
    """The next (index number, serial); must run inside the publishing transaction."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("index numbers are allocated inside the publishing transaction")
    counter = _counter(organization, year)
    counter.last_serial += 1
    counter.save(update_fields=["last_serial"])
    return format_index_no(organization, year, counter.last_serial), counter.last_serial


def parse_serial(organization: Organization, year: int, index_no: str) -> int | None:
    """The serial of an imported number written in this deployment's pattern, else None."""
    probe = format_index_no(organization, year, 987654321)
    head, _, tail = probe.partition("987654321")
    if "987654321" not in probe:
        return None
    match = re.fullmatch(re.escape(head) + r"(\d+)" + re.escape(tail), index_no)
    return int(match.group(1)) if match else None


def reserve_imported(organization: Organization, year: int, serial: int) -> None:
    """Keep the counter ahead of an imported serial so later allocations never collide."""
    counter = _counter(organization, year)
    if serial > counter.last_serial:
        counter.last_serial = serial
        counter.save(update_fields=["last_serial"])
