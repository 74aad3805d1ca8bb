"""SQLite under many concurrent writers: how long the slowest write waits, and what it gets.

    python -m bench.sqlite_writers                  # 200 connections writing for 20 s
    python -m bench.sqlite_writers --connections 400 --duration 30

Starts `conduit serve` on a fresh SQLite file, registers the users and a few articles, then
drives bench/run.py's write mix (create, favorite, unfavorite, comment, follow) with wrk,
every connection writing back to back, and prints requests/s, p50, p99, the slowest answer
and the answers per status. Nothing should wait past SQLite's busy timeout
(adapters/shared/sql/engine.py); a write that would is to be answered 503 with Retry-After.
"""

import argparse
import random
import tempfile
from pathlib import Path
from typing import cast

import httpx

from bench.run import (
    CONDUIT,
    OUT,
    SAMPLE_SEED,
    SECRET,
    Measurement,
    Scenario,
    Server,
    ensure_wrk,
    token,
    write_mix,
    wrk,
)

PORT = 8803
TAGS = 20


def serve(directory: Path) -> Server:
    env = {
        "CONDUIT_DATABASE_URL": f"sqlite+aiosqlite:///{directory / 'conduit.db'}",
        "CONDUIT_JWT_SECRET": SECRET,
        "CONDUIT_ENVIRONMENT": "production",
        "CONDUIT_LOG_LEVEL": "warning",
        # Registration hashes passwords; the load does not: keep the set-up quick.
        "CONDUIT_PASSWORD_HASH_TIME_COST": "1",
        "CONDUIT_PASSWORD_HASH_MEMORY_KIB": "8",
    }
    command = [str(CONDUIT), "serve", "--migrate", "--port", str(PORT)]
    return Server("conduit-sqlite", command, PORT, env)


def populate(server: Server, users: int, articles: int) -> list[str]:
    """Users user1..userN (ids 1..N on a fresh file) and `articles` articles; their slugs."""
    rng = random.Random(SAMPLE_SEED)
    slugs = []
    with httpx.Client(base_url=server.url, timeout=30) as http:
        for n in range(1, users + 1):
            user = {"username": f"user{n}", "email": f"user{n}@example.com", "password": "x" * 12}
            http.post("/api/users", json={"user": user}).raise_for_status()
        for n in range(articles):
            tags = [f"tag{rng.randint(1, TAGS)}"]
            article = {"title": f"Seed {n}", "description": "d", "body": "b", "tagList": tags}
            headers = {"Authorization": f"Token {token(rng.randint(1, users))}"}
            created = http.post("/api/articles", json={"article": article}, headers=headers)
            created.raise_for_status()
            slugs.append(created.json()["article"]["slug"])
    return slugs


def report(result: Measurement, connections: int, duration: int) -> str:
    statuses = cast(dict[str, int], result.extra["statuses"])
    refused = sum(count for status, count in statuses.items() if not status.startswith("2"))
    return (
        f"SQLite, {connections} concurrent writers for {duration} s: "
        f"{result.requests:,} answers, {result.rps:,.0f}/s; latency p50 {result.p50_ms:,.0f} ms, "
        f"p99 {result.p99_ms:,.0f} ms, max {result.extra['max_ms']:,.0f} ms; "
        f"per status {dict(sorted(statuses.items()))}; "
        f"no answer (socket errors, timeouts) {result.errors - refused}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--connections", type=int, default=200)
    parser.add_argument("--duration", type=int, default=20, help="seconds measured")
    parser.add_argument("--warmup", type=int, default=2, help="seconds of warm-up")
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    OUT.mkdir(exist_ok=True)
    ensure_wrk()
    with tempfile.TemporaryDirectory(prefix="conduit-sqlite-bench-") as directory:
        server = serve(Path(directory))
        try:
            users = args.connections
            slugs = populate(server, users, articles=50)
            mix = Scenario(
                "sqlite_writes", write_mix(random.Random(SAMPLE_SEED), users, slugs, TAGS)
            )
            # A timeout far past the busy timeout, so the slowest waits are measured.
            result = wrk(server, mix, args, timeout_s=60, count_statuses=True)
        finally:
            server.stop()
    print(report(result, args.connections, args.duration))


if __name__ == "__main__":
    main()
