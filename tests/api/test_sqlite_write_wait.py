"""SQLite: a write that cannot get the one writer connection in time answers 503, not later."""

import pytest

from tests.conftest import test_settings as make_settings
from tests.support.api import app_client, errors_of, register
from tests.support.databases import MigratedDatabase

ARTICLE = {"article": {"title": "Patience", "description": "d", "body": "b"}}


async def test_a_write_that_waits_past_its_deadline_answers_503_with_retry_after(
    sqlite_database: MigratedDatabase, caplog: pytest.LogCaptureFixture
) -> None:
    # The wait for the writer connection is bounded by the pool timeout (at most
    # SQLITE_WRITE_WAIT_SECONDS); a short one keeps the test quick.
    settings = make_settings(sqlite_database.url, database_pool_timeout_seconds=0.2)
    try:
        async with app_client(settings) as (http, container):
            author = await register(http, "patient")
            async with container.shared.engine().connect() as writer:
                await writer.begin()  # another unit of work holds SQLite's write lock

                refused = await http.post("/api/articles", json=ARTICLE, headers=author.headers)

            assert refused.status_code == 503, refused.text
            # Refused by the wait for the writer connection, not by SQLite's busy timeout
            # ("database is locked"), which is far longer.
            assert "TimeoutError" in caplog.text
            assert "database is locked" not in caplog.text
            assert refused.headers["retry-after"] == "1"
            assert errors_of(refused) == {"database": ["unavailable, try again shortly"]}
            retried = await http.post("/api/articles", json=ARTICLE, headers=author.headers)
            assert retried.status_code == 201, retried.text
    finally:
        await sqlite_database.clean()
