"""CPU per request of the HTTP protocol alone: uvicorn's h11, its httptools, and ours.

    python -m bench.protocol_cost

Feeds keep-alive GETs to one protocol object over a fake transport, answered by a bare ASGI
app, and prints the best of 30 rounds for each. On a shared machine this moves far less than
requests/s under wrk, which is why docs/adr/0013 quotes it.
"""

import asyncio
import time
from collections.abc import Callable
from functools import partial
from typing import Any

import uvloop
from uvicorn.config import Config
from uvicorn.protocols.http.h11_impl import H11Protocol
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol
from uvicorn.server import ServerState

from entrypoints.serving.protocol import ConnectionLimits, LimitedHttpToolsProtocol

REQUEST = (
    b"GET /api/articles?limit=20 HTTP/1.1\r\nHost: 127.0.0.1:8801\r\n"
    b"Authorization: Token " + b"x" * 180 + b"\r\n\r\n"
)
LIMITS = ConnectionLimits(16_384, 10.0, 30.0, 1_000)
PROTOCOLS: dict[str, Callable[..., Any]] = {
    "uvicorn h11 (16 KiB limit)": H11Protocol,
    "uvicorn httptools": HttpToolsProtocol,
    "ours (httptools + limits)": partial(LimitedHttpToolsProtocol, limits=LIMITS),
}


async def app(_scope: Any, _receive: Any, send: Any) -> None:
    await send(
        {"type": "http.response.start", "status": 200, "headers": [(b"content-length", b"2")]}
    )
    await send({"type": "http.response.body", "body": b"{}"})


class Transport:
    """Just enough of a socket transport for a protocol to serve on."""

    def __init__(self) -> None:
        self.closing = False

    def get_extra_info(self, name: str, default: object = None) -> object:
        return {"sockname": ("127.0.0.1", 8000), "peername": ("127.0.0.1", 5555)}.get(name, default)

    def write(self, _data: bytes) -> None:
        pass

    def close(self) -> None:
        self.closing = True

    def is_closing(self) -> bool:
        return self.closing

    def pause_reading(self) -> None:
        pass

    def resume_reading(self) -> None:
        pass


async def cpu_us_per_request(protocol: Callable[..., Any], requests: int) -> float:
    config = Config(
        app=app,
        lifespan="off",
        access_log=False,
        log_level="warning",
        h11_max_incomplete_event_size=LIMITS.max_header_bytes,
    )
    config.load()
    connection = protocol(config=config, server_state=ServerState(), app_state={})
    transport = Transport()
    connection.connection_made(transport)
    started = time.process_time()
    for _ in range(requests):
        connection.data_received(REQUEST)
        await asyncio.gather(*connection.server_state.tasks)
    elapsed = time.process_time() - started
    assert not transport.closing
    return elapsed / requests * 1e6


async def main() -> None:
    best = dict.fromkeys(PROTOCOLS, float("inf"))
    for _ in range(30):
        for name, protocol in PROTOCOLS.items():
            best[name] = min(best[name], await cpu_us_per_request(protocol, 5_000))
    for name, us in best.items():
        print(f"{name:28s} {us:6.1f} us of CPU per request")


if __name__ == "__main__":
    uvloop.run(main())
