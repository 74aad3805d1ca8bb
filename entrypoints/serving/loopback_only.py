"""Without a configured secret, the app answers only requests that arrived on a loopback address.

Tokens are then signed with the development secret, which is published in the source: anyone
who can reach the server could forge them. The bind address is unknown to the app (uvicorn,
gunicorn or any ASGI server may run it), but every request's scope names the local address
it arrived on, so each request is judged by it (docs/adr/0015).
"""

import ipaddress
import logging

from starlette.types import ASGIApp, Receive, Scope, Send

from entrypoints.serving.refusals import Refusal

log = logging.getLogger("conduit.serving")

LOOPBACK_NAMES = frozenset({"localhost"})
NO_SECRET = Refusal(
    503,
    "server",
    "has no CONDUIT_JWT_SECRET set, so it answers on loopback addresses only (127.0.0.1, ::1)",
)


def is_loopback(host: str) -> bool:
    """Whether `host` (a name or an address, as bound or as in a request's scope) is local."""
    if host in LOOPBACK_NAMES:
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False  # another name: it may resolve anywhere
    mapped = getattr(address, "ipv4_mapped", None)  # ::ffff:127.0.0.1
    return address.is_loopback or (mapped is not None and mapped.is_loopback)


class LoopbackOnly:
    """Pure ASGI middleware: 503 in the contract's error shape for any request that arrived
    on a non-loopback address, logged once per process. A Unix socket counts as local."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self._verdicts: dict[str, bool] = {}  # a server has one or two local addresses
        self._logged = False

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and not self._local(scope.get("server")):
            if not self._logged:
                self._logged = True
                log.error(
                    "refusing requests that arrive on %s: CONDUIT_JWT_SECRET is not set and "
                    "the development secret would let anyone forge tokens; set a secret "
                    "(e.g. `openssl rand -hex 32`) or serve on 127.0.0.1",
                    _address(scope.get("server")),
                )
            await NO_SECRET(scope, receive, send)
            return
        await self.app(scope, receive, send)

    def _local(self, server: tuple[str, int | None] | None) -> bool:
        if server is None:
            return False  # unknown: refused rather than guessed
        host, port = server
        if port is None:
            return True  # a Unix socket: reachable from this machine only
        verdict = self._verdicts.get(host)
        if verdict is None:
            verdict = self._verdicts[host] = is_loopback(host)
        return verdict


def _address(server: tuple[str, int | None] | None) -> str:
    return "an unknown address" if server is None else f"{server[0]}:{server[1]}"
