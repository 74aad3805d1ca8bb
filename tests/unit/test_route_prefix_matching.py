"""Routes straight on the app's router skip their pattern for paths outside its literal
prefix, and match every path as they did without that: the same routes, in the same order,
with the same parameters; under a root path, or reached through a router included
elsewhere, FastAPI's own matching decides."""

import re
from typing import Any

from fastapi import APIRouter, FastAPI, Response
from httpx import ASGITransport, AsyncClient
from starlette.routing import Match

from entrypoints.composition.app import context_routers
from entrypoints.http.app import create_http_app, serve_routes
from entrypoints.http.shared.auth import AuthenticatedFirstRoute

PATHS = [
    "/api/articles",
    "/api/articles/",
    "/api/articles/feed",
    "/api/articles/a-slug",
    "/api/articles/a-slug/favorite",
    "/api/articles/a-slug/comments",
    "/api/articles/a-slug/comments/7",
    "/api/articles/a-slug/comments/x",
    "/api/articles/caf\u00e9 au lait",
    "/api/profiles/alice",
    "/api/profiles/alice/follow",
    "/api/profiles/",
    "/api/tags",
    "/api/tagsx",
    "/api/user",
    "/api/users",
    "/api/users/login",
    "/api/notifications",
    "/api/notifications/read",
    "/api/openapi.json",
    "/docs",
    "/x/api/profiles/alice",
    "/",
    "",
]
SCOPES: list[tuple[str, str | None]] = [
    ("http", method) for method in ("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH")
]
SCOPES.append(("websocket", None))


def _routes() -> list[Any]:
    app = create_http_app(None, routers=context_routers(), cors_origins=[], max_body_bytes=1024)
    return list(app.router.routes)


def _matched(routes: list[Any], scope: dict[str, Any]) -> list[tuple[int, Match, Any]]:
    found = []
    for index, route in enumerate(routes):
        match, child = route.matches(dict(scope))
        if match is not Match.NONE:
            found.append((index, match, child.get("path_params")))
    return found


def test_every_path_matches_the_routes_it_matched_without_prefixes() -> None:
    routes = _routes()
    ours = [route for route in routes if isinstance(route, AuthenticatedFirstRoute)]
    prefixes = [route._literal_prefix for route in ours]
    assert "/api/profiles/" in prefixes
    scopes = [
        {"type": kind, "path": path, "root_path": ""} | ({"method": method} if method else {})
        for kind, method in SCOPES
        for path in PATHS
    ]
    with_prefixes = [_matched(routes, scope) for scope in scopes]
    try:
        for route in ours:  # the routes are the context routers' own: restored below
            route._literal_prefix = None
        without = [_matched(routes, scope) for scope in scopes]
    finally:
        for route, prefix in zip(ours, prefixes, strict=True):
            route._literal_prefix = prefix
    for scope, found, expected in zip(scopes, with_prefixes, without, strict=True):
        assert found == expected, scope
    assert sum(1 for found in with_prefixes if found) > len(PATHS)  # most paths match some


class _Unused:
    """A route's pattern that must not be consulted."""

    def match(self, _path: str) -> Any:
        raise AssertionError("the pattern was consulted")


def test_the_pattern_is_skipped_outside_the_prefix_and_consulted_under_a_root_path() -> None:
    route = next(
        r
        for r in _routes()
        if isinstance(r, AuthenticatedFirstRoute) and r.path == "/api/profiles/{username}"
    )
    pattern = route.path_regex
    route.path_regex = _Unused()  # type: ignore[assignment]
    try:
        scope = {"type": "http", "method": "GET", "path": "/api/tags", "root_path": ""}
        assert route.matches(scope)[0] is Match.NONE
        under_root = scope | {"path": "/x/api/tags", "root_path": "/x"}
        try:
            route.matches(under_root)
            consulted = False
        except AssertionError:
            consulted = True
    finally:
        route.path_regex = pattern
    assert consulted
    assert isinstance(pattern, re.Pattern)


async def test_a_served_route_included_elsewhere_is_matched_under_that_prefix() -> None:
    router = APIRouter(route_class=AuthenticatedFirstRoute)

    @router.get("/api/things/{name}")
    async def thing(name: str) -> Response:
        return Response(name)

    serve_routes(FastAPI(), [router])  # the route objects now skip by their literal prefix
    elsewhere = FastAPI()
    elsewhere.include_router(router, prefix="/v2")
    transport = ASGITransport(app=elsewhere)
    async with AsyncClient(transport=transport, base_url="http://test") as client:
        answer = await client.get("/v2/api/things/x")
    assert (answer.status_code, answer.text) == (200, "x")
