"""`conduit serve` as a real process on a free port, for end-to-end and concurrency tests."""

import contextlib
import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

CONDUIT = Path(sys.executable).parent / "conduit"
SECRET = "e2e-secret-" + "s" * 29
STARTUP_SECONDS = 60  # a loaded 2-core machine starting two workers and migrating
SHUTDOWN_SECONDS = 10
PORT_TAKEN = "address already in use"
PORT_ATTEMPTS = 3


@dataclass
class Server:
    process: subprocess.Popen[bytes]
    base_url: str
    stderr: Path

    def logs(self) -> str:
        return self.stderr.read_text(errors="replace")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def conduit_env(**conduit: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CONDUIT_")}
    env.update({f"CONDUIT_{key.upper()}": value for key, value in conduit.items()})
    return env


def wait_until_serving(server: Server, startup_seconds: float = STARTUP_SECONDS) -> None:
    if not serving(server, startup_seconds):
        pytest.fail(f"another process took the port of {server.base_url}:\n{server.logs()}")


def serving(server: Server, startup_seconds: float = STARTUP_SECONDS) -> bool:
    """True once this server answers; False if another process bound its port first.

    `free_port()` only picks a port that was free a moment ago: another test's server may bind
    it first and would answer in this one's place. uvicorn says it is running on the address
    only once it holds the port, so an answer counts only after that line.
    """
    port = server.base_url.rsplit(":", 1)[1]
    running = re.compile(rf"running on http://\S+:{port}\b")  # any host: 0.0.0.0 too
    deadline = time.monotonic() + startup_seconds
    while time.monotonic() < deadline:
        logs = server.logs()
        if PORT_TAKEN in logs:
            return False
        if server.process.poll() is not None:
            pytest.fail(f"the server exited with {server.process.returncode}:\n{logs}")
        try:
            answered = httpx.get(f"{server.base_url}/api/openapi.json", timeout=1).status_code
            if answered == 200 and running.search(server.logs()):
                return True
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    pytest.fail(f"the server did not answer within {startup_seconds}s:\n{server.logs()}")


@contextmanager
def running_server(
    directory: Path,
    database_url: str | None = None,
    serve_args: Sequence[str] = (),
    *,
    workers: int = 1,
    extra_env: Mapping[str, str] | None = None,
    startup_seconds: float = STARTUP_SECONDS,
    **settings: str,
) -> Iterator[Server]:
    """A migrated server on `database_url` (default: a SQLite file in `directory`);
    `serve_args` go to `conduit serve` (e.g. `--workers 2`), `extra_env` adds non-CONDUIT_
    variables."""
    for _ in range(PORT_ATTEMPTS):
        with launched_server(
            directory, database_url, serve_args, workers=workers, extra_env=extra_env, **settings
        ) as server:
            if serving(server, startup_seconds):
                yield server
                return
    pytest.fail(f"{PORT_ATTEMPTS} free ports in a row were taken before the server bound them")


@contextmanager
def launched_server(
    directory: Path,
    database_url: str | None = None,
    serve_args: Sequence[str] = (),
    *,
    workers: int = 1,
    extra_env: Mapping[str, str] | None = None,
    **settings: str,
) -> Iterator[Server]:
    """`conduit serve --migrate` started, not yet answering: `running_server` without the wait."""
    port = free_port()
    env = conduit_env(
        database_url=database_url or f"sqlite+aiosqlite:///{directory / 'e2e.db'}",
        jwt_secret=SECRET,
        password_hash_time_cost="1",
        password_hash_memory_kib="8",
        environment="test",
        **settings,
    )
    env.update(extra_env or {})
    stderr = directory / "stderr.log"
    with stderr.open("wb") as errors:
        process = subprocess.Popen(
            [
                *(str(CONDUIT), "serve", "--migrate", "--port", str(port)),
                *("--host", "127.0.0.1", "--workers", str(workers), *serve_args),
            ],
            cwd=directory,  # no stray .env from the repo
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=errors,
            start_new_session=True,  # its workers too can be stopped as one group
        )
    try:
        yield Server(process, f"http://127.0.0.1:{port}", stderr)
    finally:
        stop(process)


@contextmanager
def running_uvicorn(
    directory: Path, env: Mapping[str, str], uvicorn_args: Sequence[str] = ()
) -> Iterator[Server]:
    """uvicorn's own command serving the app factory (no `conduit serve` in between), on a free
    port of `--host` (default 127.0.0.1); its base URL is on 127.0.0.1 either way."""
    port = free_port()
    stderr = directory / "stderr.log"
    app = "entrypoints.composition.app:create_app"
    with stderr.open("wb") as errors:
        process = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", app, "--factory", "--port", str(port), *uvicorn_args],
            cwd=directory,  # no stray .env from the repo; the package is installed
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=errors,
            start_new_session=True,
        )
    server = Server(process, f"http://127.0.0.1:{port}", stderr)
    try:
        wait_until_serving(server)
        yield server
    finally:
        stop(process)


def stop(process: subprocess.Popen[bytes]) -> None:
    """Kills a server started in a session of its own, and every worker it started."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=SHUTDOWN_SECONDS)
