"""A path with one trailing slash is served as the path without it: no redirect, no extra route."""

from starlette.routing import Router
from starlette.types import ASGIApp, Receive, Scope, Send

_RETRIED = "conduit.trailing_slash_retried"


def serve_one_trailing_slash(router: Router) -> None:
    """Route `/x/` as `/x` when nothing matched `/x/`; `/x//` and deeper stay unmatched.

    Hooked into the router's fallback, so a request that matches a route as written pays
    nothing: only a path that would otherwise be a 404 is tried once more without its slash.
    """
    not_found: ASGIApp = router.default

    async def without_trailing_slash(scope: Scope, receive: Receive, send: Send) -> None:
        path: str = scope["path"]
        if (
            scope["type"] != "http"
            or scope.get(_RETRIED)
            or len(path) < 2
            or not path.endswith("/")
            or path.endswith("//")
        ):
            await not_found(scope, receive, send)
            return
        # In place, as routing itself updates the scope: the error handlers outside the
        # router (405's Allow header) must see the path that was actually routed.
        scope[_RETRIED] = True
        scope["path"] = path[:-1]
        raw_path = scope.get("raw_path")
        if isinstance(raw_path, bytes) and raw_path.endswith(b"/"):
            scope["raw_path"] = raw_path[:-1]
        await router.app(scope, receive, send)

    router.default = without_trailing_slash
