"""A real server under load while its PostgreSQL stops and starts: 503s, nothing lost.

The cluster is private to this test (tests/support/postgres_cluster.py), never the shared one.
"""

import asyncio
import itertools
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

from tests.support.postgres_cluster import Cluster, StopMode, private_cluster
from tests.support.server import running_server

pytestmark = [pytest.mark.slow, pytest.mark.postgres]

CLIENTS = 4
DOWN_SECONDS = 0.5
PAUSE_AFTER_503 = 0.02  # a client backing off a little, as Retry-After asks
SERVES_AGAIN_WITHIN = 15.0  # generous: the test checks recovery happens, not its speed


@dataclass
class Tally:
    statuses: Counter[int] = field(default_factory=Counter)
    wrong: list[str] = field(default_factory=list)  # answers an outage must never give
    dropped: list[str] = field(default_factory=list)  # requests that got no HTTP response
    connects: Counter[int] = field(default_factory=Counter)  # TCP connections opened per client
    articles: list[str] = field(default_factory=list)  # slugs of acknowledged creations
    comments: list[int] = field(default_factory=list)  # ids of acknowledged comments
    successes: int = 0

    def check(self, response: httpx.Response) -> bool:
        """Records the answer; True when it was a success."""
        self.statuses[response.status_code] += 1
        if response.status_code in (200, 201):
            self.successes += 1
            return True
        described = f"{response.request.method} {response.request.url.path}"
        if response.status_code != 503:
            self.wrong.append(f"{described}: {response.status_code} {response.text[:200]}")
        elif not response.headers.get("retry-after", "").isdigit():
            self.wrong.append(f"{described}: 503 without Retry-After")
        elif set(response.json()) != {"errors"} or "database" not in response.json()["errors"]:
            self.wrong.append(f"{described}: 503 with {response.text[:200]}")
        return False


async def drive(
    client: int,
    base_url: str,
    headers: dict[str, str],
    slug: str,
    tally: Tally,
    stop: asyncio.Event,
) -> None:
    """One keep-alive connection sending writes and reads in turn until `stop`."""
    limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)

    async def count_connects(event: str, _info: object) -> None:
        if event == "connection.connect_tcp.complete":
            tally.connects[client] += 1

    async def traced(request: httpx.Request) -> None:
        request.extensions["trace"] = count_connects

    async with httpx.AsyncClient(
        base_url=base_url,
        headers=headers,
        limits=limits,
        timeout=30,
        event_hooks={"request": [traced]},
    ) as http:
        for n in itertools.count():
            if stop.is_set():
                return
            try:
                await _one_request(http, client, n, slug, tally)
            except httpx.TransportError as error:
                tally.dropped.append(f"client {client} request {n}: {error!r}")


async def _one_request(
    http: httpx.AsyncClient, client: int, n: int, slug: str, tally: Tally
) -> None:
    match n % 4:
        case 0:
            article = {"title": f"outage {client} {n}", "description": "d", "body": "b"}
            response = await http.post("/api/articles", json={"article": article})
            if tally.check(response):
                tally.articles.append(response.json()["article"]["slug"])
        case 1:
            comment = {"body": f"comment {client} {n}"}
            response = await http.post(f"/api/articles/{slug}/comments", json={"comment": comment})
            if tally.check(response):
                tally.comments.append(response.json()["comment"]["id"])
        case 2:
            response = await http.get("/api/articles", params={"limit": 5})
            tally.check(response)
        case _:
            response = await http.get(f"/api/articles/{slug}/comments")
            tally.check(response)
    if response.status_code == 503:
        await asyncio.sleep(PAUSE_AFTER_503)


async def until(condition: Callable[[], bool], what: str, tally: Tally) -> float:
    """Waits for `condition`; returns how long it took."""
    loop = asyncio.get_running_loop()
    started = loop.time()
    while not condition():
        if loop.time() - started > SERVES_AGAIN_WITHIN:
            pytest.fail(
                f"not {what} within {SERVES_AGAIN_WITHIN}s: answers {dict(tally.statuses)}, "
                f"wrong {tally.wrong[:3]}, dropped {tally.dropped[:3]}"
            )
        await asyncio.sleep(0.01)
    return loop.time() - started


async def outage(cluster: Cluster, mode: StopMode, tally: Tally) -> float:
    """Stops the cluster under load and starts it again; returns how long until the next
    success once the database was back."""
    refused = tally.statuses[503]
    await asyncio.to_thread(cluster.stop, mode)
    await until(
        lambda: tally.statuses[503] > refused, f"refusing with 503 after a {mode} stop", tally
    )
    await asyncio.sleep(DOWN_SECONDS)
    await asyncio.to_thread(cluster.start)
    succeeded = tally.successes
    return await until(
        lambda: tally.successes > succeeded, f"serving after a {mode} restart", tally
    )


async def test_a_database_restart_under_load_answers_503_and_loses_no_acknowledged_write(
    tmp_path: Path,
) -> None:
    with private_cluster() as cluster, running_server(tmp_path, cluster.url) as server:
        async with httpx.AsyncClient(base_url=server.base_url, timeout=30) as setup:
            headers, slug = await _author_with_an_article(setup)
            tally, stop = Tally(), asyncio.Event()
            load = [
                asyncio.create_task(drive(n, server.base_url, headers, slug, tally, stop))
                for n in range(CLIENTS)
            ]
            try:
                await asyncio.sleep(DOWN_SECONDS)
                recovery = {
                    mode: await outage(cluster, mode, tally) for mode in ("fast", "immediate")
                }
                await asyncio.sleep(DOWN_SECONDS)
            finally:
                stop.set()
                await asyncio.gather(*load)
            print(f"\nanswers {dict(tally.statuses)}; first success after restart {recovery}")

            assert tally.dropped == []
            assert tally.wrong == []
            assert tally.connects == dict.fromkeys(range(CLIENTS), 1), "a connection was closed"
            await _every_acknowledged_write_is_stored(setup, headers, slug, tally)
        assert "Traceback" not in server.logs()


async def _author_with_an_article(http: httpx.AsyncClient) -> tuple[dict[str, str], str]:
    user = {"username": "steady", "email": "steady@example.com", "password": "correct horse"}
    registered = await http.post("/api/users", json={"user": user})
    assert registered.status_code == 201, registered.text
    headers = {"Authorization": f"Token {registered.json()['user']['token']}"}
    article = {"title": "Under load", "description": "d", "body": "b"}
    created = await http.post("/api/articles", json={"article": article}, headers=headers)
    assert created.status_code == 201, created.text
    slug: str = created.json()["article"]["slug"]
    return headers, slug


async def _every_acknowledged_write_is_stored(
    http: httpx.AsyncClient, headers: dict[str, str], slug: str, tally: Tally
) -> None:
    assert tally.articles, "the load acknowledged no article"
    assert tally.comments, "the load acknowledged no comment"
    stored = await http.get(f"/api/articles/{slug}/comments", headers=headers)
    assert stored.status_code == 200, stored.text
    missing_comments = set(tally.comments) - {c["id"] for c in stored.json()["comments"]}
    assert missing_comments == set()

    async def status_of(article: str) -> int:
        return (await http.get(f"/api/articles/{article}")).status_code

    statuses = await asyncio.gather(*(status_of(article) for article in tally.articles))
    assert [a for a, status in zip(tally.articles, statuses, strict=True) if status != 200] == []
