"""Deleting an article is all or nothing: if the comments' clean-up fails, nothing is deleted."""

from collections.abc import AsyncIterator

import pytest
from httpx import ASGITransport, AsyncClient
from sqlalchemy.ext.asyncio import AsyncSession

from application.articles.published import ArticleDeleted
from entrypoints.composition.app import create_app
from entrypoints.composition.container import build_container, release
from tests.conftest import test_settings as settings_for
from tests.support.api import register
from tests.support.databases import MigratedDatabase


class CleanUpFailed(Exception):
    pass


@pytest.fixture
async def failing_client(clean_database: MigratedDatabase) -> AsyncIterator[AsyncClient]:
    """The app with one more ArticleDeleted subscriber, which fails after comments' has run."""
    settings = settings_for(clean_database.url)
    container = build_container(settings)

    async def fail(_event: ArticleDeleted, _session: AsyncSession) -> None:
        raise CleanUpFailed

    container.shared.subscriptions().subscribe(ArticleDeleted, fail)
    transport = ASGITransport(app=create_app(settings, container), raise_app_exceptions=False)
    async with AsyncClient(transport=transport, base_url="http://conduit.test") as http:
        yield http
    await release(container)


async def test_a_failing_subscriber_leaves_the_article_its_comments_and_favorites(
    failing_client: AsyncClient,
) -> None:
    http = failing_client
    jake, jane = await register(http, "jake"), await register(http, "jane")
    article = {"title": "Kept", "description": "d", "body": "b", "tagList": ["kept"]}
    created = await http.post("/api/articles", json={"article": article}, headers=jake.headers)
    slug = created.json()["article"]["slug"]
    await http.post(f"/api/articles/{slug}/favorite", headers=jane.headers)
    await http.post(
        f"/api/articles/{slug}/comments", json={"comment": {"body": "hi"}}, headers=jane.headers
    )

    deleted = await http.delete(f"/api/articles/{slug}", headers=jake.headers)

    assert deleted.status_code == 500
    assert deleted.json() == {"errors": {"server": ["internal error"]}}
    still = await http.get(f"/api/articles/{slug}", headers=jane.headers)
    assert still.status_code == 200
    assert still.json()["article"]["favoritesCount"] == 1
    assert len((await http.get(f"/api/articles/{slug}/comments")).json()["comments"]) == 1
    assert (await http.get("/api/tags")).json() == {"tags": ["kept"]}
    assert (await http.get("/api/articles")).json()["articlesCount"] == 1
