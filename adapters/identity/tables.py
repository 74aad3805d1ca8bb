"""The identity context's tables. No other context writes them."""

from datetime import datetime

from sqlmodel import Field, SQLModel

from adapters.shared.sql import metadata as _metadata  # noqa: F401  (naming convention first)


class UserRow(SQLModel, table=True):
    __tablename__ = "users"
    # A token names its user by id: SQLite would otherwise give a deleted user's id to the
    # next one to register, and the old token would sign in as them.
    __table_args__ = {"sqlite_autoincrement": True}

    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(max_length=64, unique=True)
    email: str = Field(max_length=254)
    # Lower-cased email: uniqueness and login ignore case, the shown email keeps it.
    email_canonical: str = Field(max_length=254, unique=True)
    password_hash: str = Field(max_length=255)
    bio: str | None = Field(default=None)
    image: str | None = Field(default=None)
    created_at: datetime
    updated_at: datetime
