"""Any server running the app factory, not only `conduit serve`, refuses remote requests
without CONDUIT_JWT_SECRET: here uvicorn's own command, bound to every address."""

import socket
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.support.server import Server, conduit_env, running_uvicorn

pytestmark = pytest.mark.slow


def non_loopback_address() -> str:
    """An address of this machine other than loopback: where a remote client would connect."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))  # a UDP "connect" sends nothing; it picks a route
            address: str = probe.getsockname()[0]
        except OSError:
            address = "127.0.0.1"
    if address.startswith("127."):
        pytest.skip("this machine has no address other than loopback")
    return address


@pytest.fixture
def uvicorn_on_every_address(tmp_path: Path) -> Iterator[Server]:
    env = conduit_env(database_url=f"sqlite+aiosqlite:///{tmp_path / 'open.db'}")
    with running_uvicorn(tmp_path, env, ["--host", "0.0.0.0"]) as server:
        yield server


def test_uvicorn_on_0_0_0_0_without_a_secret_answers_loopback_only(
    uvicorn_on_every_address: Server,
) -> None:
    server = uvicorn_on_every_address
    remote_url = server.base_url.replace("127.0.0.1", non_loopback_address())

    local = httpx.get(f"{server.base_url}/health/live", timeout=10)
    remote = httpx.get(f"{remote_url}/api/articles", timeout=10)
    again = httpx.get(f"{remote_url}/health/live", timeout=10)

    assert local.status_code == 200, local.text
    assert remote.status_code == 503, remote.text
    [message] = remote.json()["errors"]["server"]
    assert "CONDUIT_JWT_SECRET" in message
    assert again.status_code == 503
    refusals = [line for line in server.logs().splitlines() if "refusing requests" in line]
    assert len(refusals) == 1, server.logs()
