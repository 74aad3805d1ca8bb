"""GET /api/articles: the list, its order, filters and paging."""

import pytest
from httpx import AsyncClient

from tests.support.api import errors_of, register
from tests.support.articles import (
    EMPTY_LIST,
    LIST_ITEM_KEYS,
    create_article,
    favorite,
    follow,
    list_articles,
    slugs,
    update_article,
)


async def test_an_empty_database_lists_nothing(client: AsyncClient) -> None:
    response = await client.get("/api/articles")

    assert response.status_code == 200
    assert response.json() == EMPTY_LIST


async def test_list_items_are_articles_without_a_body_key(client: AsyncClient) -> None:
    jake = await register(client, "jake")
    created = await create_article(client, jake, tags=["dragons"])

    listing = await list_articles(client)

    assert set(listing) == {"articles", "articlesCount"}
    assert listing["articlesCount"] == 1
    [item] = listing["articles"]
    assert set(item) == LIST_ITEM_KEYS
    assert "body" not in item
    assert item == {key: value for key, value in created.items() if key != "body"}


async def test_articles_come_newest_first_even_within_the_same_millisecond(
    client: AsyncClient,
) -> None:
    jake = await register(client, "jake")
    created = [await create_article(client, jake, f"Article {n}") for n in range(6)]

    listing = await list_articles(client)

    assert slugs(listing) == [article["slug"] for article in reversed(created)]
    dates = [article["createdAt"] for article in listing["articles"]]
    assert dates == sorted(dates, reverse=True)


async def test_filtering_by_tag(client: AsyncClient) -> None:
    jake = await register(client, "jake")
    dragons = await create_article(client, jake, "Dragons", tags=["dragons", "training"])
    await create_article(client, jake, "Cats", tags=["cats"])
    training = await create_article(client, jake, "Training", tags=["training"])

    listing = await list_articles(client, tag="training")

    assert slugs(listing) == [training["slug"], dragons["slug"]]
    assert listing["articlesCount"] == 2


async def test_filtering_by_author(client: AsyncClient) -> None:
    jake = await register(client, "jake")
    jane = await register(client, "jane")
    first = await create_article(client, jake, "First")
    await create_article(client, jane, "By jane")
    second = await create_article(client, jake, "Second")

    listing = await list_articles(client, author="jake")

    assert slugs(listing) == [second["slug"], first["slug"]]
    assert listing["articlesCount"] == 2
    assert {item["author"]["username"] for item in listing["articles"]} == {"jake"}


async def test_filtering_by_favorited(client: AsyncClient) -> None:
    jake = await register(client, "jake")
    jane = await register(client, "jane")
    liked = await create_article(client, jake, "Liked")
    await create_article(client, jake, "Ignored")
    await favorite(client, jane, liked["slug"])

    listing = await list_articles(client, favorited="jane")

    assert slugs(listing) == [liked["slug"]]
    assert listing["articlesCount"] == 1


async def test_filters_combine_with_and(client: AsyncClient) -> None:
    jake = await register(client, "jake")
    jane = await register(client, "jane")
    match = await create_article(client, jake, "Match", tags=["dragons"])
    wrong_tag = await create_article(client, jake, "Wrong tag", tags=["cats"])
    wrong_author = await create_article(client, jane, "Wrong author", tags=["dragons"])
    await create_article(client, jake, "Not favorited", tags=["dragons"])
    for article in (match, wrong_tag, wrong_author):
        await favorite(client, jane, article["slug"])

    listing = await list_articles(client, tag="dragons", author="jake", favorited="jane")

    assert slugs(listing) == [match["slug"]]
    assert listing["articlesCount"] == 1


@pytest.mark.parametrize(
    "query", [{"author": "nobody"}, {"tag": "nothing"}, {"favorited": "nobody"}]
)
async def test_an_unknown_filter_value_is_an_empty_list(
    client: AsyncClient, query: dict[str, str]
) -> None:
    jake = await register(client, "jake")
    await create_article(client, jake, tags=["dragons"])

    response = await client.get("/api/articles", params=query)

    assert response.status_code == 200
    assert response.json() == EMPTY_LIST


async def test_limit_defaults_to_20_and_offset_to_0(client: AsyncClient) -> None:
    jake = await register(client, "jake")
    created = [await create_article(client, jake, f"Article {n}") for n in range(22)]

    listing = await list_articles(client)

    assert listing["articlesCount"] == 22
    assert slugs(listing) == [article["slug"] for article in reversed(created)][:20]


async def test_limit_and_offset_page_while_the_count_stays_the_total(client: AsyncClient) -> None:
    jake = await register(client, "jake")
    created = [await create_article(client, jake, f"Article {n}") for n in range(5)]
    newest_first = [article["slug"] for article in reversed(created)]

    page = await list_articles(client, limit=2, offset=1)
    last = await list_articles(client, limit=2, offset=4)
    beyond = await list_articles(client, limit=2, offset=10)

    assert (slugs(page), page["articlesCount"]) == (newest_first[1:3], 5)
    assert (slugs(last), last["articlesCount"]) == (newest_first[4:], 5)
    assert beyond == {"articles": [], "articlesCount": 5}


async def test_a_limit_of_100_is_accepted(client: AsyncClient) -> None:
    jake = await register(client, "jake")
    created = await create_article(client, jake)

    listing = await list_articles(client, limit=100)

    assert (slugs(listing), listing["articlesCount"]) == ([created["slug"]], 1)


@pytest.mark.parametrize(
    ("param", "value"),
    [
        ("limit", "0"),
        ("limit", "-1"),
        ("limit", "abc"),
        ("limit", "101"),
        ("limit", "1.5"),
        ("limit", "99999999999999999999"),
        ("offset", "-1"),
        ("offset", "abc"),
    ],
)
async def test_an_out_of_range_or_non_integer_limit_or_offset_is_422(
    client: AsyncClient, param: str, value: str
) -> None:
    response = await client.get("/api/articles", params={param: value})

    assert response.status_code == 422
    assert list(errors_of(response)) == [param]


async def test_following_and_favorited_reflect_the_caller(client: AsyncClient) -> None:
    jake = await register(client, "jake")
    jane = await register(client, "jane")
    bob = await register(client, "bob")
    created = await create_article(client, jake)
    await follow(client, jane, "jake")
    await favorite(client, jane, created["slug"])

    views = {
        "jane": (await list_articles(client, jane))["articles"][0],
        "bob": (await list_articles(client, bob))["articles"][0],
        "anonymous": (await list_articles(client))["articles"][0],
        "jake": (await list_articles(client, jake))["articles"][0],
    }

    seen = {
        who: (item["author"]["following"], item["favorited"], item["favoritesCount"])
        for who, item in views.items()
    }
    assert seen == {
        "jane": (True, True, 1),
        "bob": (False, False, 1),
        "anonymous": (False, False, 1),
        "jake": (False, False, 1),
    }


async def test_a_tag_dropped_by_an_update_no_longer_matches(client: AsyncClient) -> None:
    jake = await register(client, "jake")
    created = await create_article(client, jake, tags=["dragons", "cats"])

    response = await update_article(client, jake, created["slug"], tagList=["cats"])

    assert response.status_code == 200
    assert await list_articles(client, tag="dragons") == EMPTY_LIST
    assert (await list_articles(client, tag="cats"))["articlesCount"] == 1
