"""POST and DELETE /api/articles/{slug}/favorite."""

import pytest
from httpx import AsyncClient

from tests.support.api import errors_of, register
from tests.support.articles import (
    ARTICLE_KEYS,
    create_article,
    favorite,
    get_article,
    unfavorite,
)


async def test_favoriting_returns_the_article_favorited_and_counted(client: AsyncClient) -> None:
    jake = await register(client, "jake")
    jane = await register(client, "jane")
    created = await create_article(client, jake)

    response = await client.post(f"/api/articles/{created['slug']}/favorite", headers=jane.headers)

    assert response.status_code == 200
    article = response.json()["article"]
    assert set(article) == ARTICLE_KEYS
    assert (article["favorited"], article["favoritesCount"]) == (True, 1)
    assert (article["slug"], article["body"]) == (created["slug"], created["body"])
    assert article["author"]["username"] == "jake"


async def test_favoriting_twice_keeps_one_favorite(client: AsyncClient) -> None:
    jake = await register(client, "jake")
    jane = await register(client, "jane")
    created = await create_article(client, jake)
    await favorite(client, jane, created["slug"])

    response = await client.post(f"/api/articles/{created['slug']}/favorite", headers=jane.headers)

    assert response.status_code == 200
    article = response.json()["article"]
    assert (article["favorited"], article["favoritesCount"]) == (True, 1)


async def test_the_count_is_the_number_of_favoriting_users(client: AsyncClient) -> None:
    jake = await register(client, "jake")
    jane = await register(client, "jane")
    bob = await register(client, "bob")
    created = await create_article(client, jake)
    await favorite(client, jane, created["slug"])

    second = await favorite(client, bob, created["slug"])

    assert (second["favorited"], second["favoritesCount"]) == (True, 2)
    as_jake = (await get_article(client, created["slug"], jake)).json()["article"]
    as_jane = (await get_article(client, created["slug"], jane)).json()["article"]
    assert (as_jake["favorited"], as_jake["favoritesCount"]) == (False, 2)
    assert (as_jane["favorited"], as_jane["favoritesCount"]) == (True, 2)


async def test_unfavoriting_returns_the_article_not_favorited(client: AsyncClient) -> None:
    jake = await register(client, "jake")
    jane = await register(client, "jane")
    bob = await register(client, "bob")
    created = await create_article(client, jake)
    await favorite(client, jane, created["slug"])
    await favorite(client, bob, created["slug"])

    response = await client.delete(
        f"/api/articles/{created['slug']}/favorite", headers=jane.headers
    )

    assert response.status_code == 200
    article = response.json()["article"]
    assert set(article) == ARTICLE_KEYS
    assert (article["favorited"], article["favoritesCount"]) == (False, 1)
    as_bob = (await get_article(client, created["slug"], bob)).json()["article"]
    assert (as_bob["favorited"], as_bob["favoritesCount"]) == (True, 1)


async def test_unfavoriting_when_not_favorited_is_200_and_changes_nothing(
    client: AsyncClient,
) -> None:
    jake = await register(client, "jake")
    jane = await register(client, "jane")
    bob = await register(client, "bob")
    created = await create_article(client, jake)
    await favorite(client, bob, created["slug"])

    first = await client.delete(f"/api/articles/{created['slug']}/favorite", headers=jane.headers)
    second = await client.delete(f"/api/articles/{created['slug']}/favorite", headers=jane.headers)

    assert (first.status_code, second.status_code) == (200, 200)
    for response in (first, second):
        article = response.json()["article"]
        assert (article["favorited"], article["favoritesCount"]) == (False, 1)


async def test_favoriting_again_after_unfavoriting_counts_once(client: AsyncClient) -> None:
    jake = await register(client, "jake")
    jane = await register(client, "jane")
    created = await create_article(client, jake)
    await favorite(client, jane, created["slug"])
    await unfavorite(client, jane, created["slug"])

    article = await favorite(client, jane, created["slug"])

    assert (article["favorited"], article["favoritesCount"]) == (True, 1)


@pytest.mark.parametrize("method", ["POST", "DELETE"])
async def test_favoriting_an_unknown_article_is_404(client: AsyncClient, method: str) -> None:
    jane = await register(client, "jane")

    response = await client.request(method, "/api/articles/unknown/favorite", headers=jane.headers)

    assert response.status_code == 404
    assert errors_of(response) == {"article": ["not found"]}


@pytest.mark.parametrize("method", ["POST", "DELETE"])
@pytest.mark.parametrize("slug", ["existing", "unknown"])
async def test_favoriting_without_a_token_is_401(
    client: AsyncClient, method: str, slug: str
) -> None:
    jake = await register(client, "jake")
    created = await create_article(client, jake)
    target = created["slug"] if slug == "existing" else "unknown"

    response = await client.request(method, f"/api/articles/{target}/favorite")

    assert response.status_code == 401
    assert errors_of(response) == {"token": ["is missing"]}
    after = (await get_article(client, created["slug"])).json()["article"]
    assert after["favoritesCount"] == 0
