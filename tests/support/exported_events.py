"""Test-only exported events, until (and beside) the contexts' own: one with an ordering key."""

from dataclasses import dataclass
from typing import ClassVar

from application.shared.events import IntegrationEvent


@dataclass(frozen=True, slots=True)
class ParcelShipped(IntegrationEvent):
    """A parcel left the depot (test-only)."""

    exported: ClassVar[bool] = True
    version: ClassVar[int] = 2

    parcel_id: int
    destination: str

    def ordering_key(self) -> str | None:
        return f"parcel:{self.parcel_id}"


@dataclass(frozen=True, slots=True)
class ParcelWeighed(IntegrationEvent):
    """A parcel was weighed (test-only): exported, in no order."""

    exported: ClassVar[bool] = True

    parcel_id: int
    grams: float
