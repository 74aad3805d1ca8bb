"""Without CONDUIT_JWT_SECRET the app answers on loopback addresses only, however it is served."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest
from httpx import ASGITransport, AsyncClient

from entrypoints.composition.app import create_app
from entrypoints.composition.container import build_container, release
from entrypoints.serving.loopback_only import is_loopback
from tests.conftest import TEST_SECRET
from tests.conftest import test_settings as make_settings
from tests.support.api import errors_of
from tests.support.logs import captured_logs, json_lines


@asynccontextmanager
async def app_without_secret(
    tmp_path: Path, secret: str | None = None
) -> AsyncIterator[dict[str, AsyncClient]]:
    """Clients of one app whose requests arrive on the named local addresses."""
    configured = make_settings(f"sqlite+aiosqlite:///{tmp_path / 'c.db'}", jwt_secret=secret)
    container = build_container(configured)
    app = create_app(configured, container)
    transport = ASGITransport(app=app)
    # httpx's ASGI transport puts the URL's host and port in the scope's "server".
    hosts = {"ipv4": "127.0.0.1", "ipv6": "[::1]", "name": "localhost", "lan": "192.0.2.2"}
    clients = {
        key: AsyncClient(transport=transport, base_url=f"http://{host}:8000")
        for key, host in hosts.items()
    }
    try:
        yield clients
    finally:
        for http in clients.values():
            await http.aclose()
        await release(container)


async def test_requests_on_loopback_addresses_are_served(tmp_path: Path) -> None:
    async with app_without_secret(tmp_path) as clients:
        for key in ("ipv4", "ipv6", "name"):
            response = await clients[key].get("/health/live")
            assert response.status_code == 200, (key, response.text)


async def test_a_request_on_another_address_is_503_in_the_error_shape_and_logged_once(
    tmp_path: Path,
) -> None:
    async with app_without_secret(tmp_path) as clients:
        with captured_logs() as logs:
            first = await clients["lan"].get("/api/articles")
            second = await clients["lan"].post("/api/users", json={})

    for response in (first, second):
        assert response.status_code == 503
        [message] = errors_of(response)["server"]
        assert "CONDUIT_JWT_SECRET" in message
    lines = [line for line in json_lines(logs.getvalue()) if line["logger"] == "conduit.serving"]
    assert len(lines) == 1, lines
    assert lines[0]["level"] == "error"
    assert "192.0.2.2:8000" in lines[0]["event"]
    assert "CONDUIT_JWT_SECRET" in lines[0]["event"]


@pytest.mark.parametrize("blank", ["", " " * 40])
async def test_a_blank_secret_counts_as_none(tmp_path: Path, blank: str) -> None:
    async with app_without_secret(tmp_path, secret=blank) as clients:
        assert (await clients["lan"].get("/health/live")).status_code == 503


async def test_with_a_secret_every_address_is_served(tmp_path: Path) -> None:
    async with app_without_secret(tmp_path, secret=TEST_SECRET) as clients:
        assert (await clients["lan"].get("/health/live")).status_code == 200


@pytest.mark.parametrize(
    ("host", "local"),
    [
        ("127.0.0.1", True),
        ("127.3.2.1", True),
        ("::1", True),
        ("::ffff:127.0.0.1", True),
        ("localhost", True),
        ("0.0.0.0", False),
        ("::", False),
        ("192.0.2.2", False),
        ("conduit.example", False),
    ],
)
def test_which_hosts_are_loopback(host: str, local: bool) -> None:
    assert is_loopback(host) is local
