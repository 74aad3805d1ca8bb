"""Routes with only path and query parameters, a caller and a use case are answered without
FastAPI's per-request dependency solving, with the same answers and the same 422s."""

from typing import Annotated, Any

import pytest
from fastapi import APIRouter, Body, Cookie, Depends, FastAPI, Header, Path, Query, Request
from fastapi import routing as fastapi_routing
from fastapi.responses import Response
from httpx import ASGITransport, AsyncClient

from entrypoints.http.app import serve_routes
from entrypoints.http.shared import auth
from entrypoints.http.shared.auth import AuthenticatedFirstRoute, OptionalCallerId
from entrypoints.http.shared.errors import install_error_handlers
from entrypoints.http.shared.paging import Limit, Offset
from entrypoints.http.shared.prepared_handler import prepared_handler
from entrypoints.http.shared.rendering import json_response
from entrypoints.http.shared.schemas import Text

calls: list[str] = []


async def first(request: Request) -> str:
    calls.append("first")
    return request.url.path


async def second(request: Request) -> int:
    calls.append("second")
    return len(calls)


async def endpoint(
    name: Annotated[Text, Path()],
    caller: OptionalCallerId,
    path: Annotated[str, Depends(first)],
    count: Annotated[int, Depends(second)],
    request: Request,
    word: Annotated[Text | None, Query()] = None,
    limit: Limit = 20,
    offset: Offset = 0,
) -> Response:
    shown = {"name": name, "caller": caller, "path": path, "count": count, "word": word}
    return json_response(shown | {"limit": limit, "offset": offset, "same": request.url.path})


def app_serving(prepared: bool, monkeypatch: pytest.MonkeyPatch) -> FastAPI:
    with monkeypatch.context() as patch:
        if not prepared:
            patch.setattr(auth, "prepared_handler", lambda _dependant: None)
        router = APIRouter(route_class=AuthenticatedFirstRoute)
        router.add_api_route("/things/{name}", endpoint, methods=["GET"])
    app = FastAPI()
    serve_routes(app, [router])
    install_error_handlers(app)
    return app


REQUESTS = [
    "/things/one",
    "/things/one?word=hello&limit=5&offset=10",
    "/things/one?limit=abc",
    "/things/one?limit=0&offset=-1",
    "/things/one?limit=101",
    "/things/one?word=" + "x" * 10_000,
    "/things/%20",
    "/things/caf%C3%A9?word=%00",
]


@pytest.mark.parametrize("target", REQUESTS)
async def test_answers_and_errors_are_fastapis(
    target: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    answers = []
    for prepared in (True, False):
        calls.clear()
        transport = ASGITransport(app=app_serving(prepared, monkeypatch))
        async with AsyncClient(transport=transport, base_url="http://test") as client:
            response = await client.get(target)
        answers.append((response.status_code, response.json(), list(calls)))

    assert answers[0] == answers[1]


async def test_fastapis_dependency_solving_does_not_run(monkeypatch: pytest.MonkeyPatch) -> None:
    app = app_serving(True, monkeypatch)

    async def refused(**_arguments: Any) -> None:
        raise AssertionError("FastAPI solved the dependencies")

    monkeypatch.setattr(fastapi_routing, "solve_dependencies", refused)
    calls.clear()
    transport = ASGITransport(app=app)
    async with AsyncClient(transport=transport, base_url="http://test") as client:
        response = await client.get("/things/one?limit=3")

    assert response.status_code == 200
    assert response.json()["limit"] == 3
    assert calls == ["first", "second"]  # each once, in the declared order


async def from_header(value: Annotated[str, Header()]) -> str:
    return value


async def nested(path: Annotated[str, Depends(first)]) -> str:
    return path


async def yielding(request: Request) -> Any:
    yield request


def not_a_coroutine(request: Request) -> str:
    return request.url.path


async def with_body(payload: Annotated[dict[str, int], Body()]) -> Response:
    return json_response(payload)


async def with_header(value: Annotated[str, Header()]) -> Response:
    return json_response(value)


async def with_header_dependency(value: Annotated[str, Depends(from_header)]) -> Response:
    return json_response(value)


async def with_nested_dependency(value: Annotated[str, Depends(nested)]) -> Response:
    return json_response(value)


async def with_generator_dependency(value: Annotated[Any, Depends(yielding)]) -> Response:
    return json_response(1)


async def with_sync_dependency(value: Annotated[str, Depends(not_a_coroutine)]) -> Response:
    return json_response(value)


async def with_repeated_dependency(
    a: Annotated[str, Depends(first)], b: Annotated[str, Depends(first)]
) -> Response:
    return json_response(a + b)


async def with_cookie(value: Annotated[str, Cookie()]) -> Response:
    return json_response(value)


async def returning_a_dict() -> dict[str, int]:
    return {"a": 1}


def not_async() -> Response:
    return json_response(1)


@pytest.mark.parametrize(
    "unprepared",
    [
        with_body,
        with_header,
        with_header_dependency,
        with_nested_dependency,
        with_generator_dependency,
        with_sync_dependency,
        with_repeated_dependency,
        with_cookie,
        returning_a_dict,
        not_async,
    ],
)
def test_what_fastapi_must_solve_keeps_fastapis_handler(unprepared: Any) -> None:
    router = APIRouter(route_class=AuthenticatedFirstRoute)
    router.add_api_route("/thing", unprepared, methods=["POST"])
    route = router.routes[0]
    assert isinstance(route, fastapi_routing.APIRoute)

    assert prepared_handler(route.dependant) is None


def test_a_route_with_dependencies_of_its_own_keeps_fastapis_handler() -> None:
    router = APIRouter(route_class=AuthenticatedFirstRoute)
    router.add_api_route("/thing", plain_endpoint, methods=["GET"], dependencies=[Depends(first)])
    route = router.routes[0]
    assert isinstance(route, fastapi_routing.APIRoute)

    assert prepared_handler(route.dependant) is None


async def plain_endpoint() -> Response:
    return json_response(1)


def test_a_route_like_ours_is_prepared() -> None:
    router = APIRouter(route_class=AuthenticatedFirstRoute)
    router.add_api_route("/things/{name}", endpoint, methods=["GET"])
    route = router.routes[0]
    assert isinstance(route, fastapi_routing.APIRoute)

    assert prepared_handler(auth._served(route.dependant)) is not None
