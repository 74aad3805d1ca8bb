"""How busy a connection pool is: connections lent out, and callers waiting for one."""

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.pool import QueuePool


@dataclass(frozen=True, slots=True)
class PoolUsage:
    in_use: int
    waiting: int


def engine_pool_usage(engine: AsyncEngine) -> PoolUsage | None:
    """The engine's pool, or None for pools that lend no countable connections (in-memory)."""
    pool = engine.sync_engine.pool
    if not isinstance(pool, QueuePool):
        return None
    return PoolUsage(in_use=pool.checkedout(), waiting=_waiting(pool))


def _waiting(pool: QueuePool) -> int:
    # SQLAlchemy counts no waiters; its async queue wraps an asyncio.Queue, created on first
    # use, whose getters are the callers waiting. tests/integration/test_pool_usage.py
    # pins this down, so an upgrade that moves it fails there rather than reading 0.
    queue = pool._pool.__dict__.get("_queue")
    return len(getattr(queue, "_getters", ()))
