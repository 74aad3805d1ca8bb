"""X-Request-ID: the client's when sane, a new one otherwise, on every response."""

import re
from collections.abc import AsyncIterator

import pytest
from fastapi import FastAPI
from httpx import ASGITransport, AsyncClient

from entrypoints.http.app import create_http_app
from tests.support.api import register

GENERATED = re.compile(r"[0-9a-f]{32}")
ORIGIN = "http://localhost:4200"


async def test_a_sane_id_sent_by_the_client_is_echoed(client: AsyncClient) -> None:
    sent = "Trace-42.a_b-" + "x" * 115  # 128 characters, every allowed kind

    response = await client.get("/api/tags", headers={"X-Request-ID": sent})

    assert response.status_code == 200
    assert response.headers["x-request-id"] == sent


@pytest.mark.parametrize(
    "sent",
    [
        *(b"x" * 129, b"two words", b"semi;colon", b"back\\slash", b"<script>", b"%41", b""),
        *("ünïcode".encode(), "ünïcode".encode("latin-1")),
    ],
)
async def test_an_id_too_long_or_with_other_characters_is_replaced(
    client: AsyncClient, sent: bytes
) -> None:
    response = await client.get("/api/tags", headers={b"X-Request-ID": sent})

    assert response.status_code == 200
    assert GENERATED.fullmatch(response.headers["x-request-id"])


async def test_without_an_id_each_request_gets_a_new_one(client: AsyncClient) -> None:
    first = await client.get("/api/tags")
    second = await client.get("/api/tags")

    assert GENERATED.fullmatch(first.headers["x-request-id"])
    assert GENERATED.fullmatch(second.headers["x-request-id"])
    assert first.headers["x-request-id"] != second.headers["x-request-id"]


async def test_errors_carry_the_id_too(client: AsyncClient) -> None:
    account = await register(client, "ider")
    too_large = {"Content-Length": str(10**9), "Content-Type": "application/json"}
    answers = [
        await client.get("/api/nowhere", headers={"X-Request-ID": "r-404"}),
        await client.patch("/api/user", headers={"X-Request-ID": "r-405"}),
        await client.get("/api/user", headers={"X-Request-ID": "r-401"}),
        await client.put("/api/user", headers={**account.headers, "X-Request-ID": "r-422"}),
        await client.post("/api/users", headers={**too_large, "X-Request-ID": "r-413"}),
    ]

    assert [(r.status_code, r.headers.get("x-request-id")) for r in answers] == [
        (404, "r-404"),
        (405, "r-405"),
        (401, "r-401"),
        (422, "r-422"),
        (413, "r-413"),
    ]


async def test_a_cors_preflight_carries_the_id_and_allows_sending_one(client: AsyncClient) -> None:
    response = await client.options(
        "/api/articles",
        headers={
            "Origin": ORIGIN,
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "x-request-id",
            "X-Request-ID": "preflight-1",
        },
    )

    assert response.status_code == 200, response.text
    assert response.headers["x-request-id"] == "preflight-1"
    allowed = response.headers["access-control-allow-headers"].lower()
    assert "x-request-id" in allowed.replace(" ", "").split(",")


async def test_browsers_may_read_the_id(client: AsyncClient) -> None:
    response = await client.get("/api/tags", headers={"Origin": ORIGIN})

    exposed = response.headers["access-control-expose-headers"].lower()
    assert "x-request-id" in exposed.replace(" ", "").split(",")


@pytest.fixture
async def failing_client() -> AsyncIterator[AsyncClient]:
    """An app whose one route fails unexpectedly: the 500 leaves outside every middleware."""
    app: FastAPI = create_http_app(None, cors_origins=["*"], max_body_bytes=1024)

    @app.get("/api/fails")
    async def fails() -> None:
        raise RuntimeError("a bug")

    transport = ASGITransport(app=app, raise_app_exceptions=False)
    async with AsyncClient(transport=transport, base_url="http://conduit.test") as http:
        yield http


async def test_an_unexpected_failure_carries_the_id(failing_client: AsyncClient) -> None:
    response = await failing_client.get("/api/fails", headers={"X-Request-ID": "r-500"})

    assert response.status_code == 500
    assert response.json() == {"errors": {"server": ["internal error"]}}
    assert response.headers["x-request-id"] == "r-500"
