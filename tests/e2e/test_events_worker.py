"""`conduit events worker`: two of them beside a server that does not dispatch deliver every
publication exactly once, promptly, and stop cleanly on SIGTERM."""

import asyncio
import signal
import subprocess
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
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
from tests.support.server import (
    CONDUIT,
    SHUTDOWN_SECONDS,
    STARTUP_SECONDS,
    conduit_env,
    running_server,
)

pytestmark = pytest.mark.slow

SUBSCRIBER = {
    "CONDUIT_TEST_SUBSCRIBERS": "tests.support.event_subscriber:subscribe",
    "PYTHONPATH": str(REPOSITORY),
}


@contextmanager
def workers(directory: Path, url: str, count: int) -> Iterator[list[subprocess.Popen[bytes]]]:
    env = {**conduit_env(database_url=url, environment="test"), **SUBSCRIBER}
    started = [
        subprocess.Popen(
            [str(CONDUIT), "events", "worker"],
            cwd=directory,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=(directory / f"worker{n}.log").open("wb"),
        )
        for n in range(count)
    ]
    try:
        for n in range(count):  # each worker says so once it delivers
            log = directory / f"worker{n}.log"
            deadline = time.monotonic() + STARTUP_SECONDS
            while "delivering publications" not in log.read_text(errors="replace"):
                assert time.monotonic() < deadline, log.read_text(errors="replace")
                time.sleep(0.1)
        yield started
    finally:
        for process in started:
            if process.poll() is None:
                process.kill()
            process.wait(timeout=SHUTDOWN_SECONDS)


@pytest.mark.parametrize("backend", BACKENDS)
async def test_workers_beside_a_server_deliver_each_publication_once(
    backend: str, tmp_path: Path
) -> None:
    async with temporary_database(backend, tmp_path, "events_workers") as url:
        await asyncio.to_thread(runner.upgrade, url)
        engine = create_engine(url)
        registry = SqlPublicationRegistry(engine, SystemClock())
        try:
            async with effects_table(engine):
                with (
                    workers(tmp_path, url, 2) as processes,
                    running_server(
                        tmp_path, url, extra_env=SUBSCRIBER, events_dispatch_in_serve="false"
                    ) as server,
                ):
                    await asyncio.to_thread(create_and_delete, server, 10, "worker")
                    await until_completed(registry, 10, DELIVERY_SECONDS)
                    for process in processes:
                        process.send_signal(signal.SIGTERM)
                    codes = [process.wait(timeout=SHUTDOWN_SECONDS) for process in processes]
                    assert codes == [0, 0]

                found = Counter(publication_id for publication_id, *_ in await effects(engine))
                assert found == Counter({p.id: 1 for p in await publications(registry)})
        finally:
            await engine.dispose()
