"""The transaction boundary of one use-case call: rolled back unless committed."""

from types import TracebackType
from typing import Protocol, Self

from application.shared.events import IntegrationEvent


class UnitOfWork(Protocol):
    async def __aenter__(self) -> Self: ...

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        """Roll back whatever was not committed."""
        ...

    def publish(self, event: IntegrationEvent) -> None:
        """Queue an event; its subscribers run inside this transaction, at commit."""
        ...

    async def commit(self) -> None:
        """Run the subscribers of the queued events, then make everything durable at once."""
        ...
