"""The declarations are found, ordered by what each context uses, and refused in one line when
they cannot be wired."""

from dataclasses import dataclass

import pytest

from application.articles.published import ArticleDeleted
from application.shared.bounded_context import BoundedContext, Delivery, Reaction
from application.shared.events import IntegrationEvent
from entrypoints.cli.mistakes import CONFIGURATION, as_mistake
from entrypoints.composition import container
from entrypoints.composition.contexts import (
    DeclarationError,
    context_named,
    declared_contexts,
    in_dependency_order,
    publisher_of,
    upstream_of,
)
from tests.conftest import test_settings as make_settings


@dataclass(frozen=True, slots=True)
class SomethingHappened(IntegrationEvent):
    """Defined outside any context's published module."""


FIRST_FOUR = ["identity", "profiles", "articles", "comments"]


def context(
    name: str,
    *uses: str,
    publishes: tuple[type[IntegrationEvent], ...] = (),
    reacts_to: tuple[Reaction, ...] = (),
) -> BoundedContext:
    return BoundedContext(name, f"The {name} context.", uses, publishes, reacts_to)


def names(contexts: tuple[BoundedContext, ...]) -> list[str]:
    return [c.name for c in contexts]


def test_the_contexts_are_found_each_after_those_it_uses() -> None:
    found = names(declared_contexts())

    assert [n for n in found if n in FIRST_FOUR] == FIRST_FOUR
    for position, declared in enumerate(declared_contexts()):
        assert set(declared.uses) <= set(found[:position]), declared


def test_a_context_comes_after_every_context_it_uses_whatever_the_given_order() -> None:
    given = [context("c", "b", "a"), context("b", "a"), context("a"), context("d")]

    assert names(in_dependency_order(given)) == ["a", "b", "c", "d"]


def test_the_publisher_of_an_event_is_the_context_whose_published_module_defines_it() -> None:
    assert publisher_of(ArticleDeleted) == "articles"
    assert upstream_of(context_named("comments")) == ("articles", "identity", "profiles")


@pytest.mark.parametrize(
    ("contexts", "message"),
    [
        ([context("a", "ghost")], "application/a/context.py uses 'ghost', which is not another"),
        ([context("a", "a")], "application/a/context.py uses 'a', which is not another"),
        ([context("a", "b"), context("b", "a")], "the contexts a, b use each other in a cycle"),
        (
            [context("a", publishes=(ArticleDeleted,))],
            "application/a/context.py publishes ArticleDeleted, defined by articles",
        ),
        (
            [context("a", reacts_to=(Reaction(ArticleDeleted, Delivery.IN_TRANSACTION),))],
            "application/a/context.py reacts to ArticleDeleted, which no declared context",
        ),
        (
            [context("a", publishes=(SomethingHappened,))],
            "SomethingHappened is defined in tests.unit.test_context_declarations, not in a "
            "context's application/<ctx>/published.py",
        ),
    ],
    ids=["unknown", "itself", "cycle", "foreign-event", "unpublished-reaction", "misplaced-event"],
)
def test_a_declaration_that_cannot_be_wired_is_refused_in_one_line(
    contexts: list[BoundedContext], message: str
) -> None:
    with pytest.raises(DeclarationError) as refused:
        in_dependency_order(contexts)

    assert message in str(refused.value)
    assert "\n" not in str(refused.value)


@pytest.mark.parametrize("name", ["config", "shared", "broker"])
def test_a_context_named_like_a_root_provider_is_refused(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(container, "declared_contexts", lambda: (context(name),))

    with pytest.raises(DeclarationError, match=f"'{name}' names the root container's own"):
        container.build_container(make_settings("sqlite+aiosqlite:///:memory:"))


def test_a_command_tells_a_declaration_that_cannot_be_wired_in_one_line() -> None:
    with pytest.raises(DeclarationError) as refused:
        in_dependency_order([context("bookmarks", "billing")])
    wrapped = RuntimeError("while building the container")
    wrapped.__cause__ = refused.value

    told = as_mistake(wrapped, "db")

    assert told is not None
    assert told.exit_code == CONFIGURATION
    assert told.message.startswith("context declarations: ")
    assert "billing" in told.message
