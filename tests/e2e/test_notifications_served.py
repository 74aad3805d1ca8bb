"""`conduit serve` delivers notifications by itself: two users act, the other one is told
within 3 s, on SQLite and PostgreSQL."""

import asyncio
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.support.databases import drop_postgres_database, fresh_database
from tests.support.notifications import DELIVERY_SECONDS, signed_up
from tests.support.server import running_server

pytestmark = pytest.mark.slow


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    url = asyncio.run(fresh_database(request.param, tmp_path, "notified"))
    yield url
    if request.param == "postgres":
        asyncio.run(drop_postgres_database(url))


def told(http: httpx.Client, headers: dict[str, str], count: int) -> tuple[float, list[Any]]:
    """How long until the user has `count` notifications, and they."""
    started = time.monotonic()
    while True:
        body = http.get("/api/notifications", headers=headers).json()
        waited = time.monotonic() - started
        if body["notificationsCount"] >= count or waited > DELIVERY_SECONDS:
            return waited, body["notifications"]
        time.sleep(0.02)


def test_two_users_act_and_each_is_told_of_the_other(tmp_path: Path, database_url: str) -> None:
    with (
        running_server(tmp_path, database_url) as server,
        httpx.Client(base_url=server.base_url, timeout=10) as http,
    ):
        jake, jane = signed_up(http, "jake"), signed_up(http, "jane")
        assert http.post("/api/profiles/jake/follow", headers=jane).status_code == 200
        article = {"title": "Served", "description": "d", "body": "b"}
        created = http.post("/api/articles", headers=jake, json={"article": article})
        slug = created.json()["article"]["slug"]
        assert http.post(f"/api/articles/{slug}/favorite", headers=jane).status_code == 200

        waited_jake, to_jake = told(http, jake, 2)
        waited_jane, to_jane = told(http, jane, 1)

    assert [n["kind"] for n in to_jake] == ["articleFavorited", "userFollowed"], server.logs()
    assert [n["kind"] for n in to_jane] == ["articlePublished"]
    assert max(waited_jake, waited_jane) < DELIVERY_SECONDS
