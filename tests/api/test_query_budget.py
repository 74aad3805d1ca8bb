"""Every read answers in a constant number of SQL statements, whatever the page size."""

from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import pytest
from fastapi import FastAPI
from httpx import ASGITransport, AsyncClient
from sqlalchemy import event

from entrypoints.composition.container import ApplicationContainer
from tests.support.api import Account, register
from tests.support.databases import MigratedDatabase
from tests.support.endpoints import every_budget, every_endpoint

LIMITS = (1, 20, 100)
BUDGET = every_budget()  # GET path -> statements per answer, from tests/api/<ctx>/endpoints.py


@contextmanager
def counting(container: ApplicationContainer) -> Iterator[list[str]]:
    """Records each statement sent to the database while the block runs."""
    statements: list[str] = []
    writes = container.shared.engine().sync_engine

    def record(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        statements.append(statement)

    event.listen(writes, "before_cursor_execute", record)
    stop_reading = container.shared.read_database().listen(statements.append)
    try:
        yield statements
    finally:
        event.remove(writes, "before_cursor_execute", record)
        stop_reading()


@dataclass
class World:
    client: AsyncClient
    container: ApplicationContainer
    reader: Account
    slug: str


@pytest.fixture(scope="module")
async def world(
    app_and_container: tuple[FastAPI, ApplicationContainer], database: MigratedDatabase
) -> AsyncIterator[World]:
    """101 articles by alice, all tagged, favorited and commented by a reader who follows her:
    more than a full page of 100 for every list, filter and the feed. Built once per database."""
    app, container = app_and_container
    transport = ASGITransport(app=app)
    async with AsyncClient(transport=transport, base_url="http://conduit.test") as client:
        alice, reader = [await register(client, name) for name in ("alice", "reader")]
        await client.post("/api/profiles/alice/follow", headers=reader.headers)
        for i in range(101):
            created = await client.post(
                "/api/articles",
                headers=alice.headers,
                json={
                    "article": {"title": f"A{i}", "description": "d", "body": "b", "tagList": ["t"]}
                },
            )
            slug = created.json()["article"]["slug"]
            await client.post(f"/api/articles/{slug}/favorite", headers=reader.headers)
            await client.post(
                f"/api/articles/{slug}/comments",
                headers=reader.headers,
                json={"comment": {"body": "c"}},
            )
        yield World(client, container, reader, slug)
    await database.clean()


LISTS = {
    "all": "/api/articles",
    "tag": "/api/articles?tag=t",
    "author": "/api/articles?author=alice",
    "favorited": "/api/articles?favorited=reader",
    "all filters": "/api/articles?tag=t&author=alice&favorited=reader",
    "feed": "/api/articles/feed",
}


@pytest.mark.parametrize("name", list(LISTS))
@pytest.mark.parametrize("signed_in", [True, False], ids=["reader", "anonymous"])
async def test_a_list_takes_the_same_few_statements_at_every_page_size(
    world: World, name: str, signed_in: bool
) -> None:
    if name == "feed" and not signed_in:
        pytest.skip("the feed needs a token")
    headers = world.reader.headers if signed_in else {}
    counts = []
    for limit in LIMITS:
        separator = "&" if "?" in LISTS[name] else "?"
        with counting(world.container) as statements:
            response = await world.client.get(
                f"{LISTS[name]}{separator}limit={limit}", headers=headers
            )
        assert response.status_code == 200
        assert len(response.json()["articles"]) == limit
        assert response.json()["articlesCount"] == 101
        counts.append(len(statements))

    assert counts[0] == counts[1] == counts[2], counts
    assert counts[0] <= 3, counts  # the contract's budget
    assert counts[0] == 1, counts  # the design: one SELECT per answer (docs/adr/0008)


def test_every_read_has_a_budget() -> None:
    reads = {path for method, path in every_endpoint() if method == "get"}

    assert reads <= set(BUDGET), f"give {sorted(reads - set(BUDGET))} a BUDGET in its endpoints.py"
    assert set(BUDGET) <= reads, f"{sorted(set(BUDGET) - reads)} are no reads of the app"


@pytest.mark.parametrize("path", sorted(BUDGET))
async def test_a_read_stays_within_its_budget(world: World, path: str) -> None:
    """Paths are filled from the world: {slug} is one of alice's articles, {username} alice."""
    with counting(world.container) as statements:
        response = await world.client.get(
            path.format(slug=world.slug, username="alice"), headers=world.reader.headers
        )

    assert response.status_code == 200, response.text
    assert len(statements) <= BUDGET[path], statements
