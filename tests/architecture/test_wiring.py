"""Every declared context is wired: its container in the root, its routes in the app, and a
subscriber of its own, with the declared delivery, for each event it reacts to."""

import ast
from pathlib import Path

import pytest
from dependency_injector import providers
from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from sqlalchemy.ext.asyncio import AsyncSession

from application.shared.bounded_context import BoundedContext, Delivery
from application.shared.events import EventSubscriptions, IntegrationEvent
from entrypoints.composition.app import create_app
from entrypoints.composition.container import (
    ApplicationContainer,
    build_container,
    context_container_class,
)
from entrypoints.composition.contexts import SUBSCRIPTIONS, declared_contexts
from tests.conftest import test_settings as make_settings
from tests.support.endpoints import router_of, routes_of

ROOT = Path(__file__).resolve().parents[2]
Subscriptions = EventSubscriptions[AsyncSession]


def unwired(app: FastAPI, container: ApplicationContainer) -> list[str]:
    """What of the declared contexts is not wired into `app` and `container`, one line each."""
    # Built afresh from the app's routes, as FastAPI serves them (app.openapi() is cached).
    document = get_openapi(title=app.title, version=app.version, routes=app.routes)
    served = {(method, path) for path, item in document["paths"].items() for method in item}
    subscriptions: Subscriptions = container.shared.subscriptions()
    problems = []
    for context in declared_contexts():
        problems += _container_problems(container, context)
        problems += [
            f"{context.name}: {method} {path} (entrypoints/http/{context.name}/routes.py) is not "
            "served by the app"
            for method, path in sorted(routes_of(context.name))
            if (method, path) not in served
        ]
        problems += _subscription_problems(subscriptions, context)
    return problems


def _container_problems(container: ApplicationContainer, context: BoundedContext) -> list[str]:
    provider = container.providers.get(context.name)
    if not isinstance(provider, providers.Container):
        return [f"{context.name}: its container is not in the root container"]
    expected = context_container_class(context.name)
    if set(provider.container.providers) != set(expected.providers):
        return [f"{context.name}: the root holds another container than {expected.__name__}"]
    return [
        f"{context.name}: {expected.__name__}.{name} is given nothing"
        for name in expected.dependencies
        if not provider.container.providers[name].overridden
    ]


def _subscription_problems(subscriptions: Subscriptions, context: BoundedContext) -> list[str]:
    own = SUBSCRIPTIONS.format(context.name)
    problems = []
    for reaction in context.reacts_to:
        if reaction.delivery is Delivery.IN_TRANSACTION:
            # subscribers_of reads only the event's type: an instance without fields will do.
            event: IntegrationEvent = object.__new__(reaction.event)
            wired = any(s.__module__ == own for s in subscriptions.subscribers_of(event))
        else:
            wired = any(
                s.event_type is reaction.event and s.subscriber == context.name
                for s in subscriptions.after_commit_subscriptions()
            )
        if not wired:
            problems.append(
                f"{context.name}: no {reaction.delivery.value} subscriber in "
                f"{own.replace('.', '/')}.py for "
                f"{reaction.event.__qualname__}"
            )
    return problems


@pytest.fixture
def wired() -> tuple[FastAPI, ApplicationContainer]:
    settings = make_settings("sqlite+aiosqlite:///:memory:")
    container = build_container(settings)
    return create_app(settings, container), container


def test_every_declared_context_is_wired(wired: tuple[FastAPI, ApplicationContainer]) -> None:
    assert unwired(*wired) == []


def test_an_unwired_router_is_found(wired: tuple[FastAPI, ApplicationContainer]) -> None:
    app, container = wired
    comments = router_of("comments")
    app.router.routes[:] = [r for r in app.router.routes if r not in comments.routes]

    assert (
        "comments: get /api/articles/{slug}/comments (entrypoints/http/comments/routes.py) is not "
        "served by the app"
    ) in unwired(app, container)


def test_an_unwired_container_is_found(wired: tuple[FastAPI, ApplicationContainer]) -> None:
    app, container = wired
    del container.profiles

    assert "profiles: its container is not in the root container" in unwired(app, container)


def test_an_unwired_subscription_is_found(wired: tuple[FastAPI, ApplicationContainer]) -> None:
    app, container = wired
    container.shared.subscriptions.override(providers.Object(Subscriptions()))

    assert (
        "comments: no in-transaction subscriber in adapters/comments/subscriptions.py for "
        "ArticleDeleted"
    ) in unwired(app, container)


@pytest.mark.parametrize(
    "path", ["entrypoints/composition/container.py", "entrypoints/http/app.py"]
)
def test_the_root_container_and_the_app_import_no_context(path: str) -> None:
    tree = ast.parse((ROOT / path).read_text())
    imported = [n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
    imported += [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
    contexts = {c.name for c in declared_contexts()}

    named = [m for m in imported if contexts & set(m.split("."))]
    assert not named, f"{path} imports {named}: wire contexts from their declarations"
