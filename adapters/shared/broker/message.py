"""How an exported event goes on the wire: routing key, message id, headers, JSON body."""

from typing import Any

from adapters.shared.broker.amqp_publisher import OutgoingMessage
from application.shared.events import IntegrationEvent

# Headers every message carries, so consumers can dispatch without parsing the routing key.
EVENT_TYPE = "event_type"
EVENT_VERSION = "event_version"
ORDERING_KEY = "ordering_key"
HEADERS_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        EVENT_TYPE: {"type": "string", "description": "<context>.<Event>"},
        EVENT_VERSION: {"type": "integer", "minimum": 1},
        ORDERING_KEY: {
            "type": "string",
            "description": "Messages with the same key were published in commit order.",
        },
    },
    "required": [EVENT_TYPE, EVENT_VERSION],
}


def routing_key(event_type: type[IntegrationEvent]) -> str:
    """`<context>.<ClassName>.v<version>`, e.g. `articles.ArticlePublished.v1`."""
    return f"{event_type.type_name()}.v{event_type.version}"


def message_id(publication_id: int) -> str:
    """The same for every delivery of one publication: consumers deduplicate on it."""
    return f"publication-{publication_id}"


def outgoing(event: IntegrationEvent, publication_id: int, body: str) -> OutgoingMessage:
    """The message for one publication of `event`, whose JSON `body` the events codec wrote."""
    headers: dict[str, str | int] = {
        EVENT_TYPE: event.type_name(),
        EVENT_VERSION: event.version,
    }
    ordering_key = event.ordering_key()
    if ordering_key is not None:
        headers[ORDERING_KEY] = ordering_key
    return OutgoingMessage(
        routing_key=routing_key(type(event)),
        message_id=message_id(publication_id),
        body=body.encode(),
        headers=headers,
    )
