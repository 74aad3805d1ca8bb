"""The ceiling: the same SQL answers with raw asyncpg and no framework, to measure against.

    python -m bench.ceiling --port 8802 --url postgresql://postgres@127.0.0.1/conduit_bench

A bare ASGI app served by the same uvicorn (uvloop + httptools) as Conduit. It runs the very
statements Conduit's read models build (compiled once, at start-up, to PostgreSQL text) on
an asyncpg pool, with the same plan settings, and writes the same JSON. What it leaves out is
everything between the socket and the driver: FastAPI, pydantic models, dependency
injection, use cases, SQLAlchemy. Read endpoints only; `bench.run` checks that its answers
equal Conduit's before measuring.
"""

import argparse
import json
import os
from collections.abc import Awaitable, Callable, Mapping, Sequence
from datetime import timedelta
from typing import Any, TypeAlias
from urllib.parse import parse_qs, unquote

import asyncpg
import uvicorn
from pydantic_core import to_json
from sqlalchemy import Select
from sqlalchemy.dialects.postgresql.asyncpg import dialect as asyncpg_dialect

from adapters.articles.sql_article_queries import TAGS, Shape, one_statement, page_of
from adapters.comments.sql_comment_queries import of_article_statement
from adapters.identity.jwt_token_service import JwtTokenService
from adapters.profiles.sql_profile_directory import by_username_statement
from adapters.shared.clock import SystemClock
from adapters.shared.sql.read_database import SQLITE_READING_THREADS, _keep_state
from adapters.shared.sql.sqlite_reads import SqliteReadDatabase
from application.shared.paging import MAX_LIMIT, Page
from domain.shared.errors import Unauthenticated
from entrypoints.http.shared.rendering import stamps
from migrations.metadata import load_metadata

Send = Callable[[dict[str, Any]], Awaitable[None]]


Row = Mapping[str, Any]
# On SQLite the ceiling reads as Conduit does (adapters/shared/sql/sqlite_reads.py): the
# statement compiled once, one hop to one of the reading threads, sqlite3 there, rows with
# the columns' own conversions (text to datetime). Nothing else of Conduit's is in the way.
Pool: TypeAlias = "asyncpg.Pool | SqliteReadDatabase"


async def open_pool(url: str, size: int) -> Pool:
    if url.startswith("sqlite"):
        return SqliteReadDatabase(url.split(":///", 1)[1], SQLITE_READING_THREADS, 15)
    pool: asyncpg.Pool = await asyncpg.create_pool(
        url,
        min_size=1,
        max_size=size,
        # As Conduit's read database (adapters/shared/sql/read_database.py); until
        # 2026-12-04 this pool sent asyncpg's reset (RESET ALL and more) on every release.
        reset=_keep_state,
        server_settings={"plan_cache_mode": "force_generic_plan"},
    )
    return pool


class Query:
    """A statement compiled once to asyncpg's SQL, with its parameters in order."""

    def __init__(self, statement: Select[Any]) -> None:
        self.statement = statement
        # SQLAlchemy leaves the dialect's __init__ unannotated.
        compiled = statement.compile(dialect=asyncpg_dialect())  # type: ignore[no-untyped-call]
        self.sql = compiled.string
        self.names = compiled.positiontup or []
        self.constants = compiled.params  # literals the statement carries, e.g. coalesce's 0

    async def rows(self, pool: Pool, **values: Any) -> Sequence[Row]:
        if isinstance(pool, SqliteReadDatabase):  # compiled for SQLite, run on sqlite3
            read: Sequence[Row] = await pool.rows(self.statement, values)
            return read
        bound = self.constants | values
        found: list[asyncpg.Record] = await pool.fetch(
            self.sql, *(bound[name] for name in self.names)
        )
        return found


load_metadata()
# The newest-articles page inlines its LIMIT (see page_of), so it has a statement per size.
LIST = {
    (signed_in, limit): Query(page_of(Shape(signed_in=bool(signed_in)), Page(limit)))
    for signed_in in (0, 1)
    for limit in range(1, MAX_LIMIT + 1)
}
FILTERED = {
    name: {s: Query(page_of(Shape(**{name: True}, signed_in=bool(s)), Page())) for s in (0, 1)}
    for name in ("tag", "author", "favorited")
}
FEED = Query(page_of(Shape(followed=True, signed_in=True), Page()))
ONE = {signed_in: Query(one_statement(signed_in)) for signed_in in (0, 1)}
COMMENTS = {signed_in: Query(of_article_statement(signed_in)) for signed_in in (0, 1)}
PROFILE = {signed_in: Query(by_username_statement(signed_in)) for signed_in in (0, 1)}
TAG_NAMES = Query(TAGS)


def profile(row: Row) -> dict[str, Any]:
    return {
        "username": row["username"],
        "bio": row["bio"],
        "image": row["image"],
        "following": bool(row["following"]),
    }


def article(row: Row, with_body: bool) -> dict[str, Any]:
    shown: dict[str, Any] = {
        "slug": row["slug"],
        "title": row["title"],
        "description": row["description"],
    }
    if with_body:
        shown["body"] = row["body"]
    created, updated = stamps(row["created_at"], row["updated_at"])
    shown |= {
        "tagList": json.loads(row["tag_list"]),
        "createdAt": created,
        "updatedAt": updated,
        "favorited": bool(row["favorited"]),
        "favoritesCount": row["favorites_count"],
        "author": profile(row),
    }
    return shown


def comment_json(row: Row) -> dict[str, Any]:
    created, updated = stamps(row["created_at"], row["updated_at"])
    return {
        "id": row["id"],
        "createdAt": created,
        "updatedAt": updated,
        "body": row["body"],
        "author": profile(row),
    }


def page(rows: Sequence[Row]) -> dict[str, Any]:
    return {
        "articles": [article(row, False) for row in rows if row["slug"] is not None],
        "articlesCount": rows[0]["total"] if rows else 0,
    }


async def request_body(receive: Any) -> bytes:
    chunks = []
    while True:
        message = await receive()
        chunks.append(message.get("body", b""))
        if not message.get("more_body"):
            return b"".join(chunks)


TOKEN_LIFETIME = timedelta(days=1)  # verify() reads a token's own expiry; this is for issue()


class Ceiling:
    def __init__(self, url: str, secret: str, pool_size: int) -> None:
        self.url = url.replace("postgresql+asyncpg://", "postgresql://")
        self.pool_size = pool_size
        self.pool: Pool | None = None
        self.tokens = JwtTokenService(secret, TOKEN_LIFETIME, SystemClock())

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Send) -> None:
        if scope["type"] == "lifespan":
            await self.lifespan(receive, send)
            return
        if scope["method"] != "GET":  # the write ceiling's requests carry a body
            scope = scope | {"body": await request_body(receive)}
        try:
            status, body = await self.answer(scope)
        except Unauthenticated as error:  # a token the token service refused, as Conduit says
            status, body = 401, to_json({"errors": {error.key: [error.message]}})
        await send(
            {
                "type": "http.response.start",
                "status": status,
                "headers": [(b"content-type", b"application/json")],
            }
        )
        await send({"type": "http.response.body", "body": body})

    async def lifespan(self, receive: Any, send: Send) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                self.pool = await open_pool(self.url, self.pool_size)
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                if self.pool is not None:
                    await self.pool.close()
                await send({"type": "lifespan.shutdown.complete"})
                return

    def viewer(self, scope: dict[str, Any]) -> int | None:
        """The caller's id, checked by Conduit's own token service (a token checked once is
        remembered until it expires: the ceiling decoded every one until 2026-12-04)."""
        for name, value in scope["headers"]:
            if name == b"authorization":
                return self.tokens.verify(value.decode().partition(" ")[2]).user_id
        return None

    async def answer(self, scope: dict[str, Any]) -> tuple[int, bytes]:
        pool = self.pool
        assert pool is not None
        parts = scope["path"].split("/")[2:]  # after /api/
        viewer = self.viewer(scope)
        signed_in = int(viewer is not None)
        query = {k: v[0] for k, v in parse_qs(scope["query_string"].decode()).items()}
        paging = {"limit": int(query.get("limit", 20)), "offset": int(query.get("offset", 0))}
        if parts == ["tags"]:
            names = sorted(row["name"] for row in await TAG_NAMES.rows(pool))
            return 200, to_json({"tags": names})
        if parts == ["articles"]:
            filters = [name for name in ("tag", "author", "favorited") if query.get(name)]
            if len(filters) > 1:
                return 501, b"{}"
            if filters:
                statement = FILTERED[filters[0]][signed_in]
            else:
                statement = LIST[signed_in, paging["limit"]]
            values = {name: query[name] for name in filters}
            rows = await statement.rows(pool, viewer_id=viewer, **values, **paging)
            return 200, to_json(page(rows))
        if parts == ["articles", "feed"]:
            rows = await FEED.rows(pool, viewer_id=viewer, followed_by=viewer, **paging)
            return 200, to_json(page(rows))
        if len(parts) == 2 and parts[0] == "articles":
            rows = await ONE[signed_in].rows(pool, slug=unquote(parts[1]), viewer_id=viewer)
            if not rows:
                return 404, to_json({"errors": {"article": ["not found"]}})
            return 200, to_json({"article": article(rows[0], True)})
        if len(parts) == 3 and parts[0] == "articles" and parts[2] == "comments":
            rows = await COMMENTS[signed_in].rows(pool, slug=unquote(parts[1]), viewer_id=viewer)
            if not rows:
                return 404, to_json({"errors": {"article": ["not found"]}})
            comments = [comment_json(row) for row in rows if row["id"] is not None]
            return 200, to_json({"comments": comments})
        if len(parts) == 2 and parts[0] == "profiles":
            rows = await PROFILE[signed_in].rows(pool, username=unquote(parts[1]), viewer_id=viewer)
            if not rows:
                return 404, to_json({"errors": {"profile": ["not found"]}})
            return 200, to_json({"profile": profile(rows[0])})
        return 404, to_json({"errors": {"path": ["not found"]}})


def create() -> Ceiling:
    """The app, configured from the environment (each uvicorn worker calls this)."""
    return Ceiling(
        os.environ["CEILING_DATABASE_URL"],
        os.environ.get("CONDUIT_JWT_SECRET", ""),
        int(os.environ.get("CEILING_POOL_SIZE", "16")),
    )


def main(app: str = "bench.ceiling:create", doc: str = __doc__) -> None:
    parser = argparse.ArgumentParser(description=doc.split("\n\n")[0])
    parser.add_argument("--url", default="postgresql://postgres@127.0.0.1/conduit_bench")
    parser.add_argument("--port", type=int, default=8802)
    parser.add_argument("--pool-size", type=int, default=16, help="per pool, as Conduit's")
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args()
    os.environ["CEILING_DATABASE_URL"] = args.url
    os.environ["CEILING_POOL_SIZE"] = str(args.pool_size)
    uvicorn.run(
        app,
        factory=True,
        host="127.0.0.1",
        port=args.port,
        workers=args.workers,
        log_level="warning",
        access_log=False,
    )


if __name__ == "__main__":
    main()
