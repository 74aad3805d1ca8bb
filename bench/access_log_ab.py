"""The list benchmark with the access line off, in text and in JSON, side by side.

    python -m bench.access_log_ab --articles 10000 --rounds 6 --duration 5

Three `conduit serve` processes (CONDUIT_LOG_LEVEL warning, then info in each format) run at
once; wrk loads each in turn, round after round, so a shared machine's load falls on all
three alike. Prints the median over the rounds of requests/s, p50, p99 and the server's CPU
time per request. Each server's log goes to bench/out/conduit-1w*.log.
"""

import argparse
import asyncio
import statistics

from bench.run import (
    OUT,
    Measurement,
    Server,
    conduit,
    ensure_data,
    ensure_wrk,
    sample,
    scenarios,
    wrk,
)

VARIANTS = {"off": ("warning", "text"), "text": ("info", "text"), "json": ("info", "json")}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--url", help="default: postgresql://postgres@127.0.0.1/conduit_bench_<n>")
    parser.add_argument("--rounds", type=int, default=6)
    parser.add_argument("--duration", type=int, default=5, help="seconds measured per run")
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--port", type=int, default=8871, help="the first of three")
    args = parser.parse_args()
    args.url = args.url or f"postgresql://postgres@127.0.0.1/conduit_bench_{args.articles}"
    OUT.mkdir(exist_ok=True)
    ensure_wrk()
    ensure_data(args.url, args.articles)
    users, _articles, slugs, tags = asyncio.run(sample(args.url))
    [listing] = [s for s in scenarios(users, slugs, tags) if s.name == "list"]

    servers: dict[str, Server] = {}
    try:
        for offset, (name, (level, log_format)) in enumerate(VARIANTS.items()):
            servers[name] = conduit(args.url, args.port + offset, 1, level, log_format)
        rows: dict[str, list[Measurement]] = {name: [] for name in servers}
        for round_ in range(args.rounds):
            for name, server in servers.items():
                rows[name].append(wrk(server, listing, args))
            print(
                f"round {round_ + 1}: "
                + ", ".join(f"{n} {r[-1].rps:,.0f}" for n, r in rows.items())
            )
    finally:
        for server in servers.values():
            server.stop()

    print("| access line | requests/s | p50 ms | p99 ms | CPU us/request |")
    print("|---|---:|---:|---:|---:|")
    for name, measured in rows.items():
        cpu = [float(m.extra["cpu_us_per_request"]) for m in measured]  # type: ignore[arg-type]
        print(
            f"| {name} | {statistics.median(m.rps for m in measured):,.0f} "
            f"| {statistics.median(m.p50_ms for m in measured):.1f} "
            f"| {statistics.median(m.p99_ms for m in measured):.1f} "
            f"| {statistics.median(cpu):.0f} |"
        )


if __name__ == "__main__":
    main()
