"""A list statement's own time in PostgreSQL, generic plan, at each data set size.

    python -m bench.statement_time --filter favorited --articles 100000,1000000

Runs the statement Conduit's read model builds for one filter (compiled as the ceiling
compiles it) on one connection with the read pool's plan setting, for `--runs` values drawn
from the data set (users for favorited/author, tags for tag), and prints the median and p90
of the server round trip. Unlike wrk's figures these barely move with the machine's load: they
show how a statement grows with the data.
"""

import argparse
import asyncio
import random
import statistics
import time

import asyncpg

from adapters.articles.sql_article_queries import Shape, page_of
from application.shared.paging import Page
from bench.ceiling import FILTERED, Query


def statement(name: str) -> Query:
    if name == "list":
        return Query(page_of(Shape(), Page()))
    if name == "feed":
        return Query(page_of(Shape(followed=True, signed_in=True), Page()))
    return FILTERED[name][1]


async def timings(url: str, name: str, runs: int) -> list[float]:
    connection = await asyncpg.connect(
        url, server_settings={"plan_cache_mode": "force_generic_plan"}
    )
    try:
        users = await connection.fetchval("SELECT count(*) FROM users")
        tags = await connection.fetchval("SELECT count(*) FROM tags")
        query, rng, spent = statement(name), random.Random(7), []
        for n in range(runs + 20):  # the first 20 prepare the statement and warm the cache
            user = rng.randint(1, users)
            values = {
                "tag": f"tag{rng.randint(1, tags)}",
                "author": f"user{user}",
                "favorited": f"user{user}",
                "followed_by": user,
                "viewer_id": user,
            }
            bound = query.constants | values | {"limit": 20, "offset": 0}
            started = time.perf_counter()
            await connection.fetch(query.sql, *(bound[k] for k in query.names))
            if n >= 20:
                spent.append((time.perf_counter() - started) * 1000)
        return spent
    finally:
        await connection.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--filter", default="favorited", help="tag, author, favorited, list, feed")
    parser.add_argument("--articles", default="100000,1000000")
    parser.add_argument("--runs", type=int, default=400)
    args = parser.parse_args()
    for articles in args.articles.split(","):
        url = f"postgresql://postgres@127.0.0.1/conduit_bench_{articles}"
        spent = sorted(asyncio.run(timings(url, args.filter, args.runs)))
        p90 = spent[int(len(spent) * 0.9)]
        median = statistics.median(spent)
        print(
            f"{args.filter} at {int(articles):,} articles: median {median:.2f} ms,"
            f" p90 {p90:.2f} ms ({args.runs} runs)"
        )


if __name__ == "__main__":
    main()
