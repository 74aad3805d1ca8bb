"""Who is calling: the `Authorization: Token <jwt>` header, checked before anything else."""

from collections.abc import Callable, Coroutine
from typing import Annotated, Any

from fastapi import Depends, Request, Response
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute
from fastapi.security import APIKeyHeader

from domain.shared.errors import Unauthenticated

# Documents the `Token` scheme in OpenAPI; the parsing below is ours.
TOKEN_SCHEME = APIKeyHeader(
    name="Authorization",
    scheme_name="Token",
    description="`Token <jwt>`, the token that register, login and the user endpoints return.",
    auto_error=False,
)
SCHEMES = ("token", "bearer")  # RealWorld says Token; Bearer costs nothing to accept too
CALLER_SCOPE_KEY = "conduit.caller_id"  # the request log reads it too


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


def _identify(request: Request, *, required: bool) -> int | None:
    if CALLER_SCOPE_KEY in request.scope:
        caller: int | None = request.scope[CALLER_SCOPE_KEY]
        if caller is not None or not required:
            return caller
    token = token_of(request)
    if token is None:
        if required:
            raise Unauthenticated("token", "is missing")
        caller = None
    else:
        caller = request.app.state.container.identity.verify_token()(token)
    request.scope[CALLER_SCOPE_KEY] = caller
    return caller


async def required_caller(
    request: Request, _header: Annotated[str | None, Depends(TOKEN_SCHEME)] = None
) -> int:
    caller = _identify(request, required=True)
    assert caller is not None
    return caller


async def optional_caller(
    request: Request, _header: Annotated[str | None, Depends(TOKEN_SCHEME)] = None
) -> int | None:
    return _identify(request, required=False)


CallerId = Annotated[int, Depends(required_caller)]
OptionalCallerId = Annotated[int | None, Depends(optional_caller)]


def _needs(dependant: Dependant) -> bool | None:
    """True if the route requires a token, False if it takes an optional one, else None."""
    found: bool | None = None
    for sub in dependant.dependencies:
        if sub.call is required_caller:
            return True
        if sub.call is optional_caller:
            found = False
        deeper = _needs(sub)
        if deeper:
            return True
        found = found if deeper is None else deeper
    return found


class AuthenticatedFirstRoute(APIRoute):
    """Checks the token before FastAPI reads the body or looks anything up.

    The contract wants `PUT /api/articles/unknown` without a token to be 401, not 404 or 422;
    FastAPI would parse and validate the body before any dependency runs. It also documents a
    token-optional route as such: the Token scheme, or no security at all.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if _needs(self.dependant) is False:
            optional: dict[str, Any] = {"security": [{TOKEN_SCHEME.scheme_name: []}, {}]}
            self.openapi_extra = (self.openapi_extra or {}) | optional

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()
        needs = _needs(self.dependant)
        if needs is None:
            return handler

        async def authenticated_first(request: Request) -> Response:
            _identify(request, required=needs)
            return await handler(request)

        return authenticated_first
