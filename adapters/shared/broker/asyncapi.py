"""The AsyncAPI 3.0 document of the exported events: channels, messages, JSON Schemas."""

from collections.abc import Iterable
from typing import Any

from pydantic import TypeAdapter

from adapters.shared.broker.message import HEADERS_SCHEMA, routing_key
from application.shared.events import IntegrationEvent

AMQP_BINDING = "0.3.0"
SCHEMAS = "#/components/schemas/"
HEADERS = "EventHeaders"


def asyncapi_document(events: Iterable[type[IntegrationEvent]], exchange: str) -> dict[str, Any]:
    """What a consumer needs to bind a queue to `exchange` and read each exported event."""
    channels: dict[str, Any] = {}
    operations: dict[str, Any] = {}
    messages: dict[str, Any] = {}
    schemas: dict[str, Any] = {HEADERS: HEADERS_SCHEMA}
    for event in sorted(events, key=routing_key):
        key = routing_key(event)
        messages[key] = _message(event, schemas)
        channels[key] = {
            "address": key,
            "title": event.type_name(),
            "messages": {event.__name__: {"$ref": f"#/components/messages/{key}"}},
            "bindings": {"amqp": _exchange_binding(exchange)},
        }
        operations[f"send.{key}"] = {
            "action": "send",
            "channel": {"$ref": f"#/channels/{key}"},
            "summary": f"Conduit publishes {event.type_name()} after the transaction commits.",
            "bindings": {
                "amqp": {"deliveryMode": 2, "mandatory": False, "bindingVersion": AMQP_BINDING}
            },
        }
    return {
        "asyncapi": "3.0.0",
        "info": {
            "title": "Conduit integration events",
            "version": "1.0.0",
            "description": (
                "Events Conduit exports to RabbitMQ once their transaction committed (docs/adr/"
                "0018). At least once: a message may arrive twice, with the same message_id "
                "(`publication-<id>`); deduplicate on it. Routing key "
                "`<context>.<Event>.v<version>`; bind with `articles.#` or `*.*.v1`."
            ),
        },
        "defaultContentType": "application/json",
        "servers": {
            "rabbitmq": {
                "host": "CONDUIT_BROKER_URL",
                "protocol": "amqp",
                "protocolVersion": "0.9.1",
                "description": "The broker CONDUIT_BROKER_URL names.",
            }
        },
        "channels": channels,
        "operations": operations,
        "components": {"messages": messages, "schemas": schemas},
    }


def _message(event: type[IntegrationEvent], schemas: dict[str, Any]) -> dict[str, Any]:
    payload = TypeAdapter(event).json_schema(ref_template=SCHEMAS + "{model}")
    # Nested types land in components, where a $ref from anywhere in the document resolves.
    schemas.update(payload.pop("$defs", {}))
    return {
        "name": event.type_name(),
        "title": f"{event.__name__} v{event.version}",
        "summary": " ".join((event.__doc__ or "").strip().split("\n\n")[0].split()),
        "contentType": "application/json",
        "headers": {"$ref": SCHEMAS + HEADERS},
        "payload": payload,
        "bindings": {"amqp": {"messageType": event.type_name(), "bindingVersion": AMQP_BINDING}},
    }


def _exchange_binding(exchange: str) -> dict[str, Any]:
    return {
        "is": "routingKey",
        "exchange": {
            "name": exchange,
            "type": "topic",
            "durable": True,
            "autoDelete": False,
            "vhost": "/",
        },
        "bindingVersion": AMQP_BINDING,
    }
