"""The machine's shared services: a test needing one skips when it is down, except under CI."""

import os
import socket

import pytest


def require_service(name: str, host: str, port: int) -> None:
    """Skip when `name` does not accept connections, except under CI, where its tests must run."""
    try:
        socket.create_connection((host, port), timeout=2).close()
    except OSError as error:
        message = f"{name} is not reachable on {host}:{port}: {error}"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{message} (CI=true: the {name} tests must run)")
        pytest.skip(message)
