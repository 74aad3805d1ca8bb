"""ArticleQueries, SQL and in memory: what one article shows a viewer, and the tags in use."""

from datetime import timedelta

from application.articles.ports import ArticleFilter, ArticleView
from application.profiles.published import ProfileView
from application.shared.paging import Page
from tests.contract.articles.rows import NOW
from tests.contract.world import World


async def test_one_shows_every_field_with_sorted_tags_and_the_body(world: World) -> None:
    jake = await world.user("jake", bio="I work at statefarm")
    await world.article(jake, "Dragons", tags=["training", "Dragons", "angular"])

    view = await world.article_queries.one("dragons", None)

    assert view == ArticleView(
        slug="dragons",
        title="Dragons",
        description="Ever wonder how?",
        body="Very carefully.",
        tags=["Dragons", "angular", "training"],
        created_at=NOW,
        updated_at=NOW,
        favorited=False,
        favorites_count=0,
        author=ProfileView("jake", "I work at statefarm", None, following=False),
    )


async def test_page_items_leave_the_body_out_and_sort_their_tags(world: World) -> None:
    jake = await world.user("jake")
    await world.article(jake, "Dragons", tags=["training", "Dragons", "angular"])

    page = await world.article_queries.page(ArticleFilter(), Page(), None)

    [item] = page.articles
    assert item.body is None
    assert item.tags == ["Dragons", "angular", "training"]
    assert (item.slug, item.created_at, item.author.username) == ("dragons", NOW, "jake")


async def test_an_article_without_tags_shows_an_empty_list(world: World) -> None:
    jake = await world.user("jake")
    await world.article(jake, "Dragons")

    view = await world.article_queries.one("dragons", None)
    page = await world.article_queries.page(ArticleFilter(), Page(), None)

    assert view is not None
    assert view.tags == []
    assert page.articles[0].tags == []


async def test_an_unknown_slug_shows_nothing(world: World) -> None:
    jake = await world.user("jake")
    await world.article(jake, "Dragons")

    assert await world.article_queries.one("no-such-article", None) is None


def as_seen(view: ArticleView | None) -> tuple[bool, int, bool]:
    assert view is not None
    return view.favorited, view.favorites_count, view.author.following


async def test_favorites_and_following_are_as_the_viewer_sees_them(world: World) -> None:
    jake, fan, other = await world.user("jake"), await world.user("fan"), await world.user("other")
    article = await world.article(jake, "Dragons")
    await world.favorite(fan, article)
    await world.favorite(other, article)
    await world.follow(fan, jake)
    queries = world.article_queries

    for viewer, expected in [
        (fan, (True, 2, True)),
        (jake, (False, 2, False)),
        (None, (False, 2, False)),
    ]:
        listed = await queries.page(ArticleFilter(), Page(), viewer)
        assert as_seen(await queries.one("dragons", viewer)) == expected
        assert as_seen(listed.articles[0]) == expected


async def test_a_deleted_article_is_no_longer_shown(world: World) -> None:
    jake, fan = await world.user("jake"), await world.user("fan")
    article = await world.article(jake, "Dragons")
    await world.favorite(fan, article)

    await world.delete(article)

    assert await world.article_queries.one("dragons", fan) is None
    assert (await world.article_queries.page(ArticleFilter(), Page(), fan)).total == 0


async def test_tags_lists_only_the_tags_articles_carry_sorted(world: World) -> None:
    jake = await world.user("jake")
    await world.article(jake, "Kept", tags=["zebras", "Dragons", "cats"])
    retagged = await world.article(jake, "Retagged", tags=["cats", "dropped"], at=NOW)
    deleted = await world.article(jake, "Deleted", tags=["gone"], at=NOW + timedelta(seconds=1))

    await world.retag(retagged, ("cats",))
    await world.delete(deleted)

    assert await world.article_queries.tags() == ["Dragons", "cats", "zebras"]


async def test_tags_is_empty_without_articles(world: World) -> None:
    assert await world.article_queries.tags() == []
