"""Helpers for the profiles, articles, favorites, feed and comments parts of the API."""

import re
from typing import Any

from httpx import AsyncClient, Response

from tests.support.api import Account

ARTICLE_KEYS = {
    "slug",
    "title",
    "description",
    "body",
    "tagList",
    "createdAt",
    "updatedAt",
    "favorited",
    "favoritesCount",
    "author",
}
LIST_ITEM_KEYS = ARTICLE_KEYS - {"body"}
PROFILE_KEYS = {"username", "bio", "image", "following"}
DATE = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
EMPTY_LIST: dict[str, Any] = {"articles": [], "articlesCount": 0}

TITLE = "How to train your dragon"
DESCRIPTION = "Ever wonder how?"
BODY = "You have to believe"


def auth(account: Account | None) -> dict[str, str]:
    """The Authorization header of `account`, or no header at all for an anonymous call."""
    return account.headers if account is not None else {}


async def create_article(
    client: AsyncClient,
    account: Account,
    title: str = TITLE,
    *,
    description: str = DESCRIPTION,
    body: str = BODY,
    tags: list[str] | None = None,
    **fields: object,
) -> dict[str, Any]:
    """POST /api/articles; `tags=None` leaves tagList out. Asserts 201, returns the article."""
    article: dict[str, object] = {
        "title": title,
        "description": description,
        "body": body,
        **fields,
    }
    if tags is not None:
        article["tagList"] = tags
    response = await client.post(
        "/api/articles", json={"article": article}, headers=account.headers
    )
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()["article"]
    return created


async def get_article(client: AsyncClient, slug: str, account: Account | None = None) -> Response:
    return await client.get(f"/api/articles/{slug}", headers=auth(account))


async def update_article(
    client: AsyncClient, account: Account | None, slug: str, **fields: object
) -> Response:
    return await client.put(
        f"/api/articles/{slug}", json={"article": fields}, headers=auth(account)
    )


async def delete_article(client: AsyncClient, account: Account, slug: str) -> None:
    response = await client.delete(f"/api/articles/{slug}", headers=account.headers)
    assert response.status_code == 204, response.text


async def list_articles(
    client: AsyncClient, account: Account | None = None, **params: str | int
) -> dict[str, Any]:
    """GET /api/articles with the given query. Asserts 200, returns the body."""
    response = await client.get("/api/articles", params=params, headers=auth(account))
    assert response.status_code == 200, response.text
    listing: dict[str, Any] = response.json()
    return listing


async def feed(client: AsyncClient, account: Account, **params: str | int) -> dict[str, Any]:
    """GET /api/articles/feed. Asserts 200, returns the body."""
    response = await client.get("/api/articles/feed", params=params, headers=account.headers)
    assert response.status_code == 200, response.text
    listing: dict[str, Any] = response.json()
    return listing


def slugs(listing: dict[str, Any]) -> list[str]:
    return [article["slug"] for article in listing["articles"]]


async def follow(client: AsyncClient, account: Account, username: str) -> dict[str, Any]:
    response = await client.post(f"/api/profiles/{username}/follow", headers=account.headers)
    assert response.status_code == 200, response.text
    profile: dict[str, Any] = response.json()["profile"]
    return profile


async def unfollow(client: AsyncClient, account: Account, username: str) -> dict[str, Any]:
    response = await client.delete(f"/api/profiles/{username}/follow", headers=account.headers)
    assert response.status_code == 200, response.text
    profile: dict[str, Any] = response.json()["profile"]
    return profile


async def favorite(client: AsyncClient, account: Account, slug: str) -> dict[str, Any]:
    response = await client.post(f"/api/articles/{slug}/favorite", headers=account.headers)
    assert response.status_code == 200, response.text
    article: dict[str, Any] = response.json()["article"]
    return article


async def unfavorite(client: AsyncClient, account: Account, slug: str) -> dict[str, Any]:
    response = await client.delete(f"/api/articles/{slug}/favorite", headers=account.headers)
    assert response.status_code == 200, response.text
    article: dict[str, Any] = response.json()["article"]
    return article


async def add_comment(
    client: AsyncClient, account: Account, slug: str, body: str = "Thank you so much!"
) -> dict[str, Any]:
    response = await client.post(
        f"/api/articles/{slug}/comments", json={"comment": {"body": body}}, headers=account.headers
    )
    assert response.status_code == 201, response.text
    comment: dict[str, Any] = response.json()["comment"]
    return comment


async def update_user(client: AsyncClient, account: Account, **fields: object) -> Account:
    """PUT /api/user. Asserts 200, returns the account as it now is (with the returned token)."""
    response = await client.put("/api/user", json={"user": fields}, headers=account.headers)
    assert response.status_code == 200, response.text
    user = response.json()["user"]
    return Account(user["username"], user["email"], user["token"])
