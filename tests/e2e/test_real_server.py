"""`conduit serve` as a real process: migrations, HTTP, docs, CORS, shutdown, refusal to start."""

import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.support.server import (
    CONDUIT,
    SHUTDOWN_SECONDS,
    Server,
    conduit_env,
    free_port,
    running_server,
)

pytestmark = pytest.mark.slow

ORIGIN = "http://localhost:4200"


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


def test_serving_beyond_loopback_without_a_jwt_secret_is_refused(tmp_path: Path) -> None:
    env = conduit_env(database_url=f"sqlite+aiosqlite:///{tmp_path / 'open.db'}")

    result = subprocess.run(
        [str(CONDUIT), "serve", "--host", "0.0.0.0", "--port", str(free_port())],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )

    assert result.returncode == 2, result.stderr
    assert "CONDUIT_JWT_SECRET" in result.stderr
