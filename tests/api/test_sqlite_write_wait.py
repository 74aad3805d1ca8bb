"""SQLite: a write that cannot get the one writer connection in time answers 503, not later."""

from collections.abc import AsyncIterator

import pytest
from httpx import AsyncClient

from entrypoints.composition.container import ApplicationContainer
from tests.conftest import test_settings as make_settings
from tests.support.api import app_client, errors_of, register
from tests.support.databases import MigratedDatabase

ARTICLE = {"article": {"title": "Patience", "description": "d", "body": "b"}}


@pytest.fixture
async def impatient(
    sqlite_database: MigratedDatabase,
) -> AsyncIterator[tuple[AsyncClient, ApplicationContainer]]:
    """An app whose writers wait 0.2 s for the writer connection (the pool timeout bounds
    SQLITE_WRITE_WAIT_SECONDS): short, to keep the test quick. Built before the test runs,
    as building an app configures logging, which would detach caplog's handler."""
    settings = make_settings(sqlite_database.url, database_pool_timeout_seconds=0.2)
    try:
        async with app_client(settings) as served:
            yield served
    finally:
        await sqlite_database.clean()


async def test_a_write_that_waits_past_its_deadline_answers_503_with_retry_after(
    impatient: tuple[AsyncClient, ApplicationContainer], caplog: pytest.LogCaptureFixture
) -> None:
    http, container = impatient
    author = await register(http, "patient")
    async with container.shared.engine().connect() as writer:
        await writer.begin()  # another unit of work holds SQLite's write lock

        refused = await http.post("/api/articles", json=ARTICLE, headers=author.headers)

    assert refused.status_code == 503, refused.text
    assert refused.headers["retry-after"] == "1"
    assert errors_of(refused) == {"database": ["unavailable, try again shortly"]}
    # Refused by the wait for the writer connection, not by SQLite's busy timeout ("database
    # is locked"), which is far longer.
    assert "TimeoutError" in caplog.text
    assert "database is locked" not in caplog.text
    retried = await http.post("/api/articles", json=ARTICLE, headers=author.headers)
    assert retried.status_code == 201, retried.text
