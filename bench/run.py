"""The benchmark: Conduit and the raw-asyncpg ceiling under the same wrk load, side by side.

    python -m bench.run                      # 100,000 articles; 1 worker, then 2 workers
    python -m bench.run --articles 1000000 --scenarios list,feed,tag

It loads the data set when the database does not hold it yet (bench/generate.py), starts
`conduit serve` (production settings, PostgreSQL) and the ceiling (bench/write_ceiling.py: the
read ceiling of bench/ceiling.py plus favorite, unfavorite and comment) on loopback, checks
that both give the same answers, then drives each scenario with wrk for a fixed time after
a warm-up (a reading scenario three times per server, taking turns, keeping each server's
best) and prints requests/s, p50, p99, errors and the ratio ours / ceiling.
Results are also written as JSON to bench/out/.
"""

import argparse
import asyncio
import contextlib
import json
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import jwt

from bench.write_ceiling import SUBSCRIBER as CEILING_SUBSCRIBER
from migrations import runner

HERE = Path(__file__).parent
OUT = HERE / "out"
SECRET = "bench-secret-" + "0123456789abcdef" * 3  # passes the production checks
PYTHON = sys.executable
CONDUIT = Path(sys.executable).parent / "conduit"
SAMPLE_SEED = 7


@dataclass(frozen=True)
class Scenario:
    name: str
    lines: list[str]  # METHOD \t PATH \t TOKEN \t BODY
    ceiling: bool = True  # the ceiling serves it too

    @property
    def changes_data(self) -> bool:
        return not all(line.startswith("GET\t") for line in self.lines)


@dataclass
class Measurement:
    scenario: str
    server: str
    rps: float
    p50_ms: float
    p99_ms: float
    errors: int
    requests: int
    extra: dict[str, object] = field(default_factory=dict)


def token(user_id: int) -> str:
    now = datetime.now(UTC)
    claims = {"sub": str(user_id), "iat": now, "exp": now + timedelta(days=1)}
    return jwt.encode(claims, SECRET, algorithm="HS256")


def line(method: str, path: str, user: int | None = None, body: object | None = None) -> str:
    return "\t".join(
        [method, path, token(user) if user else "", json.dumps(body) if body is not None else ""]
    )


def sqlite_path(url: str) -> str | None:
    """The file of a SQLite URL; None for PostgreSQL."""
    return url.split(":///", 1)[1] if url.startswith("sqlite") else None


def sample_sqlite(path: str) -> tuple[int, int, list[str], int]:
    with sqlite3.connect(path) as connection:
        users = connection.execute("SELECT count(*) FROM users").fetchone()[0]
        articles = connection.execute("SELECT total FROM article_count").fetchone()[0]
        tags = connection.execute("SELECT count(*) FROM tags").fetchone()[0]
        rng = random.Random(SAMPLE_SEED)
        ids = [rng.randint(1, articles) for _ in range(2_000)]
        found = connection.execute(
            f"SELECT slug FROM articles WHERE id IN ({','.join('?' * len(ids))})", ids
        )
        return users, articles, [row[0] for row in found], tags


async def sample(url: str) -> tuple[int, int, list[str], int]:
    """The data set's size and a deterministic sample of its slugs."""
    if (path := sqlite_path(url)) is not None:
        return sample_sqlite(path)
    connection = await asyncpg.connect(url)
    try:
        users = await connection.fetchval("SELECT count(*) FROM users")
        articles = await connection.fetchval("SELECT total FROM article_count")
        tags = await connection.fetchval("SELECT count(*) FROM tags")
        rng = random.Random(SAMPLE_SEED)
        ids = [rng.randint(1, articles) for _ in range(2_000)]
        rows = await connection.fetch("SELECT slug FROM articles WHERE id = ANY($1)", ids)
        return users, articles, [row["slug"] for row in rows], tags
    finally:
        await connection.close()


def scenarios(users: int, slugs: list[str], tags: int) -> list[Scenario]:
    rng = random.Random(SAMPLE_SEED)

    def anyone() -> int:
        return rng.randint(1, users)

    def many(make: Callable[[], str], count: int = 2_000) -> list[str]:
        return [make() for _ in range(count)]

    reads = [
        Scenario("list", many(lambda: line("GET", "/api/articles?limit=20"), 1)),
        Scenario("list_auth", many(lambda: line("GET", "/api/articles?limit=20", anyone()))),
        Scenario(
            "tag",
            many(lambda: line("GET", f"/api/articles?tag=tag{rng.randint(1, tags)}&limit=20")),
        ),
        Scenario("author", many(lambda: line("GET", f"/api/articles?author=user{anyone()}"))),
        Scenario("favorited", many(lambda: line("GET", f"/api/articles?favorited=user{anyone()}"))),
        Scenario("feed", many(lambda: line("GET", "/api/articles/feed?limit=20", anyone()))),
        Scenario(
            "article", many(lambda: line("GET", f"/api/articles/{rng.choice(slugs)}", anyone()))
        ),
        Scenario(
            "comments",
            many(lambda: line("GET", f"/api/articles/{rng.choice(slugs)}/comments", anyone())),
        ),
        Scenario("profile", many(lambda: line("GET", f"/api/profiles/user{anyone()}", anyone()))),
        Scenario("tags", many(lambda: line("GET", "/api/tags"), 1)),
    ]
    return [
        *reads,
        Scenario("write_mix", favorites_and_comments(rng, users, slugs)),
        Scenario("writes", write_mix(rng, users, slugs, tags), ceiling=False),
    ]


def favorites_and_comments(rng: random.Random, users: int, slugs: list[str]) -> list[str]:
    """The writes the write ceiling serves too: favorite, unfavorite and comment, 25:25:20."""
    lines = []
    for _ in range(4_000):
        user, slug, roll = rng.randint(1, users), rng.choice(slugs), rng.random() * 0.70
        if roll < 0.25:
            lines.append(line("POST", f"/api/articles/{slug}/favorite", user))
        elif roll < 0.50:
            lines.append(line("DELETE", f"/api/articles/{slug}/favorite", user))
        else:
            lines.append(
                line("POST", f"/api/articles/{slug}/comments", user, {"comment": {"body": "Nice."}})
            )
    return lines


def write_mix(rng: random.Random, users: int, slugs: list[str], tags: int) -> list[str]:
    """Create article 20%, favorite 25%, unfavorite 25%, comment 20%, follow 10%."""
    lines = []
    for n in range(4_000):
        user, slug, roll = rng.randint(1, users), rng.choice(slugs), rng.random()
        if roll < 0.20:
            picked = sorted({f"tag{rng.randint(1, tags)}" for _ in range(rng.randint(1, 4))})
            article = {"title": f"Bench article {n}", "description": "d", "body": "b" * 400}
            lines.append(
                line("POST", "/api/articles", user, {"article": article | {"tagList": picked}})
            )
        elif roll < 0.45:
            lines.append(line("POST", f"/api/articles/{slug}/favorite", user))
        elif roll < 0.70:
            lines.append(line("DELETE", f"/api/articles/{slug}/favorite", user))
        elif roll < 0.90:
            lines.append(
                line("POST", f"/api/articles/{slug}/comments", user, {"comment": {"body": "Nice."}})
            )
        else:
            followee = user % users + 1  # never the user themselves
            lines.append(line("POST", f"/api/profiles/user{followee}/follow", user))
    return lines


class Server:
    """A server process on a port; `rss_mb` reads its workers' resident memory."""

    def __init__(self, name: str, command: list[str], port: int, env: dict[str, str]) -> None:
        self.name, self.port = name, port
        self.log = OUT / f"{name}.log"
        self.process = subprocess.Popen(
            command, env=env, stdout=subprocess.DEVNULL, stderr=self.log.open("wb")
        )
        deadline = time.monotonic() + 60  # a loaded machine starts slowly
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{self.url}/api/tags", timeout=2).status_code == 200:
                    return
            except httpx.TransportError:
                time.sleep(0.2)
        self.process.kill()  # not left serving on the port for the next run
        raise RuntimeError(f"{name} did not start:\n{self.log.read_text()}")

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _workers(self) -> list[int]:
        """The serving process(es): the workers, or the process itself."""
        children = subprocess.run(
            ["pgrep", "-P", str(self.process.pid)], capture_output=True, text=True, check=False
        ).stdout.split()
        return [int(pid) for pid in children] or [self.process.pid]

    def cpu_seconds(self) -> float:
        """CPU time used so far by the server and its workers: on a shared machine the cost
        of a request is steadier in CPU time than in requests per second."""
        ticks = 0
        for pid in {self.process.pid, *self._workers()}:  # the process itself once
            with contextlib.suppress(FileNotFoundError):
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                ticks += int(fields[11]) + int(fields[12])  # utime, stime
        return ticks / os.sysconf("SC_CLK_TCK")

    def rss_mb(self) -> float:
        """Resident memory of the serving process(es): the workers, or the process itself."""
        total = 0
        for pid in self._workers():
            for status in Path(f"/proc/{pid}/status").read_text().splitlines():
                if status.startswith("VmRSS:"):
                    total = max(total, int(status.split()[1]))
        return total / 1024

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=15)


def conduit(url: str, port: int, workers: int, log_level: str, log_format: str) -> Server:
    env = os.environ | {
        "CONDUIT_DATABASE_URL": url,
        "CONDUIT_JWT_SECRET": SECRET,
        "CONDUIT_ENVIRONMENT": "production",
        "CONDUIT_LOG_LEVEL": log_level,  # info: one access line per request (to the .log file)
        "CONDUIT_LOG_FORMAT": log_format,
    }
    command = [str(CONDUIT), "serve", "--port", str(port), "--workers", str(workers)]
    logged = "" if log_level == "warning" else f"-{log_level}-{log_format}"
    return Server(f"conduit-{workers}w{logged}", command, port, env)


def ceiling(url: str, port: int, workers: int) -> Server:
    env = os.environ | {"CONDUIT_JWT_SECRET": SECRET}
    command = [PYTHON, "-m", "bench.write_ceiling", "--url", url, "--port", str(port)]
    return Server(f"ceiling-{workers}w", [*command, "--workers", str(workers)], port, env)


def same_answers(ours: Server, theirs: Server, scenario: Scenario) -> None:
    """The ceiling only counts if it answers exactly what Conduit answers."""
    for entry in scenario.lines[:25]:
        method, path, user_token, body = entry.split("\t")
        headers = {"Content-Type": "application/json"}  # as bench/wrk/replay.lua sends
        if user_token:
            headers["Authorization"] = f"Token {user_token}"
        content = body.encode() or None
        a = httpx.request(method, ours.url + path, headers=headers, content=content)
        b = httpx.request(method, theirs.url + path, headers=headers, content=content)
        if (a.status_code, unstamped(a.json())) != (b.status_code, unstamped(b.json())):
            raise AssertionError(f"{scenario.name}: the answers differ for {method} {path}")


def unstamped(answer: dict[str, Any]) -> dict[str, Any]:
    """A new comment's answer without what differs between two writes: its id and times."""
    if "comment" not in answer:
        return answer
    varying = ("id", "createdAt", "updatedAt")
    return {"comment": {k: v for k, v in answer["comment"].items() if k not in varying}}


def wrk(
    server: Server,
    scenario: Scenario,
    args: argparse.Namespace,
    *,
    timeout_s: int = 10,
    count_statuses: bool = False,
) -> Measurement:
    """`extra` holds the slowest answer (max_ms) and, when counted, answers per status."""
    requests_file = OUT / f"{scenario.name}.requests"
    requests_file.write_text("\n".join(scenario.lines) + "\n")
    command = [
        "wrk",
        f"-t{args.threads}",
        f"-c{args.connections}",
        "--timeout",
        f"{timeout_s}s",
        "-s",
        str(HERE / "wrk" / "replay.lua"),
        server.url,
    ]
    env = os.environ | {"REQUESTS": str(requests_file)}
    if count_statuses:
        env["COUNT_STATUSES"] = "1"
    subprocess.run(
        [*command[:3], "-d", f"{args.warmup}s", *command[3:]],
        env=env,
        check=True,
        capture_output=True,
    )
    cpu_before = server.cpu_seconds()
    output = subprocess.run(
        [*command[:3], "-d", f"{args.duration}s", *command[3:]],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    cpu = server.cpu_seconds() - cpu_before
    summary = next(row for row in output.splitlines() if row.startswith("RESULT "))
    result = json.loads(summary.removeprefix("RESULT "))
    errors = sum(
        result[k] for k in ("connect_errors", "read_errors", "write_errors", "timeouts", "non_2xx")
    )
    return Measurement(
        scenario=scenario.name,
        server=server.name,
        rps=result["requests"] / (result["duration_us"] / 1e6),
        p50_ms=result["p50_us"] / 1000,
        p99_ms=result["p99_us"] / 1000,
        errors=errors,
        requests=result["requests"],
        extra={
            "cpu_us_per_request": cpu / max(result["requests"], 1) * 1e6,
            "duration_s": result["duration_us"] / 1e6,
            "max_ms": result["max_us"] / 1000,
            "statuses": result["statuses"],
        },
    )


def ensure_wrk() -> None:
    if shutil.which("wrk"):
        return
    if os.geteuid() == 0 and shutil.which("apt-get"):
        print("installing wrk (Debian package)")
        subprocess.run(["apt-get", "install", "-y", "-q", "wrk"], check=True, capture_output=True)
        return
    sys.exit("bench: wrk is needed: apt-get install wrk")


def ensure_data(url: str, articles: int) -> None:
    def loaded_sqlite(path: str) -> int:
        if not Path(path).exists():
            return -1
        with sqlite3.connect(path) as connection:
            return int(connection.execute("SELECT total FROM article_count").fetchone()[0])

    async def loaded() -> int:
        try:
            connection = await asyncpg.connect(url)
        except asyncpg.InvalidCatalogNameError:
            return -1
        try:
            return int(await connection.fetchval("SELECT total FROM article_count"))
        except asyncpg.UndefinedTableError:
            return -1
        finally:
            await connection.close()

    path = sqlite_path(url)
    if (
        loaded_sqlite(path) if path else asyncio.run(loaded())
    ) != articles:  # first run, or an earlier write mix added some
        subprocess.run(
            [PYTHON, "-m", "bench.generate", "--url", url, "--articles", str(articles)], check=True
        )
    else:
        runner.upgrade(url)  # data kept from an older tree: `conduit serve` wants the head
    asyncio.run(settle(url))


# An earlier write run's undelivered publications: delivered at the next start, they would
# fall on its first scenario.
DROP_BACKLOG = "DELETE FROM event_publications WHERE status = 'pending'"


async def settle(url: str) -> None:
    """Every run starts from the same state: no event backlog, statistics fresh, dirty pages
    written out."""
    if (path := sqlite_path(url)) is not None:
        with sqlite3.connect(path) as sqlite:
            sqlite.execute(DROP_BACKLOG)
            sqlite.commit()  # the checkpoint below refuses to run inside a transaction
            sqlite.execute("ANALYZE")
            sqlite.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return
    connection = await asyncpg.connect(url)
    try:
        await connection.execute(DROP_BACKLOG)
        await connection.execute("VACUUM ANALYZE")
        await connection.execute("CHECKPOINT")
    finally:
        await connection.close()


DRAIN_LIMIT_SECONDS = 120.0


def backlog_noted(
    measured: Measurement, scenario: Scenario, server: Server, url: str
) -> Measurement:
    """For a scenario that writes: the server's publications still pending as it ended, and
    how long it then took to deliver them, waited for here so that no server's deferred
    deliveries fall into the next measurement. A server that keeps up leaves a few dozen in
    flight; one that fell behind served its writes with part of their work put off, and
    `with_delivery` counts that time too: its writes per second over the run and the wait
    (none when they were not all delivered within DRAIN_LIMIT_SECONDS)."""
    if not scenario.changes_data:
        return measured
    # The write ceiling delivers to a subscriber of its own; Conduit to its contexts'.
    mine = "=" if server.name.startswith("ceiling") else "<>"
    query = (
        "SELECT count(*) FROM event_publications WHERE status = 'pending' "
        f"AND subscriber {mine} '{CEILING_SUBSCRIBER}'"
    )
    pending, left, drained = asyncio.run(_drain(url, query))
    duration = float(measured.extra["duration_s"])  # type: ignore[arg-type]
    measured.extra |= {
        "pending_after": pending,
        "pending_left": left,
        "drain_s": drained,
        "with_delivery": None if left else measured.requests / (duration + drained),
    }
    if left:
        print(f"{server.name}: {left} publications still pending after {drained:.0f} s")
    return measured


async def _drain(url: str, query: str) -> tuple[int, int, float]:
    """(pending at first, pending at the end, seconds waited), polling one connection."""
    if (path := sqlite_path(url)) is not None:
        with contextlib.closing(sqlite3.connect(path)) as sqlite:

            async def count() -> int:
                found: int = sqlite.execute(query).fetchone()[0]
                return found

            return await _poll(count)
    connection = await asyncpg.connect(url)
    try:
        return await _poll(lambda: connection.fetchval(query))
    finally:
        await connection.close()


async def _poll(count: Callable[[], Awaitable[int]]) -> tuple[int, int, float]:
    first = left = await count()
    started = time.monotonic()
    while left and time.monotonic() - started < DRAIN_LIMIT_SECONDS:
        await asyncio.sleep(0.1)
        left = await count()
    return first, left, time.monotonic() - started


def report(rows: list[Measurement], title: str) -> str:
    ceiling_rps = {r.scenario: r.rps for r in rows if r.server.startswith("ceiling")}
    lines = [
        f"### {title}",
        "",
        "| scenario | server | requests/s | p50 ms | p99 ms | errors | ours / ceiling "
        "| CPU us/req | events pending after | delivered within (s) | writes/s with delivery |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        ratio = ""
        if r.server.startswith("conduit") and r.scenario in ceiling_rps:
            ratio = f"{r.rps / ceiling_rps[r.scenario]:.0%}"
        lines.append(
            f"| {r.scenario} | {r.server} | {r.rps:,.0f} | {r.p50_ms:.1f} | {r.p99_ms:.1f} "
            f"| {r.errors} | {ratio} | {r.extra.get('cpu_us_per_request', 0):.0f} "
            f"| {r.extra.get('pending_after', '')} | {_number(r.extra.get('drain_s'), '.1f')} "
            f"| {_number(r.extra.get('with_delivery'), ',.0f')} |"
        )
    return "\n".join(lines)


def _number(value: object, spec: str) -> str:
    return format(value, spec) if isinstance(value, float) else ""


def warm_file(path: str) -> None:
    """The SQLite file read once through, into the page cache, as a serving machine's would
    be: evicted (this machine's memory reclaim does that within minutes), each first read of
    a page waits for the disk, and a read on the event loop's connection holds the loop
    meanwhile (seconds per request at 150 MB/s; see docs/adr/0010). Its write-ahead log too,
    where pages written since the last checkpoint are read from."""
    for name in (path, path + "-wal"):
        try:
            with open(name, "rb") as database:
                while database.read(1 << 20):
                    pass
        except FileNotFoundError:  # no log: everything is in the file
            if name == path:
                raise


def best_of_rounds(
    scenario: Scenario, servers: list[Server], args: argparse.Namespace
) -> list[Measurement]:
    """Each server's best of `--rounds` runs of a reading scenario, the servers taking turns,
    so that a load elsewhere on the machine, which comes and goes, falls on both and is
    mostly left out. A scenario that writes is run once: each run adds to the data set."""
    measured: list[list[Measurement]] = [[] for _ in servers]
    for _ in range(1 if scenario.changes_data else args.rounds):
        for server, runs in zip(servers, measured, strict=True):
            runs.append(backlog_noted(wrk(server, scenario, args), scenario, server, args.url))
    kept = []
    for runs in measured:
        best = max(runs, key=lambda run: (run.errors == 0, run.rps))  # a run with errors last
        best.extra |= {
            "rounds_rps": [round(run.rps, 1) for run in runs],
            "rounds_errors": [run.errors for run in runs],
        }
        kept.append(best)
    return kept


def run(args: argparse.Namespace, workers: int, chosen: list[Scenario]) -> list[Measurement]:
    ours = conduit(args.url, args.port, workers, args.log_level, args.log_format)
    theirs = ceiling(args.url, args.port + 1, workers) if not args.no_ceiling else None
    rows: list[Measurement] = []
    try:
        for scenario in chosen:
            if (path := sqlite_path(args.url)) is not None:
                warm_file(path)
            servers = [ours]
            if (
                theirs is not None
                and scenario.ceiling
                and not (
                    scenario.name == "write_mix"
                    and sqlite_path(args.url)  # no SQLite write ceiling
                )
            ):
                same_answers(ours, theirs, scenario)
                servers = [theirs, ours]
            rows.extend(best_of_rounds(scenario, servers, args))
            print(report(rows[-len(servers) :], scenario.name))
        rows.append(
            Measurement("rss after the run", ours.name, 0, 0, 0, 0, 0, {"rss_mb": ours.rss_mb()})
        )
    finally:
        ours.stop()
        if theirs is not None:
            theirs.stop()
    return rows


def _at_least_one(text: str) -> int:
    if (value := int(text)) < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument(
        "--url", help="default: postgresql://postgres@127.0.0.1/conduit_bench_<articles>"
    )
    parser.add_argument(
        "--sqlite",
        action="store_true",
        help="on SQLite: --url defaults to sqlite:///bench/out/conduit_bench_<articles>.db",
    )
    parser.add_argument("--duration", type=int, default=10, help="seconds measured per scenario")
    parser.add_argument("--warmup", type=int, default=3, help="seconds of warm-up per scenario")
    parser.add_argument(
        "--rounds",
        type=_at_least_one,
        default=3,
        help="runs of each reading scenario per server, taking turns; the best is reported"
        " (1 for a quick look)",
    )
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--workers", default="1,2", help="worker counts to measure, e.g. 1,2")
    parser.add_argument("--scenarios", help="comma-separated names (default: all)")
    parser.add_argument("--no-ceiling", action="store_true")
    parser.add_argument("--port", type=int, default=8801, help="Conduit's; the ceiling's is +1")
    parser.add_argument(
        "--log-level",
        default="info",
        help="CONDUIT_LOG_LEVEL: info, the default Conduit ships with, writes an access line per"
        " request; warning leaves them out",
    )
    parser.add_argument("--log-format", default="text", choices=["text", "json"])
    args = parser.parse_args()
    default = (
        f"sqlite:///{OUT.relative_to(Path.cwd())}/conduit_bench_{args.articles}.db"
        if args.sqlite
        else f"postgresql://postgres@127.0.0.1/conduit_bench_{args.articles}"
    )
    args.url = args.url or default
    OUT.mkdir(exist_ok=True)
    ensure_wrk()
    ensure_data(args.url, args.articles)
    users, articles, slugs, tags = asyncio.run(sample(args.url))
    every = scenarios(users, slugs, tags)
    wanted = set(args.scenarios.split(",")) if args.scenarios else {s.name for s in every}
    chosen = [s for s in every if s.name in wanted]
    results: dict[str, object] = {
        "machine": {"cpus": os.cpu_count(), "uname": " ".join(os.uname())},
        "articles": articles,
        "connections": args.connections,
        "duration_s": args.duration,
        "rounds": args.rounds,  # of each reading scenario; one of each that writes
        "log_level": args.log_level,
        "log_format": args.log_format,
        "database": "sqlite" if sqlite_path(args.url) else "postgresql",
    }
    for workers in [int(w) for w in args.workers.split(",")]:
        rows = run(
            args,
            workers,
            chosen
            if workers == 1
            else [s for s in chosen if s.name in {"list", "list_auth", "feed", "article"}],
        )
        results[f"{workers}_workers"] = [asdict(r) for r in rows]
        print(
            report([r for r in rows if r.requests], f"{articles:,} articles, {workers} worker(s)")
        )
        print(f"resident memory of one worker after the run: {rows[-1].extra['rss_mb']:.0f} MB")
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    path = OUT / f"results-{articles}-{stamp}.json"
    path.write_text(json.dumps(results, indent=2))
    print(f"written to {path}")


if __name__ == "__main__":
    main()
