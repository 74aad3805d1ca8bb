"""GET /api/tags: every tag in use, and only those."""

from httpx import AsyncClient

from tests.support.api import register
from tests.support.articles import create_article, delete_article, update_article


async def _tags(client: AsyncClient) -> list[str]:
    response = await client.get("/api/tags")
    assert response.status_code == 200, response.text
    body = response.json()
    assert set(body) == {"tags"}
    tags: list[str] = body["tags"]
    return tags


async def test_without_articles_there_are_no_tags(client: AsyncClient) -> None:
    response = await client.get("/api/tags")

    assert response.status_code == 200
    assert response.json() == {"tags": []}


async def test_every_tag_in_use_is_listed_once(client: AsyncClient) -> None:
    jake = await register(client, "jake")
    jane = await register(client, "jane")
    await create_article(client, jake, "One", tags=["dragons", "training"])
    await create_article(client, jane, "Two", tags=["training", "cats"])
    await create_article(client, jane, "Three")

    tags = await _tags(client)

    assert sorted(tags) == ["cats", "dragons", "training"]
    assert len(tags) == len(set(tags))


async def test_tags_need_no_token_but_accept_one(client: AsyncClient) -> None:
    jake = await register(client, "jake")
    await create_article(client, jake, tags=["dragons"])

    response = await client.get("/api/tags", headers=jake.headers)

    assert response.status_code == 200
    assert response.json() == {"tags": ["dragons"]}


async def test_there_is_no_cap_on_the_number_of_tags(client: AsyncClient) -> None:
    jake = await register(client, "jake")
    many = [f"tag-{n:02d}" for n in range(25)]
    await create_article(client, jake, tags=many)

    tags = await _tags(client)

    assert sorted(tags) == many


async def test_a_tag_disappears_with_its_only_article(client: AsyncClient) -> None:
    jake = await register(client, "jake")
    doomed = await create_article(client, jake, "Doomed", tags=["doomed", "shared"])
    await create_article(client, jake, "Stays", tags=["shared"])

    await delete_article(client, jake, doomed["slug"])

    assert await _tags(client) == ["shared"]


async def test_a_tag_dropped_from_its_only_article_disappears(client: AsyncClient) -> None:
    jake = await register(client, "jake")
    created = await create_article(client, jake, tags=["dragons", "cats"])

    response = await update_article(client, jake, created["slug"], tagList=["cats"])

    assert response.status_code == 200
    assert await _tags(client) == ["cats"]


async def test_clearing_the_taglist_removes_its_tags(client: AsyncClient) -> None:
    jake = await register(client, "jake")
    created = await create_article(client, jake, tags=["dragons", "cats"])

    response = await update_article(client, jake, created["slug"], tagList=[])

    assert response.status_code == 200
    assert await _tags(client) == []
