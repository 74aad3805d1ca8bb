"""The profiles context's tables. No other context writes them."""

from datetime import datetime

from sqlalchemy import Index
from sqlmodel import Field, SQLModel

from adapters.shared.sql import metadata as _metadata  # noqa: F401  (naming convention first)


class FollowRow(SQLModel, table=True):
    __tablename__ = "follows"
    # A new article's notifications go to its author's followers.
    __table_args__ = (Index("ix_follows_followee_id", "followee_id"),)

    # The primary key (follower_id, followee_id) also serves the feed and `following` lookups.
    follower_id: int = Field(foreign_key="users.id", primary_key=True)
    followee_id: int = Field(foreign_key="users.id", primary_key=True)
    created_at: datetime
