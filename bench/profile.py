"""Where a worker's CPU goes under load: py-spy samples a server while wrk drives one path.

    python -m bench.profile "/api/articles?limit=20" [--source DIR] [--seconds 10]
    python -m bench.profile write_mix        # a scenario of bench.run, replayed as it replays it

Starts `conduit` (from this tree, or from an older checkout given as --source, e.g. a
`git worktree`) on the 100,000-article benchmark database, loads it with wrk, samples it
with py-spy and prints the functions that took the most samples, by themselves and with
what they called. The raw samples are written to bench/out/profile-<name>.txt.
"""

import argparse
import asyncio
import os
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import httpx

from bench.run import HERE, OUT, SECRET, sample, scenarios

PORT = 8803


def summarize(raw: Path, top: int) -> str:
    own: Counter[str] = Counter()
    under: Counter[str] = Counter()
    total = 0
    for line in raw.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        samples = int(count)
        total += samples
        frames = [
            frame.split(" (")[0] + " " + frame.rsplit("/", 1)[-1] for frame in stack.split(";")
        ]
        own[frames[-1]] += samples
        for function in {frame.rsplit(":", 1)[0] + ")" for frame in frames}:  # any line
            under[function] += samples
    lines = [f"{total} samples", "", "by itself:"]
    lines += [f"{n / total:6.1%}  {frame}" for frame, n in own.most_common(top)]
    lines += ["", "with what it called:"]
    lines += [f"{n / total:6.1%}  {frame}" for frame, n in under.most_common(top * 2)]
    return "\n".join(lines)


def scenario_requests(url: str, name: str) -> Path:
    users, _articles, slugs, tags = asyncio.run(sample(url))
    scenario = next(s for s in scenarios(users, slugs, tags) if s.name == name)
    requests = OUT / f"profile-{name}.requests"
    requests.write_text("\n".join(scenario.lines) + "\n")
    return requests


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path", help="a path to GET, or the name of a bench.run scenario")
    parser.add_argument("--source", type=Path, help="a checkout to run instead of this tree")
    parser.add_argument("--url", default="postgresql://postgres@127.0.0.1/conduit_bench_100000")
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--name", default="profile")
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args()
    OUT.mkdir(exist_ok=True)
    env = os.environ | {
        "CONDUIT_DATABASE_URL": args.url,
        "CONDUIT_JWT_SECRET": SECRET,
        "CONDUIT_ENVIRONMENT": "production",
        "CONDUIT_LOG_LEVEL": "warning",
    }
    source = args.source.resolve() if args.source else Path.cwd()
    server = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "from entrypoints.cli.main import main; main()",
            "serve",
            "--port",
            str(PORT),
        ],
        cwd=source,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{PORT}"
    url, load_env = base + args.path, dict(os.environ)
    wrk = ["wrk", "-t2", "-c32"]
    if not args.path.startswith("/"):  # a scenario: its requests, replayed
        url, wrk = base, [*wrk, "-s", str(HERE / "wrk" / "replay.lua")]
        load_env["REQUESTS"] = str(scenario_requests(args.url, args.path))
    try:
        for _ in range(100):
            try:
                httpx.get(url, timeout=1)
                break
            except httpx.TransportError:
                time.sleep(0.2)
        subprocess.run([*wrk, "-d3s", url], check=True, capture_output=True, env=load_env)
        load = subprocess.Popen(
            [*wrk, f"-d{args.seconds + 4}s", url], stdout=subprocess.PIPE, text=True, env=load_env
        )
        time.sleep(2)
        raw = OUT / f"{args.name}.txt"
        subprocess.run(
            [
                str(Path(sys.executable).parent / "py-spy"),
                "record",
                "-p",
                str(server.pid),
                "-d",
                str(args.seconds),
                "-r",
                "200",
                "-f",
                "raw",
                "-o",
                str(raw),
                "--nonblocking",
            ],
            check=True,
            capture_output=True,
        )
        output, _ = load.communicate()
        print(next(line for line in output.splitlines() if "Requests/sec" in line).strip())
        print(summarize(raw, args.top))
    finally:
        server.terminate()
        server.wait(timeout=15)


if __name__ == "__main__":
    main()
