"""The declared bounded contexts, found by walking application/<ctx>/context.py (docs/adr/0011)."""

import importlib
import importlib.util
import pkgutil
from collections.abc import Iterable
from functools import cache
from types import ModuleType

import application
from application.shared.bounded_context import BoundedContext
from application.shared.events import IntegrationEvent

KERNEL = "shared"  # in every layer beside the contexts; never declared, open to all of them

# Where each context keeps what the composition root wires (docs/adr/0011). `{}`: its name.
DECLARATION = "application.{}.context"
CONTAINER = "adapters.{}.container"
SUBSCRIPTIONS = "adapters.{}.subscriptions"
ROUTES = "entrypoints.http.{}.routes"
# The only modules of a context other contexts may import, and only if they depend on it.
PUBLISHED = ("application.{}.published", "adapters.{}.published", DECLARATION)


class DeclarationError(Exception):
    """A declaration that cannot be wired: an unknown name, a cycle, a misplaced event."""


@cache
def declared_contexts() -> tuple[BoundedContext, ...]:
    """Every declared context, each after the contexts it uses (ties in name order)."""
    packages = sorted(p.name for p in pkgutil.iter_modules(application.__path__))
    return in_dependency_order(
        _declaration(package)
        for package in packages
        if package != KERNEL and importlib.util.find_spec(DECLARATION.format(package))
    )


def in_dependency_order(contexts: Iterable[BoundedContext]) -> tuple[BoundedContext, ...]:
    """`contexts` checked against each other, each after those it uses (ties kept in order)."""
    declared = {context.name: context for context in contexts}
    for context in declared.values():
        _check(context, declared)
    ordered: list[BoundedContext] = []
    while len(ordered) < len(declared):
        placed = {c.name for c in ordered}
        ready = [c for c in declared.values() if c.name not in placed and placed >= set(c.uses)]
        if not ready:
            cycle = sorted(set(declared) - placed)
            raise DeclarationError(f"the contexts {', '.join(cycle)} use each other in a cycle")
        ordered.append(ready[0])
    return tuple(ordered)


def context_named(name: str) -> BoundedContext:
    for context in declared_contexts():
        if context.name == name:
            return context
    raise DeclarationError(f"no context is declared as {name!r} ({_path(DECLARATION, name)})")


def publisher_of(event: type[IntegrationEvent]) -> str:
    """The context whose published module defines `event`: `application.<ctx>.published`."""
    layer, context, module = [*event.__module__.split("."), "", ""][:3]
    if (layer, module) != ("application", "published"):
        raise DeclarationError(
            f"{event.__qualname__} is defined in {event.__module__}, not in a context's "
            "application/<ctx>/published.py"
        )
    return context


def upstream_of(context: BoundedContext) -> tuple[str, ...]:
    """The contexts whose published modules `context` may import: those it uses, and the
    publishers of the events it reacts to."""
    publishers = {publisher_of(reaction.event) for reaction in context.reacts_to}
    return tuple(sorted(set(context.uses) | publishers - {context.name}))


def optional_module(template: str, context: str) -> ModuleType | None:
    """The context's module of this kind (`SUBSCRIPTIONS`...), or None when it has none."""
    name = template.format(context)
    return importlib.import_module(name) if importlib.util.find_spec(name) else None


def _declaration(package: str) -> BoundedContext:
    module = importlib.import_module(DECLARATION.format(package))
    context = getattr(module, "CONTEXT", None)
    if not isinstance(context, BoundedContext):
        raise DeclarationError(f"{_path(DECLARATION, package)} defines no CONTEXT = BoundedContext")
    if context.name != package:
        raise DeclarationError(
            f"{_path(DECLARATION, package)} declares {context.name!r}: name it {package!r}"
        )
    return context


def _check(context: BoundedContext, declared: dict[str, BoundedContext]) -> None:
    where = _path(DECLARATION, context.name)
    for used in context.uses:
        if used not in declared or used == context.name:
            raise DeclarationError(f"{where} uses {used!r}, which is not another declared context")
    for event in context.publishes:
        if publisher_of(event) != context.name:
            raise DeclarationError(
                f"{where} publishes {event.__qualname__}, defined by {publisher_of(event)}"
            )
    for reaction in context.reacts_to:
        publisher = declared.get(publisher_of(reaction.event))
        if publisher is None or reaction.event not in publisher.publishes:
            raise DeclarationError(
                f"{where} reacts to {reaction.event.__qualname__}, which no declared context "
                "publishes"
            )


def _path(template: str, context: str) -> str:
    return template.format(context).replace(".", "/") + ".py"
