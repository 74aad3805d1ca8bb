"""Comments use cases against in-memory fakes: add, list, and delete in the contract's order."""

import pytest

from application.comments.ports import CommentView
from application.profiles.published import ProfileView
from domain.shared.errors import Forbidden, InvalidInput, NotFound
from tests.unit.articles.in_memory_conduit import Conduit


@pytest.fixture
async def slug(conduit: Conduit) -> str:
    """An article by jake."""
    jake = await conduit.user("jake")
    return (await conduit.article(jake, "Dragons")).slug


async def test_an_added_comment_is_shown_as_its_author_sees_it(conduit: Conduit, slug: str) -> None:
    jane = await conduit.user("jane")

    added = await conduit.add_comment()(slug, jane, "Nice!")

    now = conduit.clock.now()
    assert added == CommentView(added.id, "Nice!", now, now, ProfileView("jane", None, None, False))
    assert await conduit.list_comments()(slug, None) == [added]


async def test_comments_are_listed_oldest_first(conduit: Conduit, slug: str) -> None:
    jane = await conduit.user("jane")
    first = await conduit.add_comment()(slug, jane, "first")
    conduit.clock.advance(seconds=1)
    second = await conduit.add_comment()(slug, jane, "second")

    assert [c.id for c in await conduit.list_comments()(slug, None)] == [first.id, second.id]


async def test_commenting_on_an_unknown_article_is_not_found(conduit: Conduit) -> None:
    jane = await conduit.user("jane")

    with pytest.raises(NotFound) as error:
        await conduit.add_comment()("no-such-article", jane, "Nice!")

    assert error.value.resource == "article"
    assert conduit.comments.comments == {}


async def test_a_blank_comment_is_refused_before_the_article_is_looked_up(
    conduit: Conduit,
) -> None:
    jane = await conduit.user("jane")

    with pytest.raises(InvalidInput) as error:
        await conduit.add_comment()("no-such-article", jane, "  ")

    assert set(error.value.errors) == {"body"}


async def test_listing_the_comments_of_an_unknown_article_is_not_found(conduit: Conduit) -> None:
    with pytest.raises(NotFound) as error:
        await conduit.list_comments()("no-such-article", None)

    assert error.value.resource == "article"


async def test_an_article_without_comments_lists_none(conduit: Conduit, slug: str) -> None:
    assert await conduit.list_comments()(slug, None) == []


async def test_deleting_checks_the_article_before_the_comment(conduit: Conduit, slug: str) -> None:
    jane, joe = await conduit.user("jane"), await conduit.user("joe")
    comment = await conduit.add_comment()(slug, jane, "Nice!")

    with pytest.raises(NotFound) as error:
        await conduit.delete_comment()("no-such-article", comment.id, joe)

    assert error.value.resource == "article"


@pytest.mark.parametrize("elsewhere", [True, False])
async def test_deleting_checks_the_comment_is_on_the_article_before_the_author(
    conduit: Conduit, slug: str, elsewhere: bool
) -> None:
    jane, joe = await conduit.user("jane"), await conduit.user("joe")
    other = await conduit.article(joe, "Cats")
    comment = await conduit.add_comment()(other.slug, jane, "Nice!")
    comment_id = comment.id if elsewhere else comment.id + 1000

    with pytest.raises(NotFound) as error:
        await conduit.delete_comment()(slug, comment_id, joe)

    assert error.value.resource == "comment"
    assert comment.id in conduit.comments.comments


async def test_only_the_author_may_delete_a_comment(conduit: Conduit, slug: str) -> None:
    jane = await conduit.user("jane")
    comment = await conduit.add_comment()(slug, jane, "Nice!")
    joe = await conduit.user("joe")

    with pytest.raises(Forbidden) as error:
        await conduit.delete_comment()(slug, comment.id, joe)

    assert error.value.resource == "comment"
    assert comment.id in conduit.comments.comments


async def test_the_author_deletes_their_comment(conduit: Conduit, slug: str) -> None:
    jane = await conduit.user("jane")
    gone = await conduit.add_comment()(slug, jane, "Gone")
    kept = await conduit.add_comment()(slug, jane, "Kept")

    await conduit.delete_comment()(slug, gone.id, jane)

    assert [c.id for c in await conduit.list_comments()(slug, None)] == [kept.id]
