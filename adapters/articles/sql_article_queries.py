"""The articles read model on SQL: every answer is one statement, whatever the page size.

A list row carries the article, its author's public profile (identity's published view),
whether the viewer follows the author (profiles' published piece), favorited, the favorites
count and the tags, plus the total number of matches, all from a single SELECT.

Statements are built once per shape (which filters, signed in or not) with named bind
parameters, so a request only binds values: no statement construction on the hot path, and
one prepared statement per shape on each PostgreSQL connection.
"""

import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from sqlalchemy import (
    BindParameter,
    ColumnElement,
    Integer,
    Select,
    String,
    bindparam,
    exists,
    false,
    func,
    literal,
    literal_column,
    select,
    true,
)

from adapters.articles.tables import ArticleCountRow, ArticleRow, ArticleTagRow, FavoriteRow, TagRow
from adapters.identity.published import public_users
from adapters.profiles.published import followees_of, is_followed_by, profile_in
from adapters.shared.sql.read_database import ReadDatabase
from application.articles.ports import ArticleFilter, ArticlePage, ArticleView
from application.shared.paging import Page

_articles = ArticleRow.__table__  # type: ignore[attr-defined]
_tags = TagRow.__table__  # type: ignore[attr-defined]
_article_tags = ArticleTagRow.__table__  # type: ignore[attr-defined]
_favorites = FavoriteRow.__table__  # type: ignore[attr-defined]
_count = ArticleCountRow.__table__  # type: ignore[attr-defined]
_lookup = public_users.alias("lookup")  # users named in filters, apart from the authors


def _param(name: str, type_: Any = Integer) -> BindParameter[Any]:
    return bindparam(name, type_=type_)


@dataclass(frozen=True, slots=True)
class Shape:
    """Which parts a list statement has; the values travel as bind parameters."""

    tag: bool = False
    author: bool = False
    favorited: bool = False
    followed: bool = False
    signed_in: bool = False

    @classmethod
    def of(cls, filter: ArticleFilter, viewer_id: int | None) -> "Shape":
        return cls(
            tag=filter.tag is not None,
            author=filter.author is not None,
            favorited=filter.favorited is not None,
            followed=filter.followed_by is not None,
            signed_in=viewer_id is not None,
        )

    def alone(self) -> str | None:
        """The one filter of this shape, if it has exactly one."""
        chosen = [
            name for name in ("tag", "author", "favorited", "followed") if getattr(self, name)
        ]
        return chosen[0] if len(chosen) == 1 else None


def _columns(signed_in: bool, with_body: bool) -> list[Any]:
    a, author = _articles, public_users
    viewer = _param("viewer_id") if signed_in else None
    favorites_count = (
        select(func.count())
        .select_from(_favorites)
        .where(_favorites.c.article_id == a.c.id)
        .scalar_subquery()
    )
    favorited: ColumnElement[bool] = (
        exists().where(_favorites.c.article_id == a.c.id, _favorites.c.user_id == viewer)
        if viewer is not None
        else false()
    )
    return [
        a.c.id,
        a.c.slug,
        a.c.title,
        a.c.description,
        a.c.body if with_body else literal(None).label("body"),
        a.c.created_at,
        a.c.updated_at,
        author.c.username,
        author.c.bio,
        author.c.image,
        is_followed_by(viewer, a.c.author_id).label("following"),
        favorited.label("favorited"),
        favorites_count.label("favorites_count"),
        a.c.tag_list,
    ]


def _fan_id() -> Any:
    """The id of the user named by ?favorited=."""
    fan = select(_lookup.c.id).where(_lookup.c.username == _param("favorited", String))
    return fan.scalar_subquery()


def _conditions(shape: Shape) -> list[ColumnElement[bool]]:
    a = _articles
    conditions: list[ColumnElement[bool]] = []
    if shape.tag:
        tagged = (
            select(_article_tags.c.article_id)
            .join(_tags, _tags.c.id == _article_tags.c.tag_id)
            .where(_tags.c.name == _param("tag", String))
        )
        conditions.append(a.c.id.in_(tagged))
    if shape.author:
        author_id = select(_lookup.c.id).where(_lookup.c.username == _param("author", String))
        conditions.append(a.c.author_id == author_id.scalar_subquery())
    if shape.favorited:
        favorited = select(_favorites.c.article_id).where(_favorites.c.user_id == _fan_id())
        conditions.append(a.c.id.in_(favorited))
    if shape.followed:
        conditions.append(a.c.author_id.in_(followees_of(_param("followed_by"))))
    return conditions


def _from() -> Any:
    return _articles.join(public_users, public_users.c.id == _articles.c.author_id)


def _total(shape: Shape, conditions: list[ColumnElement[bool]]) -> Select[Any]:
    """The number of matches. The unfiltered and the tag-only counts are kept counters
    (O(1)); the favorites-only count reads the user's favorites off an index, without the
    articles (a favorite's article always exists); other filters count their matches, which
    their indexes keep few."""
    if not conditions:
        return select(_count.c.total.label("total"))
    if shape.alone() == "tag":
        used_by = select(_tags.c.used_by).where(_tags.c.name == _param("tag", String))
        return select(func.coalesce(used_by.scalar_subquery(), 0).label("total"))
    if shape.alone() == "favorited":
        favorites = select(func.count().label("total")).select_from(_favorites)
        return favorites.where(_favorites.c.user_id == _fan_id())
    return select(func.count().label("total")).select_from(_articles).where(*conditions)


def _page_of(ids: Any) -> Any:
    """The shown articles with their authors, for a subquery of one page of article ids."""
    return ids.join(_articles, _articles.c.id == ids.c.id).join(
        public_users, public_users.c.id == _articles.c.author_id
    )


def _tag_page() -> Any:
    """The page of a tag alone, straight off the (tag, created_at, article) index: it reads
    one page's worth of links whether the tag has ten articles or ten thousand."""
    tag_id = select(_tags.c.id).where(_tags.c.name == _param("tag", String)).scalar_subquery()
    links = select(_article_tags.c.article_id.label("id")).where(_article_tags.c.tag_id == tag_id)
    return _page_of(_newest(links, _article_tags.c.created_at, _article_tags.c.article_id))


def _favorites_page() -> Any:
    """The page of ?favorited= alone, off the (user, article created_at, article) index in
    the same way: one page's worth of favorites, however many the user has."""
    links = select(_favorites.c.article_id.label("id")).where(_favorites.c.user_id == _fan_id())
    return _page_of(_newest(links, _favorites.c.article_created_at, _favorites.c.article_id))


def _newest(links: Select[Any], created_at: Any, article_id: Any) -> Any:
    """One page of links, newest article first, as a subquery of ids."""
    ordered = links.order_by(created_at.desc(), article_id.desc())
    return ordered.limit(_param("limit")).offset(_param("offset")).subquery("ids")


def _ids_page(conditions: list[ColumnElement[bool]], limit: Any) -> Any:
    """Ids first, then rows: the page's ids come from the (created_at, id) and (author_id,
    created_at, id) indexes alone, and only the shown articles are read in full. A feed
    of 500 candidate articles no longer reads 500 rows to show 20 (bench/RESULTS.md)."""
    ids = (
        select(_articles.c.id)
        .where(*conditions)
        .order_by(_articles.c.created_at.desc(), _articles.c.id.desc())
        .limit(limit)
        .offset(_param("offset"))
        .subquery("ids")
    )
    return _page_of(ids)


@cache
def page_statement(shape: Shape, limit: int) -> Select[Any]:
    """One SELECT: the total LEFT JOINed to the page, so an empty page still reports it.

    `limit` only shapes the unfiltered page, which inlines it: with LIMIT as a parameter, a
    plan made for every value sorts the whole table (14 ms at 100,000 articles); with the
    literal it walks the (created_at, id) index back and reads the page alone (0.6 ms).
    Filtered pages bind it, so a shape has one statement whatever the page size.
    """
    conditions = _conditions(shape)
    if shape.alone() == "tag":
        page = _tag_page()
    elif shape.alone() == "favorited":
        page = _favorites_page()
    elif conditions:
        page = _ids_page(conditions, _param("limit"))
    else:  # the newest articles: LIMIT in the SQL text, not a parameter
        page = _ids_page(conditions, literal_column(str(int(limit))))
    rows = select(*_columns(shape.signed_in, with_body=False)).select_from(page).subquery("page")
    counted = _total(shape, conditions).subquery("counted")
    return (
        select(counted.c.total, rows)
        .select_from(counted.outerjoin(rows, true()))
        .order_by(rows.c.created_at.desc(), rows.c.id.desc())
    )


def page_of(shape: Shape, page: Page) -> Select[Any]:
    """The statement for a page of this shape (one per shape; per page size when unfiltered)."""
    unfiltered = not (shape.tag or shape.author or shape.favorited or shape.followed)
    return page_statement(shape, page.limit if unfiltered else 0)


def page_parameters(filter: ArticleFilter, page: Page, viewer_id: int | None) -> dict[str, Any]:
    values = {
        "tag": filter.tag,
        "author": filter.author,
        "favorited": filter.favorited,
        "followed_by": filter.followed_by,
        "viewer_id": viewer_id,
    }
    bound = {name: value for name, value in values.items() if value is not None}
    return bound | {"limit": page.limit, "offset": page.offset}


@cache
def one_statement(signed_in: bool) -> Select[Any]:
    return (
        select(*_columns(signed_in, with_body=True))
        .select_from(_from())
        .where(_articles.c.slug == _param("slug", String))
    )


TAGS = select(_tags.c.name).where(_tags.c.used_by > 0)


def _view(row: Mapping[str, Any]) -> ArticleView:
    return ArticleView(
        slug=row["slug"],
        title=row["title"],
        description=row["description"],
        body=row["body"],
        tags=json.loads(row["tag_list"]),  # stored sorted
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        favorited=bool(row["favorited"]),
        favorites_count=row["favorites_count"],
        author=profile_in(row),
    )


class SqlArticleQueries:
    def __init__(self, database: ReadDatabase) -> None:
        self._database = database

    async def page(self, filter: ArticleFilter, page: Page, viewer_id: int | None) -> ArticlePage:
        statement = page_of(Shape.of(filter, viewer_id), page)
        rows = await self._database.rows(statement, page_parameters(filter, page, viewer_id))
        total = rows[0]["total"] if rows else 0
        return ArticlePage([_view(row) for row in rows if row["slug"] is not None], total)

    async def one(self, slug: str, viewer_id: int | None) -> ArticleView | None:
        parameters = {"slug": slug, "viewer_id": viewer_id}
        rows = await self._database.rows(one_statement(viewer_id is not None), parameters)
        return _view(rows[0]) if rows else None

    async def tags(self) -> list[str]:
        # Sorted here: Python's order is the same on both databases, whatever the collation.
        return sorted(row["name"] for row in await self._database.rows(TAGS, {}))
