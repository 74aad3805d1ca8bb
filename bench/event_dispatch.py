"""After-commit events measured on SQLite and PostgreSQL, in-process (bench/RESULTS.md).

    python -m bench.event_dispatch [--backends sqlite,postgres] [--rounds 8] [--writes 200]

0. The API's write mix (create, favorite, comment, update, delete an article; 8 clients
   through ASGI, no sockets), in alternating rounds: as main has it (no after-commit
   subscriber), then with every unit of work publishing one event to one after-commit
   subscriber and the app's own dispatcher delivering (as `conduit serve` runs it).
   Requests/s per mode, the paired change, and commit-to-delivery p50/p99.
1. The bare write path: concurrent writers (8), each write one transaction adding a user row
   and publishing an event, in alternating rounds: no after-commit subscriber (the event
   goes nowhere), one (a publication recorded), and one with
   this process's dispatcher delivering meanwhile. Writes/s per mode and the paired change:
   the worst case, a transaction that does almost nothing else.
2. Commit to delivery under that load: the dispatcher's latency per publication, p50/p99
   (from the publication's timestamp, taken just before the publisher's COMMIT).
3. One dispatcher's throughput: 5,000 publications waiting, delivered by one dispatcher.
4. LISTEN/NOTIFY (PostgreSQL): a dispatcher that hears of commits only through NOTIFY (its
   poll set to 30 s), one publication at a time: commit to delivery, p50/p99.
"""

import argparse
import asyncio
import statistics
import tempfile
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from itertools import count
from pathlib import Path
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from adapters.identity.unit_of_work import SqlIdentityUnitOfWork
from adapters.shared.clock import SystemClock
from adapters.shared.container import recording_subscriptions
from adapters.shared.events.codec import EventCodec
from adapters.shared.events.dispatcher import Dispatcher, DispatchSettings
from adapters.shared.events.listener import PostgresListener
from adapters.shared.events.recorder import SqlPublicationRecorder
from adapters.shared.events.registry import SqlPublicationRegistry
from adapters.shared.events.wake_up import WakeUp
from adapters.shared.sql.engine import create_engine
from adapters.shared.sql.unit_of_work import SqlUnitOfWork
from application.shared.events import DeliveryAttempt, EventSubscriptions, IntegrationEvent
from domain.identity.user import User
from domain.identity.values import Email, Username
from entrypoints.composition.app import create_app
from entrypoints.composition.container import build_container, release
from entrypoints.composition.events import EventDelivery
from entrypoints.settings import Settings
from migrations import runner

WRITERS = 8
_names = count()


@dataclass(frozen=True, slots=True)
class Benchmarked(IntegrationEvent):
    number: int


@dataclass
class Latencies:
    seconds: list[float] = field(default_factory=list)

    def delivered(self, subscriber: str, seconds_since_commit: float) -> None:
        self.seconds.append(seconds_since_commit)

    def failed(self, subscriber: str, *, final: bool) -> None:
        raise AssertionError("a benchmark delivery failed")

    def summary(self) -> str:
        if not self.seconds:
            return "none delivered"
        ordered = sorted(self.seconds)
        p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
        return (
            f"p50 {statistics.median(ordered) * 1000:.1f} ms, p99 {p99 * 1000:.1f} ms "
            f"({len(ordered)} deliveries)"
        )


async def nothing(_event: Benchmarked, _attempt: DeliveryAttempt[AsyncSession]) -> None:
    """The cheapest subscriber: what is measured is the registry and the dispatcher."""


class Setup:
    """One database's units of work, with or without an after-commit subscriber."""

    def __init__(self, engine: AsyncEngine, subscribed: bool) -> None:
        self.engine = engine
        self.clock = SystemClock()
        self.wake_up = WakeUp()
        self.sessions = async_sessionmaker(engine, class_=AsyncSession, expire_on_commit=False)
        recorder = SqlPublicationRecorder(EventCodec(), self.clock, self.wake_up)
        self.subscriptions: EventSubscriptions[AsyncSession] = recording_subscriptions(recorder)
        if subscribed:
            self.subscriptions.subscribe_after_commit(Benchmarked, "bench", nothing)
        self.registry = SqlPublicationRegistry(engine, self.clock)

    async def write(self) -> None:
        number = next(_names)
        async with SqlIdentityUnitOfWork(self.sessions, self.subscriptions) as uow:
            await uow.users.add(
                User.register(
                    username=Username(f"b{number}"),
                    email=Email(f"b{number}@example.com"),
                    password_hash="h",
                    now=datetime.now(UTC),
                )
            )
            uow.publish(Benchmarked(number))
            await uow.commit()

    def dispatcher(self, observer: Any = None, **settings: Any) -> Dispatcher:
        concurrency = 1 if self.engine.dialect.name == "sqlite" else 4
        return Dispatcher(
            self.subscriptions,
            self.sessions,
            self.registry,
            self.clock,
            self.wake_up,
            DispatchSettings(concurrency=concurrency, **settings),
            observer,
        )


async def writes_per_second(write: Callable[[], Awaitable[None]], writes: int) -> float:
    remaining = iter(range(writes))

    async def writer() -> None:
        for _ in remaining:
            await write()

    started = time.perf_counter()
    await asyncio.gather(*(writer() for _ in range(WRITERS)))
    return writes / (time.perf_counter() - started)


async def write_path(engine: AsyncEngine, rounds: int, writes: int) -> None:
    plain, recording = Setup(engine, subscribed=False), Setup(engine, subscribed=True)
    observed, latencies = Latencies(), Latencies()
    dispatching = recording.dispatcher(observed)
    rates: dict[str, list[float]] = {"none": [], "recorded": [], "recorded+dispatched": []}
    for _ in range(rounds):
        rates["none"].append(await writes_per_second(plain.write, writes))
        rates["recorded"].append(await writes_per_second(recording.write, writes))
        await dispatching.run_once()  # the recorded round's publications, not timed
        observed.seconds.clear()
        dispatching.start()
        rates["recorded+dispatched"].append(await writes_per_second(recording.write, writes))
        await asyncio.sleep(0.5)  # the last deliveries
        await dispatching.stop()
        latencies.seconds.extend(observed.seconds)
    for mode, values in rates.items():
        paired = statistics.median(v / n - 1 for v, n in zip(values, rates["none"], strict=True))
        print(
            f"  writes/s, {mode:<20} median {statistics.median(values):7.0f} "
            f"(min {min(values):.0f}, max {max(values):.0f}); paired vs none {paired:+.1%}"
        )
    print(f"  commit to delivery under {WRITERS} writers: {latencies.summary()}")


async def throughput(engine: AsyncEngine, total: int = 5_000) -> None:
    setup = Setup(engine, subscribed=True)
    for start in range(0, total, 500):
        async with SqlIdentityUnitOfWork(setup.sessions, setup.subscriptions) as uow:
            for number in range(start, start + 500):
                uow.publish(Benchmarked(number))
            await uow.commit()
    started = time.perf_counter()
    delivered = await setup.dispatcher().run_once()
    elapsed = time.perf_counter() - started
    rate = delivered / elapsed
    print(f"  one dispatcher: {delivered} publications in {elapsed:.1f} s = {rate:.0f}/s")


async def listen_notify(engine: AsyncEngine, url: str, publications: int = 200) -> None:
    publisher = Setup(engine, subscribed=True)
    # Another process, as far as wake-ups go: its own WakeUp, fed only by LISTEN.
    elsewhere = WakeUp()
    listener = PostgresListener(url, elsewhere)
    announcer = PostgresListener(url, publisher.wake_up)  # the publishing process's
    latencies = Latencies()
    dispatcher = Dispatcher(
        publisher.subscriptions,
        publisher.sessions,
        publisher.registry,
        publisher.clock,
        elsewhere,
        DispatchSettings(poll_seconds=30),
        latencies,
    )
    listener.start()
    announcer.start()
    await asyncio.sleep(0.5)
    dispatcher.start()
    await asyncio.sleep(0.2)
    for number in range(publications):
        async with SqlIdentityUnitOfWork(publisher.sessions, publisher.subscriptions) as uow:
            uow.publish(Benchmarked(number))
            await uow.commit()
        await asyncio.sleep(0.01)
    await asyncio.sleep(0.5)
    await dispatcher.stop()
    await listener.stop()
    await announcer.stop()
    print(f"  LISTEN/NOTIFY only (poll 30 s), one at a time: {latencies.summary()}")


class EveryWritePublishes:
    """Makes every unit of work publish one Benchmarked event at commit, while on: the write
    mix then records one publication per write, as if every use case published a fact."""

    def __init__(self) -> None:
        self.on = False
        original = SqlUnitOfWork.commit

        async def commit(uow: SqlUnitOfWork) -> None:
            if self.on:
                uow.publish(Benchmarked(next(_names)))
            await original(uow)

        SqlUnitOfWork.commit = commit  # type: ignore[method-assign,assignment]


async def api_write_mix(
    url: str, rounds: int, iterations: int, publishing: EveryWritePublishes
) -> None:
    from httpx import ASGITransport, AsyncClient

    settings = Settings(
        _env_file=None,
        environment="test",
        database_url=url,
        jwt_secret="bench-" + "s" * 40,
        log_level="warning",
        password_hash_time_cost=1,
        password_hash_memory_kib=8,
        events_dispatch_in_serve=False,  # started below, for the rounds that publish
    )
    container = build_container(settings)
    latencies = Latencies()
    container.shared.subscriptions().subscribe_after_commit(Benchmarked, "bench", nothing)
    delivery = EventDelivery(settings, container, latencies)
    app = create_app(settings, container)
    async with AsyncClient(transport=ASGITransport(app=app), base_url="http://b") as http:
        tokens = []
        for n in range(WRITERS):
            user = {"username": f"w{n}", "email": f"w{n}@example.com", "password": "p" * 12}
            answer = await http.post("/api/users", json={"user": user})
            tokens.append({"Authorization": f"Token {answer.json()['user']['token']}"})

        async def client(headers: dict[str, str], name: str) -> None:
            for i in range(iterations):
                article = {"title": f"{name} {i} {next(_names)}", "description": "d", "body": "b"}
                created = await http.post(
                    "/api/articles", json={"article": article}, headers=headers
                )
                slug = created.json()["article"]["slug"]
                await http.post(f"/api/articles/{slug}/favorite", headers=headers)
                comment = {"comment": {"body": "c"}}
                await http.post(f"/api/articles/{slug}/comments", json=comment, headers=headers)
                change = {"article": {"body": "changed"}}
                await http.put(f"/api/articles/{slug}", json=change, headers=headers)
                await http.delete(f"/api/articles/{slug}", headers=headers)

        errors: list[int] = []

        async def requests_per_second() -> float:
            started = time.perf_counter()
            await asyncio.gather(*(client(t, f"c{n}") for n, t in enumerate(tokens)))
            return WRITERS * iterations * 5 / (time.perf_counter() - started)

        before: list[float] = []
        after: list[float] = []
        for _ in range(rounds):
            before.append(await requests_per_second())
            publishing.on = True
            await delivery.start()
            after.append(await requests_per_second())
            await asyncio.sleep(0.5)
            await delivery.stop()
            publishing.on = False
    await release(container)
    paired = statistics.median(a / b - 1 for a, b in zip(after, before, strict=True))
    print(
        f"  write mix req/s: before median {statistics.median(before):.0f}, after (every write "
        f"publishes, dispatcher on) median {statistics.median(after):.0f}; paired {paired:+.1%}"
    )
    print(f"  commit to delivery under the write mix: {latencies.summary()}")
    if errors:
        print(f"  ({len(errors)} article creations refused: {sorted(set(errors))})")


async def database(backend: str, directory: Path) -> str:
    if backend == "sqlite":
        return f"sqlite+aiosqlite:///{directory / 'events.db'}"
    from tests.support.databases import recreate_postgres_database

    return await recreate_postgres_database("conduit_bench_events")


async def run(backends: list[str], rounds: int, writes: int) -> None:
    publishing = EveryWritePublishes()
    with tempfile.TemporaryDirectory() as directory:
        for backend in backends:
            url = await database(backend, Path(directory))
            await asyncio.to_thread(runner.upgrade, url)
            engine = create_engine(url)
            try:
                print(f"{backend}:")
                await api_write_mix(url, rounds, max(writes // 40, 1), publishing)
                await write_path(engine, rounds, writes)
                async with engine.begin() as connection:
                    await connection.execute(text("DELETE FROM event_publications"))
                await throughput(engine)
                if backend == "postgres":
                    await listen_notify(engine, url)
            finally:
                await engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--backends", default="sqlite,postgres")
    parser.add_argument("--rounds", type=int, default=8)
    parser.add_argument("--writes", type=int, default=200, help="writes per round and mode")
    args = parser.parse_args()
    asyncio.run(run(args.backends.split(","), args.rounds, args.writes))


if __name__ == "__main__":
    main()
