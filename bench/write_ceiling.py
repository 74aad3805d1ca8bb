"""The write ceiling: the write mix's statements in the same transactions, on raw asyncpg.

    python -m bench.write_ceiling --port 8802 --url postgresql://postgres@127.0.0.1/conduit_bench

The read ceiling (bench/ceiling.py) plus three writes, each doing what Conduit's use case
does, statement for statement, with nothing between the socket and the driver:

- favorite / unfavorite: a transaction on the write pool (the article's id, author and title
  by slug, then the INSERT ... SELECT or the DELETE, COMMIT), then the article read back on
  the read pool;
- comment: the article's id by slug on the read pool, a transaction inserting the comment
  (RETURNING its id, COMMIT), then the comment read back on the read pool.

The SQL is Conduit's: the read models' and the favorites repository's own statements; the
comment's INSERT, which the comments repository leaves to the ORM, is written here with the
same columns (compare with CONDUIT_DATABASE_ECHO=true). Conduit's event
publications, once the use cases record them, belong in the same transactions here too.
"""

import json
import os
from datetime import UTC, datetime
from typing import Any
from urllib.parse import unquote

import asyncpg
from pydantic_core import to_json
from sqlalchemy import bindparam, insert
from sqlalchemy.dialects.postgresql.asyncpg import dialect as asyncpg_dialect

from adapters.articles.sql_article_directory import ID_OF as READ_ID_OF_STATEMENT
from adapters.articles.sql_article_repository import REF_OF, favorite_statement
from adapters.articles.sql_article_repository import UNFAVORITE as UNFAVORITE_STATEMENT
from adapters.comments.sql_comment_queries import one_statement as comment_statement
from adapters.comments.tables import CommentRow
from bench.ceiling import ONE, Ceiling, Query, article, main, profile, stamp

_comments = CommentRow.__table__  # type: ignore[attr-defined]


class Write:
    """A write statement compiled once to asyncpg's SQL, with its parameters in order."""

    def __init__(self, statement: Any) -> None:
        # SQLAlchemy leaves the dialect's __init__ unannotated.
        compiled = statement.compile(dialect=asyncpg_dialect())  # type: ignore[no-untyped-call]
        self.sql = compiled.string
        self.names = compiled.positiontup or []

    def values(self, **values: Any) -> list[Any]:
        return [values[name] for name in self.names]


COMMENT_COLUMNS = ("article_id", "author_id", "body", "created_at", "updated_at")
ARTICLE = Write(REF_OF)  # id, author, slug, title: what ArticleFavorited needs
FAVORITE = Write(favorite_statement("postgresql"))
UNFAVORITE = Write(UNFAVORITE_STATEMENT)
COMMENT = Write(
    insert(_comments)
    .values({name: bindparam(name, type_=_comments.c[name].type) for name in COMMENT_COLUMNS})
    .returning(_comments.c.id)
)
READ_ID_OF = Query(READ_ID_OF_STATEMENT)
COMMENT_VIEW = Query(comment_statement(True))


async def _keep_state(_connection: asyncpg.Connection) -> None:
    """As Conduit's read pool: no RESET ALL round trip on release (nothing changes state)."""


class WriteCeiling(Ceiling):
    def __init__(self, url: str, secret: str, pool_size: int) -> None:
        super().__init__(url, secret, pool_size)
        self.writes: asyncpg.Pool | None = None

    async def write_pool(self) -> asyncpg.Pool:
        if self.writes is None:  # opened on the first write: read runs leave it closed
            self.writes = await asyncpg.create_pool(
                self.url, min_size=1, max_size=self.pool_size, reset=_keep_state
            )
        return self.writes

    async def answer(self, scope: dict[str, Any]) -> tuple[int, bytes]:
        parts = scope["path"].split("/")[2:]  # after /api/
        method = scope["method"]
        if len(parts) == 3 and parts[0] == "articles" and method in ("POST", "DELETE"):
            user = self.viewer(scope)
            assert user is not None
            slug = unquote(parts[1])
            if parts[2] == "favorite":
                return await self.favorite(slug, user, on=method == "POST")
            if parts[2] == "comments":
                return await self.comment(slug, user, scope["body"])
        return await super().answer(scope)

    async def favorite(self, slug: str, user: int, *, on: bool) -> tuple[int, bytes]:
        pool = await self.write_pool()
        async with pool.acquire() as connection, connection.transaction():
            found = await connection.fetchrow(ARTICLE.sql, *ARTICLE.values(slug=slug))
            if found is None:
                return 404, to_json({"errors": {"article": ["not found"]}})
            article_id = found["id"]
            if on:
                now = datetime.now(UTC)
                values = FAVORITE.values(user_id=user, article_id=article_id, favorited_at=now)
                await connection.execute(FAVORITE.sql, *values)
            else:
                values = UNFAVORITE.values(user_id=user, article_id=article_id)
                await connection.execute(UNFAVORITE.sql, *values)
        assert self.pool is not None
        rows = await ONE[1].rows(self.pool, slug=slug, viewer_id=user)
        return 200, to_json({"article": article(rows[0], True)})

    async def comment(self, slug: str, user: int, body: bytes) -> tuple[int, bytes]:
        assert self.pool is not None
        found = await READ_ID_OF.rows(self.pool, slug=slug)
        if not found:
            return 404, to_json({"errors": {"article": ["not found"]}})
        text = json.loads(body)["comment"]["body"]
        now = datetime.now(UTC)
        pool = await self.write_pool()
        async with pool.acquire() as connection, connection.transaction():
            values = COMMENT.values(
                article_id=found[0]["id"], author_id=user, body=text, created_at=now, updated_at=now
            )
            comment_id = await connection.fetchval(COMMENT.sql, *values)
        rows = await COMMENT_VIEW.rows(self.pool, comment_id=comment_id, viewer_id=user)
        row = rows[0]
        shown = {
            "id": row["id"],
            "createdAt": stamp(row["created_at"]),
            "updatedAt": stamp(row["updated_at"]),
            "body": row["body"],
            "author": profile(row),
        }
        return 201, to_json({"comment": shown})


def create() -> WriteCeiling:
    """The app, configured from the environment (each uvicorn worker calls this)."""
    return WriteCeiling(
        os.environ["CEILING_DATABASE_URL"],
        os.environ.get("CONDUIT_JWT_SECRET", ""),
        int(os.environ.get("CEILING_POOL_SIZE", "16")),
    )


if __name__ == "__main__":
    main("bench.write_ceiling:create", __doc__)
