"""What each declared context holds, read from its code: the context map's facts."""

import ast
import importlib
import inspect
import pkgutil
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Protocol

from fastapi.routing import APIRoute

from application.shared.bounded_context import BoundedContext
from entrypoints.composition.contexts import (
    ROUTES,
    declared_contexts,
    optional_module,
    publisher_of,
)

# Modules of application/<ctx> that hold no use case.
NOT_USE_CASES = {"context", "ports", "published", "dto"}


@dataclass(frozen=True, slots=True)
class ContextCard:
    """One context as the map shows it; names only, each list in a stable order."""

    name: str
    summary: str
    uses: tuple[str, ...]
    use_cases: tuple[str, ...]
    ports: tuple[str, ...]
    published: tuple[str, ...]  # "application: UserDirectory", "adapters: public_users"
    publishes: tuple[str, ...]  # "articles.ArticleDeleted"
    consumes: tuple[str, ...]  # "articles.ArticleDeleted (in-transaction)"
    tables: tuple[str, ...]
    routes: tuple[str, ...]  # "GET /api/articles"


def context_cards() -> tuple[ContextCard, ...]:
    return tuple(card_of(context) for context in declared_contexts())


def card_of(context: BoundedContext) -> ContextCard:
    name = context.name
    return ContextCard(
        name=name,
        summary=context.summary,
        uses=tuple(sorted(context.uses)),
        use_cases=tuple(_use_cases(name)),
        ports=tuple(_ports(name)),
        published=tuple(
            f"{layer}: {member}"
            for layer in ("application", "adapters")
            for member in _defined_in(optional_module(f"{layer}.{{}}.published", name))
        ),
        publishes=tuple(event_name(event) for event in context.publishes),
        consumes=tuple(f"{event_name(r.event)} ({r.delivery.value})" for r in context.reacts_to),
        tables=tuple(_tables(name)),
        routes=tuple(_routes(name)),
    )


def event_name(event: type) -> str:
    return f"{publisher_of(event)}.{event.__name__}"


def _modules(package: str) -> list[ModuleType]:
    root = importlib.import_module(package)
    return [
        importlib.import_module(f"{package}.{module.name}")
        for module in pkgutil.iter_modules(root.__path__)
    ]


def _classes(module: ModuleType) -> list[type]:
    return [
        value
        for value in vars(module).values()
        if inspect.isclass(value) and value.__module__ == module.__name__
    ]


def _use_cases(context: str) -> list[str]:
    """Classes whose instances are awaited with the request: `async def __call__`."""
    return [
        cls.__name__
        for module in _modules(f"application.{context}")
        if module.__name__.rsplit(".", 1)[1] not in NOT_USE_CASES
        for cls in _classes(module)
        if inspect.iscoroutinefunction(vars(cls).get("__call__"))
    ]


def _ports(context: str) -> list[str]:
    """Protocols the context's domain and application define for adapters to implement."""
    return [
        cls.__name__
        for layer in ("domain", "application")
        for module in _modules(f"{layer}.{context}")
        if not module.__name__.endswith(".published")
        for cls in _classes(module)
        if Protocol in cls.__bases__
    ]


def _defined_in(module: ModuleType | None) -> list[str]:
    """Public names the module defines at its top level (not those it imports)."""
    if module is None or module.__file__ is None:
        return []
    names = []
    for node in ast.parse(Path(module.__file__).read_text()).body:
        match node:
            case (
                ast.ClassDef(name=name)
                | ast.FunctionDef(name=name)
                | ast.AsyncFunctionDef(name=name)
            ):
                names.append(name)
            case ast.AnnAssign(target=ast.Name(id=name)):
                names.append(name)
            case ast.Assign(targets=targets):
                names += [t.id for t in targets if isinstance(t, ast.Name)]
    return [name for name in names if not name.startswith("_")]


def _tables(context: str) -> list[str]:
    tables = optional_module("adapters.{}.tables", context)
    if tables is None:
        return []
    found = [vars(cls).get("__table__") for cls in _classes(tables)]
    return [str(table.name) for table in found if table is not None]


def _routes(context: str) -> list[str]:
    router = importlib.import_module(ROUTES.format(context)).router
    return [
        f"{method} {route.path}"
        for route in router.routes
        if isinstance(route, APIRoute)
        for method in sorted(route.methods or ())
    ]
