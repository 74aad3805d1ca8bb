"""How a bounded context declares itself: wiring, contracts and docs derive from it."""

from dataclasses import dataclass
from enum import Enum

from application.shared.events import IntegrationEvent


class Delivery(Enum):
    """When a reaction runs relative to the publisher's transaction."""

    # Inside the publisher's transaction: atomic with it, and its failure fails the publisher.
    IN_TRANSACTION = "in-transaction"
    # After the publisher committed, at least once, in a transaction of its own: a failure
    # is retried and never fails the publisher (docs/adr/0017).
    AFTER_COMMIT = "after-commit"


@dataclass(frozen=True, slots=True)
class Reaction:
    """One event another context publishes, and how this context hears it."""

    event: type[IntegrationEvent]
    delivery: Delivery


@dataclass(frozen=True, slots=True)
class BoundedContext:
    """A context's name, the contexts whose published interfaces it uses, and its events."""

    name: str
    summary: str
    uses: tuple[str, ...] = ()
    publishes: tuple[type[IntegrationEvent], ...] = ()
    reacts_to: tuple[Reaction, ...] = ()
