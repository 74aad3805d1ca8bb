"""ArticleQueries.page, SQL and in memory: order, paging, and filters that combine with AND."""

from dataclasses import dataclass
from datetime import timedelta

import pytest

from application.articles.ports import ArticleFilter, ArticlePage
from application.shared.paging import Page
from tests.contract.articles.rows import NOW
from tests.contract.world import World


def slugs(page: ArticlePage) -> list[str]:
    return [article.slug for article in page.articles]


async def test_pages_are_newest_first_and_the_newest_id_first_on_ties(world: World) -> None:
    jake = await world.user("jake")
    await world.article(jake, "Oldest", at=NOW)
    await world.article(jake, "Tied first", at=NOW + timedelta(seconds=1))
    await world.article(jake, "Tied second", at=NOW + timedelta(seconds=1))
    await world.article(jake, "Newest", at=NOW + timedelta(seconds=2))

    page = await world.article_queries.page(ArticleFilter(), Page(), None)

    assert slugs(page) == ["newest", "tied-second", "tied-first", "oldest"]
    assert page.total == 4


async def test_the_total_counts_every_match_whatever_the_page(world: World) -> None:
    jake = await world.user("jake")
    for n in range(5):
        await world.article(
            jake, f"Article {n}", tags=["odd"] * (n % 2), at=NOW + timedelta(days=n)
        )
    queries = world.article_queries

    middle = await queries.page(ArticleFilter(), Page(limit=2, offset=1), None)
    beyond = await queries.page(ArticleFilter(), Page(limit=2, offset=10), None)
    odd = await queries.page(ArticleFilter(tag="odd"), Page(limit=1, offset=1), None)

    assert (slugs(middle), middle.total) == (["article-3", "article-2"], 5)
    assert (slugs(beyond), beyond.total) == ([], 5)
    assert (slugs(odd), odd.total) == (["article-1"], 2)


async def test_favorited_pages_are_newest_article_first_whatever_order_they_were_favorited(
    world: World,
) -> None:
    jake, fan = await world.user("jake"), await world.user("fan")
    oldest = await world.article(jake, "Oldest", at=NOW)
    tied_first = await world.article(jake, "Tied first", at=NOW + timedelta(seconds=1))
    tied_second = await world.article(jake, "Tied second", at=NOW + timedelta(seconds=1))
    newest = await world.article(jake, "Newest", at=NOW + timedelta(seconds=2))
    await world.article(jake, "Not favorited", at=NOW + timedelta(seconds=3))
    for article in (tied_second, newest, oldest, tied_first):
        await world.favorite(fan, article)
    favorited = ArticleFilter(favorited="fan")

    whole = await world.article_queries.page(favorited, Page(), None)
    middle = await world.article_queries.page(favorited, Page(limit=2, offset=1), None)

    assert (slugs(whole), whole.total) == (["newest", "tied-second", "tied-first", "oldest"], 4)
    assert (slugs(middle), middle.total) == (["tied-second", "tied-first"], 4)


@dataclass
class Scene:
    """jake, jane and joe each wrote one article, oldest first; joe favorited jake's and
    jane's; the reader follows jane and joe."""

    reader: int
    lonely: int  # follows nobody


@pytest.fixture
async def scene(world: World) -> Scene:
    jake, jane, joe = await world.user("jake"), await world.user("jane"), await world.user("joe")
    reader, lonely = await world.user("reader"), await world.user("lonely")
    by_jake = await world.article(jake, "By jake", tags=["dragons"], at=NOW)
    by_jane = await world.article(
        jane, "By jane", tags=["dragons", "cats"], at=NOW + timedelta(seconds=1)
    )
    await world.article(joe, "By joe", tags=["cats"], at=NOW + timedelta(seconds=2))
    await world.favorite(joe, by_jake)
    await world.favorite(joe, by_jane)
    await world.follow(reader, jane)
    await world.follow(reader, joe)
    return Scene(reader, lonely)


def filter_of(scene: Scene, followed_by: str | None = None, **names: str) -> ArticleFilter:
    viewer = {"reader": scene.reader, "lonely": scene.lonely, "stranger": 987654}
    return ArticleFilter(**names, followed_by=viewer[followed_by] if followed_by else None)


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ({}, ["by-joe", "by-jane", "by-jake"]),
        ({"tag": "dragons"}, ["by-jane", "by-jake"]),
        ({"author": "jane"}, ["by-jane"]),
        ({"favorited": "joe"}, ["by-jane", "by-jake"]),
        ({"followed_by": "reader"}, ["by-joe", "by-jane"]),
        ({"tag": "dragons", "author": "jane"}, ["by-jane"]),
        ({"tag": "cats", "favorited": "joe"}, ["by-jane"]),
        ({"tag": "dragons", "followed_by": "reader"}, ["by-jane"]),
        ({"author": "jake", "favorited": "joe"}, ["by-jake"]),
        ({"author": "jake", "followed_by": "reader"}, []),
        ({"tag": "cats", "author": "joe", "favorited": "joe"}, []),
    ],
)
async def test_filters_select_their_articles_and_combine_with_and(
    world: World, scene: Scene, given: dict[str, str], expected: list[str]
) -> None:
    page = await world.article_queries.page(filter_of(scene, **given), Page(), scene.reader)

    assert slugs(page) == expected
    assert page.total == len(expected)


@pytest.mark.parametrize(
    "given",
    [
        {"tag": "unknown"},
        {"tag": "Dragons"},  # tags are case-sensitive
        {"author": "nobody"},
        {"favorited": "nobody"},
        {"favorited": "jane"},  # jane favorited nothing
        {"followed_by": "lonely"},
        {"followed_by": "stranger"},
    ],
)
async def test_filters_matching_nothing_give_an_empty_page_of_total_zero(
    world: World, scene: Scene, given: dict[str, str]
) -> None:
    page = await world.article_queries.page(filter_of(scene, **given), Page(), None)

    assert page == ArticlePage([], 0)


async def test_an_empty_store_gives_an_empty_page(world: World) -> None:
    assert await world.article_queries.page(ArticleFilter(), Page(), None) == ArticlePage([], 0)
