"""The units of work's pool keeps the connections a burst opened, and shrinks after a quiet time."""

import asyncio
from typing import Any

import pytest
from sqlalchemy.pool import AsyncAdaptedQueuePool, Pool, QueuePool
from sqlalchemy.util import greenlet_spawn

from adapters.shared.sql.burst_pool import BurstKeepingPool


class _Connection:
    """Enough of a DBAPI connection for a pool: it is only borrowed, reset and closed."""

    def __init__(self, opened: list["_Connection"]) -> None:
        self.closed = False
        opened.append(self)

    def rollback(self) -> None:
        pass

    def close(self) -> None:
        self.closed = True


def _open(opened: list[_Connection]) -> list[_Connection]:
    return [connection for connection in opened if not connection.closed]


async def _lend(pool: Pool, at_once: int, rounds: int = 1) -> None:
    """`rounds` times: `at_once` connections borrowed together, then all given back."""

    def lend() -> None:
        for _ in range(rounds):
            held = [pool.connect() for _ in range(at_once)]
            for connection in held:
                connection.close()  # back to the pool

    await greenlet_spawn(lend)


def _pool(opened: list[_Connection], kind: type[QueuePool], **shape: Any) -> QueuePool:
    creator: Any = lambda: _Connection(opened)  # noqa: E731  (a DBAPI connection's stand-in)
    return kind(creator, pool_size=2, max_overflow=2, **shape)


async def test_bursts_reuse_the_connections_the_first_one_opened() -> None:
    opened: list[_Connection] = []
    await _lend(_pool(opened, BurstKeepingPool), at_once=4, rounds=5)
    assert len(opened) == 4
    assert len(_open(opened)) == 4

    # What it replaces: SQLAlchemy's queue pool closes the overflow at every return.
    plain: list[_Connection] = []
    await _lend(_pool(plain, AsyncAdaptedQueuePool), at_once=4, rounds=5)
    assert len(plain) == 2 + 2 * 5
    assert len(_open(plain)) == 2


@pytest.mark.parametrize("recreated", [False, True], ids=["new", "recreated"])
async def test_after_a_quiet_time_the_pool_shrinks_back_to_its_size(recreated: bool) -> None:
    opened: list[_Connection] = []
    pool = _pool(opened, BurstKeepingPool, keep_seconds=0.2)
    if recreated:  # as engine.dispose() does: the same shape
        pool = pool.recreate()
    await _lend(pool, at_once=4)
    await _lend(pool, at_once=1, rounds=3)  # within the keep time: nothing closes
    assert len(_open(opened)) == 4

    await asyncio.sleep(0.25)
    await _lend(pool, at_once=1, rounds=3)
    assert len(_open(opened)) == 2  # the size, kept idle; the overflow closed

    await _lend(pool, at_once=4)  # a new burst may open the overflow again
    assert len(_open(opened)) == 4
    assert len(opened) == 6


async def test_a_negative_overflow_is_refused() -> None:
    with pytest.raises(ValueError, match="max_overflow"):
        BurstKeepingPool(lambda: None, pool_size=2, max_overflow=-1)
