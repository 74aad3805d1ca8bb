"""The comments context's tables. No other context writes them."""

from datetime import datetime

from sqlalchemy import Column, ForeignKey, Index, Integer
from sqlmodel import Field, SQLModel

from adapters.shared.sql import metadata as _metadata  # noqa: F401  (naming convention first)


class CommentRow(SQLModel, table=True):
    __tablename__ = "comments"
    __table_args__ = (
        Index("ix_comments_article_id_created_at_id", "article_id", "created_at", "id"),
        # Clients address comments by id: SQLite would otherwise give a deleted comment's id
        # to the next one, and a retried DELETE would remove someone else's comment.
        {"sqlite_autoincrement": True},
    )

    id: int | None = Field(default=None, primary_key=True)
    # Checked at commit: deleting an article removes its comments in the same transaction,
    # but only after the article row is gone (docs/adr/0004). A comment written while its
    # article is being deleted fails at commit instead of being left behind.
    article_id: int = Field(
        sa_column=Column(
            Integer,
            ForeignKey("articles.id", deferrable=True, initially="DEFERRED"),
            nullable=False,
        )
    )
    author_id: int = Field(foreign_key="users.id")
    body: str
    created_at: datetime
    updated_at: datetime
