"""GET /api/articles/feed: articles by the authors the caller follows."""

import pytest
from httpx import AsyncClient

from tests.support.api import errors_of, register
from tests.support.articles import (
    EMPTY_LIST,
    LIST_ITEM_KEYS,
    create_article,
    favorite,
    feed,
    follow,
    slugs,
    unfollow,
)


async def test_the_feed_needs_a_token(client: AsyncClient) -> None:
    response = await client.get("/api/articles/feed")

    assert response.status_code == 401
    assert errors_of(response) == {"token": ["is missing"]}


async def test_a_new_users_feed_is_empty(client: AsyncClient) -> None:
    jake = await register(client, "jake")
    await create_article(client, jake)
    jane = await register(client, "jane")

    response = await client.get("/api/articles/feed", headers=jane.headers)

    assert response.status_code == 200
    assert response.json() == EMPTY_LIST


async def test_the_feed_has_only_followed_authors_newest_first(client: AsyncClient) -> None:
    jake = await register(client, "jake")
    bob = await register(client, "bob")
    jane = await register(client, "jane")
    await follow(client, jane, "jake")
    first = await create_article(client, jake, "First by jake")
    await create_article(client, bob, "By bob")
    await create_article(client, jane, "By jane herself")
    second = await create_article(client, jake, "Second by jake")

    listing = await feed(client, jane)

    assert slugs(listing) == [second["slug"], first["slug"]]
    assert listing["articlesCount"] == 2


async def test_feed_items_have_no_body_and_show_the_author_as_followed(
    client: AsyncClient,
) -> None:
    jake = await register(client, "jake")
    jane = await register(client, "jane")
    await follow(client, jane, "jake")
    created = await create_article(client, jake, tags=["dragons"])
    await favorite(client, jane, created["slug"])

    listing = await feed(client, jane)

    [item] = listing["articles"]
    assert set(item) == LIST_ITEM_KEYS
    assert "body" not in item
    assert item["author"] == {"username": "jake", "bio": None, "image": None, "following": True}
    assert (item["favorited"], item["favoritesCount"], item["tagList"]) == (True, 1, ["dragons"])


async def test_articles_leave_the_feed_after_an_unfollow(client: AsyncClient) -> None:
    jake = await register(client, "jake")
    jane = await register(client, "jane")
    await follow(client, jane, "jake")
    await create_article(client, jake)

    await unfollow(client, jane, "jake")

    assert await feed(client, jane) == EMPTY_LIST


async def test_the_feed_is_per_follower(client: AsyncClient) -> None:
    jake = await register(client, "jake")
    bob = await register(client, "bob")
    jane = await register(client, "jane")
    await follow(client, jane, "jake")
    await follow(client, bob, "jane")
    by_jake = await create_article(client, jake, "By jake")
    by_jane = await create_article(client, jane, "By jane")

    jane_feed = await feed(client, jane)
    bob_feed = await feed(client, bob)

    assert (slugs(jane_feed), jane_feed["articlesCount"]) == ([by_jake["slug"]], 1)
    assert (slugs(bob_feed), bob_feed["articlesCount"]) == ([by_jane["slug"]], 1)


async def test_the_feed_pages_with_limit_and_offset_and_counts_the_total(
    client: AsyncClient,
) -> None:
    jake = await register(client, "jake")
    bob = await register(client, "bob")
    jane = await register(client, "jane")
    await follow(client, jane, "jake")
    await follow(client, jane, "bob")
    created = [
        await create_article(client, author, f"Article {n}")
        for n, author in enumerate([jake, bob, jake, bob, jake])
    ]
    newest_first = [article["slug"] for article in reversed(created)]

    page = await feed(client, jane, limit=2, offset=1)
    beyond = await feed(client, jane, offset=5)

    assert (slugs(page), page["articlesCount"]) == (newest_first[1:3], 5)
    assert beyond == {"articles": [], "articlesCount": 5}


async def test_the_feed_limit_defaults_to_20(client: AsyncClient) -> None:
    jake = await register(client, "jake")
    jane = await register(client, "jane")
    await follow(client, jane, "jake")
    created = [await create_article(client, jake, f"Article {n}") for n in range(21)]

    listing = await feed(client, jane)

    assert listing["articlesCount"] == 21
    assert slugs(listing) == [article["slug"] for article in reversed(created)][:20]


@pytest.mark.parametrize(
    ("param", "value"),
    [("limit", "0"), ("limit", "101"), ("limit", "abc"), ("offset", "-1")],
)
async def test_an_out_of_range_feed_limit_or_offset_is_422(
    client: AsyncClient, param: str, value: str
) -> None:
    jane = await register(client, "jane")

    response = await client.get("/api/articles/feed", params={param: value}, headers=jane.headers)

    assert response.status_code == 422
    assert list(errors_of(response)) == [param]


async def test_the_feed_is_not_mistaken_for_an_article_slug(client: AsyncClient) -> None:
    jake = await register(client, "jake")
    await create_article(client, jake, "Feed")

    response = await client.get("/api/articles/feed")

    assert response.status_code == 401
    assert errors_of(response) == {"token": ["is missing"]}
