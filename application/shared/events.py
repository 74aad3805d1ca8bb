"""Integration events: facts one context publishes; others react in its transaction or after it.

In-transaction subscribers run at the publisher's commit, inside its transaction. For each
after-commit subscriber the publisher's transaction records a publication instead, which a
dispatcher delivers later, each in a transaction of its own (docs/adr/0017).
"""

from collections import defaultdict
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar, Generic, Protocol, TypeVar

E = TypeVar("E", bound="IntegrationEvent")
Tx = TypeVar("Tx")
Tx_contra = TypeVar("Tx_contra", contravariant=True)


@dataclass(frozen=True, slots=True)
class IntegrationEvent:
    """Base class; subclasses are named as past facts (`ArticleDeleted`)."""

    # Bumped when the fields change incompatibly: stored publications name the version
    # they were written with, and the codec refuses one it does not know.
    version: ClassVar[int] = 1
    # Sent to the message broker when one is configured.
    exported: ClassVar[bool] = False

    def ordering_key(self) -> str | None:
        """Publications with the same key reach each subscriber in commit order (e.g.
        "article:12"); None: no order needed."""
        return None

    @classmethod
    def type_name(cls) -> str:
        """'<context>.<ClassName>', the context read from the defining module
        (application.<context>.published); the module itself for events defined elsewhere."""
        parts = cls.__module__.split(".")
        context = parts[1] if parts[0] == "application" and len(parts) > 1 else cls.__module__
        return f"{context}.{cls.__name__}"


class RetryLater(Exception):
    """Raised by an after-commit handler for a transient failure (a broker down): the
    publication is delivered again later, and the attempt does not count as a failure."""

    def __init__(self, reason: str = "", after_seconds: float | None = None) -> None:
        super().__init__(reason)
        self.after_seconds = after_seconds


@dataclass(frozen=True, slots=True)
class DeliveryAttempt(Generic[Tx]):
    """One delivery of a publication to an after-commit handler.

    `transaction` belongs to a unit of work of its own that commits together with the
    publication's completion: what a handler writes through it happens exactly once.
    """

    transaction: Tx
    publication_id: int
    attempt: int  # 1 for the first delivery
    # When the event was published (recorded in its publisher's transaction, just before the
    # commit): a handler that reads the world as it was then sees nothing that happened
    # between the publishing and a delivery that came late.
    published_at: datetime


Subscriber = Callable[[IntegrationEvent, Tx], Awaitable[None]]
AfterCommitHandler = Callable[[IntegrationEvent, DeliveryAttempt[Tx]], Awaitable[None]]


@dataclass(frozen=True, slots=True)
class AfterCommitSubscription(Generic[Tx]):
    event_type: type[IntegrationEvent]
    subscriber: str  # the reacting context's name, or "broker"
    handler: AfterCommitHandler[Tx]


@dataclass(frozen=True, slots=True)
class Publication:
    """An event to deliver to one after-commit subscriber, recorded by the publisher."""

    event: IntegrationEvent
    subscriber: str


class PublicationRecorder(Protocol[Tx_contra]):
    """The registry's side of a publisher's unit of work (adapters/shared/events)."""

    async def record(self, publications: Sequence[Publication], transaction: Tx_contra) -> None:
        """Store the publications in `transaction`, atomically with the publisher's work."""
        ...

    def committed(self) -> None:
        """Called after a transaction that recorded publications committed: wake dispatchers."""
        ...


class EventSubscriptions(Generic[Tx]):
    """Who reacts to which event. `Tx` is the adapter's transaction handle (e.g. a session)."""

    def __init__(self) -> None:
        self._subscribers: defaultdict[type[IntegrationEvent], list[Subscriber[Tx]]] = defaultdict(
            list
        )
        self._after_commit: defaultdict[
            type[IntegrationEvent], list[AfterCommitSubscription[Tx]]
        ] = defaultdict(list)
        self._recorder: PublicationRecorder[Tx] | None = None

    def subscribe(
        self, event_type: type[E], subscriber: Callable[[E, Tx], Awaitable[None]]
    ) -> None:
        """`subscriber(event, transaction)` runs in the publisher's transaction, at commit."""
        self._subscribers[event_type].append(subscriber)  # type: ignore[arg-type]

    def subscribe_after_commit(
        self,
        event_type: type[E],
        subscriber_name: str,
        handler: Callable[[E, DeliveryAttempt[Tx]], Awaitable[None]],
    ) -> None:
        """`handler(event, attempt)` runs after the publisher committed, at least once, in a
        transaction of its own; `subscriber_name` names it in the registry (one per event)."""
        if any(s.subscriber == subscriber_name for s in self._after_commit[event_type]):
            raise ValueError(
                f"{subscriber_name!r} already subscribes to {event_type.type_name()} after commit"
            )
        subscription = AfterCommitSubscription(
            event_type,
            subscriber_name,
            handler,  # type: ignore[arg-type]  # called only with events of its type
        )
        self._after_commit[event_type].append(subscription)

    def record_with(self, recorder: PublicationRecorder[Tx]) -> None:
        """Where publishers record publications for after-commit subscribers."""
        self._recorder = recorder

    def subscribers_of(self, event: IntegrationEvent) -> list[Subscriber[Tx]]:
        return list(self._subscribers.get(type(event), ()))

    def after_commit_subscriptions(self) -> list[AfterCommitSubscription[Tx]]:
        return [s for subscriptions in self._after_commit.values() for s in subscriptions]

    async def deliver(self, pending: list[IntegrationEvent], transaction: Tx) -> bool:
        """Hand each pending event to its subscribers, in order, emptying `pending`; then
        record one publication per after-commit subscriber. True when any was recorded.

        Subscribers may publish in turn (appending to `pending`); all of it runs in the
        publisher's transaction, before it commits.
        """
        publications: list[Publication] = []
        while pending:
            event = pending.pop(0)
            for subscriber in self.subscribers_of(event):
                await subscriber(event, transaction)
            publications.extend(
                Publication(event, s.subscriber) for s in self._after_commit.get(type(event), ())
            )
        if not publications:
            return False
        if self._recorder is None:
            raise RuntimeError("after-commit subscribers need a publication registry (record_with)")
        await self._recorder.record(publications, transaction)
        return True

    def committed(self) -> None:
        """The transaction that recorded publications committed: dispatchers may start."""
        if self._recorder is not None:
            self._recorder.committed()
