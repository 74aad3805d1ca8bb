"""CORS: browser clients on another origin can call the API; configured origins are enforced."""

from collections.abc import AsyncIterator

import pytest
from httpx import AsyncClient, Response

from tests.conftest import test_settings as make_settings
from tests.support.api import app_client, errors_of, register
from tests.support.databases import MigratedDatabase

ANGULAR = "http://localhost:4200"
FOREIGN = "http://evil.example"
PREFLIGHT = {
    "Access-Control-Request-Method": "POST",
    "Access-Control-Request-Headers": "authorization,content-type",
}


def listed(response: Response, header: str) -> set[str]:
    return {item.strip().lower() for item in response.headers.get(header, "").split(",") if item}


async def test_a_preflight_is_answered_2xx_allowing_the_token_and_json(client: AsyncClient) -> None:
    response = await client.options("/api/articles", headers={"Origin": ANGULAR, **PREFLIGHT})

    assert 200 <= response.status_code < 300, response.text
    assert response.headers["access-control-allow-origin"] in ("*", ANGULAR)
    assert {"authorization", "content-type"} <= listed(response, "access-control-allow-headers")
    assert {"get", "post", "put", "delete"} <= listed(response, "access-control-allow-methods")


@pytest.mark.parametrize("path", ["/api/articles/some-slug/comments/1", "/api/user"])
async def test_a_preflight_works_for_any_path_and_method(client: AsyncClient, path: str) -> None:
    headers = {"Origin": ANGULAR, **PREFLIGHT, "Access-Control-Request-Method": "DELETE"}

    response = await client.options(path, headers=headers)

    assert 200 <= response.status_code < 300, response.text
    assert "delete" in listed(response, "access-control-allow-methods")


async def test_a_simple_get_carries_the_allow_origin_header(client: AsyncClient) -> None:
    response = await client.get("/api/tags", headers={"Origin": ANGULAR})

    assert response.status_code == 200
    assert response.json() == {"tags": []}
    assert response.headers["access-control-allow-origin"] in ("*", ANGULAR)


async def test_errors_carry_the_allow_origin_header_too(client: AsyncClient) -> None:
    response = await client.get("/api/user", headers={"Origin": ANGULAR})

    assert response.status_code == 401
    assert errors_of(response) == {"token": ["is missing"]}
    assert response.headers["access-control-allow-origin"] in ("*", ANGULAR)


@pytest.mark.parametrize("path", ["/api/user", "/api/tags", "/api/articles"])
async def test_a_get_with_a_json_content_type_and_no_body_is_served(
    client: AsyncClient, path: str
) -> None:
    jake = await register(client, "jake")
    headers = {"Origin": ANGULAR, "Content-Type": "application/json", **jake.headers}

    response = await client.get(path, headers=headers)

    expected = {
        "/api/user": {"user"},
        "/api/tags": {"tags"},
        "/api/articles": {"articles", "articlesCount"},
    }
    assert response.status_code == 200, response.text
    assert set(response.json()) == expected[path]


@pytest.fixture
async def restricted(sqlite_database: MigratedDatabase) -> AsyncIterator[AsyncClient]:
    """A client against an app that allows only the Angular dev origin."""
    async with app_client(make_settings(sqlite_database.url, cors_origins=[ANGULAR])) as (http, _):
        yield http


async def test_a_configured_origin_is_allowed(restricted: AsyncClient) -> None:
    preflight = await restricted.options("/api/articles", headers={"Origin": ANGULAR, **PREFLIGHT})
    simple = await restricted.get("/api/user", headers={"Origin": ANGULAR})

    assert 200 <= preflight.status_code < 300, preflight.text
    assert preflight.headers["access-control-allow-origin"] == ANGULAR
    assert simple.status_code == 401
    assert errors_of(simple) == {"token": ["is missing"]}
    assert simple.headers["access-control-allow-origin"] == ANGULAR


async def test_a_foreign_origin_gets_no_allow_origin_header(restricted: AsyncClient) -> None:
    preflight = await restricted.options("/api/articles", headers={"Origin": FOREIGN, **PREFLIGHT})
    simple = await restricted.get("/api/user", headers={"Origin": FOREIGN})

    assert "access-control-allow-origin" not in preflight.headers
    assert simple.status_code == 401
    assert errors_of(simple) == {"token": ["is missing"]}
    assert "access-control-allow-origin" not in simple.headers
