"""The articles context's tables. No other context writes them."""

from datetime import datetime

from sqlalchemy import Index
from sqlmodel import Field, SQLModel

from adapters.shared.sql import metadata as _metadata  # noqa: F401  (naming convention first)


class ArticleRow(SQLModel, table=True):
    __tablename__ = "articles"
    __table_args__ = (
        # Newest first with id tie-break: every list, unfiltered or filtered, sorts this way.
        Index("ix_articles_created_at_id", "created_at", "id"),
        # Author filter and the feed (author IN followees), already in list order.
        Index("ix_articles_author_id_created_at_id", "author_id", "created_at", "id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(max_length=100, unique=True)
    title: str = Field(max_length=300)
    description: str
    body: str
    # The sorted tags as a JSON array: the aggregate's own copy, so lists read them from the
    # row instead of joining article_tags and tags for every article shown (docs/adr/0009).
    tag_list: str = Field(default="[]", sa_column_kwargs={"server_default": "[]"})
    author_id: int = Field(foreign_key="users.id")
    created_at: datetime
    updated_at: datetime


class TagRow(SQLModel, table=True):
    __tablename__ = "tags"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=64, unique=True)
    # How many articles carry the tag, kept with the links: GET /tags lists tags in use
    # and ?tag= counts its matches without scanning them (docs/adr/0009).
    used_by: int = Field(default=0, sa_column_kwargs={"server_default": "0"})


class ArticleTagRow(SQLModel, table=True):
    __tablename__ = "article_tags"
    # ?tag= reads this index backwards and stops after one page, however popular the tag:
    # the link carries its article's created_at (which never changes) for that.
    __table_args__ = (
        Index("ix_article_tags_tag_id_created_at_article_id", "tag_id", "created_at", "article_id"),
    )

    article_id: int = Field(foreign_key="articles.id", primary_key=True)
    tag_id: int = Field(foreign_key="tags.id", primary_key=True)
    created_at: datetime


class FavoriteRow(SQLModel, table=True):
    __tablename__ = "favorites"
    __table_args__ = (
        # favoritesCount and `favorited` per article.
        Index("ix_favorites_article_id_user_id", "article_id", "user_id"),
        # ?favorited= reads this index backwards and stops after one page, however many
        # articles the user favorited, as ?tag= does with the tag links.
        Index(
            "ix_favorites_user_id_article_created_at_article_id",
            "user_id",
            "article_created_at",
            "article_id",
        ),
    )

    user_id: int = Field(foreign_key="users.id", primary_key=True)
    article_id: int = Field(foreign_key="articles.id", primary_key=True)
    created_at: datetime  # when the user favorited it
    article_created_at: datetime  # the article's, which never changes: the list's order


class ArticleCountRow(SQLModel, table=True):
    """One row holding the number of articles, kept in the writing transactions.

    `articlesCount` of the unfiltered list would otherwise count the whole table on every
    request: O(articles) per page view (docs/adr/0009).
    """

    __tablename__ = "article_count"

    id: int = Field(primary_key=True)
    total: int
