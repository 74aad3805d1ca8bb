"""Who is calling: the `Authorization: Token <jwt>` header, checked before anything else."""

import inspect
from collections.abc import Callable, Coroutine
from dataclasses import replace
from typing import Annotated, Any

from fastapi import Depends, Request, Response
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute
from fastapi.security import APIKeyHeader
from starlette.routing import Match, request_response
from starlette.types import Scope

from domain.shared.errors import Unauthenticated
from entrypoints.http.shared.prepared_handler import prepared_handler
from entrypoints.http.shared.provide import use_case_for, use_case_name

# Documents the `Token` scheme in OpenAPI; the parsing below is ours.
TOKEN_SCHEME = APIKeyHeader(
    name="Authorization",
    scheme_name="Token",
    description="`Token <jwt>`, the token that register, login and the user endpoints return.",
    auto_error=False,
)
SCHEMES = ("token", "bearer")  # RealWorld says Token; Bearer costs nothing to accept too
CALLER_SCOPE_KEY = "conduit.caller_id"  # the user the token names (the request log reads it)
_AUTHENTICATED = "conduit.caller_authenticated"  # ... and that user was found to exist


def _select_verify_token(container: Any) -> Any:
    return container.identity.verify_token


def _select_authenticate_caller(container: Any) -> Any:
    return container.identity.authenticate_caller


# Obtained here rather than through `provided`, but measured and traced the same way.
_VERIFY_TOKEN = use_case_name(_select_verify_token)
_AUTHENTICATE_CALLER = use_case_name(_select_authenticate_caller)


def token_of(request: Request) -> str | None:
    """The raw JWT from the header; None when there is no header. Malformed -> invalid."""
    header = request.headers.get("authorization")
    if header is None or not header.strip():
        return None
    scheme, _, token = header.strip().partition(" ")
    token = token.strip()
    if scheme.lower() not in SCHEMES or not token:
        raise Unauthenticated("token", "is invalid")
    return token


def _named_caller(request: Request) -> int | None:
    """Whom a valid token names (None without a token): signature and expiry, no database."""
    if CALLER_SCOPE_KEY in request.scope:
        named: int | None = request.scope[CALLER_SCOPE_KEY]
        return named
    token = token_of(request)
    caller = (
        None if token is None else use_case_for(request, _VERIFY_TOKEN, _select_verify_token)(token)
    )
    request.scope[CALLER_SCOPE_KEY] = caller
    return caller


async def _authenticated_caller(request: Request) -> int:
    """For an operation that needs a caller: a valid token for a user who still exists.

    Here, not in each use case, so no operation can forget it: some would otherwise act for
    a deleted account (unfollow and unfavorite answered 200). Costs one primary-key
    probe per such request (docs/adr/0005).
    """
    if request.scope.get(_AUTHENTICATED):
        authenticated: int = request.scope[CALLER_SCOPE_KEY]
        return authenticated
    token = token_of(request)
    if token is None:
        raise Unauthenticated("token", "is missing")
    authenticate = use_case_for(request, _AUTHENTICATE_CALLER, _select_authenticate_caller)
    caller: int = await authenticate(token)
    request.scope[CALLER_SCOPE_KEY] = caller
    request.scope[_AUTHENTICATED] = True
    return caller


async def required_caller(
    request: Request, _header: Annotated[str | None, Depends(TOKEN_SCHEME)] = None
) -> int:
    return await _authenticated_caller(request)


async def caller_checked_by_use_case(
    request: Request, _header: Annotated[str | None, Depends(TOKEN_SCHEME)] = None
) -> int:
    caller = _named_caller(request)
    if caller is None:
        raise Unauthenticated("token", "is missing")
    return caller


async def optional_caller(
    request: Request, _header: Annotated[str | None, Depends(TOKEN_SCHEME)] = None
) -> int | None:
    return _named_caller(request)


CallerId = Annotated[int, Depends(required_caller)]
# Only where the use case itself answers 401 when the user is gone, at less cost than the
# lookup (the feed, GET /user); every operation needing a token is tested for it.
CallerIdCheckedByUseCase = Annotated[int, Depends(caller_checked_by_use_case)]
OptionalCallerId = Annotated[int | None, Depends(optional_caller)]


def _needs(dependant: Dependant) -> bool | None:
    """True if the route requires a token, False if it takes an optional one, else None."""
    found: bool | None = None
    for sub in dependant.dependencies:
        if sub.call in (required_caller, caller_checked_by_use_case):
            return True
        if sub.call is optional_caller:
            found = False
        deeper = _needs(sub)
        if deeper:
            return True
        found = found if deeper is None else deeper
    return found


def _served(dependant: Dependant) -> Dependant:
    """`dependant` without TOKEN_SCHEME, which is there for the OpenAPI document alone (the
    header is read above): FastAPI would solve it on every request, ~15 us each
    (bench/framework_floor.py)."""
    kept = []
    for sub in dependant.dependencies:
        if sub.call is not TOKEN_SCHEME:
            kept.append(_served(sub))
        elif not _has_default(dependant, sub.name):
            # Left unsolved, the parameter would be missing from the call: a 500 at runtime.
            raise TypeError(f"{dependant.call}: give the token scheme's parameter a default")
    return replace(dependant, dependencies=kept)


def _has_default(dependant: Dependant, name: str | None) -> bool:
    if dependant.call is None or name is None:
        return False
    parameter = inspect.signature(dependant.call).parameters.get(name)
    return parameter is not None and parameter.default is not inspect.Parameter.empty


def _uses(dependant: Dependant, call: Callable[..., Any]) -> bool:
    return any(sub.call is call or _uses(sub, call) for sub in dependant.dependencies)


class AuthenticatedFirstRoute(APIRoute):
    """Checks the token before FastAPI reads the body or looks anything up.

    The contract wants `PUT /api/articles/unknown` without a token to be 401, not 404 or 422;
    FastAPI would parse and validate the body before any dependency runs. It also documents a
    token-optional route as such: the Token scheme, or no security at all.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # Set by get_route_handler, which FastAPI's __init__ calls: the handler it built, and
        # whether that is a prepared one.
        self._handler: Callable[[Request], Coroutine[Any, Any, Response]] | None = None
        self._prepared = False
        self._literal_prefix: str | None = None
        super().__init__(*args, **kwargs)
        if self._prepared and self._handler is not None:
            # FastAPI's request_response opens two exit stacks per request for dependencies
            # with `yield`, which a prepared handler never has; Starlette's is the same
            # without them (exceptions reach the same handlers).
            self.app = request_response(self._handler)
        if _needs(self.dependant) is False:
            optional: dict[str, Any] = {"security": [{TOKEN_SCHEME.scheme_name: []}, {}]}
            self.openapi_extra = (self.openapi_extra or {}) | optional

    def match_by_literal_prefix(self) -> None:
        """For a route straight on the app's router (entrypoints/http/app.py): a path that
        does not begin with the template's literal part (`/api/profiles/` of
        `/api/profiles/{username}`) is not matched against its pattern. The router tries every
        route in turn, each a regular expression: ~0.8 us a route, 12 us before the profile
        was reached (`python -m bench.route_matching`). The same route object reached through
        a router included elsewhere (FastAPI matches it under that router's prefix, with the
        scope's "effective route context") is matched FastAPI's way."""
        self._literal_prefix = self.path.split("{", 1)[0]

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        literal = self._literal_prefix
        if (
            literal is not None
            and not scope["path"].startswith(literal)
            # Under a root path Starlette matches the path without it: its own way decides.
            and not scope.get("root_path")
            and not scope.get("fastapi", {}).get("effective_route_context")
        ):
            return Match.NONE, {}
        return super().matches(scope)

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        needs = _needs(self.dependant)
        documented, self.dependant = self.dependant, _served(self.dependant)
        try:
            prepared = prepared_handler(self.dependant)
            self._prepared = prepared is not None
            handler = prepared or super().get_route_handler()
        finally:
            self.dependant = documented  # what the OpenAPI document is made of
        if needs is None:
            self._handler = handler
            return handler
        checks_user = _uses(self.dependant, required_caller)

        async def authenticated_first(request: Request) -> Response:
            if checks_user:
                await _authenticated_caller(request)
            elif needs:
                await caller_checked_by_use_case(request)
            else:
                _named_caller(request)
            return await handler(request)

        self._handler = authenticated_first
        return authenticated_first
