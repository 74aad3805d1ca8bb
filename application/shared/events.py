"""Integration events: facts one context publishes and others react to in the same transaction."""

from collections import defaultdict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

E = TypeVar("E", bound="IntegrationEvent")
Tx = TypeVar("Tx")


@dataclass(frozen=True, slots=True)
class IntegrationEvent:
    """Base class; subclasses are named as past facts (`ArticleDeleted`)."""


Subscriber = Callable[[IntegrationEvent, Tx], Awaitable[None]]


class EventSubscriptions(Generic[Tx]):
    """Who reacts to which event. `Tx` is the adapter's transaction handle (e.g. a session)."""

    def __init__(self) -> None:
        self._subscribers: defaultdict[type[IntegrationEvent], list[Subscriber[Tx]]] = defaultdict(
            list
        )

    def subscribe(
        self, event_type: type[E], subscriber: Callable[[E, Tx], Awaitable[None]]
    ) -> None:
        self._subscribers[event_type].append(subscriber)  # type: ignore[arg-type]

    def subscribers_of(self, event: IntegrationEvent) -> list[Subscriber[Tx]]:
        return list(self._subscribers.get(type(event), ()))

    async def deliver(self, pending: list[IntegrationEvent], transaction: Tx) -> None:
        """Hand each pending event to its subscribers, in order, emptying `pending`.

        Subscribers may publish in turn (appending to `pending`); all of it runs in the
        publisher's transaction, before it commits.
        """
        while pending:
            event = pending.pop(0)
            for subscriber in self.subscribers_of(event):
                await subscriber(event, transaction)
