"""The events codec: JSON per event type and version, and an explicit error for the unknown."""

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import ClassVar

import pytest

from adapters.shared.events.codec import EventCodec, UnknownEvent
from application.articles.published import ArticleDeleted
from application.shared.events import IntegrationEvent


@dataclass(frozen=True, slots=True)
class ThingRenamed(IntegrationEvent):
    version: ClassVar[int] = 2

    thing_id: int
    names: tuple[str, ...]
    at: datetime

    def ordering_key(self) -> str | None:
        return f"thing:{self.thing_id}"


EVENT = ThingRenamed(7, ("old", "new"), datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC))


def test_an_event_survives_the_round_trip() -> None:
    codec = EventCodec([ThingRenamed])

    decoded = codec.decode(ThingRenamed.type_name(), 2, codec.encode(EVENT))

    assert decoded == EVENT
    assert decoded.ordering_key() == "thing:7"


def test_the_payload_is_plain_json_of_the_fields() -> None:
    assert EventCodec().encode(EVENT) == (
        '{"thing_id":7,"names":["old","new"],"at":"2026-01-02T03:04:05Z"}'
    )


def test_type_names_are_context_and_class() -> None:
    assert ArticleDeleted.type_name() == "articles.ArticleDeleted"
    assert ThingRenamed.type_name() == "tests.unit.events.test_codec.ThingRenamed"
    assert (ArticleDeleted.version, ArticleDeleted.exported) == (1, False)
    assert ArticleDeleted(1).ordering_key() is None


def test_an_unknown_type_is_an_explicit_error() -> None:
    with pytest.raises(UnknownEvent, match=r"unknown event type 'articles\.Nothing'"):
        EventCodec([ThingRenamed]).decode("articles.Nothing", 1, "{}")


def test_an_unknown_version_is_an_explicit_error() -> None:
    payload = EventCodec().encode(EVENT)

    with pytest.raises(UnknownEvent, match="version 1 is unknown"):
        EventCodec([ThingRenamed]).decode(ThingRenamed.type_name(), 1, payload)


def test_each_event_type_has_a_json_schema() -> None:
    schema = EventCodec().schema(ThingRenamed)

    assert schema["required"] == ["thing_id", "names", "at"]
    assert schema["properties"]["at"]["format"] == "date-time"
