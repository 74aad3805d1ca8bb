"""Loads a deterministic, realistic data set into PostgreSQL (COPY) or SQLite.

    python -m bench.generate [--url postgresql://postgres@127.0.0.1/conduit_bench]
                             [--articles 1000000]
    python -m bench.generate --url sqlite:///bench/out/conduit_bench.db

Defaults: 10,000 users, 100,000 articles with 1-5 tags from a 500-tag vocabulary (popular tags
are more popular, Zipf-like), 300,000 favorites, 300,000 comments, 50,000 follows. Everything
derives from one seed, so two runs load the same rows. The schema comes from the migrations.
"""

import argparse
import asyncio
import json
import random
import sqlite3
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import asyncpg

from migrations import runner

START = datetime(2024, 1, 1, tzinfo=UTC)
WORDS = [
    *[
        "dragon",
        "training",
        "code",
        "python",
        "async",
        "database",
        "index",
        "query",
        "cache",
        "latency",
        "throughput",
    ],
    *[
        "design",
        "domain",
        "model",
        "port",
        "adapter",
        "event",
        "transaction",
        "commit",
        "rollback",
        "schema",
    ],
    *[
        "feed",
        "article",
        "comment",
        "profile",
        "follow",
        "favorite",
        "tag",
        "slug",
        "token",
        "secret",
        "hash",
        "argon",
    ],
    *[
        "network",
        "socket",
        "thread",
        "process",
        "memory",
        "garbage",
        "collector",
        "compiler",
        "parser",
        "runtime",
    ],
]
# One real Argon2id hash of "password" (OWASP parameters): logins work, loading stays fast.
PASSWORD_HASH = (
    "$argon2id$v=19$m=19456,t=2,p=1$kaBk/ZhYwLZAI5ZGMw0oMw"
    "$DiybujTiFbCakd9XY3NR19hlqBD2EM5DB8xkYknEGS0"
)


FAVORITE_COLUMNS = ["user_id", "article_id", "created_at", "article_created_at"]


@dataclass(frozen=True)
class Scale:
    users: int = 10_000
    articles: int = 100_000
    tags: int = 500
    favorites: int = 300_000
    comments: int = 300_000
    follows: int = 50_000
    seed: int = 20261125


def sentence(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words))


def users(scale: Scale, rng: random.Random) -> Iterator[tuple[object, ...]]:
    for i in range(1, scale.users + 1):
        at = START + timedelta(minutes=i)
        bio = sentence(rng, 12) if i % 3 else None
        image = f"https://images.example/{i}.png" if i % 4 == 0 else None
        email = f"user{i}@bench.conduit"
        yield (i, f"user{i}", email, email, PASSWORD_HASH, bio, image, at, at)


def tag_weights(scale: Scale) -> list[float]:
    return [1 / (rank + 1) for rank in range(scale.tags)]


def published(scale: Scale, article: int) -> datetime:
    """When an article was created: ids ascend with created_at over 700 days."""
    return START + timedelta(days=700) / scale.articles * article


def favorites(scale: Scale, rng: random.Random) -> Iterator[tuple[object, ...]]:
    """(user, article, favorited at, the article's created_at), as the repository writes them."""
    for user, article in distinct_pairs(rng, scale.favorites, scale.users, scale.articles):
        yield (user, article, START, published(scale, article))


def articles(
    scale: Scale, rng: random.Random, links: list[tuple[int, int, datetime]]
) -> Iterator[tuple[object, ...]]:
    """Articles in creation order (ids ascend with created_at); fills `links` with tag links."""
    weights = tag_weights(scale)
    for i in range(1, scale.articles + 1):
        title = f"{sentence(rng, rng.randint(3, 8)).capitalize()} {i}"
        slug = "-".join(title.lower().split())
        at = published(scale, i)
        author = rng.randint(1, scale.users)
        tags = sorted(set(rng.choices(range(1, scale.tags + 1), weights, k=rng.randint(1, 5))))
        links.extend((i, tag, at) for tag in tags)
        tag_list = json.dumps(sorted(f"tag{tag}" for tag in tags))  # as the repository writes it
        body = "\n\n".join(sentence(rng, rng.randint(20, 60)) for _ in range(rng.randint(2, 5)))
        yield (i, slug, title, sentence(rng, 12), body, tag_list, author, at, at)


def distinct_pairs(
    rng: random.Random, count: int, left: int, right: int, *, no_self: bool = False
) -> Iterator[tuple[int, int]]:
    seen: set[tuple[int, int]] = set()
    while len(seen) < count:
        pair = (rng.randint(1, left), rng.randint(1, right))
        if pair in seen or (no_self and pair[0] == pair[1]):
            continue
        seen.add(pair)
        yield pair


def comments(scale: Scale, rng: random.Random) -> Iterator[tuple[object, ...]]:
    for i in range(1, scale.comments + 1):
        article = rng.randint(1, scale.articles)
        at = published(scale, article) + timedelta(minutes=rng.randint(1, 10_000))
        yield (i, article, rng.randint(1, scale.users), sentence(rng, rng.randint(5, 30)), at, at)


async def load(url: str, scale: Scale) -> None:
    rng = random.Random(scale.seed)
    dsn = url.replace("postgresql+asyncpg://", "postgresql://")
    connection = await asyncpg.connect(dsn)
    try:
        await connection.execute(
            "TRUNCATE comments, favorites, article_tags, articles, tags, follows, users "
            "RESTART IDENTITY"
        )

        async def copy(table: str, columns: list[str], rows: Iterable[tuple[object, ...]]) -> None:
            started = time.perf_counter()
            records = list(rows)
            await connection.copy_records_to_table(table, records=records, columns=columns)
            elapsed = time.perf_counter() - started
            print(f"  {table:<13} {len(records):>9,} rows in {elapsed:5.1f} s")

        at = "created_at"
        await copy(
            "users",
            [
                "id",
                "username",
                "email",
                "email_canonical",
                "password_hash",
                "bio",
                "image",
                at,
                "updated_at",
            ],
            users(scale, rng),
        )
        await copy("tags", ["id", "name"], ((i, f"tag{i}") for i in range(1, scale.tags + 1)))
        links: list[tuple[int, int, datetime]] = []
        await copy(
            "articles",
            [
                "id",
                "slug",
                "title",
                "description",
                "body",
                "tag_list",
                "author_id",
                at,
                "updated_at",
            ],
            articles(scale, rng, links),
        )
        await copy("article_tags", ["article_id", "tag_id", "created_at"], links)
        await connection.execute(
            "UPDATE tags SET used_by = (SELECT count(*) FROM article_tags WHERE tag_id = tags.id)"
        )
        await copy("favorites", FAVORITE_COLUMNS, favorites(scale, rng))
        pairs = distinct_pairs(rng, scale.follows, scale.users, scale.users, no_self=True)
        await copy("follows", ["follower_id", "followee_id", at], ((f, e, START) for f, e in pairs))
        await copy(
            "comments",
            ["id", "article_id", "author_id", "body", at, "updated_at"],
            comments(scale, rng),
        )
        await connection.execute("UPDATE article_count SET total = $1", scale.articles)
        for table in ("users", "tags", "articles", "comments"):
            sequence = f"pg_get_serial_sequence('{table}', 'id')"
            await connection.execute(f"SELECT setval({sequence}, (SELECT max(id) FROM {table}))")
        started = time.perf_counter()
        await connection.execute("VACUUM ANALYZE")
        print(f"  vacuum analyze          in {time.perf_counter() - started:5.1f} s")
    finally:
        await connection.close()


def load_sqlite(path: str, scale: Scale) -> None:
    """The same rows into a migrated SQLite file, datetimes written as SQLAlchemy writes them."""
    rng = random.Random(scale.seed)
    connection = sqlite3.connect(path)

    def stored(row: tuple[object, ...]) -> tuple[object, ...]:
        return tuple(
            v.strftime("%Y-%m-%d %H:%M:%S.%f") if isinstance(v, datetime) else v for v in row
        )

    def copy(table: str, columns: list[str], rows: Iterable[tuple[object, ...]]) -> None:
        started = time.perf_counter()
        records = [stored(row) for row in rows]
        marks = ", ".join("?" * len(columns))
        connection.executemany(
            f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", records
        )
        elapsed = time.perf_counter() - started
        print(f"  {table:<13} {len(records):>9,} rows in {elapsed:5.1f} s")

    try:
        for table in ("comments", "favorites", "article_tags", "articles", "tags", "follows"):
            connection.execute(f"DELETE FROM {table}")
        connection.execute("DELETE FROM users")
        at = "created_at"
        user_columns = ["id", "username", "email", "email_canonical", "password_hash"]
        copy("users", [*user_columns, "bio", "image", at, "updated_at"], users(scale, rng))
        copy("tags", ["id", "name"], ((i, f"tag{i}") for i in range(1, scale.tags + 1)))
        links: list[tuple[int, int, datetime]] = []
        article_columns = ["id", "slug", "title", "description", "body", "tag_list"]
        copy(
            "articles",
            [*article_columns, "author_id", at, "updated_at"],
            articles(scale, rng, links),
        )
        copy("article_tags", ["article_id", "tag_id", "created_at"], links)
        connection.execute(
            "UPDATE tags SET used_by = (SELECT count(*) FROM article_tags WHERE tag_id = tags.id)"
        )
        copy("favorites", FAVORITE_COLUMNS, favorites(scale, rng))
        pairs = distinct_pairs(rng, scale.follows, scale.users, scale.users, no_self=True)
        copy("follows", ["follower_id", "followee_id", at], ((f, e, START) for f, e in pairs))
        copy(
            "comments",
            ["id", "article_id", "author_id", "body", at, "updated_at"],
            comments(scale, rng),
        )
        connection.execute("UPDATE article_count SET total = ?", (scale.articles,))
        connection.commit()
        started = time.perf_counter()
        connection.execute("ANALYZE")
        connection.commit()
        print(f"  analyze                 in {time.perf_counter() - started:5.1f} s")
    finally:
        connection.close()


async def ensure_database(url: str) -> None:
    """Create the database if it does not exist (connecting to `postgres` on the same server)."""
    dsn = url.replace("postgresql+asyncpg://", "postgresql://")
    name = dsn.rsplit("/", 1)[1]
    admin = await asyncpg.connect(dsn.rsplit("/", 1)[0] + "/postgres")
    try:
        if not await admin.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", name):
            await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", default="postgresql://postgres@127.0.0.1/conduit_bench")
    parser.add_argument("--articles", type=int, default=Scale.articles)
    args = parser.parse_args()
    factor = args.articles / Scale.articles
    # More articles with the same people: favorites and comments grow with the articles,
    # users and follows stay, so authors write more and feeds have more to sort.
    scale = Scale(
        articles=args.articles,
        favorites=int(Scale.favorites * factor),
        comments=int(Scale.comments * factor),
    )
    started = time.perf_counter()
    if args.url.startswith("sqlite"):
        path = args.url.split(":///", 1)[1]
        Path(path).parent.mkdir(parents=True, exist_ok=True)  # bench/out/ on a fresh clone
        runner.upgrade(args.url)
        print(f"loading {scale}")
        load_sqlite(path, scale)
    else:
        asyncio.run(ensure_database(args.url))
        runner.upgrade(args.url)
        print(f"loading {scale}")
        asyncio.run(load(args.url, scale))
    print(f"done in {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
