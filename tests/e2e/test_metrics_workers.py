"""`conduit serve --workers 2`: one /metrics for both processes, its directory cleaned up."""

import signal
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from tests.support.metrics import Samples, samples_of, value
from tests.support.server import SHUTDOWN_SECONDS, Server, running_server

pytestmark = pytest.mark.slow

BATCH = 16  # concurrent requests: the kernel hands connections to both workers
MAX_BATCHES = 50


@pytest.fixture
def two_workers(tmp_path: Path) -> Iterator[tuple[Server, Path]]:
    temporary = tmp_path / "tmp"  # where serve makes its metrics directory
    temporary.mkdir()
    with running_server(
        tmp_path,
        workers=2,
        extra_env={"TMPDIR": str(temporary)},
        startup_seconds=60,  # two workers importing the app on a busy machine
    ) as server:
        yield server, temporary


def scrape(base_url: str) -> Samples:
    with httpx.Client(base_url=base_url, timeout=10) as http:
        response = http.get("/metrics")
    assert response.status_code == 200, response.text
    return samples_of(response.text)


def get_tags(base_url: str) -> int:
    with httpx.Client(base_url=base_url, timeout=10) as fresh:  # a connection of its own
        return fresh.get("/api/tags").status_code


def test_counts_add_up_across_workers_and_the_directory_goes_with_the_server(
    two_workers: tuple[Server, Path],
) -> None:
    server, temporary = two_workers
    [directory] = temporary.glob("conduit-metrics-*")
    sent = 0
    with ThreadPoolExecutor(BATCH) as pool:
        for _ in range(MAX_BATCHES):  # until both workers have served some
            assert set(pool.map(get_tags, [server.base_url] * BATCH)) == {200}
            sent += BATCH
            if len(list(directory.glob("counter_*.db"))) == 2:
                break
    assert len(list(directory.glob("counter_*.db"))) == 2, "one worker served every request"

    for _ in range(4):  # each scrape may land on either worker: all must see the same sums
        samples = scrape(server.base_url)
        requests = "conduit_http_requests_total"
        assert value(samples, requests, method="GET", route="/api/tags", status="200") == sent
        calls = "conduit_use_case_calls_total"
        assert value(samples, calls, context="articles", use_case="list_tags") == sent
        # The scrape itself, summed over the live workers.
        assert value(samples, "conduit_http_requests_in_flight") == 1

    server.process.send_signal(signal.SIGTERM)
    assert server.process.wait(timeout=SHUTDOWN_SECONDS) == 0, server.logs()
    assert not directory.exists()
