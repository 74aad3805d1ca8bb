"""The write ceiling: the write mix's statements in the same transactions, on raw asyncpg.

    python -m bench.write_ceiling --port 8802 --url postgresql://postgres@127.0.0.1/conduit_bench

The read ceiling (bench/ceiling.py) plus three writes, each doing what Conduit's use case
does, statement for statement, with nothing between the socket and the driver:

- every write first checks, on the read pool, that the token's user still exists (the
  identity directory's primary-key probe, docs/adr/0005): 401 if not, as Conduit answers;
- favorite / unfavorite: a transaction on the write pool (the article's id, author and title
  by slug, then the INSERT ... SELECT or the DELETE, COMMIT), then the article read back on
  the read pool;
- comment: the article's id, author, slug and title by slug on the read pool, a transaction
  inserting the comment (RETURNING its id, COMMIT), then the comment read back on the read pool;
- the event publications Conduit records for its after-commit subscriber (notifications): a
  new favorite's ArticleFavorited and a comment's CommentAdded, one INSERT in the writer's
  transaction; and their delivery by a loop in this process, woken at commit, letting commits
  gather 5 ms as Conduit's dispatcher does: one transaction per batch claiming the due
  publications (SKIP LOCKED) after planning the transaction afresh, a savepoint around each
  one's notification INSERT, the UPDATE marking them completed, in a batch that was not full
  a read of when the next deliverable publication is due (one behind another of its key is
  due once that one is delivered), COMMIT, and another batch if that is now.

The SQL is Conduit's: the read models', the favorites repository's, the registry's claim and
the notifications' INSERT; the comment's INSERT is the comments repository's, written out with
its columns (compare with CONDUIT_DATABASE_ECHO=true), and the completing UPDATE takes its ids
as one array. Left out: the NOTIFY that tells Conduit's other
processes of a commit (one statement after it), and the JSON schema check of each payload.
"""

import asyncio
import json
import logging
import os
from datetime import UTC, datetime
from typing import Any
from urllib.parse import unquote

import asyncpg
from pydantic_core import to_json
from sqlalchemy import bindparam, func, insert, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.postgresql.asyncpg import dialect as asyncpg_dialect

from adapters.articles.sql_article_directory import REF_OF as READ_REF_OF_STATEMENT
from adapters.articles.sql_article_repository import REF_OF, favorite_statement
from adapters.articles.sql_article_repository import UNFAVORITE as UNFAVORITE_STATEMENT
from adapters.comments.sql_comment_queries import one_statement as comment_statement
from adapters.comments.tables import CommentRow
from adapters.identity.sql_user_directory import EXISTS as USER_EXISTS
from adapters.notifications.tables import NotificationRow
from adapters.shared.events.recorder import _INSERT as RECORD_PUBLICATIONS
from adapters.shared.events.recorder import PUBLICATIONS
from adapters.shared.events.registry import _COLUMNS as PUBLICATION_COLUMNS
from adapters.shared.events.registry import _PLAN_FOR_NOW, _due
from adapters.shared.sql.read_database import _keep_state
from bench.ceiling import ONE, Ceiling, Query, article, comment_json, main

_comments = CommentRow.__table__  # type: ignore[attr-defined]
_notifications = NotificationRow.__table__  # type: ignore[attr-defined]
# Not "notifications": Conduit's server, running beside this one, would deliver them instead.
SUBSCRIBER = "ceiling.notifications"
BATCH, GATHER_SECONDS = 100, 0.005  # as Conduit's dispatcher


class Write:
    """A write statement compiled once to asyncpg's SQL, with its parameters in order."""

    def __init__(self, statement: Any) -> None:
        # SQLAlchemy leaves the dialect's __init__ unannotated.
        compiled = statement.compile(dialect=asyncpg_dialect())  # type: ignore[no-untyped-call]
        self.sql, self.names = compiled.string, compiled.positiontup or []
        # The statement's own constants ("pending", the subscribers' names, placeholders
        # for the values given per call); a value without one must be given.
        self.fixed = {
            name: value
            for name, value in compiled.params.items()
            if not compiled.binds[name].required
        }

    def values(self, **values: Any) -> list[Any]:
        return [values[name] if name in values else self.fixed[name] for name in self.names]


COMMENT_COLUMNS = ("article_id", "author_id", "body", "created_at", "updated_at")
ARTICLE = Write(REF_OF)  # id, author, slug, title: what ArticleFavorited needs
FAVORITE = Write(favorite_statement("postgresql"))
UNFAVORITE = Write(UNFAVORITE_STATEMENT)
COMMENT = Write(
    insert(_comments)
    .values({name: bindparam(name, type_=_comments.c[name].type) for name in COMMENT_COLUMNS})
    .returning(_comments.c.id)
)
READ_REF_OF = Query(READ_REF_OF_STATEMENT)
CALLER_EXISTS = Query(USER_EXISTS)
COMMENT_VIEW = Query(comment_statement(True))
RECORD = Write(
    RECORD_PUBLICATIONS.values(
        {c.name: bindparam(c.name) for c in PUBLICATIONS.c if c.name != "id"}
    )
)
CLAIM = Write(
    select(*PUBLICATION_COLUMNS)
    .where(_due([SUBSCRIBER], bindparam("now")))  # bound per claim
    .order_by(PUBLICATIONS.c.id)
    .limit(bindparam("limit"))
    .with_for_update(skip_locked=True, of=PUBLICATIONS)  # now and limit given per claim
)
PLAN_FOR_NOW = Write(_PLAN_FOR_NOW)  # the claim's transaction planned for the table as it is
# As Conduit's dispatcher at the end of a round: when is the next deliverable publication due?
# (One behind another of its key is due once that one is delivered: no commit wakes anyone.)
NEXT_DUE = Write(
    select(func.min(PUBLICATIONS.c.next_attempt_at)).where(_due([SUBSCRIBER], None)),
)
NOTIFY_ONE = Write(
    pg_insert(_notifications)
    .values({c.name: bindparam(c.name) for c in _notifications.c if c.name != "id"})
    .on_conflict_do_nothing(index_elements=["publication_id", "recipient_id"])
)
COMPLETE = (
    "UPDATE event_publications SET status = 'completed', attempts = attempts + 1,"
    " completed_at = $1, last_error = NULL WHERE id = ANY($2::bigint[])"
)


class WriteCeiling(Ceiling):
    def __init__(self, url: str, secret: str, pool_size: int) -> None:
        super().__init__(url, secret, pool_size)
        self.writes: asyncpg.Pool | None = None
        self.committed = asyncio.Event()
        self.delivery: asyncio.Task[None] | None = None

    async def write_pool(self) -> asyncpg.Pool:
        if self.writes is None:  # opened on the first write: read runs leave it closed
            self.writes = await asyncpg.create_pool(
                self.url, min_size=1, max_size=self.pool_size, reset=_keep_state
            )
            self.delivery = asyncio.ensure_future(self.deliver_forever())
        return self.writes

    async def record(self, connection: asyncpg.Connection, event: str, **fields: Any) -> None:
        """The publication of `event` to notifications, in the writer's transaction."""
        now = datetime.now(UTC)
        values = RECORD.values(
            event_type=event,
            event_version=1,
            subscriber=SUBSCRIBER,
            payload=to_json(fields).decode(),
            ordering_key=f"article:{fields['article_id']}",
            status="pending",
            attempts=0,
            next_attempt_at=now,
            last_error=None,
            created_at=now,
            completed_at=None,
        )
        await connection.execute(RECORD.sql, *values)

    async def deliver_forever(self) -> None:
        assert self.writes is not None
        while True:
            await self.committed.wait()
            self.committed.clear()
            await asyncio.sleep(GATHER_SECONDS)
            try:
                while await self.deliver_batch(self.writes):
                    pass
            except Exception:  # said loudly (a quiet failure would flatter the ceiling), retried
                logging.exception("the ceiling's event delivery failed; the next commit retries")

    async def deliver_batch(self, pool: asyncpg.Pool) -> bool:
        """One batch; whether another should follow at once (it was full, or one is due)."""
        async with pool.acquire() as connection, connection.transaction():
            await connection.fetchval(PLAN_FOR_NOW.sql, *PLAN_FOR_NOW.values())
            now = datetime.now(UTC)
            claimed = await connection.fetch(CLAIM.sql, *CLAIM.values(now=now, limit=BATCH))
            for publication in claimed:
                fields = json.loads(publication["payload"])
                kind, recipient, actor = (
                    ("articleFavorited", fields["author_id"], fields["user_id"])
                    if publication["event_type"] == "articles.ArticleFavorited"
                    else ("commentAdded", fields["article_author_id"], fields["author_id"])
                )
                async with connection.transaction():  # the handler's savepoint
                    if recipient != actor:  # nobody is told of their own acts
                        values = NOTIFY_ONE.values(
                            publication_id=publication["id"],
                            recipient_id=recipient,
                            kind=kind,
                            actor_id=actor,
                            article_id=fields["article_id"],
                            article_title=fields["title"],
                            comment_id=fields.get("comment_id"),
                            created_at=datetime.now(UTC),
                            read=False,
                        )
                        await connection.execute(NOTIFY_ONE.sql, *values)
            if claimed:
                ids = [publication["id"] for publication in claimed]
                await connection.execute(COMPLETE, datetime.now(UTC), ids)
            if len(claimed) >= BATCH:
                return True
            due = await connection.fetchval(NEXT_DUE.sql, *NEXT_DUE.values())
        return due is not None and due <= datetime.now(UTC)

    async def answer(self, scope: dict[str, Any]) -> tuple[int, bytes]:
        parts = scope["path"].split("/")[2:]  # after /api/
        method = scope["method"]
        if len(parts) == 3 and parts[0] == "articles" and method in ("POST", "DELETE"):
            user = self.viewer(scope)
            assert user is not None
            assert self.pool is not None
            if not await CALLER_EXISTS.rows(self.pool, id=user):
                return 401, to_json({"errors": {"token": ["is invalid"]}})
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
                if await connection.execute(FAVORITE.sql, *values) == "INSERT 0 1":  # a new one
                    await self.record(
                        connection,
                        "articles.ArticleFavorited",
                        article_id=article_id,
                        author_id=found["author_id"],
                        user_id=user,
                        slug=found["slug"],
                        title=found["title"],
                    )
            else:
                values = UNFAVORITE.values(user_id=user, article_id=article_id)
                await connection.execute(UNFAVORITE.sql, *values)
        self.committed.set()
        assert self.pool is not None
        rows = await ONE[1].rows(self.pool, slug=slug, viewer_id=user)
        return 200, to_json({"article": article(rows[0], True)})

    async def comment(self, slug: str, user: int, body: bytes) -> tuple[int, bytes]:
        assert self.pool is not None
        found = await READ_REF_OF.rows(self.pool, slug=slug)
        if not found:
            return 404, to_json({"errors": {"article": ["not found"]}})
        text = json.loads(body)["comment"]["body"]
        now = datetime.now(UTC)
        pool = await self.write_pool()
        async with pool.acquire() as connection, connection.transaction():
            ref = found[0]
            values = COMMENT.values(
                article_id=ref["id"], author_id=user, body=text, created_at=now, updated_at=now
            )
            comment_id = await connection.fetchval(COMMENT.sql, *values)
            await self.record(
                connection,
                "comments.CommentAdded",
                comment_id=comment_id,
                article_id=ref["id"],
                article_author_id=ref["author_id"],
                author_id=user,
                slug=ref["slug"],
                title=ref["title"],
            )
        self.committed.set()
        rows = await COMMENT_VIEW.rows(self.pool, comment_id=comment_id, viewer_id=user)
        return 201, to_json({"comment": comment_json(rows[0])})


def create() -> WriteCeiling:
    """The app, configured from the environment (each uvicorn worker calls this)."""
    return WriteCeiling(
        os.environ["CEILING_DATABASE_URL"],
        os.environ.get("CONDUIT_JWT_SECRET", ""),
        int(os.environ.get("CEILING_POOL_SIZE", "16")),
    )


if __name__ == "__main__":
    main("bench.write_ceiling:create", __doc__)
