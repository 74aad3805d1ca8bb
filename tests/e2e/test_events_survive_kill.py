"""A real `conduit serve` killed with SIGKILL after commit, and during deliveries: after a
restart every publication's effect exists exactly once, on SQLite and PostgreSQL."""

import asyncio
from collections import Counter
from pathlib import Path

import pytest

from adapters.shared.clock import SystemClock
from adapters.shared.events.registry import SqlPublicationRegistry
from adapters.shared.sql.engine import create_engine
from migrations import runner
from tests.conftest import BACKENDS
from tests.support.databases import temporary_database
from tests.support.events import effects, effects_table
from tests.support.served_events import (
    DELIVERY_SECONDS,
    REPOSITORY,
    create_and_delete,
    publications,
    until_completed,
)
from tests.support.server import running_server, stop

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("backend", BACKENDS)
async def test_a_killed_server_delivers_after_restart_exactly_once(
    backend: str, tmp_path: Path
) -> None:
    async with temporary_database(backend, tmp_path, "events_kill") as url:
        await asyncio.to_thread(runner.upgrade, url)
        engine = create_engine(url)
        registry = SqlPublicationRegistry(engine, SystemClock())
        gate = tmp_path / "gate"
        env = {
            "CONDUIT_TEST_SUBSCRIBERS": "tests.support.event_subscriber:subscribe",
            "CONDUIT_TEST_GATE": str(gate),
            "PYTHONPATH": str(REPOSITORY),
        }
        try:
            async with effects_table(engine):
                # Committed, then killed before any delivery (the subscriber waits for the gate).
                with running_server(tmp_path, url, extra_env=env) as server:
                    await asyncio.to_thread(create_and_delete, server, 5, "before")
                    stop(server.process)
                assert Counter(p.status for p in await publications(registry)) == {"pending": 5}
                assert await effects(engine) == []

                # Killed in the middle of delivering: each delivery lingers before its commit.
                gate.touch()
                slow = {**env, "CONDUIT_TEST_DELIVERY_SECONDS": "0.5"}
                with running_server(tmp_path, url, extra_env=slow) as server:
                    await asyncio.to_thread(create_and_delete, server, 5, "during")
                    stop(server.process)
                assert len(await effects(engine)) < 10

                with running_server(tmp_path, url, extra_env=env):
                    await until_completed(registry, 10, DELIVERY_SECONDS)

                delivered = await publications(registry)
                found = Counter(publication_id for publication_id, *_ in await effects(engine))
                assert found == Counter({p.id: 1 for p in delivered})
        finally:
            await engine.dispose()
