"""Wakes this process's dispatchers when a transaction that recorded publications commits,
and tells the announcers (PostgreSQL's NOTIFY, for other processes)."""

import asyncio
from collections.abc import Callable


class WakeUp:
    """Each dispatcher waits on its own asyncio.Event; `wake()` sets them all, from any loop."""

    def __init__(self) -> None:
        self._waiters: set[tuple[asyncio.AbstractEventLoop, asyncio.Event]] = set()
        self._announcers: list[Callable[[], None]] = []

    def announce_with(self, announcer: Callable[[], None]) -> None:
        """`announcer()` is called after each commit that recorded publications."""
        self._announcers.append(announcer)

    def committed(self) -> None:
        """A transaction that recorded publications committed."""
        self.wake()
        for announce in self._announcers:
            announce()

    def waiter(self) -> asyncio.Event:
        """An event set at every wake-up, until `forget` is called with it."""
        event = asyncio.Event()
        self._waiters.add((asyncio.get_running_loop(), event))
        return event

    def forget(self, event: asyncio.Event) -> None:
        self._waiters = {(loop, e) for loop, e in self._waiters if e is not event}

    def wake(self) -> None:
        """Wakes this process's dispatchers."""
        try:
            current: asyncio.AbstractEventLoop | None = asyncio.get_running_loop()
        except RuntimeError:
            current = None
        for loop, event in list(self._waiters):
            if loop is current:
                event.set()
            elif not loop.is_closed():
                loop.call_soon_threadsafe(event.set)
