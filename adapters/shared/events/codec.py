"""Events to JSON and back: one schema per event type and version, from the dataclass itself."""

from collections.abc import Iterable
from typing import Any

from pydantic import TypeAdapter

from application.shared.events import IntegrationEvent


class UnknownEvent(LookupError):
    """A stored publication names an event type, or a version of it, this code does not know."""


class EventCodec:
    """Encodes any event; decodes the types it was given (those with after-commit subscribers)."""

    def __init__(self, event_types: Iterable[type[IntegrationEvent]] = ()) -> None:
        self._adapters: dict[type[IntegrationEvent], TypeAdapter[Any]] = {}
        self._types: dict[str, type[IntegrationEvent]] = {}
        for event_type in event_types:
            self.register(event_type)

    def register(self, event_type: type[IntegrationEvent]) -> None:
        known = self._types.setdefault(event_type.type_name(), event_type)
        if known is not event_type:
            raise ValueError(
                f"two event classes are named {event_type.type_name()}: "
                f"{known.__module__} and {event_type.__module__}"
            )

    def encode(self, event: IntegrationEvent) -> str:
        return self._adapter(type(event)).dump_json(event).decode()

    def decode(self, type_name: str, version: int, payload: str) -> IntegrationEvent:
        """Raises `UnknownEvent` for a type or version not registered."""
        event_type = self._types.get(type_name)
        if event_type is None:
            raise UnknownEvent(f"unknown event type {type_name!r}")
        if version != event_type.version:
            raise UnknownEvent(
                f"{type_name} version {version} is unknown (this code has {event_type.version})"
            )
        event: IntegrationEvent = self._adapter(event_type).validate_json(payload)
        return event

    def schema(self, event_type: type[IntegrationEvent]) -> dict[str, Any]:
        """The JSON Schema of the event's payload."""
        return self._adapter(event_type).json_schema()

    def _adapter(self, event_type: type[IntegrationEvent]) -> TypeAdapter[Any]:
        adapter = self._adapters.get(event_type)
        if adapter is None:
            adapter = self._adapters[event_type] = TypeAdapter(event_type)
        return adapter
