"""The answers the server gives before (or instead of) the app, in the contract's error shape."""

import json
from dataclasses import dataclass
from http import HTTPStatus

from starlette.types import Receive, Scope, Send


@dataclass(frozen=True)
class Refusal:
    """A response that closes the connection: written raw, or sent as an ASGI app."""

    status: int
    key: str
    message: str
    retry_after_seconds: int | None = None

    @property
    def body(self) -> bytes:
        return json.dumps({"errors": {self.key: [self.message]}}).encode()

    @property
    def headers(self) -> list[tuple[bytes, bytes]]:
        headers = [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(self.body)).encode()),
            (b"connection", b"close"),
        ]
        if self.retry_after_seconds is not None:
            headers.append((b"retry-after", str(self.retry_after_seconds).encode()))
        return headers

    def raw(self) -> bytes:
        """The whole response, for a connection whose request never got as far as the app."""
        status_line = f"HTTP/1.1 {self.status} {HTTPStatus(self.status).phrase}\r\n".encode()
        fields = b"".join(name + b": " + value + b"\r\n" for name, value in self.headers)
        return status_line + fields + b"\r\n" + self.body

    async def __call__(self, _scope: Scope, _receive: Receive, send: Send) -> None:
        await send({"type": "http.response.start", "status": self.status, "headers": self.headers})
        await send({"type": "http.response.body", "body": self.body})


HEADERS_TOO_LARGE = Refusal(431, "headers", "are too large")
HEADERS_TOO_SLOW = Refusal(408, "headers", "took too long to arrive")
OVER_CAPACITY = Refusal(503, "server", "is at its connection limit, retry shortly", 1)
