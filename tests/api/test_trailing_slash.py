"""One trailing slash is served exactly as the path without it, for every documented operation."""

from typing import Any

import pytest
from fastapi import FastAPI
from httpx import AsyncClient, Response

from tests.support.api import Account, errors_of, register
from tests.support.databases import MigratedDatabase

ORIGIN = "http://client.example"
VOLATILE = {"token", "createdAt", "updatedAt", "id"}


def operations(app: FastAPI) -> list[tuple[str, str, dict[str, Any]]]:
    """Every (method, path template, operation) of the app's own OpenAPI document."""
    document = app.openapi()
    found = [
        (method, path, {**op, "_schemas": document["components"]["schemas"]})
        for path, item in document["paths"].items()
        for method, op in item.items()
        if method in {"get", "post", "put", "delete"}
    ]
    assert len(found) >= 19, found  # the whole RealWorld API at least
    return found


def sample_body(operation: dict[str, Any]) -> object | None:
    """A body with every required property filled, built from the operation's request schema."""
    request_body = operation.get("requestBody")
    if request_body is None:
        return None
    schemas = operation["_schemas"]

    def build(schema: dict[str, Any], name: str) -> object:
        while "$ref" in schema:
            schema = schemas[schema["$ref"].rsplit("/", 1)[1]]
        if schema.get("type") == "object":
            return {
                key: build(schema["properties"][key], key) for key in schema.get("required", [])
            }
        if schema.get("type") == "array":
            return []
        return f"sample-{name.lower()}"

    return build(request_body["content"]["application/json"]["schema"], "body")


def masked(value: object) -> object:
    """The body with what differs between two identical requests (times, tokens, ids) blanked."""
    if isinstance(value, dict):
        return {k: "*" if k in VOLATILE else masked(v) for k, v in value.items()}
    if isinstance(value, list):
        return [masked(v) for v in value]
    return value


async def seed(client: AsyncClient) -> tuple[Account, dict[str, str]]:
    """An author with an article and a reader's comment on it; the path parameters to use."""
    author = await register(client, "author")
    reader = await register(client, "reader")
    created = await client.post(
        "/api/articles",
        json={"article": {"title": "Slashes", "description": "d", "body": "b", "tagList": ["t"]}},
        headers=author.headers,
    )
    slug = created.json()["article"]["slug"]
    comment = await client.post(
        f"/api/articles/{slug}/comments",
        json={"comment": {"body": "first"}},
        headers=reader.headers,
    )
    parameters = {"slug": slug, "username": "author", "id": str(comment.json()["comment"]["id"])}
    return author, parameters


def snapshot(response: Response) -> tuple[int, object, dict[str, str]]:
    headers = {
        name: response.headers[name]
        for name in ("content-type", "allow", "access-control-allow-origin", "location")
        if name in response.headers
    }
    body = masked(response.json()) if response.content else None
    return response.status_code, body, headers


async def call(
    client: AsyncClient,
    database: MigratedDatabase,
    method: str,
    template: str,
    operation: dict[str, Any],
    *,
    signed_in: bool,
    slash: str,
) -> tuple[int, object, dict[str, str]]:
    """Call one operation on a freshly seeded database, its path ending in `slash`."""
    await database.clean()
    author, parameters = await seed(client)
    path = template.format(**parameters) + slash
    headers = {"Origin": ORIGIN, **(author.headers if signed_in else {})}
    body = sample_body(operation)
    response = await client.request(
        method, path, headers=headers, json=body if body is not None else None
    )
    return snapshot(response)


@pytest.mark.parametrize("signed_in", [True, False], ids=["signed-in", "anonymous"])
async def test_every_operation_answers_the_same_with_one_trailing_slash(
    client: AsyncClient,
    app_and_container: tuple[FastAPI, object],
    clean_database: MigratedDatabase,
    signed_in: bool,
) -> None:
    app, _ = app_and_container
    differences = []
    for method, template, operation in operations(app):
        plain = await call(
            client, clean_database, method, template, operation, signed_in=signed_in, slash=""
        )
        slashed = await call(
            client, clean_database, method, template, operation, signed_in=signed_in, slash="/"
        )
        assert plain[0] != 404 or "{" in template, (method, template, plain)
        if plain != slashed:
            differences.append((method, template, plain, slashed))

    assert differences == []


async def test_two_trailing_slashes_are_404_in_the_errors_shape(
    client: AsyncClient, app_and_container: tuple[FastAPI, object]
) -> None:
    app, _ = app_and_container
    author = await register(client, "author")
    for method, template, _operation in operations(app):
        path = template.format(slug="s", username="author", id="1") + "//"
        response = await client.request(method, path, headers=author.headers)

        assert response.status_code == 404, (method, path, response.text)
        assert errors_of(response) == {"path": ["not found"]}


async def test_an_article_created_through_post_api_articles_slash_is_read_back(
    client: AsyncClient,
) -> None:
    author = await register(client, "author")

    created = await client.post(
        "/api/articles/",
        json={"article": {"title": "With a slash", "description": "d", "body": "b"}},
        headers=author.headers,
    )

    assert created.status_code == 201, created.text
    slug = created.json()["article"]["slug"]
    read = await client.get(f"/api/articles/{slug}/")
    assert read.status_code == 200, read.text
    assert read.json()["article"]["title"] == "With a slash"
    listed = await client.get("/api/articles/", params={"author": "author"})
    assert [a["slug"] for a in listed.json()["articles"]] == [slug]


@pytest.mark.parametrize("path", ["/api/articles", "/api/articles/"])
async def test_a_preflight_is_answered_alike_with_or_without_the_slash(
    client: AsyncClient, path: str
) -> None:
    response = await client.options(
        path,
        headers={
            "Origin": ORIGIN,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "authorization,content-type",
        },
    )

    assert response.status_code == 200, response.text
    assert response.headers["access-control-allow-origin"] in {"*", ORIGIN}
    assert "POST" in response.headers["access-control-allow-methods"]


async def test_a_wrong_method_with_a_slash_is_405_naming_the_allowed_ones(
    client: AsyncClient,
) -> None:
    response = await client.patch("/api/user/", json={"user": {}})

    assert response.status_code == 405
    assert response.headers["allow"] == "GET, PUT"
    assert errors_of(response) == {"method": ["not allowed"]}


async def test_the_openapi_document_lists_each_operation_once(
    app_and_container: tuple[FastAPI, object],
) -> None:
    app, _ = app_and_container

    paths = list(app.openapi()["paths"])

    assert not [path for path in paths if path.endswith("/")], paths
