"""The notifications list answers in one statement at every page size (docs/adr/0019)."""

from fastapi import FastAPI
from httpx import AsyncClient

from entrypoints.composition.container import ApplicationContainer
from tests.api.test_query_budget import LIMITS, counting
from tests.conftest import test_settings as make_settings
from tests.support.api import register
from tests.support.databases import MigratedDatabase
from tests.support.notifications import delivering, notifications_of, notified

ARTICLES = 101  # more than the largest page


async def test_the_list_takes_one_statement_at_every_page_size(
    client: AsyncClient,
    app_and_container: tuple[FastAPI, ApplicationContainer],
    database: MigratedDatabase,
) -> None:
    container = app_and_container[1]
    alice, reader = await register(client, "alice"), await register(client, "reader")
    await client.post("/api/profiles/alice/follow", headers=reader.headers)
    # Delivered, then the dispatcher stopped: its own statements must not be counted.
    async with delivering(make_settings(database.url), container):
        for i in range(ARTICLES):
            article = {"title": f"A{i}", "description": "d", "body": "b"}
            await client.post("/api/articles", json={"article": article}, headers=alice.headers)
        await notified(client, reader, ARTICLES)

    counts = []
    for limit in LIMITS:
        with counting(container) as statements:
            body = await notifications_of(client, reader, f"?limit={limit}")
        assert len(body["notifications"]) == limit
        assert (body["notificationsCount"], body["unreadCount"]) == (ARTICLES, ARTICLES)
        counts.append(len(statements))

    assert counts == [1, 1, 1], counts
