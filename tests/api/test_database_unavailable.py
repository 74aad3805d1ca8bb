"""A database that cannot be reached answers 503 with Retry-After, logged in one line each."""

import asyncio
import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from httpx import AsyncClient, Response

from application.shared.unavailable import Unavailable
from entrypoints.http.shared.unavailable import OutageLog
from tests.conftest import test_settings as make_settings
from tests.support.api import app_client, errors_of
from tests.support.server import free_port

USER = {"user": {"username": "nobody", "email": "nobody@example.com", "password": "long enough"}}
ARTICLE = {"article": {"title": "t", "description": "d", "body": "b"}}
REQUESTS = [  # the last item: whether the request carries a (validly signed) token
    ("GET", "/api/articles", None, False),
    ("GET", "/api/tags", None, False),
    ("GET", "/api/profiles/somebody", None, False),
    ("POST", "/api/users", USER, False),
    (
        "POST",
        "/api/users/login",
        {"user": {"email": "a@example.com", "password": "whatever"}},
        False,
    ),
    ("GET", "/api/user", None, True),
    ("GET", "/api/articles/feed", None, True),
    ("POST", "/api/articles", ARTICLE, True),
    ("DELETE", "/api/profiles/somebody/follow", None, True),
]


def unreachable_url(backend: str, directory: Path) -> str:
    if backend == "sqlite":
        return f"sqlite+aiosqlite:///{directory / 'no such directory' / 'conduit.db'}"
    return f"postgresql+asyncpg://postgres@127.0.0.1:{free_port()}/conduit"  # nobody listens


@dataclass(frozen=True)
class Unreachable:
    http: AsyncClient
    token: str  # validly signed, for user 1


@pytest.fixture(params=["sqlite", "postgres"])
async def unreachable(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Unreachable]:
    settings = make_settings(unreachable_url(request.param, tmp_path))
    async with app_client(settings) as (http, container):
        yield Unreachable(http, container.identity.tokens().issue(1))


def assert_unavailable(response: Response) -> None:
    assert response.status_code == 503, response.text
    assert response.headers["retry-after"] == "1"
    assert errors_of(response) == {"database": ["unavailable, try again shortly"]}


@pytest.mark.parametrize(("method", "path", "body", "signed_in"), REQUESTS, ids=str)
async def test_reads_and_writes_answer_503_with_retry_after(
    unreachable: Unreachable, method: str, path: str, body: object, signed_in: bool
) -> None:
    headers = {"Authorization": f"Token {unreachable.token}"} if signed_in else {}

    assert_unavailable(await unreachable.http.request(method, path, json=body, headers=headers))


async def test_each_refusal_is_logged_in_one_line_without_traceback(
    unreachable: Unreachable, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING):
        for _ in range(3):
            assert_unavailable(await unreachable.http.get("/api/articles"))

    lines = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert all(r.exc_info is None and "\n" not in r.getMessage() for r in lines)
    # (A summary line of an earlier test's app may land here too: it is not counted.)
    refusals = [r.getMessage() for r in lines if "GET /api/articles" in r.getMessage()]
    assert len(refusals) == 3, [r.getMessage() for r in lines]
    assert all(r.startswith("database unavailable: ") for r in refusals)


async def test_refusals_are_summed_up_once_per_window(caplog: pytest.LogCaptureFixture) -> None:
    outages = OutageLog(window=0.05)
    error = Unavailable("database", "ConnectionRefusedError: refused")

    with caplog.at_level(logging.WARNING, logger="conduit.unavailable"):
        for _ in range(3):
            outages.refused("GET /api/tags", error)
        await asyncio.sleep(0.2)
        outages.refused("GET /api/tags", error)
        await asyncio.sleep(0.2)

    # Only this log's summaries: an app of an earlier test may sum up its own meanwhile.
    summaries = [r.getMessage() for r in caplog.records if "last 0.05 s" in r.getMessage()]
    assert summaries == [
        "3 requests answered 503 in the last 0.05 s: the database was unavailable",
        "1 requests answered 503 in the last 0.05 s: the database was unavailable",
    ]
