"""Notifications survive a SIGKILL mid-stream: a real `conduit serve` killed while users act
tells everyone of every act that committed, exactly once, after a restart (both databases)."""

import asyncio
import threading
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.support.databases import drop_postgres_database, fresh_database
from tests.support.notifications import DELIVERY_SECONDS, signed_up
from tests.support.server import running_server, stop

pytestmark = pytest.mark.slow

KILL_AFTER = 6  # acknowledged articles before the kill; the acts go on until it lands


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    url = asyncio.run(fresh_database(request.param, tmp_path, "notified_kill"))
    yield url
    if request.param == "postgres":
        asyncio.run(drop_postgres_database(url))


def act_until_killed(
    base_url: str, jake: dict[str, str], jane: dict[str, str], acknowledged: list[str]
) -> None:
    """Jake publishes and Jane favorites, back to back, until the server stops answering."""
    with httpx.Client(base_url=base_url, timeout=5) as http:
        for n in range(1000):
            try:
                article = {"title": f"Killed {n}", "description": "d", "body": "b"}
                created = http.post("/api/articles", headers=jake, json={"article": article})
                slug = created.json()["article"]["slug"]
                acknowledged.append(f"published {slug}")
                favorited = http.post(f"/api/articles/{slug}/favorite", headers=jane)
                assert favorited.status_code == 200, favorited.text
                acknowledged.append(f"favorited {slug}")
            except httpx.TransportError:
                return


def everything(http: httpx.Client, headers: dict[str, str]) -> list[dict[str, Any]]:
    body = http.get("/api/notifications", params={"limit": 100}, headers=headers).json()
    return list(body["notifications"])


def slugs_in(http: httpx.Client, **query: str) -> set[str]:
    body = http.get("/api/articles", params={"limit": 100, **query}).json()
    return {a["slug"] for a in body["articles"]}


def test_a_killed_server_tells_of_every_committed_act_exactly_once(
    tmp_path: Path, database_url: str
) -> None:
    acknowledged: list[str] = []
    with running_server(tmp_path, database_url) as server:
        with httpx.Client(base_url=server.base_url, timeout=10) as http:
            jake, jane = signed_up(http, "jake"), signed_up(http, "jane")
            assert http.post("/api/profiles/jake/follow", headers=jane).status_code == 200
        acts = threading.Thread(
            target=act_until_killed, args=(server.base_url, jake, jane, acknowledged)
        )
        acts.start()
        while sum(a.startswith("published") for a in acknowledged) < KILL_AFTER:
            time.sleep(0.005)
        stop(server.process)  # SIGKILL, mid-stream
        acts.join()

    with (
        running_server(tmp_path, database_url) as server,
        httpx.Client(base_url=server.base_url, timeout=10) as http,
    ):
        published = slugs_in(http, author="jake")  # what committed, acknowledged or not
        favorited = slugs_in(http, favorited="jane")
        deadline = time.monotonic() + DELIVERY_SECONDS
        while True:
            to_jane, to_jake = everything(http, jane), everything(http, jake)
            told = len(to_jane) >= len(published) and len(to_jake) >= len(favorited) + 1
            if told or time.monotonic() > deadline:
                break
            time.sleep(0.05)

    told_jane = Counter(n["article"]["slug"] for n in to_jane if n["kind"] == "articlePublished")
    told_jake = Counter(n["article"]["slug"] for n in to_jake if n["kind"] == "articleFavorited")
    assert told_jane == Counter(published), server.logs()  # each committed article once
    assert told_jake == Counter(favorited), server.logs()
    assert [n["kind"] for n in to_jake].count("userFollowed") == 1
    for act in acknowledged:  # and nothing acknowledged is missing from what committed
        kind, slug = act.split(" ")
        assert slug in (published if kind == "published" else favorited), act
