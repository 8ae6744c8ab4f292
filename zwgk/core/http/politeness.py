"""Politeness per host: bounded concurrency and spaced request starts."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass


class HostLimiter:
    """At most `max_concurrency` requests in flight per host, and request starts on one host at
    least `min_interval` seconds apart. Clock and sleep are injectable for tests."""

    def __init__(
        self,
        *,
        max_concurrency: int,
        min_interval: float,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[object]] = asyncio.sleep,
    ) -> None:
        if max_concurrency < 1:
            raise ValueError("max_concurrency must be >= 1")
        self._max = max_concurrency
        self._interval = min_interval
        self._clock = clock
        self._sleep = sleep
        self._hosts: dict[str, _HostState] = {}

    @asynccontextmanager
    async def slot(self, host: str) -> AsyncIterator[None]:
        state = self._hosts.get(host)
        if state is None:
            state = self._hosts[host] = _HostState(asyncio.Semaphore(self._max))
        state.users += 1
        try:
            async with state.semaphore:
                if self._interval > 0:
                    now = self._clock()
                    start = max(now, state.next_start)
                    # Reserve the start time before sleeping so that waiters line up behind us.
                    state.next_start = start + self._interval
                    if start > now:
                        await self._sleep(start - now)
                yield
        finally:
            state.users -= 1
            idle = state.users == 0 and (self._interval <= 0 or state.next_start <= self._clock())
            if idle and self._hosts.get(host) is state:
                # Forget idle hosts so that checking many outbound links keeps memory flat.
                del self._hosts[host]


@dataclass
class _HostState:
    semaphore: asyncio.Semaphore
    next_start: float = 0.0
    users: int = 0
