"""Hostile or malformed requests: always a 4xx in the {"errors": {...}} shape, never a 500."""

import json
from collections.abc import AsyncIterator
from typing import Any

import pytest
from httpx import AsyncClient, Response

from tests.conftest import test_settings as make_settings
from tests.support.api import PASSWORD, register

JSON = {"content-type": "application/json"}
MAX_BODY = make_settings("sqlite+aiosqlite://").max_body_bytes


def client_error(response: Response, status: int | None = None) -> dict[str, Any]:
    """Asserts a 4xx (or exactly `status`) in the contract's error shape; returns the errors."""
    assert 400 <= response.status_code < 500, (response.status_code, response.text)
    if status is not None:
        assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"errors"}, body
    errors: dict[str, Any] = body["errors"]
    assert isinstance(errors, dict), body
    assert errors, body
    for messages in errors.values():
        assert isinstance(messages, list), body
        assert messages, body
        assert all(isinstance(m, str) for m in messages), body
    return errors


def new_user(**fields: object) -> dict[str, dict[str, object]]:
    return {
        "user": {"username": "jake", "email": "jake@example.com", "password": PASSWORD, **fields}
    }


def new_article(**fields: object) -> dict[str, dict[str, object]]:
    return {"article": {"title": "Dragons", "description": "d", "body": "b", **fields}}


async def test_an_unknown_route_is_404(client: AsyncClient) -> None:
    response = await client.get("/api/nope")

    client_error(response, 404)


async def test_a_wrong_method_is_405(client: AsyncClient) -> None:
    response = await client.patch("/api/user", json={"user": {}})

    client_error(response, 405)
    assert response.headers["allow"] == "GET, PUT"


async def test_a_405_names_the_methods_of_the_most_literal_documented_path(
    client: AsyncClient,
) -> None:
    feed = await client.patch("/api/articles/feed")  # also fits /api/articles/{slug}
    article = await client.patch("/api/articles/some-slug")

    assert (feed.status_code, feed.headers["allow"]) == (405, "GET")
    assert (article.status_code, article.headers["allow"]) == (405, "DELETE, GET, PUT")


@pytest.mark.parametrize("path", ["/api/tags//", "/api/articles//", "/api/user//", "/api/nope/"])
async def test_paths_no_route_serves_are_404_not_a_redirect(client: AsyncClient, path: str) -> None:
    response = await client.get(path)

    assert not 300 <= response.status_code < 400, response.headers
    client_error(response, 404)


async def test_a_10_mb_body_is_413(client: AsyncClient) -> None:
    response = await client.post("/api/users", content=b" " * 10_000_000, headers=JSON)

    assert list(client_error(response, 413)) == ["body"]


async def test_a_streamed_body_without_length_is_cut_off_at_the_limit_with_413(
    client: AsyncClient,
) -> None:
    async def chunks() -> AsyncIterator[bytes]:
        for _ in range(MAX_BODY // 100_000 + 2):  # just past the limit
            yield b" " * 100_000

    response = await client.post("/api/users", content=chunks(), headers=JSON)

    assert "content-length" not in response.request.headers
    assert list(client_error(response, 413)) == ["body"]


@pytest.mark.parametrize(
    ("size", "refused"), [(MAX_BODY - 1, False), (MAX_BODY, False), (MAX_BODY + 1, True)]
)
async def test_bodies_up_to_the_limit_are_accepted(
    client: AsyncClient, size: int, refused: bool
) -> None:
    payload = new_user(pad="")
    padding = size - len(json.dumps(payload).encode())
    payload["user"]["pad"] = "x" * padding
    content = json.dumps(payload).encode()
    assert len(content) == size

    response = await client.post("/api/users", content=content, headers=JSON)

    if refused:
        assert list(client_error(response, 413)) == ["body"]
    else:
        assert response.status_code == 201, response.text
        assert response.json()["user"]["username"] == "jake"


@pytest.mark.parametrize(
    ("path", "needs_token"),
    [("/api/users", False), ("/api/users/login", False), ("/api/user", True)],
)
async def test_invalid_utf8_is_422(client: AsyncClient, path: str, needs_token: bool) -> None:
    headers = {**JSON, **((await register(client, "jake")).headers if needs_token else {})}
    method = "PUT" if needs_token else "POST"

    response = await client.request(
        method, path, content=b'{"user": {"bio": "\xff\xfe"}}', headers=headers
    )

    client_error(response, 422)


@pytest.mark.parametrize(
    "content",
    [
        "[" * 100_000 + "]" * 100_000,
        '{"user": ' + '{"a": ' * 5000 + "1" + "}" * 5000 + "}",
        "",
        "null",
    ],
    ids=["deep-array", "deep-object", "empty", "null"],
)
async def test_deep_empty_or_null_json_is_422(client: AsyncClient, content: str) -> None:
    response = await client.post("/api/users", content=content.encode(), headers=JSON)

    client_error(response, 422)


@pytest.mark.parametrize("field", ["username", "email"])
async def test_a_nul_character_in_a_register_field_is_422(client: AsyncClient, field: str) -> None:
    value = {"username": "ja\u0000ke", "email": "ja\u0000ke@example.com"}[field]

    response = await client.post("/api/users", json=new_user(**{field: value}))

    assert list(client_error(response, 422)) == [field]


@pytest.mark.parametrize("field", ["bio", "image", "username", "email"])
async def test_a_nul_character_in_a_user_update_is_422(client: AsyncClient, field: str) -> None:
    jake = await register(client, "jake")

    response = await client.put(
        "/api/user", json={"user": {field: "a\u0000b"}}, headers=jake.headers
    )

    assert list(client_error(response, 422)) == [field]


@pytest.mark.parametrize(
    ("fields", "key"),
    [
        ({"title": "Dra\u0000gons"}, "title"),
        ({"description": "a\u0000b"}, "description"),
        ({"body": "a\u0000b"}, "body"),
        ({"tagList": ["a\u0000b"]}, "tagList"),
    ],
)
async def test_a_nul_character_in_an_article_is_422(
    client: AsyncClient, fields: dict[str, object], key: str
) -> None:
    jake = await register(client, "jake")

    response = await client.post("/api/articles", json=new_article(**fields), headers=jake.headers)

    assert list(client_error(response, 422)) == [key]


@pytest.mark.parametrize("field", ["username", "email", "password"])
async def test_a_lone_surrogate_in_a_register_field_is_422(client: AsyncClient, field: str) -> None:
    user = {"username": "jake", "email": "a@b.c", "password": "12345678"}
    raw = json.dumps({"user": user}).replace(json.dumps(user[field]), '"\\ud800"')

    response = await client.post("/api/users", content=raw.encode(), headers=JSON)

    assert list(client_error(response, 422)) == [field]


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/api/profiles/ja%00ke"),
        ("POST", "/api/profiles/ja%00ke/follow"),
        ("GET", "/api/articles/x%00y"),
        ("GET", "/api/articles/x%00y/comments"),
        ("DELETE", "/api/articles/x%00y"),
        ("GET", "/api/articles?tag=a%00b"),
        ("GET", "/api/articles?author=a%00b"),
        ("GET", "/api/articles?favorited=a%00b"),
    ],
)
async def test_a_nul_in_the_path_or_query_is_a_client_error(
    client: AsyncClient, method: str, path: str
) -> None:
    jake = await register(client, "jake")

    response = await client.request(method, path, headers=jake.headers)

    client_error(response)


@pytest.mark.parametrize(
    ("fields", "key"),
    [
        ({"title": 5}, "title"),
        ({"tagList": "x"}, "tagList"),
        ({"tagList": [1, 2]}, "tagList"),
        ({"tagList": None}, "tagList"),
        ({"tagList": {"a": "b"}}, "tagList"),
    ],
)
async def test_wrong_types_in_a_new_article_are_422_on_the_field(
    client: AsyncClient, fields: dict[str, object], key: str
) -> None:
    jake = await register(client, "jake")

    response = await client.post("/api/articles", json=new_article(**fields), headers=jake.headers)

    assert list(client_error(response, 422)) == [key]


@pytest.mark.parametrize("body", [[], [new_user()], "user", 5])
@pytest.mark.parametrize(
    ("method", "path"), [("POST", "/api/users"), ("PUT", "/api/user"), ("POST", "/api/articles")]
)
async def test_a_body_that_is_not_an_object_is_422(
    client: AsyncClient, body: object, method: str, path: str
) -> None:
    jane = await register(client, "jane")

    response = await client.request(method, path, json=body, headers=jane.headers)

    assert list(client_error(response, 422)) == ["body"]


async def test_a_json_body_sent_as_text_plain_is_a_client_error(client: AsyncClient) -> None:
    response = await client.post(
        "/api/users",
        content=json.dumps(new_user()).encode(),
        headers={"content-type": "text/plain"},
    )

    client_error(response)
