"""`conduit` against PostgreSQL that is missing, refusing or late: one line each, or a wait."""

import json
import time
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.support.cli import conduit, one_line_error
from tests.support.databases import (
    POSTGRES_HOST,
    POSTGRES_PORT,
    POSTGRES_USER,
    require_postgres,
    temporary_database,
    worker_suffix,
)
from tests.support.postgres_cluster import private_cluster
from tests.support.server import free_port, launched_server, wait_until_serving

pytestmark = [pytest.mark.slow, pytest.mark.postgres]

WAIT_SECONDS = 60.0


@pytest.fixture
async def unmigrated_postgres(tmp_path: Path) -> AsyncIterator[str]:
    async with temporary_database("postgres", tmp_path, "cli") as url:
        yield url


@pytest.mark.parametrize("command", [["serve"], ["serve", "--migrate"], ["db", "check"]])
def test_a_missing_database_is_named(tmp_path: Path, command: list[str]) -> None:
    require_postgres()
    name = f"conduit_missing_{worker_suffix()}"
    url = f"postgresql://{POSTGRES_USER}@{POSTGRES_HOST}:{POSTGRES_PORT}/{name}"

    line = one_line_error(conduit(tmp_path, *command, database_url=url), exit_code=1)

    assert f'database "{name}" does not exist' in line
    assert "createdb" in line


def test_a_refused_connection_is_one_line_for_db_commands(tmp_path: Path) -> None:
    url = f"postgresql://postgres@127.0.0.1:{free_port()}/conduit"

    line = one_line_error(conduit(tmp_path, "db", "upgrade", database_url=url), exit_code=1)

    assert line == f"conduit: the database refused the connection ({url})"


def test_serve_waits_for_a_refusing_database_a_line_per_attempt_then_refuses(
    tmp_path: Path,
) -> None:
    url = f"postgresql://postgres@127.0.0.1:{free_port()}/conduit"

    result = conduit(
        tmp_path,
        "serve",
        database_url=url,
        database_startup_attempts="3",
        database_startup_retry_seconds="0.2",
        log_format="json",
    )

    assert result.returncode == 1, result.stderr
    *waits, last = result.stderr.strip().splitlines()
    events = [json.loads(line) for line in waits]
    assert [(e["logger"], e["level"]) for e in events] == [("conduit.startup", "warning")] * 2
    assert "attempt 1 of 3" in events[0]["event"]
    assert "attempt 2 of 3" in events[1]["event"]
    assert "ConnectionRefusedError" in events[0]["event"]
    assert last.startswith(f"conduit: the database did not answer ({url}) after 3 attempts")


async def test_an_unmigrated_database_is_refused_then_served_with_migrate(
    tmp_path: Path, unmigrated_postgres: str
) -> None:
    line = one_line_error(conduit(tmp_path, "serve", database_url=unmigrated_postgres), 1)
    assert "the database schema misses migrations" in line

    with launched_server(tmp_path, unmigrated_postgres) as server:  # --migrate
        wait_until_serving(server)


def test_serve_waits_for_a_database_that_starts_later(tmp_path: Path) -> None:
    with private_cluster() as cluster:
        cluster.stop()
        with launched_server(
            tmp_path,
            cluster.url,
            database_startup_attempts="240",
            database_startup_retry_seconds="0.25",
        ) as server:
            deadline = time.monotonic() + WAIT_SECONDS
            while "attempt 1 of 240" not in server.logs() and time.monotonic() < deadline:
                assert server.process.poll() is None, server.logs()
                time.sleep(0.05)
            assert "the database does not answer yet" in server.logs()

            cluster.start()

            wait_until_serving(server)
    assert "conduit: " not in server.logs()
