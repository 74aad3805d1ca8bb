"""A private PostgreSQL cluster in a temporary directory, for tests that stop and restart it.

Never the shared server: outage tests kill their own cluster. PostgreSQL refuses to run as
root, so under root (CI) its commands run as the `postgres` system user.
"""

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import pytest

from tests.support.server import free_port

BIN = Path(os.environ.get("CONDUIT_TEST_POSTGRES_BIN", "/usr/lib/postgresql/15/bin"))
OWNER = "postgres"
StopMode = Literal["smart", "fast", "immediate"]


@dataclass(frozen=True)
class Cluster:
    directory: Path
    port: int

    @property
    def url(self) -> str:
        return f"postgresql+asyncpg://{OWNER}@127.0.0.1:{self.port}/postgres"

    def start(self) -> None:
        # fsync=off: an immediate stop kills the server, not the machine; what it wrote is in
        # the operating system's cache, so acknowledged commits survive it all the same.
        options = f"-p {self.port} -k {self.directory} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._pg_ctl("start", "-w", "-l", str(self.directory / "server.log"), "-o", options)

    def stop(self, mode: StopMode = "fast") -> None:
        self._pg_ctl("stop", "-w", "-m", mode)

    def log(self) -> str:
        return (self.directory / "server.log").read_text(errors="replace")

    def _pg_ctl(self, *arguments: str) -> None:
        _run(BIN / "pg_ctl", "-D", str(self.directory / "data"), *arguments)


def require_cluster_binaries() -> None:
    if not (BIN / "initdb").exists():
        message = f"no PostgreSQL binaries in {BIN} (set CONDUIT_TEST_POSTGRES_BIN)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)


@contextmanager
def private_cluster() -> Iterator[Cluster]:
    """A new, started cluster on a free port; stopped and deleted afterwards, even on failure."""
    require_cluster_binaries()
    # Not pytest's tmp_path: its parents are private to root, and the server runs as postgres.
    directory = Path(tempfile.mkdtemp(prefix="conduit-pg-"))
    if os.geteuid() == 0:
        shutil.chown(directory, OWNER)
    cluster = Cluster(directory, free_port())
    try:
        _run(BIN / "initdb", "-D", str(directory / "data"), "-U", OWNER, "-A", "trust", "-N")
        cluster.start()
        yield cluster
    finally:
        subprocess.run(
            [
                *_as_owner(),
                str(BIN / "pg_ctl"),
                "-D",
                str(directory / "data"),
                "stop",
                "-m",
                "immediate",
            ],
            capture_output=True,
            check=False,
        )
        shutil.rmtree(directory, ignore_errors=True)


def _run(*command: str | Path) -> None:
    result = subprocess.run(
        [*_as_owner(), *map(str, command)], capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        pytest.fail(f"{' '.join(map(str, command))} failed:\n{result.stdout}{result.stderr}")


def _as_owner() -> list[str]:
    return ["runuser", "-u", OWNER, "--"] if os.geteuid() == 0 else []
