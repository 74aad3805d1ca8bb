"""The log of a real server: JSON lines from every process, one access line per request
however it is served, and nothing secret even at debug level."""

import asyncio
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import text

from adapters.shared.sql.engine import create_engine
from migrations import runner
from tests.support.databases import drop_postgres_database, fresh_database
from tests.support.logs import access_lines, json_lines
from tests.support.server import SECRET, Server, conduit_env, running_server, running_uvicorn

pytestmark = pytest.mark.slow

LINE_WAIT_SECONDS = 30.0  # generous: two workers may take long to start on a loaded machine


def wait_for(server: Server, found: Callable[[str], bool]) -> str:
    """The log once `found` holds for it: a line is written just after its response leaves."""
    deadline = time.monotonic() + LINE_WAIT_SECONDS
    while not found(logs := server.logs()) and time.monotonic() < deadline:
        time.sleep(0.05)
    return logs


def access_line_of(request_id: str) -> Callable[[str], bool]:
    return lambda logs: f'"request_id": "{request_id}"' in logs


def test_two_workers_write_json_lines_only(tmp_path: Path) -> None:
    with running_server(tmp_path, log_format="json", serve_args=["--workers", "2"]) as server:
        answered = httpx.get(f"{server.base_url}/api/tags", headers={"X-Request-ID": "two-1"})
        # One worker answers as soon as it is up; wait for the other's start-up line too.
        logs = wait_for(
            server,
            lambda text: (
                access_line_of("two-1")(text) and text.count("Application startup complete.") == 2
            ),
        )

    assert answered.headers["x-request-id"] == "two-1"
    lines = json_lines(logs)  # the supervisor's lines, each worker's, uvicorn's and ours
    events = [line["event"] for line in lines]
    assert events.count("Application startup complete.") == 2
    assert any(event.startswith("Started parent process") for event in events)
    [access] = [line for line in access_lines(logs) if line["request_id"] == "two-1"]
    assert (access["method"], access["route"], access["status"]) == ("GET", "/api/tags", 200)
    assert "HTTP/1.1" not in logs  # uvicorn's own access lines are off


@pytest.fixture
def migrated_sqlite(tmp_path: Path) -> str:
    url = f"sqlite+aiosqlite:///{tmp_path / 'factory.db'}"
    runner.upgrade(url)
    return url


def test_served_by_uvicorn_factory_the_lines_are_the_same(
    tmp_path: Path, migrated_sqlite: str
) -> None:
    env = conduit_env(database_url=migrated_sqlite, jwt_secret=SECRET, log_format="json")
    with running_uvicorn(tmp_path, env) as server:
        answered = httpx.get(f"{server.base_url}/api/tags", headers={"X-Request-ID": "uv-1"})
        logs = wait_for(server, access_line_of("uv-1"))

    assert answered.headers["x-request-id"] == "uv-1"
    [access] = [line for line in access_lines(logs) if line["request_id"] == "uv-1"]
    assert access["route"] == "/api/tags"
    assert "Application startup complete." in [line["event"] for line in json_lines(logs)]
    assert "HTTP/1.1" not in logs


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    url = asyncio.run(fresh_database(request.param, tmp_path, "logs"))
    yield url
    if request.param == "postgres":
        asyncio.run(drop_postgres_database(url))


def password_hash(database_url: str, email: str) -> str:
    async def read() -> str:
        engine = create_engine(database_url)
        try:
            async with engine.connect() as connection:
                found = await connection.execute(
                    text("SELECT password_hash FROM users WHERE email = :email"), {"email": email}
                )
                return str(found.scalar_one())
        finally:
            await engine.dispose()

    return asyncio.run(read())


def test_a_debug_level_session_logs_no_secret(tmp_path: Path, database_url: str) -> None:
    email, first, second = "secret.keeper@example.com", "first password 1", "second password 2"
    wrong = "not the password 3"
    secrets: list[str] = [email, first, second, wrong]
    with (
        running_server(tmp_path, database_url, log_level="debug") as server,
        httpx.Client(base_url=server.base_url, timeout=10) as http,
    ):
        user = {"username": "keeper", "email": email, "password": first}
        registered = ok(http.post("/api/users", json={"user": user}))
        secrets += [registered["user"]["token"], password_hash(database_url, email)]
        token = ok(http.post("/api/users/login", json={"user": user}))["user"]["token"]
        assert http.post("/api/users/login", json={"user": {**user, "password": wrong}}).is_error
        signed = {"Authorization": f"Token {token}"}
        updated = ok(http.put("/api/user", headers=signed, json={"user": {"password": second}}))
        secrets += [token, updated["user"]["token"], password_hash(database_url, email)]
        article = {"title": "Kept", "description": "d", "body": "b", "tagList": ["t"]}
        created = ok(http.post("/api/articles", headers=signed, json={"article": article}))
        path = f"/api/articles/{created['article']['slug']}/comments"
        last = {**signed, "X-Request-ID": "debug-last"}
        ok(http.post(path, headers=last, json={"comment": {"body": "c"}}))
        logs = wait_for(server, lambda log: "request_id=debug-last" in log)

    assert len([line for line in logs.splitlines() if " conduit.access " in line]) >= 7
    leaked = [secret for secret in secrets if secret in logs]
    assert leaked == [], "secrets in the log"
    assert "$argon2" not in logs
    assert "eyJ" not in logs  # no JWT at all


def ok(response: httpx.Response) -> Any:
    assert response.is_success, response.text
    return response.json()
