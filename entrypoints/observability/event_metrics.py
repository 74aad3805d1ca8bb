"""The dispatcher's deliveries and the registry's backlog as Prometheus metrics."""

from collections.abc import Awaitable, Callable

from entrypoints.observability.metrics import (
    EVENTS_DELIVERED,
    EVENTS_FAILED,
    EVENTS_LATENCY,
    EVENTS_PENDING,
)

Backlog = Callable[[], Awaitable[int]]


class DeliveryMetrics:
    """The dispatcher's observer: counts and times each delivery."""

    def delivered(self, subscriber: str, seconds_since_commit: float) -> None:
        EVENTS_DELIVERED.labels(subscriber).inc()
        EVENTS_LATENCY.labels(subscriber).observe(seconds_since_commit)

    def failed(self, subscriber: str, *, final: bool) -> None:
        EVENTS_FAILED.labels(subscriber, "true" if final else "false").inc()


class EventsCheck:
    """Readiness: not ready while the backlog exceeds `limit`; records the backlog gauge."""

    def __init__(self, backlog: Backlog, limit: int) -> None:
        self._backlog = backlog
        self._limit = limit

    async def problem(self) -> str | None:
        pending = await self.sample()
        if pending > self._limit:
            return f"{pending} publications wait for delivery (more than {self._limit})"
        return None

    async def sample(self) -> int:
        pending = await self._backlog()
        EVENTS_PENDING.set(pending)
        return pending
