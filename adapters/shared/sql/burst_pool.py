"""A connection pool that keeps the connections a burst opened, for a while after it.

SQLAlchemy's queue pool closes an overflow connection as soon as it comes back to a pool
holding `pool_size` idle ones. Under a load that keeps more than `pool_size` units of work
in flight now and then (32 clients writing, 8 + 8 connections), it opened and closed one
connection every ~40 writes: each one a new server process on PostgreSQL, its statements
prepared again, the driver's type set-up redone (bench/RESULTS.md). Here every connection up
to `pool_size + max_overflow` stays open once opened; once no burst has needed more than
`pool_size` at once for `keep_seconds` (5 minutes, asyncpg's default idle limit), connections
given back beyond `pool_size` idle ones are closed: the pool shrinks as it is used, not on a
timer (an idle worker keeps what it had). The most recently returned connection is lent
first, so a light load keeps using the same few.
"""

import math
import time
from typing import Any

from sqlalchemy.pool import AsyncAdaptedQueuePool, ConnectionPoolEntry, QueuePool

# asyncpg's default limit for an idle connection (max_inactive_connection_lifetime).
KEEP_SECONDS = 300.0


class BurstKeepingPool(AsyncAdaptedQueuePool):
    """Up to `pool_size + max_overflow` connections, kept `keep_seconds` after the last
    moment more than `pool_size` were lent at once."""

    def __init__(
        self,
        creator: Any,
        pool_size: int = 5,
        max_overflow: int = 10,
        keep_seconds: float = KEEP_SECONDS,
        **kw: Any,
    ) -> None:
        if max_overflow < 0:
            raise ValueError("max_overflow must be 0 or more (no unbounded pool)")
        kw.pop("use_lifo", None)  # always: the busy connections stay the warm ones
        super().__init__(
            creator, pool_size=pool_size + max_overflow, max_overflow=0, use_lifo=True, **kw
        )
        self._steady_size = pool_size
        self._keep_seconds = keep_seconds
        self._burst_seen = -math.inf

    def _do_get(self) -> ConnectionPoolEntry:
        record = super()._do_get()
        if self.checkedout() > self._steady_size:
            self._burst_seen = time.monotonic()
        return record

    def _do_return_conn(self, record: ConnectionPoolEntry) -> None:
        idle = self._pool.qsize()
        if idle >= self._steady_size and time.monotonic() - self._burst_seen > self._keep_seconds:
            try:
                record.close()
            finally:
                self._dec_overflow()  # one connection fewer, as QueuePool counts them
            return
        super()._do_return_conn(record)

    def recreate(self) -> QueuePool:
        # QueuePool rebuilds a pool of its queue's size, all of it steady: restore the split.
        fresh = super().recreate()
        assert isinstance(fresh, BurstKeepingPool)
        fresh._steady_size, fresh._keep_seconds = self._steady_size, self._keep_seconds
        return fresh
