"""The token scheme is in the OpenAPI document, never solved per request: we read the header."""

from typing import Annotated

import pytest
from fastapi import APIRouter, Depends, FastAPI, Request
from fastapi.security import APIKeyHeader
from httpx import ASGITransport, AsyncClient

from entrypoints.http.app import serve_routes
from entrypoints.http.shared.auth import TOKEN_SCHEME, AuthenticatedFirstRoute, OptionalCallerId


def routed(endpoint: object) -> APIRouter:
    router = APIRouter(route_class=AuthenticatedFirstRoute)
    router.add_api_route("/thing", endpoint, methods=["GET"])  # type: ignore[arg-type]
    return router


async def test_a_route_with_a_caller_documents_the_scheme_but_never_solves_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    async def endpoint(caller: OptionalCallerId) -> dict[str, int | None]:
        return {"caller": caller}

    app = FastAPI()
    serve_routes(app, [routed(endpoint)])  # as the app serves every context's routes
    document = app.openapi()

    async def refused(*_args: object) -> None:
        raise AssertionError("the token scheme was solved for a request")

    monkeypatch.setattr(APIKeyHeader, "__call__", refused)
    transport = ASGITransport(app=app)
    async with AsyncClient(transport=transport, base_url="http://test") as client:
        response = await client.get("/thing")

    assert (response.status_code, response.json()) == (200, {"caller": None})
    assert document["components"]["securitySchemes"]["Token"]["name"] == "Authorization"


def test_a_token_scheme_parameter_without_a_default_is_refused_when_routed() -> None:
    async def caller(request: Request, header: Annotated[str | None, Depends(TOKEN_SCHEME)]) -> int:
        return 1

    async def endpoint(who: Annotated[int, Depends(caller)]) -> None: ...

    with pytest.raises(TypeError, match="default"):
        routed(endpoint)
