"""The in-memory unit of work: snapshots the fakes it guards and restores them on rollback."""

import copy
from types import TracebackType
from typing import Any, Self

from application.shared.events import EventSubscriptions, IntegrationEvent


class InMemoryUnitOfWork:
    """Gives the fakes the same all-or-nothing behaviour a database transaction has."""

    def __init__(
        self, *stores: object, subscriptions: EventSubscriptions[None] | None = None
    ) -> None:
        self._stores = stores
        self._subscriptions = subscriptions or EventSubscriptions()
        self._snapshots: list[dict[str, Any]] = []
        self._pending: list[IntegrationEvent] = []
        self.committed = False

    async def __aenter__(self) -> Self:
        self._snapshots = [copy.deepcopy(vars(store)) for store in self._stores]
        self._pending = []
        self.committed = False
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if not self.committed:
            for store, snapshot in zip(self._stores, self._snapshots, strict=True):
                vars(store).clear()
                vars(store).update(snapshot)

    def publish(self, event: IntegrationEvent) -> None:
        self._pending.append(event)

    async def commit(self) -> None:
        recorded = await self._subscriptions.deliver(self._pending, None)
        self.committed = True
        if recorded:
            self._subscriptions.committed()
