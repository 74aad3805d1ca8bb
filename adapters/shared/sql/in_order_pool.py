"""A connection pool that serves its waiters in arrival order: for SQLite's one writer.

SQLAlchemy's asyncio pool lets a newcomer take a connection that was just handed to the
longest waiter, which then queues again at the back: under 200 writers on one connection
some waited out the whole pool timeout while later ones went first. Here a waiter first
takes its turn (an asyncio lock, which serves in order), then waits for the connection.
"""

import asyncio
from typing import Any

from sqlalchemy.pool import AsyncAdaptedQueuePool, ConnectionPoolEntry
from sqlalchemy.util import await_
from sqlalchemy.util.queue import AsyncAdaptedQueue, Empty


class _InOrderQueue(AsyncAdaptedQueue[ConnectionPoolEntry]):
    def __init__(self, maxsize: int = 0, use_lifo: bool = False) -> None:
        super().__init__(maxsize, use_lifo)
        self._turns: asyncio.Lock | None = None  # made on first use, on the serving loop

    def get(self, block: bool = True, timeout: float | None = None) -> ConnectionPoolEntry:
        if not block:
            return self.get_nowait()
        try:
            return await_(self._get_in_turn(asyncio.timeout(timeout)))
        except TimeoutError as error:
            raise Empty() from error

    async def _get_in_turn(self, deadline: asyncio.Timeout) -> ConnectionPoolEntry:
        self._turns = self._turns or asyncio.Lock()
        async with deadline, self._turns:
            return await self._queue.get()


class InOrderAsyncQueuePool(AsyncAdaptedQueuePool):
    """`AsyncAdaptedQueuePool`, but a waiter is never overtaken by a later one."""

    _queue_class: Any = _InOrderQueue
