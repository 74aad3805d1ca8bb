"""Helpers for the comment tests: an article to comment on, a comment posted through the API."""

import re
from typing import Any

from httpx import AsyncClient

from tests.support.api import Account

TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$")


async def an_article(
    client: AsyncClient, author: Account, title: str = "How to train a dragon"
) -> str:
    """Creates an article by `author` and returns its slug."""
    response = await client.post(
        "/api/articles",
        json={
            "article": {
                "title": title,
                "description": "Ever wonder how?",
                "body": "Very carefully.",
            }
        },
        headers=author.headers,
    )
    assert response.status_code == 201, response.text
    slug: str = response.json()["article"]["slug"]
    return slug


async def a_comment(
    client: AsyncClient, author: Account, slug: str, body: str = "Nice!"
) -> dict[str, Any]:
    """Posts a comment by `author` on the article `slug` and returns the comment object."""
    response = await client.post(
        f"/api/articles/{slug}/comments", json={"comment": {"body": body}}, headers=author.headers
    )
    assert response.status_code == 201, response.text
    comment: dict[str, Any] = response.json()["comment"]
    return comment


async def comments_on(
    client: AsyncClient, slug: str, reader: Account | None = None
) -> list[dict[str, Any]]:
    headers = reader.headers if reader else {}
    response = await client.get(f"/api/articles/{slug}/comments", headers=headers)
    assert response.status_code == 200, response.text
    comments: list[dict[str, Any]] = response.json()["comments"]
    return comments
