"""A 10 s broker outage under the write mix: the backlog it leaves and how fast that drains.

    python -m bench.broker_outage                        # SQLite, 20 writers, 10 s outage
    python -m bench.broker_outage --database postgres --connections 40

Starts `conduit serve` with CONDUIT_BROKER_URL on a TCP proxy to the machine's RabbitMQ (the
shared broker is never stopped: the proxy is closed instead, cutting the open connection), a
consumer on a private exchange, and drives bench/run.py's write mix with wrk for
before + outage + after seconds. Every 0.25 s it counts the pending `broker` publications; a
probe creates an article every 100 ms and times each answer, per phase. It prints the backlog
when the broker returns, how long it takes to drain, the consumer's count against the
registry's (nothing lost?), duplicates, and whether each ordering key's messages arrived in
commit order.
"""

import argparse
import asyncio
import json
import random
import statistics
import subprocess
import tempfile
import threading
import time
import uuid
from collections.abc import Coroutine
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import aio_pika
import asyncpg
import httpx
from aio_pika.abc import AbstractIncomingMessage
from sqlalchemy import text

from adapters.shared.sql.engine import create_engine
from bench.run import CONDUIT, HERE, OUT, SAMPLE_SEED, SECRET, Server, ensure_wrk, token, write_mix
from bench.sqlite_writers import TAGS, populate
from tests.support.tcp_proxy import TcpProxy

PORT = 8804
RABBITMQ = ("127.0.0.1", 5672)
PG_DATABASE = "conduit_broker_outage_bench"
PENDING = (
    "SELECT count(*) FROM event_publications WHERE subscriber = 'broker' AND status = 'pending'"
)
EXPORTED = "SELECT count(*) FROM event_publications WHERE subscriber = 'broker'"
T = TypeVar("T")


class Loop:
    """An event loop on a thread of its own: the proxy, the consumer, the probe, the sampler."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        threading.Thread(target=self.loop.run_forever, daemon=True).start()

    def run(self, coroutine: Coroutine[Any, Any, T]) -> T:
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result()

    def start(self, coroutine: Coroutine[Any, Any, None]) -> None:
        asyncio.run_coroutine_threadsafe(coroutine, self.loop)


@dataclass
class Received:
    """What the consumer got: (message id, ordering key) in arrival order."""

    messages: list[tuple[int, str | None]] = field(default_factory=list)

    async def on_message(self, message: AbstractIncomingMessage) -> None:
        publication = int((message.message_id or "publication-0").removeprefix("publication-"))
        key = (message.headers or {}).get("ordering_key")
        self.messages.append((publication, key if isinstance(key, str) else None))
        await message.ack()

    def distinct(self) -> int:
        return len({publication for publication, _ in self.messages})

    def order_violations(self) -> int:
        """Messages that arrived (first) after a later publication with the same key."""
        seen: set[int] = set()
        last: dict[str, int] = {}
        violations = 0
        for publication, key in self.messages:
            if publication in seen:
                continue  # a redelivered duplicate: consumers drop it by message id
            seen.add(publication)
            if key is not None:
                violations += last.get(key, 0) > publication
                last[key] = max(last.get(key, 0), publication)
        return violations


async def consume(exchange: str, received: Received) -> aio_pika.abc.AbstractConnection:
    connection = await aio_pika.connect(f"amqp://guest:guest@{RABBITMQ[0]}:{RABBITMQ[1]}/")
    channel = await connection.channel()
    declared = await channel.declare_exchange(exchange, aio_pika.ExchangeType.TOPIC, durable=True)
    queue = await channel.declare_queue("", exclusive=True)
    await queue.bind(declared, routing_key="#")
    await queue.consume(received.on_message)
    return connection


@dataclass
class Timeline:
    """Samples of (seconds since the load started, pending broker publications), probe
    answers (seconds, latency ms, status), and when the outage began and ended."""

    backlog: list[tuple[float, int]] = field(default_factory=list)
    probes: list[tuple[float, float, int]] = field(default_factory=list)
    closed_at: float = 0.0
    opened_at: float = 0.0
    running: bool = True


async def sample(url: str, timeline: Timeline, started: float) -> None:
    engine = create_engine(url)
    try:
        while timeline.running:
            async with engine.connect() as connection:
                pending = (await connection.execute(text(PENDING))).scalar_one()
            timeline.backlog.append((time.monotonic() - started, int(pending)))
            await asyncio.sleep(0.25)
    finally:
        await engine.dispose()


async def probe(base_url: str, timeline: Timeline, started: float) -> None:
    headers = {"Authorization": f"Token {token(1)}"}
    article = {"title": "Probe", "description": "d", "body": "b", "tagList": ["probe"]}
    async with httpx.AsyncClient(base_url=base_url, timeout=30) as http:
        while timeline.running:
            sent = time.monotonic()
            answer = await http.post("/api/articles", json={"article": article}, headers=headers)
            done = time.monotonic()
            timeline.probes.append((sent - started, (done - sent) * 1000, answer.status_code))
            await asyncio.sleep(max(0.0, 0.1 - (done - sent)))


async def count(url: str, query: str) -> int:
    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            return int((await connection.execute(text(query))).scalar_one())
    finally:
        await engine.dispose()


async def fresh_postgres() -> str:
    admin = await asyncpg.connect(host="127.0.0.1", user="postgres", database="postgres")
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{PG_DATABASE}" WITH (FORCE)')
        await admin.execute(f'CREATE DATABASE "{PG_DATABASE}"')
    finally:
        await admin.close()
    return f"postgresql://postgres@127.0.0.1/{PG_DATABASE}"


def serve(url: str, broker_port: int, exchange: str) -> Server:
    env = {
        "CONDUIT_DATABASE_URL": url,
        "CONDUIT_JWT_SECRET": SECRET,
        "CONDUIT_ENVIRONMENT": "production",
        "CONDUIT_LOG_LEVEL": "warning",
        "CONDUIT_PASSWORD_HASH_TIME_COST": "1",
        "CONDUIT_PASSWORD_HASH_MEMORY_KIB": "8",
        "CONDUIT_BROKER_URL": f"amqp://guest:guest@127.0.0.1:{broker_port}/",
        "CONDUIT_BROKER_EXCHANGE": exchange,
        "CONDUIT_BROKER_TIMEOUT_SECONDS": "1",
    }
    return Server(
        "conduit-broker-outage",
        [str(CONDUIT), "serve", "--migrate", "--port", str(PORT)],
        PORT,
        env,
    )


def phase_latency(timeline: Timeline, start: float, end: float) -> str:
    answers = [(ms, status) for at, ms, status in timeline.probes if start <= at < end]
    if not answers:
        return "no probe"
    latencies = sorted(ms for ms, _ in answers)
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
    failed = sum(status >= 300 for _, status in answers)
    return (
        f"{len(answers)} probes, p50 {statistics.median(latencies):.0f} ms, p99 {p99:.0f} ms, "
        f"max {latencies[-1]:.0f} ms, non-2xx {failed}"
    )


def drained_after(timeline: Timeline) -> tuple[int, float | None]:
    """The backlog when the broker came back, and how long until it was back to its level
    before the outage (the largest sample then), or None if it never was."""
    before = [n for at, n in timeline.backlog if at < timeline.closed_at] or [0]
    steady = max(before)
    after = [(at, n) for at, n in timeline.backlog if at >= timeline.opened_at]
    at_return = after[0][1] if after else 0
    for at, n in after:
        if n <= steady:
            return at_return, at - timeline.opened_at
    return at_return, None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--connections", type=int, default=20, help="wrk connections (writers)")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--before", type=int, default=5, help="seconds of load before the outage")
    parser.add_argument("--outage", type=int, default=10, help="seconds the broker is away")
    parser.add_argument("--after", type=int, default=15, help="seconds of load after it")
    args = parser.parse_args()
    OUT.mkdir(exist_ok=True)
    ensure_wrk()
    loop = Loop()
    proxy = TcpProxy(*RABBITMQ)
    loop.run(proxy.open())
    exchange = f"conduit.bench.{uuid.uuid4().hex[:8]}"
    received = Received()
    consumer = loop.run(consume(exchange, received))
    with tempfile.TemporaryDirectory(prefix="conduit-broker-bench-") as directory:
        url = (
            f"sqlite+aiosqlite:///{Path(directory) / 'conduit.db'}"
            if args.database == "sqlite"
            else loop.run(fresh_postgres())
        )
        server = serve(url, proxy.port, exchange)
        try:
            users = args.connections
            slugs = populate(server, users, articles=50)
            requests_file = OUT / "broker_outage.requests"
            lines = write_mix(random.Random(SAMPLE_SEED), users, slugs, TAGS)
            requests_file.write_text("\n".join(lines) + "\n")
            duration = args.before + args.outage + args.after
            timeline = Timeline()
            started = time.monotonic()
            load = subprocess.Popen(
                [
                    "wrk",
                    f"-t{args.threads}",
                    f"-c{args.connections}",
                    "-d",
                    f"{duration}s",
                    "--timeout",
                    "30s",
                    "-s",
                    str(HERE / "wrk" / "replay.lua"),
                    server.url,
                ],
                env={"REQUESTS": str(requests_file), "PATH": "/usr/bin:/bin"},
                stdout=subprocess.PIPE,
                text=True,
            )
            loop.start(sample(url, timeline, started))
            loop.start(probe(server.url, timeline, started))
            time.sleep(args.before)
            loop.run(proxy.close())
            timeline.closed_at = time.monotonic() - started
            time.sleep(args.outage)
            loop.run(proxy.open())
            timeline.opened_at = time.monotonic() - started
            output, _ = load.communicate()
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline and (
                not timeline.backlog or timeline.backlog[-1][1] > 0
            ):
                time.sleep(0.25)
            timeline.running = False
            time.sleep(1)  # the last messages on their way to the consumer
            exported = loop.run(count(url, EXPORTED))
        finally:
            server.stop()
    loop.run(consumer.close())
    loop.run(proxy.close())
    summary = json.loads(
        next(row for row in output.splitlines() if row.startswith("RESULT ")).removeprefix(
            "RESULT "
        )
    )
    at_return, drain = drained_after(timeline)
    peak = max(n for _, n in timeline.backlog)
    writes = summary["requests"] / (summary["duration_us"] / 1e6)
    print(
        f"{args.database}, write mix on {args.connections} connections for {duration} s "
        f"({writes:,.0f} req/s, non-2xx {summary['non_2xx']}); broker away from "
        f"{timeline.closed_at:.1f} s to {timeline.opened_at:.1f} s"
    )
    phases = {
        "before": (0, timeline.closed_at),
        "during": (timeline.closed_at, timeline.opened_at),
        "after": (timeline.opened_at, duration),
    }
    for phase, (start, end) in phases.items():
        print(f"  probe {phase} the outage: {phase_latency(timeline, start, end)}")
    drain_text = "not within 120 s" if drain is None else f"{drain:.1f} s"
    rate = "" if not drain else f" ({at_return / drain:,.0f} publications/s over the new ones)"
    print(
        f"  backlog when the broker returned: {at_return:,} (peak {peak:,}); "
        f"back to its level before the outage after {drain_text}{rate}"
    )
    marks = [f"{at:.0f}s:{n}" for at, n in timeline.backlog[:: max(1, int(2.5 / 0.25))]]
    print(f"  backlog every ~2.5 s: {' '.join(marks)}")
    print(
        f"  exported publications {exported:,}; received {received.distinct():,} distinct "
        f"({len(received.messages) - received.distinct():,} duplicates); "
        f"lost {exported - received.distinct():,}; out of order per key "
        f"{received.order_violations():,}"
    )


if __name__ == "__main__":
    main()
