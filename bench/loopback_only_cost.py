"""CPU per request of the loopback-only guard (entrypoints/serving/loopback_only.py).

    python -m bench.loopback_only_cost

The guard is installed only when no CONDUIT_JWT_SECRET is set; with one, it costs nothing.
This calls a bare ASGI app with and without the guard in front, for requests arriving on
127.0.0.1, and prints the best of 30 rounds of each: the difference is the guard's cost.
"""

import asyncio
import time
from typing import Any

from entrypoints.serving.loopback_only import LoopbackOnly

SCOPE = {"type": "http", "server": ("127.0.0.1", 8000), "path": "/api/articles"}


async def app(_scope: Any, _receive: Any, _send: Any) -> None:
    return None


async def receive() -> dict[str, Any]:
    return {"type": "http.request"}


async def send(_message: Any) -> None:
    return None


async def ns_per_call(target: Any, calls: int) -> float:
    started = time.process_time_ns()
    for _ in range(calls):
        await target(SCOPE, receive, send)
    return (time.process_time_ns() - started) / calls


async def main() -> None:
    candidates = {"bare app": app, "guard + app": LoopbackOnly(app)}
    best = dict.fromkeys(candidates, float("inf"))
    for _ in range(30):
        for name, target in candidates.items():
            best[name] = min(best[name], await ns_per_call(target, 100_000))
    for name, ns in best.items():
        print(f"{name:12s} {ns:6.0f} ns of CPU per request")
    print(f"the guard:   {best['guard + app'] - best['bare app']:6.0f} ns per request")


if __name__ == "__main__":
    asyncio.run(main())
