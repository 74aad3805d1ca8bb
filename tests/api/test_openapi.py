"""The OpenAPI document: served under /api, complete, and honest about auth and errors."""

from collections.abc import AsyncIterator
from typing import Any

import pytest
from httpx import AsyncClient

from entrypoints.composition.contexts import declared_contexts
from tests.conftest import test_settings as make_settings
from tests.support.api import app_client
from tests.support.databases import MigratedDatabase
from tests.support.endpoints import endpoints_of, every_endpoint, routes_of

# Every endpoint of every context (tests/api/<ctx>/endpoints.py), with R (token required),
# O (optional) or - (none).
ENDPOINTS = every_endpoint()
METHODS = {"get", "put", "post", "delete", "patch", "options", "head"}


@pytest.fixture(scope="module")
async def served(sqlite_database: MigratedDatabase) -> AsyncIterator[AsyncClient]:
    async with app_client(make_settings(sqlite_database.url)) as (http, _):
        yield http


@pytest.fixture(scope="module")
async def document(served: AsyncClient) -> dict[str, Any]:
    response = await served.get("/api/openapi.json")
    assert response.status_code == 200, response.text
    doc: dict[str, Any] = response.json()
    return doc


def operation(document: dict[str, Any], method: str, path: str) -> dict[str, Any]:
    assert path in document["paths"], sorted(document["paths"])
    assert method in document["paths"][path], (method, path)
    op: dict[str, Any] = document["paths"][path][method]
    return op


def resolve(document: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        *_, name = schema["$ref"].split("/")
        schema = document["components"]["schemas"][name]
    return schema


def schema_of(document: dict[str, Any], response: dict[str, Any]) -> dict[str, Any]:
    return resolve(document, response["content"]["application/json"]["schema"])


async def test_the_document_is_served_at_api_openapi_json(served: AsyncClient) -> None:
    response = await served.get("/api/openapi.json")

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    assert response.json()["openapi"].startswith("3.")
    assert response.json()["info"]["title"] == "Conduit"


async def test_the_docs_page_is_html_pointing_at_the_document(served: AsyncClient) -> None:
    response = await served.get("/docs")

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert "/api/openapi.json" in response.text


def test_the_token_scheme_is_an_api_key_in_the_authorization_header(
    document: dict[str, Any],
) -> None:
    schemes = document["components"]["securitySchemes"]

    assert schemes["Token"] == {
        **schemes["Token"],
        "type": "apiKey",
        "in": "header",
        "name": "Authorization",
    }


def test_every_endpoint_is_documented_under_api_and_nothing_else(document: dict[str, Any]) -> None:
    documented = {
        (method, path)
        for path, item in document["paths"].items()
        for method in item
        if method in METHODS
    }

    assert set(ENDPOINTS) <= documented, sorted(set(ENDPOINTS) - documented)
    assert documented <= set(ENDPOINTS), (
        f"add {sorted(documented - set(ENDPOINTS))} to its context's tests/api/<ctx>/endpoints.py"
    )
    assert all(path.startswith("/api/") for _, path in documented), sorted(documented)


@pytest.mark.parametrize("context", [c.name for c in declared_contexts()])
def test_a_context_lists_exactly_the_routes_of_its_router(context: str) -> None:
    listed, routed = set(endpoints_of(context)), routes_of(context)

    assert listed == routed, (
        f"tests/api/{context}/endpoints.py: missing {sorted(routed - listed)}, "
        f"not routed {sorted(listed - routed)}"
    )


@pytest.mark.parametrize(
    ("method", "path"), [key for key, auth in ENDPOINTS.items() if auth == "R"], ids=str
)
def test_operations_that_need_a_token_declare_the_token_scheme(
    document: dict[str, Any], method: str, path: str
) -> None:
    security = operation(document, method, path).get("security", [])

    assert {"Token": []} in security, security
    assert {} not in security, "a required token must not be documented as optional"


@pytest.mark.parametrize(
    ("method", "path"), [key for key, auth in ENDPOINTS.items() if auth == "-"], ids=str
)
def test_public_operations_do_not_require_a_token(
    document: dict[str, Any], method: str, path: str
) -> None:
    security = operation(document, method, path).get("security", [])

    assert security == [] or {} in security, security


@pytest.mark.parametrize(("method", "path"), list(ENDPOINTS), ids=str)
def test_documented_client_errors_use_the_errors_shape(
    document: dict[str, Any], method: str, path: str
) -> None:
    responses = operation(document, method, path)["responses"]
    client_errors = {status: r for status, r in responses.items() if status.startswith("4")}

    if (method, path) != ("get", "/api/tags"):  # nothing a client sends to GET /tags can be wrong
        assert client_errors, f"{method} {path} documents no 4xx"
    for status, response in client_errors.items():
        schema = schema_of(document, response)
        assert "errors" in schema.get("properties", {}), (status, schema)
        assert "detail" not in schema.get("properties", {}), (status, schema)
        assert "errors" in schema.get("required", []), (status, schema)


@pytest.mark.parametrize(
    ("method", "path"), [key for key, auth in ENDPOINTS.items() if auth != "-"], ids=str
)
def test_operations_taking_input_document_422_or_401(
    document: dict[str, Any], method: str, path: str
) -> None:
    responses = operation(document, method, path)["responses"]

    assert {"401", "422"} & set(responses), sorted(responses)


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("post", "/api/users", "201"),
        ("post", "/api/articles", "201"),
        ("post", "/api/articles/{slug}/comments", "201"),
        ("delete", "/api/articles/{slug}", "204"),
        ("delete", "/api/articles/{slug}/comments/{id}", "204"),
    ],
)
def test_creation_and_deletion_document_their_status(
    document: dict[str, Any], method: str, path: str, status: str
) -> None:
    responses = operation(document, method, path)["responses"]
    successes = sorted(s for s in responses if s.startswith("2"))

    assert successes == [status], successes
    if status == "204":
        assert "content" not in responses["204"], responses["204"]


@pytest.mark.parametrize(("method", "path"), list(ENDPOINTS), ids=str)
def test_every_operation_documents_503_with_retry_after(
    document: dict[str, Any], method: str, path: str
) -> None:
    unavailable = operation(document, method, path)["responses"]["503"]

    assert "errors" in schema_of(document, unavailable)["properties"]
    assert unavailable["headers"]["Retry-After"]["schema"]["type"] == "integer"
