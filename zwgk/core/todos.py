"""The workbench's to-do list (工作台 待办事项): apps register providers here, the back office shows
what they return on the workbench and counts it in the navigation (issue 20 item 4).

No domain knowledge lives here, like `zwgk.core.schedule`: each app registers its providers
from its `AppConfig.ready()` (see `register`), and owns the queries behind them.

## The provider interface

A provider is a function `entries(user, *, today) -> list[TodoEntry]`, registered with the
roles it serves:

    todos.register(
        todos.TodoProvider(
            code="review.letters_awaiting_signoff",      # unique, "<app>.<what>"
            label="待审签的答复文书",                     # the workbench section heading
            roles=frozenset({Role.OFFICE_HEAD}),          # runs for users holding one of these
            entries=letters_awaiting_signoff_todos,       # user, *, today -> list[TodoEntry]
            menu="backoffice:review_queue",               # the menu item whose count includes it
            order=210,                                    # place on the workbench (lower first)
        )
    )

A provider returns None instead of a list when it does not concern the user at all (a
department that oversees no public enterprise has no complaints to answer, ever): the workbench
then shows no section for it, rather than an empty one that can never fill.

Each `TodoEntry` is one line of the list: a title, how many things it stands for (`count`,
≥ 1; a provider returns no entry for nothing to do), a link to the page where they are done,
and the earliest due date among them (None when there is none), `overdue` when that date has
passed. Providers read through the selectors that take the user, so a user never sees a
count of another agency's work.

Every back-office page shows the counts in the navigation, so a provider must cost a fixed
number of queries whatever the amount of data (tests assert this for the built-in ones):
aggregate in the database, prefetch, never a query per row.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class TodoEntry:
    title: str
    count: int
    url: str
    due_on: date | None = None
    overdue: bool = False
    note: str = ""  # a short second line: the rule or what to do


Entries = Callable[..., list[TodoEntry] | None]  # (user, *, today: date) -> entries, None: n/a


@dataclass(frozen=True)
class TodoProvider:
    code: str
    label: str
    roles: frozenset[str]
    entries: Entries
    menu: str = "backoffice:dashboard"
    order: int = 500


@dataclass(frozen=True)
class TodoSection:
    provider: TodoProvider
    entries: list[TodoEntry] = field(default_factory=list)
    failed: bool = False  # the provider raised: shown as "cannot count now", logged

    @property
    def count(self) -> int:
        return sum(e.count for e in self.entries)


# A provider listing things one by one shows at most this many, then one line for the rest.
ITEM_LIMIT = 10


def capped(
    items: list[TodoEntry], total: int, *, more_url: str, more_title: str = "其余各项"
) -> list[TodoEntry]:
    """`items` (one per thing, at most ITEM_LIMIT of them, fetched with a LIMIT) and one more
    line counting the rest of `total`, so the counts still add up to `total`."""
    shown = items[:ITEM_LIMIT]
    rest = total - sum(e.count for e in shown)
    if rest > 0:
        shown.append(TodoEntry(f"{more_title}（另{rest}项）", rest, more_url))
    return shown


_providers: dict[str, TodoProvider] = {}


def register(*providers: TodoProvider) -> None:
    """Add providers (call from an AppConfig.ready). Registering the same one again is harmless;
    another provider under a taken code is a programming error."""
    for provider in providers:
        existing = _providers.get(provider.code)
        if existing is not None and existing != provider:
            raise ValueError(f"to-do provider {provider.code!r} is already registered")
        _providers[provider.code] = provider


def unregister(code: str) -> None:
    """Take a provider out (a deployment replacing a built-in one, e.g. by a sign-off chain's)."""
    _providers.pop(code, None)


def providers() -> list[TodoProvider]:
    return sorted(_providers.values(), key=lambda p: (p.order, p.code))


def providers_for(roles: set[str]) -> list[TodoProvider]:
    return [p for p in providers() if p.roles & roles]


def sections_for(user: Any, roles: set[str], *, today: date) -> list[TodoSection]:
    """Every provider serving one of `roles`, with what it has for `user` today (empty sections
    included: the workbench says "nothing to do" for each), except those that answer None.

    Every back-office page shows the counts: one provider's failure is logged and shown on its
    section, and must not keep a handler from the page where a statutory deadline is met.
    """
    sections = []
    for provider in providers_for(roles):
        try:
            entries = provider.entries(user, today=today)
            if entries is not None:  # None: the provider does not concern this user
                sections.append(TodoSection(provider, list(entries)))
        except Exception:
            logger.exception("to-do provider %s failed", provider.code)
            sections.append(TodoSection(provider, failed=True))
    return sections


def counts_by_menu(sections: list[TodoSection]) -> dict[str, int]:
    """Menu url name → the number of things to do behind it."""
    counts: dict[str, int] = {}
    for section in sections:
        if section.count:
            counts[section.provider.menu] = counts.get(section.provider.menu, 0) + section.count
    return counts
