"""ArticleRepository and FavoriteRepository on SQL."""

import json
from collections.abc import Collection
from datetime import datetime
from functools import cache

from sqlalchemy import Insert, Integer, String, bindparam, delete, exists, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from adapters.articles.tables import ArticleCountRow, ArticleRow, ArticleTagRow, FavoriteRow, TagRow
from adapters.shared.sql.conflicts import violated_foreign_key, violated_unique
from adapters.shared.sql.direct import sent_directly
from adapters.shared.sql.ids import storable_id
from adapters.shared.sql.statements import ignoring_duplicates, insert_ignoring_duplicates
from application.shared.clock import Clock
from domain.articles.article import Article
from domain.articles.repository import ArticleRef, SlugTaken
from domain.shared.errors import NotFound, Unauthenticated

_articles = ArticleRow.__table__  # type: ignore[attr-defined]
_tags = TagRow.__table__  # type: ignore[attr-defined]
_article_tags = ArticleTagRow.__table__  # type: ignore[attr-defined]
_favorites = FavoriteRow.__table__  # type: ignore[attr-defined]


# The statements of the favorite and unfavorite requests, built once: building and keying a
# statement on every call cost about 125 us each (bench/RESULTS.md, the write path).
ID_OF = sent_directly(
    select(_articles.c.id).where(_articles.c.slug == bindparam("slug", type_=String))
)
REF_OF = sent_directly(
    select(_articles.c.id, _articles.c.author_id, _articles.c.slug, _articles.c.title).where(
        _articles.c.slug == bindparam("slug", type_=String)
    )
)
UNFAVORITE = sent_directly(
    delete(_favorites).where(
        _favorites.c.user_id == bindparam("user_id", type_=Integer),
        _favorites.c.article_id == bindparam("article_id", type_=Integer),
    )
)
_ARTICLE_EXISTS = sent_directly(
    select(exists().where(_articles.c.id == bindparam("article_id", type_=Integer)))
)
# A favorite copies its article's created_at (the order of ?favorited=) from the article
# row it points at, in the same INSERT.
_FAVORITE_ROW = select(
    bindparam("user_id", type_=Integer),
    _articles.c.id,
    bindparam("favorited_at", type_=_favorites.c.created_at.type),
    _articles.c.created_at,
).where(_articles.c.id == bindparam("article_id", type_=Integer))


@cache
def favorite_statement(dialect: str) -> Insert:
    """INSERT ... SELECT ... ON CONFLICT DO NOTHING, for `dialect` ("postgresql", "sqlite")."""
    ignoring = ignoring_duplicates(dialect, _favorites, ("user_id", "article_id"))
    columns = ["user_id", "article_id", "created_at", "article_created_at"]
    return sent_directly(ignoring.from_select(columns, _FAVORITE_ROW))


def _to_domain(row: ArticleRow) -> Article:
    assert row.id is not None
    return Article(
        id=row.id,
        slug=row.slug,
        title=row.title,
        description=row.description,
        body=row.body,
        tags=tuple(json.loads(row.tag_list)),
        author_id=row.author_id,
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


def _to_row(article: Article) -> ArticleRow:
    return ArticleRow(
        slug=article.slug,
        title=article.title,
        description=article.description,
        body=article.body,
        tag_list=json.dumps(list(article.tags)),
        author_id=article.author_id,
        created_at=article.created_at,
        updated_at=article.updated_at,
    )


def _copy_to_row(article: Article, row: ArticleRow) -> None:
    row.slug = article.slug
    row.title = article.title
    row.description = article.description
    row.body = article.body
    row.tag_list = json.dumps(list(article.tags))
    row.updated_at = article.updated_at


class SqlArticleRepository:
    """Keeps the article row, its tag links, the tags' usage counts and the article count in
    step, in one transaction. Locks are taken in one order (article, tags by id, the count)
    so concurrent writers queue instead of deadlocking."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, article: Article) -> Article:
        row = _to_row(article)
        self._session.add(row)
        await self._flush()
        assert row.id is not None
        await self._retag(row.id, article.created_at, (), article.tags)
        await self._count(+1)
        return _to_domain(row)

    async def get_by_slug(self, slug: str) -> Article | None:
        row = await self._session.scalar(
            # FOR UPDATE (PostgreSQL; SQLite's write lock is already held): concurrent edits of
            # one article queue instead of overwriting each other.
            select(ArticleRow).where(col(ArticleRow.slug) == slug).with_for_update()
        )
        return _to_domain(row) if row else None

    async def id_of(self, slug: str) -> int | None:
        found: int | None = await self._session.scalar(ID_OF, {"slug": slug})
        return found

    async def ref_of(self, slug: str) -> ArticleRef | None:
        row = (await self._session.execute(REF_OF, {"slug": slug})).first()
        return ArticleRef(*row) if row else None

    async def refs(self, ids: Collection[int]) -> dict[int, ArticleRef]:
        a = _articles
        wanted = [i for i in ids if storable_id(i)]
        rows = await self._session.execute(
            select(a.c.id, a.c.author_id, a.c.slug, a.c.title).where(a.c.id.in_(wanted))
        )
        return {row.id: ArticleRef(*row) for row in rows}

    async def slug_taken(self, slug: str, *, other_than: int | None = None) -> bool:
        query = exists().where(col(ArticleRow.slug) == slug)
        if other_than is not None:
            query = query.where(col(ArticleRow.id) != other_than)
        return bool(await self._session.scalar(select(query)))

    async def update(self, article: Article) -> Article:
        row = await self._session.get(ArticleRow, article.id)
        if row is None or row.id is None:
            raise NotFound("article")
        before = tuple(json.loads(row.tag_list))
        _copy_to_row(article, row)
        await self._flush()
        await self._retag(row.id, row.created_at, before, article.tags)
        return _to_domain(row)

    async def remove(self, article: Article) -> None:
        assert article.id is not None
        await self._retag(article.id, article.created_at, article.tags, ())
        await self._session.execute(delete(_favorites).where(_favorites.c.article_id == article.id))
        await self._session.execute(delete(ArticleRow).where(col(ArticleRow.id) == article.id))
        await self._count(-1)

    async def _retag(
        self,
        article_id: int,
        created_at: datetime,
        before: tuple[str, ...],
        after: tuple[str, ...],
    ) -> None:
        """Move the article from the tags `before` to the tags `after`."""
        added, dropped = set(after) - set(before), set(before) - set(after)
        if not added and not dropped:
            return
        if added:
            await self._session.execute(
                insert_ignoring_duplicates(self._session, _tags, ["name"]),
                [{"name": name} for name in sorted(added)],
            )
        rows = await self._session.execute(
            select(_tags.c.id, _tags.c.name).where(_tags.c.name.in_(added | dropped))
        )
        ids = {name: tag_id for tag_id, name in rows}
        usage = {ids[name]: +1 for name in added} | {ids[name]: -1 for name in dropped}
        for tag_id in sorted(usage):  # ascending ids: the same lock order in every writer
            await self._session.execute(
                update(_tags)
                .where(_tags.c.id == tag_id)
                .values(used_by=_tags.c.used_by + usage[tag_id])
            )
        if dropped:
            await self._session.execute(
                delete(_article_tags).where(
                    _article_tags.c.article_id == article_id,
                    _article_tags.c.tag_id.in_([ids[name] for name in dropped]),
                )
            )
        if added:
            await self._session.execute(
                insert(_article_tags),
                [
                    {"article_id": article_id, "tag_id": ids[name], "created_at": created_at}
                    for name in sorted(added)
                ],
            )

    async def _count(self, delta: int) -> None:
        # Last in the transaction: the counter row is the one lock every writer shares.
        await self._session.execute(
            update(ArticleCountRow).values(total=col(ArticleCountRow.total) + delta)
        )

    async def _flush(self) -> None:
        try:
            await self._session.flush()
        except IntegrityError as error:
            if violated_unique(error, "slug"):
                raise SlugTaken from error
            if violated_foreign_key(error):
                raise Unauthenticated("token", "is invalid") from error  # the author is gone
            raise


class SqlFavoriteRepository:
    def __init__(self, session: AsyncSession, clock: Clock) -> None:
        self._session = session
        self._clock = clock

    async def add(self, user_id: int, article_id: int) -> bool:
        values = {"user_id": user_id, "article_id": article_id, "favorited_at": self._clock.now()}
        statement = favorite_statement(self._session.get_bind().dialect.name)
        try:
            result = await self._session.execute(statement, values)
        except IntegrityError as error:
            if await self._article_is_missing(error, article_id):
                raise NotFound("article") from error  # deleted while we were favoriting it
            raise Unauthenticated("token", "is invalid") from error  # the user is gone
        added = bool(result.rowcount)  # type: ignore[attr-defined]
        if not added and not await self._exists(article_id):
            raise NotFound("article")  # no row to copy from: nothing inserted, no key violated
        return added

    async def _article_is_missing(self, error: IntegrityError, article_id: int) -> bool:
        message = str(error.orig)
        if "fk_favorites_" in message:  # PostgreSQL names the constraint that failed
            return "fk_favorites_article_id" in message
        # SQLite does not, but its transaction survives a failed statement: look.
        return not await self._exists(article_id)

    async def _exists(self, article_id: int) -> bool:
        return bool(await self._session.scalar(_ARTICLE_EXISTS, {"article_id": article_id}))

    async def remove(self, user_id: int, article_id: int) -> None:
        await self._session.execute(UNFAVORITE, {"user_id": user_id, "article_id": article_id})
