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


DELIVERIES = {"after-commit": True, "in-transaction": False}


def reactions(events: list[str], contexts: dict[str, BoundedContext]) -> tuple[ReactionStub, ...]:
    """`articles.ArticleDeleted[:in-transaction|:after-commit]` -> the stub of a reaction to
    it, checked against the publisher's declaration.

    Without a suffix, a deletion is heard in the publisher's transaction (what the new context
    holds about the deleted thing must go with it, atomically: a cascade) and anything else
    after commit (docs/adr/0017).
    """
    stubs = []
    for given in events:
        named, _, delivery = given.partition(":")
        if delivery and delivery not in DELIVERIES:
            raise Mistake(
                f"--reacts-to {given}: the delivery is in-transaction or after-commit",
                CONFIGURATION,
            )
        context, _, event = named.partition(".")
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
        after_commit = DELIVERIES[delivery] if delivery else not event.endswith("Deleted")
        stubs.append(ReactionStub(context, event, after_commit))
    return tuple(dict.fromkeys(stubs))


def table_names() -> set[str]:
    """Every table some context owns (a new context's table must not clash with one)."""
    metadata = importlib.import_module("migrations.metadata").load_metadata()
    return set(metadata.tables)


def _known(contexts: dict[str, BoundedContext]) -> str:
    return "declared: " + ", ".join(sorted(contexts))
