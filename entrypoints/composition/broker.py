"""The broker export: wired when CONDUIT_BROKER_URL is set, described by AsyncAPI (ADR 18)."""

import importlib
import importlib.util
import json
import pkgutil
from collections.abc import Iterable

from sqlalchemy.ext.asyncio import AsyncSession

import application
from adapters.shared.broker.asyncapi import asyncapi_document
from adapters.shared.broker.exporter import SUBSCRIBER, BrokerExporter
from application.shared.bounded_context import BoundedContext
from application.shared.events import EventSubscriptions, IntegrationEvent


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


def declared_contexts() -> list[BoundedContext]:
    """Every `CONTEXT` of application/<ctx>/context.py."""
    modules = (
        importlib.import_module(f"application.{package.name}.context")
        for package in pkgutil.iter_modules(application.__path__)
        if importlib.util.find_spec(f"application.{package.name}.context")
    )
    return sorted((m.CONTEXT for m in modules), key=lambda context: context.name)


def asyncapi_json(exchange: str) -> str:
    """docs/asyncapi.json as `conduit asyncapi` writes it: stable, so a diff shows a change."""
    document = asyncapi_document(exported_events(), exchange)
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
