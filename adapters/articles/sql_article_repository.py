"""ArticleRepository and FavoriteRepository on SQL."""

from sqlalchemy import delete, exists, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from adapters.articles.tables import ArticleCountRow, ArticleRow, ArticleTagRow, FavoriteRow, TagRow
from adapters.shared.sql.conflicts import violated_unique
from adapters.shared.sql.statements import insert_ignoring_duplicates
from application.shared.clock import Clock
from domain.articles.article import Article
from domain.articles.repository import SlugTaken
from domain.shared.errors import NotFound, Unauthenticated

_tags = TagRow.__table__  # type: ignore[attr-defined]
_article_tags = ArticleTagRow.__table__  # type: ignore[attr-defined]
_favorites = FavoriteRow.__table__  # type: ignore[attr-defined]


def _to_domain(row: ArticleRow, tags: tuple[str, ...]) -> Article:
    assert row.id is not None
    return Article(
        id=row.id,
        slug=row.slug,
        title=row.title,
        description=row.description,
        body=row.body,
        tags=tags,
        author_id=row.author_id,
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


def _copy_to_row(article: Article, row: ArticleRow) -> None:
    row.slug = article.slug
    row.title = article.title
    row.description = article.description
    row.body = article.body
    row.updated_at = article.updated_at


class SqlArticleRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, article: Article) -> Article:
        row = ArticleRow(
            slug=article.slug,
            title=article.title,
            description=article.description,
            body=article.body,
            author_id=article.author_id,
            created_at=article.created_at,
            updated_at=article.updated_at,
        )
        self._session.add(row)
        await self._flush()
        assert row.id is not None
        await self._link_tags(row.id, article.tags)
        await self._count(+1)
        return _to_domain(row, article.tags)

    async def get_by_slug(self, slug: str) -> Article | None:
        row = await self._session.scalar(
            # FOR UPDATE (PostgreSQL; SQLite's write lock is already held): concurrent edits of
            # one article queue instead of overwriting each other.
            select(ArticleRow).where(col(ArticleRow.slug) == slug).with_for_update()
        )
        if row is None:
            return None
        assert row.id is not None
        return _to_domain(row, await self._tags_of(row.id))

    async def id_of(self, slug: str) -> int | None:
        return await self._session.scalar(
            select(col(ArticleRow.id)).where(col(ArticleRow.slug) == slug)
        )

    async def slug_taken(self, slug: str, *, other_than: int | None = None) -> bool:
        query = exists().where(col(ArticleRow.slug) == slug)
        if other_than is not None:
            query = query.where(col(ArticleRow.id) != other_than)
        return bool(await self._session.scalar(select(query)))

    async def update(self, article: Article) -> Article:
        row = await self._session.get(ArticleRow, article.id)
        if row is None or row.id is None:
            raise NotFound("article")
        _copy_to_row(article, row)
        await self._flush()
        if article.tags != await self._tags_of(row.id):
            await self._session.execute(
                delete(_article_tags).where(_article_tags.c.article_id == row.id)
            )
            await self._link_tags(row.id, article.tags)
        return _to_domain(row, article.tags)

    async def remove(self, article: Article) -> None:
        for statement in (
            delete(_favorites).where(_favorites.c.article_id == article.id),
            delete(_article_tags).where(_article_tags.c.article_id == article.id),
            delete(ArticleRow).where(col(ArticleRow.id) == article.id),
        ):
            await self._session.execute(statement)
        await self._count(-1)

    async def _tags_of(self, article_id: int) -> tuple[str, ...]:
        names = await self._session.scalars(
            select(_tags.c.name)
            .join(_article_tags, _article_tags.c.tag_id == _tags.c.id)
            .where(_article_tags.c.article_id == article_id)
            .order_by(_tags.c.name)
        )
        return tuple(names)

    async def _link_tags(self, article_id: int, tags: tuple[str, ...]) -> None:
        if not tags:
            return
        await self._session.execute(
            insert_ignoring_duplicates(self._session, _tags, ["name"]),
            [{"name": tag} for tag in tags],
        )
        tag_ids = await self._session.scalars(select(_tags.c.id).where(_tags.c.name.in_(tags)))
        await self._session.execute(
            insert(_article_tags), [{"article_id": article_id, "tag_id": t} for t in tag_ids]
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
            if "foreign key" in str(error.orig).lower():
                raise Unauthenticated("token", "is invalid") from error  # the author is gone
            raise


class SqlFavoriteRepository:
    def __init__(self, session: AsyncSession, clock: Clock) -> None:
        self._session = session
        self._clock = clock

    async def add(self, user_id: int, article_id: int) -> None:
        statement = insert_ignoring_duplicates(self._session, _favorites, ["user_id", "article_id"])
        try:
            await self._session.execute(
                statement.values(
                    user_id=user_id, article_id=article_id, created_at=self._clock.now()
                )
            )
        except IntegrityError as error:
            if "article" in str(error.orig).lower():
                raise NotFound("article") from error  # deleted while we were favoriting it
            raise Unauthenticated("token", "is invalid") from error

    async def remove(self, user_id: int, article_id: int) -> None:
        await self._session.execute(
            delete(_favorites).where(
                _favorites.c.user_id == user_id, _favorites.c.article_id == article_id
            )
        )
