"""The log: one access line per request, the request id on every line of the request, one
format for ours and uvicorn's, and no third-party debug output."""

import logging

import pytest
from fastapi import FastAPI
from httpx import ASGITransport, AsyncClient

from entrypoints.composition.app import create_app
from entrypoints.composition.container import ApplicationContainer
from entrypoints.http.app import create_http_app
from tests.conftest import test_settings as make_settings
from tests.support.api import register
from tests.support.comments import an_article
from tests.support.databases import MigratedDatabase
from tests.support.logs import access_lines, captured_logs, json_lines


def client_of(app: FastAPI) -> AsyncClient:
    transport = ASGITransport(app=app, raise_app_exceptions=False)
    return AsyncClient(transport=transport, base_url="http://conduit.test")


@pytest.fixture
async def fresh_app(
    app_and_container: tuple[FastAPI, ApplicationContainer], clean_database: MigratedDatabase
) -> FastAPI:
    """A new app on the session's container: its request log binds the log stream of the
    test on its first request."""
    _app, container = app_and_container
    return create_app(make_settings(clean_database.url), container)


async def test_each_request_writes_one_access_line_with_its_route_template(
    fresh_app: FastAPI,
) -> None:
    with captured_logs("json") as log:
        async with client_of(fresh_app) as client:
            author = await register(client, "logged")
            slug = await an_article(client, author)
            read = await client.get(f"/api/articles/{slug}", headers={"X-Request-ID": "read-1"})
            missing = await client.get("/api/nowhere")

    lines = access_lines(log.getvalue())
    assert [(line["method"], line["route"], line["status"]) for line in lines] == [
        ("POST", "/api/users", 201),
        ("POST", "/api/articles", 201),
        ("GET", "/api/articles/{slug}", 200),
        ("GET", "-", 404),
    ]
    assert lines[2]["request_id"] == "read-1" == read.headers["x-request-id"]
    assert lines[3]["request_id"] == missing.headers["x-request-id"]
    assert all(line["level"] == "info" and line["duration_ms"] >= 0 for line in lines)
    assert slug not in log.getvalue()  # the template, never the raw path


async def test_the_access_line_names_the_user_when_known(fresh_app: FastAPI) -> None:
    with captured_logs("json") as log:
        async with client_of(fresh_app) as client:
            first = await register(client, "first")
            second = await register(client, "second")
            for account in (first, second, first):
                await client.get("/api/user", headers=account.headers)
            await client.get("/api/articles")

    signed_in = access_lines(log.getvalue())[2:5]
    users = [line["user_id"] for line in signed_in]
    assert all(isinstance(user, int) for user in users)
    assert users[0] == users[2] != users[1]
    anonymous = access_lines(log.getvalue())[-1]
    assert anonymous["route"] == "/api/articles"
    assert "user_id" not in anonymous


async def test_the_docs_and_their_assets_are_logged_by_template(fresh_app: FastAPI) -> None:
    with captured_logs("json") as log:
        async with client_of(fresh_app) as client:
            await client.get("/docs")
            await client.get("/docs/assets/swagger-ui.css")

    assert [line["route"] for line in access_lines(log.getvalue())] == [
        "/docs",
        "/docs/assets/{path}",
    ]


@pytest.fixture
def logging_app() -> FastAPI:
    """An app whose routes log while they run, or fail unexpectedly."""
    app: FastAPI = create_http_app(None, cors_origins=["*"], max_body_bytes=1024)

    @app.get("/api/works")
    async def works() -> dict[str, str]:
        logging.getLogger("conduit.test").warning("halfway", extra={"step": 2})
        return {}

    @app.get("/api/fails")
    async def fails() -> None:
        raise RuntimeError("a bug")

    return app


async def test_every_line_written_while_handling_a_request_carries_its_id(
    logging_app: FastAPI,
) -> None:
    with captured_logs("json") as log:
        async with client_of(logging_app) as client:
            await client.get("/api/works", headers={"X-Request-ID": "works-1"})
            logging.getLogger("conduit.test").warning("between requests")
            # Last: a failed request's id stays set for the server's own report of it;
            # a server runs each request in a task of its own, this test does not.
            failed = await client.get("/api/fails", headers={"X-Request-ID": "fails-1"})

    lines = json_lines(log.getvalue())
    by_event = {(line["logger"], line["event"]): line for line in lines}
    assert by_event["conduit.test", "halfway"]["request_id"] == "works-1"
    assert by_event["conduit.test", "halfway"]["step"] == 2
    assert by_event["conduit.http", "unexpected error"]["request_id"] == "fails-1"
    assert "RuntimeError: a bug" in by_event["conduit.http", "unexpected error"]["exception"]
    assert failed.status_code == 500
    assert [(line["request_id"], line["status"]) for line in access_lines(log.getvalue())] == [
        ("works-1", 200),
        ("fails-1", 500),
    ]
    assert "request_id" not in by_event["conduit.test", "between requests"]


async def test_text_lines_are_readable_and_carry_the_same_fields(logging_app: FastAPI) -> None:
    with captured_logs("text") as log:
        async with client_of(logging_app) as client:
            await client.get("/api/works", headers={"X-Request-ID": "text-1"})

    halfway, access = log.getvalue().splitlines()
    assert halfway.split()[1:4] == ["WARNING", "conduit.test", "halfway"]
    assert "step=2 request_id=text-1" in halfway
    assert access.split()[1:4] == ["INFO", "conduit.access", "request"]
    assert "method=GET route=/api/works status=200 duration_ms=" in access
    assert access.endswith("request_id=text-1")


async def test_no_access_line_below_the_level(logging_app: FastAPI) -> None:
    with captured_logs("json", level="warning") as log:
        async with client_of(logging_app) as client:
            await client.get("/api/works")

    assert [line["event"] for line in json_lines(log.getvalue())] == ["halfway"]


def test_uvicorn_writes_in_our_format_and_not_its_access_lines() -> None:
    with captured_logs("json") as log:
        logging.getLogger("uvicorn.error").info(
            "Started server process [%d]", 7, extra={"color_message": "\x1b[36m7\x1b[0m"}
        )
        # uvicorn writes access lines only when this logger has handlers somewhere.
        writes_access_lines = logging.getLogger("uvicorn.access").hasHandlers()

    assert json_lines(log.getvalue()) == [
        {
            "event": "Started server process [7]",
            "level": "info",
            "logger": "uvicorn.error",
            "timestamp": json_lines(log.getvalue())[0]["timestamp"],
        }
    ]
    assert not writes_access_lines


@pytest.mark.parametrize("library", ["aiosqlite", "sqlalchemy.engine.Engine", "asyncpg", "httpx"])
def test_at_debug_level_only_our_own_debug_lines_pass(library: str) -> None:
    with captured_logs("json", level="debug") as log:
        logging.getLogger(library).debug("executing with ('someone@example.com', '$argon2id$')")
        logging.getLogger(library).info("statement and its parameters")
        logging.getLogger(library).warning("a library's warning")
        logging.getLogger("conduit.test").debug("ours")

    assert [(line["logger"], line["event"]) for line in json_lines(log.getvalue())] == [
        (library, "a library's warning"),
        ("conduit.test", "ours"),
    ]


def test_a_text_field_cannot_start_a_line_of_its_own() -> None:
    with captured_logs("text") as log:
        forged = "x\n2026-01-01T00:00:00Z INFO    conduit.access request status=200"
        logging.getLogger("conduit.test").warning("noted", extra={"note": forged})

    [line] = log.getvalue().splitlines()
    assert line.endswith(
        "noted note='x\\n2026-01-01T00:00:00Z INFO    conduit.access request status=200'"
    )
