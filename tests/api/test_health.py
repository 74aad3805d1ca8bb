"""Liveness and readiness: live without I/O, ready only with the database at head, 503 else."""

import asyncio
import socket
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path

import pytest
from httpx import ASGITransport, AsyncClient

from entrypoints.composition.app import create_app
from entrypoints.composition.container import build_container, release
from migrations import runner
from tests.conftest import BACKENDS
from tests.conftest import test_settings as make_settings
from tests.support.api import errors_of
from tests.support.databases import drop_postgres_database, temporary_database


@asynccontextmanager
async def app_on(url: str, **settings: object) -> AsyncIterator[AsyncClient]:
    configured = make_settings(url, **settings)
    container = build_container(configured)
    app = create_app(configured, container)
    try:
        async with AsyncClient(transport=ASGITransport(app=app), base_url="http://t") as http:
            yield http
    finally:
        await release(container)


def unreachable_url(backend: str, tmp_path: Path) -> str:
    if backend == "sqlite":
        return f"sqlite+aiosqlite:///{tmp_path / 'no-such-directory' / 'conduit.db'}"
    with socket.socket() as sock:  # a port nothing listens on once closed
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"postgresql+asyncpg://postgres@127.0.0.1:{port}/conduit"


@contextmanager
def silent_server() -> Iterator[int]:
    """Accepts connections and never says a word: a hung database."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(16)
        yield sock.getsockname()[1]


async def test_live_and_ready_on_a_migrated_database(client: AsyncClient) -> None:
    live = await client.get("/health/live")
    assert (live.status_code, live.json()) == (200, {"status": "live"})
    ready = await client.get("/health/ready")
    assert (ready.status_code, ready.json()) == (200, {"status": "ready"})


@pytest.mark.parametrize("backend", BACKENDS)
async def test_an_unreachable_database_is_not_ready_but_the_process_is_live(
    backend: str, tmp_path: Path
) -> None:
    async with app_on(unreachable_url(backend, tmp_path)) as http:
        assert (await http.get("/health/live")).status_code == 200
        ready = await http.get("/health/ready")
        assert ready.status_code == 503
        [message] = errors_of(ready)["database"]
        assert message.startswith("is unreachable")
        assert "127.0.0.1" not in message
        assert "postgres@" not in message


async def test_a_database_that_does_not_answer_is_not_ready_within_the_timeout() -> None:
    with silent_server() as port:
        url = f"postgresql+asyncpg://postgres@127.0.0.1:{port}/conduit"
        async with app_on(url, readiness_timeout_seconds=0.2) as http:
            ready = await http.get("/health/ready")
    assert ready.status_code == 503
    assert errors_of(ready) == {"database": ["did not answer within 0.2 s"]}


@pytest.mark.parametrize("backend", BACKENDS)
async def test_ready_only_while_every_branch_is_at_head(backend: str, tmp_path: Path) -> None:
    async with temporary_database(backend, tmp_path, "ready") as url, app_on(url) as http:
        empty = await http.get("/health/ready")
        assert empty.status_code == 503
        assert errors_of(empty)["schema"][0].startswith("misses migrations: ")

        await asyncio.to_thread(runner.upgrade, url)
        assert (await http.get("/health/ready")).status_code == 200

        await asyncio.to_thread(runner.downgrade, url, "articles@-1")
        behind = await http.get("/health/ready")
        assert behind.status_code == 503
        assert errors_of(behind) == {"schema": ["misses migrations: 0004_articles"]}


@pytest.mark.postgres
async def test_ready_turns_503_when_the_database_goes_away(tmp_path: Path) -> None:
    async with temporary_database("postgres", tmp_path, "goes_away") as url:
        await asyncio.to_thread(runner.upgrade, url)
        async with app_on(url) as http:
            assert (await http.get("/health/ready")).status_code == 200
            await drop_postgres_database(url)  # WITH (FORCE): its connections die too
            ready = await http.get("/health/ready")
            assert ready.status_code == 503
            assert list(errors_of(ready)) == ["database"]


async def test_the_probes_are_not_part_of_the_api_document(client: AsyncClient) -> None:
    paths = (await client.get("/api/openapi.json")).json()["paths"]
    assert all(path.startswith("/api/") for path in paths)
