"""uvicorn's httptools protocol plus a header size limit, header and body read timeouts, a cap."""

import asyncio
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from uvicorn.config import Config
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol
from uvicorn.server import ServerState

from entrypoints.serving.refusals import (
    HEADERS_TOO_LARGE,
    HEADERS_TOO_SLOW,
    OVER_CAPACITY,
    Refusal,
)

log = logging.getLogger("conduit.serving")


@dataclass(frozen=True)
class ConnectionLimits:
    """What one connection may take from a worker; the idle keep-alive timeout is uvicorn's."""

    max_header_bytes: int
    header_timeout_seconds: float
    body_timeout_seconds: float
    max_connections: int


class LimitedHttpToolsProtocol(HttpToolsProtocol):
    """One connection: a request's head must arrive whole, small and soon, its body soon after.

    A connection is reading a head from its start and again after each request's last byte.
    Head bytes are counted as they arrive, because httptools keeps an unfinished header to
    itself (and copies it on every read: the stall a 40 MB header caused).
    """

    def __init__(
        self,
        config: Config,
        server_state: ServerState,
        app_state: dict[str, Any],
        _loop: asyncio.AbstractEventLoop | None = None,
        *,
        limits: ConnectionLimits,
    ) -> None:
        super().__init__(config, server_state, app_state, _loop)
        self.limits = limits
        self._reading_head = True
        self._head_bytes = 0  # raw bytes of the unfinished head
        self._header_timer = _Timer(self.loop, limits.header_timeout_seconds, self._head_timed_out)
        self._body_timer = _Timer(self.loop, limits.body_timeout_seconds, self._body_timed_out)

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        # A connection that never sends a byte is closed too: uvicorn's keep-alive timer only
        # starts after a response.
        self._header_timer.start()

    def connection_lost(self, exc: Exception | None) -> None:
        self._header_timer.stop()
        self._body_timer.stop()
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        if self.transport.is_closing():
            return  # refused: whatever follows is not read
        if self._reading_head:
            self._head_bytes += len(data)
        super().data_received(data)
        if self.transport.is_closing():
            return
        if not self._reading_head:
            self._body_timer.start()
        elif self._head_bytes > self.limits.max_header_bytes:
            self._refuse(HEADERS_TOO_LARGE)
        elif self._head_bytes:  # a head arrived in part: the rest must follow in time
            self._header_timer.start()

    def on_headers_complete(self) -> None:
        self._reading_head = False
        self._head_bytes = 0
        self._header_timer.stop()
        refusal = self._refusal()
        if refusal is None:
            super().on_headers_complete()
            return
        # Answered through uvicorn's request cycle, which also reads past the body, if any.
        app, self.app = self.app, refusal
        try:
            super().on_headers_complete()
        finally:
            self.app = app

    def on_message_complete(self) -> None:
        super().on_message_complete()
        self._reading_head = True
        self._body_timer.stop()

    def _refusal(self) -> Refusal | None:
        # The target and the fields as parsed; ": " and CRLF add 4 bytes a field.
        size = len(self.url) + sum(len(name) + len(value) + 4 for name, value in self.headers)
        if size > self.limits.max_header_bytes:
            return HEADERS_TOO_LARGE
        cap = self.limits.max_connections
        if len(self.connections) > cap or len(self.tasks) >= cap:
            _over_capacity.note(len(self.connections), len(self.tasks))
            return OVER_CAPACITY
        return None

    def _head_timed_out(self) -> None:
        if self.transport.is_closing():
            return
        if self._head_bytes:
            self._refuse(HEADERS_TOO_SLOW)
        else:  # silent since connecting or since the last response: nobody to answer
            self.transport.close()

    def _body_timed_out(self) -> None:
        # The app is reading the body: closing tells it the client is gone.
        self.transport.close()

    def _refuse(self, refusal: Refusal) -> None:
        self.transport.write(refusal.raw())
        self.transport.close()


class _OverCapacityLog:
    """One warning line per interval however many requests are refused: an attack floods."""

    INTERVAL_SECONDS = 10.0

    def __init__(self) -> None:
        self.refused = 0
        self.last = float("-inf")

    def note(self, connections: int, requests: int) -> None:
        self.refused += 1
        now = time.monotonic()
        if now - self.last >= self.INTERVAL_SECONDS:
            log.warning(
                "at the connection limit (%d connections, %d requests in flight): "
                "%d requests answered 503 since the last report",
                connections,
                requests,
                self.refused,
            )
            self.refused, self.last = 0, now


_over_capacity = _OverCapacityLog()


class _Timer:
    """A one-shot timer that start() arms unless it is running, and stop() disarms."""

    def __init__(
        self, loop: asyncio.AbstractEventLoop, seconds: float, callback: Callable[[], None]
    ) -> None:
        self.loop = loop
        self.seconds = seconds
        self.callback = callback
        self.handle: asyncio.TimerHandle | None = None

    def start(self) -> None:
        if self.handle is None:
            self.handle = self.loop.call_later(self.seconds, self._fire)

    def stop(self) -> None:
        if self.handle is not None:
            self.handle.cancel()
            self.handle = None

    def _fire(self) -> None:
        self.handle = None
        self.callback()
