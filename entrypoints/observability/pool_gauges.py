"""Database pool gauges, sampled by each worker once a second: nothing added per request."""

import asyncio
import contextlib
from collections.abc import Callable, Mapping
from typing import Protocol

from entrypoints.observability.metrics import POOL_IN_USE, POOL_WAITING

SAMPLE_SECONDS = 1.0


class Usage(Protocol):
    @property
    def in_use(self) -> int: ...
    @property
    def waiting(self) -> int: ...


UsageSource = Callable[[], Usage | None]


class PoolGauges:
    """Copies each pool's usage into `conduit_db_pool_*{pool=...}` while the app runs."""

    def __init__(self, pools: Mapping[str, UsageSource]) -> None:
        self._pools = pools
        self._task: asyncio.Task[None] | None = None

    def sample(self) -> None:
        for name, source in self._pools.items():
            usage = source()
            if usage is not None:
                POOL_IN_USE.labels(name).set(usage.in_use)
                POOL_WAITING.labels(name).set(usage.waiting)

    def start(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self._sample_forever())

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    async def _sample_forever(self) -> None:
        while True:
            self.sample()
            await asyncio.sleep(SAMPLE_SECONDS)
