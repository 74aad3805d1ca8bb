"""A TCP proxy a test can close and reopen: a service outage without touching the service."""

import asyncio
import contextlib
import threading
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager

from tests.support.server import free_port


class TcpProxy:
    """Forwards 127.0.0.1:<port> to a target. `close()` refuses new connections and cuts
    the open ones (as a dead broker would); `open()` serves again on the same port.
    `stall()` holds what the target sends, connections open (a broker slow to answer),
    until `flow()`."""

    def __init__(self, target_host: str, target_port: int) -> None:
        self._target = (target_host, target_port)
        self.port = free_port()
        self._server: asyncio.Server | None = None
        self._streams: set[asyncio.StreamWriter] = set()
        self._flowing = asyncio.Event()
        self._flowing.set()

    @property
    def is_open(self) -> bool:
        return self._server is not None

    async def open(self) -> None:
        if self._server is None:
            self._server = await asyncio.start_server(self._serve, "127.0.0.1", self.port)

    async def close(self) -> None:
        server, self._server = self._server, None
        if server is not None:
            server.close()
        for writer in list(self._streams):
            writer.close()
        self._streams.clear()
        if server is not None:
            await server.wait_closed()

    def stall(self) -> None:
        self._flowing.clear()

    def flow(self) -> None:
        self._flowing.set()

    async def _serve(
        self, client_reader: asyncio.StreamReader, client: asyncio.StreamWriter
    ) -> None:
        try:
            target_reader, target = await asyncio.open_connection(*self._target)
        except OSError:
            client.close()
            return
        self._streams.update((client, target))
        await asyncio.gather(
            _pipe(client_reader, target),
            _pipe(target_reader, client, self._flowing),
            return_exceptions=True,
        )
        self._streams.difference_update((client, target))


async def _pipe(
    reader: asyncio.StreamReader, writer: asyncio.StreamWriter, flowing: asyncio.Event | None = None
) -> None:
    try:
        while data := await reader.read(65_536):
            if flowing is not None:
                await flowing.wait()
            writer.write(data)
            await writer.drain()
    except OSError:
        pass
    finally:
        with contextlib.suppress(OSError, RuntimeError):
            writer.close()


@asynccontextmanager
async def tcp_proxy(target_host: str, target_port: int) -> AsyncIterator[TcpProxy]:
    """An open proxy to the target, closed afterwards."""
    proxy = TcpProxy(target_host, target_port)
    await proxy.open()
    try:
        yield proxy
    finally:
        await proxy.close()


class ThreadedProxy:
    """A `TcpProxy` on an event loop of its own thread, driven from synchronous code (a test
    or a benchmark whose own loop may be blocked while the proxy must keep forwarding)."""

    def __init__(self, target_host: str, target_port: int) -> None:
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._thread.start()
        self._proxy = TcpProxy(target_host, target_port)
        self.port = self._proxy.port

    def open(self) -> None:
        asyncio.run_coroutine_threadsafe(self._proxy.open(), self._loop).result()

    def close(self) -> None:
        asyncio.run_coroutine_threadsafe(self._proxy.close(), self._loop).result()

    def stop(self) -> None:
        self.close()
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=5)


@contextmanager
def threaded_proxy(target_host: str, target_port: int) -> Iterator[ThreadedProxy]:
    """An open proxy on a thread of its own, stopped afterwards."""
    proxy = ThreadedProxy(target_host, target_port)
    proxy.open()
    try:
        yield proxy
    finally:
        proxy.stop()
