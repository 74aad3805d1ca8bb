"""The broker export: wired when CONDUIT_BROKER_URL is set, described by AsyncAPI (ADR 18)."""

import json
from collections.abc import Iterable

from sqlalchemy.ext.asyncio import AsyncSession

from adapters.shared.broker.asyncapi import asyncapi_document
from adapters.shared.broker.exporter import SUBSCRIBER, BrokerExporter
from application.shared.bounded_context import BoundedContext
from application.shared.events import EventSubscriptions, IntegrationEvent
from entrypoints.composition.contexts import declared_contexts


def exported_events(
    contexts: Iterable[BoundedContext] | None = None,
) -> list[type[IntegrationEvent]]:
    """The events the contexts declare they publish with `exported = True`."""
    declared = declared_contexts() if contexts is None else contexts
    return [event for context in declared for event in context.publishes if event.exported]


def export_to_broker(
    subscriptions: EventSubscriptions[AsyncSession],
    exporter: BrokerExporter[AsyncSession],
    events: Iterable[type[IntegrationEvent]] | None = None,
) -> None:
    """Subscribes the exporter after commit, as "broker", to every exported event."""
    for event in exported_events() if events is None else events:
        subscriptions.subscribe_after_commit(event, SUBSCRIBER, exporter)


def asyncapi_json(exchange: str) -> str:
    """docs/asyncapi.json as `conduit asyncapi` writes it: stable, so a diff shows a change."""
    document = asyncapi_document(exported_events(), exchange)
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
