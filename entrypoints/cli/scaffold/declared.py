"""What the new context may build on: the declared contexts, the events they publish, tables."""

import importlib

from application.shared.bounded_context import BoundedContext
from entrypoints.cli.mistakes import CONFIGURATION, Mistake
from entrypoints.cli.scaffold.render import ReactionStub
from entrypoints.composition.contexts import declared_contexts


def declared() -> dict[str, BoundedContext]:
    return {context.name: context for context in declared_contexts()}


def used(names: list[str], contexts: dict[str, BoundedContext]) -> tuple[str, ...]:
    for name in names:
        if name not in contexts:
            raise Mistake(f"--uses {name}: no such context ({_known(contexts)})", CONFIGURATION)
    return tuple(sorted(set(names)))


def reactions(events: list[str], contexts: dict[str, BoundedContext]) -> tuple[ReactionStub, ...]:
    """`articles.ArticleDeleted` -> the stub of a reaction to it, checked against the
    publisher's declaration."""
    stubs = []
    for given in events:
        context, _, event = given.partition(".")
        if context not in contexts:
            raise Mistake(
                f"--reacts-to {given}: name it <context>.<Event>, e.g. articles.ArticleDeleted "
                f"({_known(contexts)})",
                CONFIGURATION,
            )
        published = {e.__name__: e for e in contexts[context].publishes}
        if event not in published:
            offered = ", ".join(f"{context}.{name}" for name in sorted(published)) or "none"
            raise Mistake(
                f"--reacts-to {given}: {context} publishes no such event (it publishes: {offered})",
                CONFIGURATION,
            )
        stubs.append(ReactionStub(context, event))
    return tuple(dict.fromkeys(stubs))


def table_names() -> set[str]:
    """Every table some context owns (a new context's table must not clash with one)."""
    metadata = importlib.import_module("migrations.metadata").load_metadata()
    return set(metadata.tables)


def _known(contexts: dict[str, BoundedContext]) -> str:
    return "declared: " + ", ".join(sorted(contexts))
