"""`conduit serve` as a real process: migrations, HTTP, docs, CORS, shutdown, refusal to start."""

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

pytestmark = pytest.mark.slow

CONDUIT = Path(sys.executable).parent / "conduit"
SECRET = "e2e-secret-" + "s" * 29
ORIGIN = "http://localhost:4200"
STARTUP_SECONDS = 20
SHUTDOWN_SECONDS = 10


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


def wait_until_serving(server: Server) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            pytest.fail(f"the server exited with {server.process.returncode}:\n{server.logs()}")
        try:
            if httpx.get(f"{server.base_url}/api/openapi.json", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    pytest.fail(f"the server did not answer within {STARTUP_SECONDS}s:\n{server.logs()}")


@contextmanager
def running_server(directory: Path) -> Iterator[Server]:
    port = free_port()
    env = conduit_env(
        database_url=f"sqlite+aiosqlite:///{directory / 'e2e.db'}",
        jwt_secret=SECRET,
        password_hash_time_cost="1",
        password_hash_memory_kib="8",
        environment="test",
    )
    stderr = directory / "stderr.log"
    with stderr.open("wb") as errors:
        process = subprocess.Popen(
            [str(CONDUIT), "serve", "--migrate", "--port", str(port), "--host", "127.0.0.1"],
            cwd=directory,  # no stray .env from the repo
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=errors,
        )
    server = Server(process, f"http://127.0.0.1:{port}", stderr)
    try:
        wait_until_serving(server)
        yield server
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=SHUTDOWN_SECONDS)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with running_server(tmp_path_factory.mktemp("e2e")) as running:
        yield running


@pytest.fixture
def http(server: Server) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.base_url, timeout=10) as client:
        yield client


def test_a_user_registers_logs_in_and_edits_the_profile(http: httpx.Client) -> None:
    credentials = {"email": "e2e@example.com", "password": "correct horse battery"}

    registered = http.post("/api/users", json={"user": {"username": "e2e", **credentials}})
    assert registered.status_code == 201, registered.text

    logged_in = http.post("/api/users/login", json={"user": credentials})
    assert logged_in.status_code == 200, logged_in.text
    headers = {"Authorization": f"Token {logged_in.json()['user']['token']}"}

    current = http.get("/api/user", headers=headers)
    assert current.status_code == 200, current.text
    assert current.json()["user"]["username"] == "e2e"

    updated = http.put("/api/user", headers=headers, json={"user": {"bio": "from the outside"}})
    assert updated.status_code == 200, updated.text
    assert updated.json()["user"]["bio"] == "from the outside"
    assert http.get("/api/user", headers=headers).json()["user"]["bio"] == "from the outside"


def test_the_interactive_docs_are_served(http: httpx.Client) -> None:
    response = http.get("/docs")

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert "/api/openapi.json" in response.text


def test_a_browser_preflight_may_send_the_token_and_json(http: httpx.Client) -> None:
    response = http.options(
        "/api/user",
        headers={
            "Origin": ORIGIN,
            "Access-Control-Request-Method": "PUT",
            "Access-Control-Request-Headers": "authorization,content-type",
        },
    )

    assert 200 <= response.status_code < 300, response.text
    assert response.headers["access-control-allow-origin"] in {"*", ORIGIN}
    assert "PUT" in response.headers["access-control-allow-methods"].split(", ")
    allowed = {
        h.strip().lower() for h in response.headers["access-control-allow-headers"].split(",")
    }
    assert {"authorization", "content-type"} <= allowed


def test_sigterm_shuts_the_server_down_gracefully(tmp_path: Path) -> None:
    with running_server(tmp_path) as server:
        server.process.send_signal(signal.SIGTERM)
        try:
            returncode = server.process.wait(timeout=SHUTDOWN_SECONDS)
        except subprocess.TimeoutExpired:
            pytest.fail(f"still running {SHUTDOWN_SECONDS}s after SIGTERM:\n{server.logs()}")

    # uvicorn re-raises the signal it caught once it has shut down.
    assert returncode in {0, -signal.SIGTERM}, server.logs()
    assert "Application shutdown complete" in server.logs()


def test_production_without_a_jwt_secret_refuses_to_start(tmp_path: Path) -> None:
    env = conduit_env(
        environment="production", database_url=f"sqlite+aiosqlite:///{tmp_path / 'prod.db'}"
    )
    started = time.monotonic()

    result = subprocess.run(
        [str(CONDUIT), "serve", "--port", str(free_port())],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )

    assert result.returncode != 0, result.stderr
    assert time.monotonic() - started < 15
    assert "CONDUIT_JWT_SECRET" in result.stderr
