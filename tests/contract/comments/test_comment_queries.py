"""CommentQueries, SQL and in memory: an article's comments, oldest first, as a viewer sees them."""

from datetime import timedelta

import pytest

from application.comments.ports import CommentView
from application.profiles.published import ProfileView
from tests.contract.articles.rows import NOW
from tests.contract.world import World

LATER = NOW + timedelta(seconds=1)


async def test_comments_are_oldest_first_and_the_oldest_id_first_on_ties(world: World) -> None:
    jake, jane = await world.user("jake"), await world.user("jane")
    article = await world.article(jake, "Dragons")
    last = await world.comment(article, jane, "last", LATER)
    first = await world.comment(article, jane, "first", NOW)
    tied = await world.comment(article, jake, "tied", NOW)

    comments = await world.comment_queries.of_article("dragons", None)

    assert comments is not None
    assert [(c.id, c.body) for c in comments] == [(first, "first"), (tied, "tied"), (last, "last")]


async def test_a_comment_shows_its_fields_and_its_author(world: World) -> None:
    jake, jane = await world.user("jake"), await world.user("jane", bio="bio")
    article = await world.article(jake, "Dragons")
    comment_id = await world.comment(article, jane, "Nice!", NOW)
    expected = CommentView(comment_id, "Nice!", NOW, NOW, ProfileView("jane", "bio", None, False))

    assert await world.comment_queries.of_article("dragons", None) == [expected]
    assert await world.comment_queries.one(comment_id, None) == expected


async def test_only_the_articles_own_comments_are_listed(world: World) -> None:
    jake = await world.user("jake")
    dragons, cats = await world.article(jake, "Dragons"), await world.article(jake, "Cats")
    on_dragons = await world.comment(dragons, jake, "dragons!", NOW)
    await world.comment(cats, jake, "cats!", NOW)

    comments = await world.comment_queries.of_article("dragons", None)

    assert comments is not None
    assert [c.id for c in comments] == [on_dragons]


async def test_an_unknown_article_has_no_comment_list(world: World) -> None:
    jake = await world.user("jake")
    article = await world.article(jake, "Dragons")
    await world.comment(article, jake, "Nice!", NOW)

    assert await world.comment_queries.of_article("no-such-article", None) is None


async def test_an_article_without_comments_has_an_empty_list(world: World) -> None:
    jake = await world.user("jake")
    await world.article(jake, "Dragons")

    assert await world.comment_queries.of_article("dragons", None) == []


async def test_following_is_as_the_viewer_sees_it(world: World) -> None:
    jake, jane, fan = await world.user("jake"), await world.user("jane"), await world.user("fan")
    article = await world.article(jake, "Dragons")
    comment_id = await world.comment(article, jane, "Nice!", NOW)
    await world.follow(fan, jane)
    queries = world.comment_queries

    for viewer, following in [(fan, True), (jake, False), (None, False)]:
        listed = await queries.of_article("dragons", viewer)
        one = await queries.one(comment_id, viewer)
        assert listed is not None
        assert one is not None
        assert (listed[0].author.following, one.author.following) == (following, following)


@pytest.mark.parametrize("offset", [1000, 2**31, 2**63])
async def test_unknown_comment_ids_show_nothing(world: World, offset: int) -> None:
    jake = await world.user("jake")
    article = await world.article(jake, "Dragons")
    comment_id = await world.comment(article, jake, "Nice!", NOW)

    assert await world.comment_queries.one(comment_id + offset, None) is None
    assert await world.comment_queries.one(-offset, None) is None


async def test_deleting_the_article_takes_its_comments_along(world: World) -> None:
    jake = await world.user("jake")
    article = await world.article(jake, "Dragons")
    comment_id = await world.comment(article, jake, "Nice!", NOW)

    await world.delete(article)

    assert await world.comment_queries.of_article("dragons", None) is None
    assert await world.comment_queries.one(comment_id, None) is None
