"""Routes straight on the app's router skip their pattern for paths outside its literal
prefix, and match every path as they did without that: the same routes, in the same order,
with the same parameters; under a root path, Starlette's own matching decides."""

from typing import Any

import pytest
from starlette.routing import Match

from entrypoints.composition.app import create_app
from entrypoints.http.shared.auth import AuthenticatedFirstRoute
from entrypoints.settings import Settings

PATHS = [
    "/api/articles",
    "/api/articles/",
    "/api/articles/feed",
    "/api/articles/a-slug",
    "/api/articles/a-slug/favorite",
    "/api/articles/a-slug/comments",
    "/api/articles/a-slug/comments/7",
    "/api/articles/a-slug/comments/x",
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
METHODS = ["GET", "POST", "PUT", "DELETE", "PATCH"]


def _routes() -> list[Any]:
    app = create_app(Settings(_env_file=None, database_url="sqlite+aiosqlite:///:memory:"))
    return list(app.router.routes)


def _matched(routes: list[Any], scope: dict[str, Any]) -> list[tuple[int, Match, Any]]:
    found = []
    for index, route in enumerate(routes):
        match, child = route.matches(dict(scope))
        if match is not Match.NONE:
            found.append((index, match, child.get("path_params")))
    return found


@pytest.mark.parametrize("root_path", ["", "/x"])
def test_every_path_matches_the_routes_it_matched_without_prefixes(root_path: str) -> None:
    routes = _routes()
    ours = [route for route in routes if isinstance(route, AuthenticatedFirstRoute)]
    prefixes = [route._literal_prefix for route in ours]
    assert "/api/profiles/" in prefixes
    scopes = [
        {"type": "http", "method": method, "path": root_path + path, "root_path": root_path}
        for method in METHODS
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
    assert any(found for found in with_prefixes)
