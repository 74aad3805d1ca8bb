"""DeleteArticle, ToggleFavorite and the reading use cases against in-memory fakes."""

import pytest

from application.articles.ports import ArticleFilter
from application.articles.published import ArticleDeleted
from application.shared.paging import Page
from domain.shared.errors import Forbidden, NotFound, Unauthenticated
from tests.unit.articles.in_memory_conduit import Conduit


async def test_deleting_an_unknown_article_is_not_found(conduit: Conduit) -> None:
    jake = await conduit.user("jake")

    with pytest.raises(NotFound) as error:
        await conduit.delete_article()("no-such-article", jake)

    assert error.value.resource == "article"
    assert conduit.deleted == []


async def test_only_the_author_may_delete(conduit: Conduit) -> None:
    jake, jane = await conduit.user("jake"), await conduit.user("jane")
    article = await conduit.article(jake)

    with pytest.raises(Forbidden):
        await conduit.delete_article()(article.slug, jane)

    assert await conduit.get_article()(article.slug, None) == article
    assert conduit.deleted == []


async def test_deleting_publishes_article_deleted_and_its_comments_go_too(
    conduit: Conduit,
) -> None:
    jake, jane = await conduit.user("jake"), await conduit.user("jane")
    gone = await conduit.article(jake, "Gone")
    kept = await conduit.article(jake, "Kept")
    await conduit.add_comment()(gone.slug, jane, "On the gone one")
    on_kept = await conduit.add_comment()(kept.slug, jane, "On the kept one")
    gone_id = await conduit.article_directory.id_of(gone.slug)
    assert gone_id is not None
    await conduit.toggle_favorite(on=True)(gone.slug, jane)

    await conduit.delete_article()(gone.slug, jake)

    assert conduit.deleted == [ArticleDeleted(gone_id)]
    assert [c.id for c in conduit.comments.comments.values()] == [on_kept.id]
    assert conduit.store.favorites == set()
    with pytest.raises(NotFound):
        await conduit.get_article()(gone.slug, None)


async def test_favoriting_twice_counts_once(conduit: Conduit) -> None:
    jake, jane = await conduit.user("jake"), await conduit.user("jane")
    article = await conduit.article(jake)
    favorite = conduit.toggle_favorite(on=True)

    await favorite(article.slug, jane)
    twice = await favorite(article.slug, jane)

    assert (twice.favorited, twice.favorites_count) == (True, 1)
    assert (await conduit.get_article()(article.slug, jake)).favorited is False


async def test_unfavoriting_twice_changes_nothing_more(conduit: Conduit) -> None:
    jake, jane = await conduit.user("jake"), await conduit.user("jane")
    article = await conduit.article(jake)
    await conduit.toggle_favorite(on=True)(article.slug, jane)
    unfavorite = conduit.toggle_favorite(on=False)

    await unfavorite(article.slug, jane)
    twice = await unfavorite(article.slug, jane)

    assert (twice.favorited, twice.favorites_count) == (False, 0)


@pytest.mark.parametrize("on", [True, False])
async def test_favoriting_or_unfavoriting_an_unknown_article_is_not_found(
    conduit: Conduit, on: bool
) -> None:
    jane = await conduit.user("jane")

    with pytest.raises(NotFound) as error:
        await conduit.toggle_favorite(on=on)("no-such-article", jane)

    assert error.value.resource == "article"


async def test_reading_an_unknown_article_is_not_found(conduit: Conduit) -> None:
    with pytest.raises(NotFound):
        await conduit.get_article()("no-such-article", None)


async def test_the_feed_holds_the_followed_authors_articles_only(conduit: Conduit) -> None:
    jake, jane = await conduit.user("jake"), await conduit.user("jane")
    reader = await conduit.user("reader")
    await conduit.article(jake, "By jake")
    conduit.clock.advance(seconds=1)
    await conduit.article(jane, "By jane")
    await conduit.follow_user()("jake", reader)

    feed = await conduit.get_feed()(reader, Page())

    assert [a.slug for a in feed.articles] == ["by-jake"]
    assert feed.articles[0].author.following
    assert (await conduit.list_articles()(ArticleFilter(), Page(), None)).total == 2


async def test_an_empty_feed_is_refused_to_a_viewer_who_does_not_exist(conduit: Conduit) -> None:
    reader = await conduit.user("reader")

    assert (await conduit.get_feed()(reader, Page())).total == 0
    with pytest.raises(Unauthenticated):
        await conduit.get_feed()(424242, Page())


async def test_the_tags_are_those_in_use(conduit: Conduit) -> None:
    jake = await conduit.user("jake")
    await conduit.article(jake, "One", tags=["dragons", "cats"])
    await conduit.article(jake, "Two", tags=["cats"])

    assert await conduit.list_tags()() == ["cats", "dragons"]
