"""PUT and DELETE /api/articles/{slug}."""

import asyncio

import pytest
from httpx import AsyncClient

from tests.support.api import errors_of, register
from tests.support.articles import (
    DATE,
    EMPTY_LIST,
    SLUG,
    add_comment,
    create_article,
    delete_article,
    favorite,
    get_article,
    list_articles,
    update_article,
)


async def test_updating_changes_only_the_given_fields(client: AsyncClient) -> None:
    jake = await register(client, "jake")
    created = await create_article(client, jake, tags=["dragons"])

    response = await update_article(client, jake, created["slug"], description="New description")

    assert response.status_code == 200
    updated = response.json()["article"]
    assert updated["description"] == "New description"
    unchanged = ("slug", "title", "body", "tagList", "createdAt", "author", "favoritesCount")
    assert {key: updated[key] for key in unchanged} == {key: created[key] for key in unchanged}
    again = await get_article(client, created["slug"])
    assert again.json()["article"]["description"] == "New description"


async def test_a_body_only_update_keeps_the_slug(client: AsyncClient) -> None:
    jake = await register(client, "jake")
    created = await create_article(client, jake)

    response = await update_article(client, jake, created["slug"], body="With two hands")

    assert response.status_code == 200
    assert response.json()["article"]["slug"] == created["slug"]
    assert response.json()["article"]["body"] == "With two hands"
    again = await get_article(client, created["slug"])
    assert again.json()["article"]["body"] == "With two hands"


async def test_a_title_change_gives_a_new_slug_and_the_old_one_404s(client: AsyncClient) -> None:
    jake = await register(client, "jake")
    created = await create_article(client, jake, "How to train your dragon")

    response = await update_article(client, jake, created["slug"], title="Did you train it")

    assert response.status_code == 200
    updated = response.json()["article"]
    assert updated["title"] == "Did you train it"
    assert updated["slug"] != created["slug"]
    assert updated["slug"].startswith("did-you-train-it")
    assert SLUG.match(updated["slug"])
    new = await get_article(client, updated["slug"])
    old = await get_article(client, created["slug"])
    assert (new.status_code, new.json()["article"]["title"]) == (200, "Did you train it")
    assert old.status_code == 404
    assert errors_of(old) == {"article": ["not found"]}


async def test_an_absent_taglist_keeps_the_tags(client: AsyncClient) -> None:
    jake = await register(client, "jake")
    created = await create_article(client, jake, tags=["b", "a"])

    response = await update_article(client, jake, created["slug"], body="changed")

    assert response.status_code == 200
    assert response.json()["article"]["tagList"] == ["a", "b"]


async def test_an_empty_taglist_clears_the_tags(client: AsyncClient) -> None:
    jake = await register(client, "jake")
    created = await create_article(client, jake, tags=["b", "a"])

    response = await update_article(client, jake, created["slug"], tagList=[])

    assert response.status_code == 200
    assert response.json()["article"]["tagList"] == []
    again = await get_article(client, created["slug"])
    assert again.json()["article"]["tagList"] == []


async def test_a_new_taglist_replaces_the_tags_sorted(client: AsyncClient) -> None:
    jake = await register(client, "jake")
    created = await create_article(client, jake, tags=["old"])

    response = await update_article(client, jake, created["slug"], tagList=["zed", "new", "zed"])

    assert response.status_code == 200
    assert response.json()["article"]["tagList"] == ["new", "zed"]


async def test_a_null_taglist_is_422(client: AsyncClient) -> None:
    jake = await register(client, "jake")
    created = await create_article(client, jake, tags=["dragons"])

    response = await update_article(client, jake, created["slug"], tagList=None)

    assert response.status_code == 422
    assert list(errors_of(response)) == ["tagList"]
    again = await get_article(client, created["slug"])
    assert again.json()["article"]["tagList"] == ["dragons"]


@pytest.mark.parametrize("field", ["title", "description", "body"])
async def test_blanking_a_field_is_422_cant_be_blank(client: AsyncClient, field: str) -> None:
    jake = await register(client, "jake")
    created = await create_article(client, jake)

    response = await update_article(client, jake, created["slug"], **{field: ""})

    assert response.status_code == 422
    assert errors_of(response) == {field: ["can't be blank"]}


async def test_an_update_moves_updated_at_forward_but_not_created_at(client: AsyncClient) -> None:
    jake = await register(client, "jake")
    created = await create_article(client, jake)
    await asyncio.sleep(0.02)

    response = await update_article(client, jake, created["slug"], body="changed")

    assert response.status_code == 200
    updated = response.json()["article"]
    assert DATE.match(updated["updatedAt"])
    assert updated["createdAt"] == created["createdAt"]
    assert updated["updatedAt"] > created["updatedAt"]
    again = await get_article(client, created["slug"])
    assert again.json()["article"]["updatedAt"] == updated["updatedAt"]


async def test_updating_someone_elses_article_is_403(client: AsyncClient) -> None:
    jake = await register(client, "jake")
    jane = await register(client, "jane")
    created = await create_article(client, jake)

    response = await update_article(client, jane, created["slug"], title="Hijacked")

    assert response.status_code == 403
    assert errors_of(response) == {"article": ["forbidden"]}
    again = await get_article(client, created["slug"])
    assert again.json()["article"]["title"] == created["title"]


async def test_updating_an_unknown_article_is_404(client: AsyncClient) -> None:
    jake = await register(client, "jake")

    response = await update_article(client, jake, "unknown", body="changed")

    assert response.status_code == 404
    assert errors_of(response) == {"article": ["not found"]}


@pytest.mark.parametrize(
    "content",
    [b'{"article":{"body":"changed"}}', b'{"article":{"tagList":null}}', b"{not json"],
    ids=["valid", "invalid", "malformed"],
)
async def test_updating_without_a_token_is_401_before_lookup_and_validation(
    client: AsyncClient, content: bytes
) -> None:
    response = await client.put(
        "/api/articles/unknown", content=content, headers={"Content-Type": "application/json"}
    )

    assert response.status_code == 401
    assert errors_of(response) == {"token": ["is missing"]}


async def test_deleting_is_204_with_an_empty_body_and_then_404(client: AsyncClient) -> None:
    jake = await register(client, "jake")
    created = await create_article(client, jake)

    response = await client.delete(f"/api/articles/{created['slug']}", headers=jake.headers)

    assert response.status_code == 204
    assert response.content == b""
    gone = await get_article(client, created["slug"])
    assert gone.status_code == 404
    assert errors_of(gone) == {"article": ["not found"]}
    assert await list_articles(client) == EMPTY_LIST


async def test_deleting_someone_elses_article_is_403(client: AsyncClient) -> None:
    jake = await register(client, "jake")
    jane = await register(client, "jane")
    created = await create_article(client, jake)

    response = await client.delete(f"/api/articles/{created['slug']}", headers=jane.headers)

    assert response.status_code == 403
    assert errors_of(response) == {"article": ["forbidden"]}
    still = await get_article(client, created["slug"])
    assert still.status_code == 200


async def test_deleting_an_unknown_article_is_404(client: AsyncClient) -> None:
    jake = await register(client, "jake")

    response = await client.delete("/api/articles/unknown", headers=jake.headers)

    assert response.status_code == 404
    assert errors_of(response) == {"article": ["not found"]}


@pytest.mark.parametrize("slug", ["existing", "unknown"])
async def test_deleting_without_a_token_is_401(client: AsyncClient, slug: str) -> None:
    jake = await register(client, "jake")
    created = await create_article(client, jake)
    target = created["slug"] if slug == "existing" else "unknown"

    response = await client.delete(f"/api/articles/{target}")

    assert response.status_code == 401
    assert errors_of(response) == {"token": ["is missing"]}
    assert (await get_article(client, created["slug"])).status_code == 200


async def test_deleting_removes_its_favorites_and_comments(client: AsyncClient) -> None:
    jake = await register(client, "jake")
    jane = await register(client, "jane")
    created = await create_article(client, jake, "Short lived")
    await favorite(client, jane, created["slug"])
    await add_comment(client, jane, created["slug"])

    await delete_article(client, jake, created["slug"])

    assert await list_articles(client, jane, favorited="jane") == EMPTY_LIST
    recreated = await create_article(client, jake, "Short lived")
    assert (recreated["favorited"], recreated["favoritesCount"]) == (False, 0)
    comments = await client.get(f"/api/articles/{recreated['slug']}/comments")
    assert comments.status_code == 200
    assert comments.json() == {"comments": []}
    as_jane = await get_article(client, recreated["slug"], jane)
    assert (
        as_jane.json()["article"]["favorited"],
        as_jane.json()["article"]["favoritesCount"],
    ) == (
        False,
        0,
    )
