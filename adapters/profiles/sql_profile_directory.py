"""The ProfileDirectory facade on SQL: identity's public users and `following`, one statement."""

from collections.abc import Collection
from functools import cache
from typing import Any

from sqlalchemy import ColumnElement, Integer, Row, Select, String, bindparam, select
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.identity.published import public_users
from adapters.profiles.published import followees_of, is_followed_by
from application.profiles.published import ProfileView

MAX_ID = 2**31 - 1


class SqlProfileDirectory:
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine  # autocommit: one statement needs no transaction

    async def by_username(self, username: str, viewer_id: int | None) -> ProfileView | None:
        statement = by_username_statement(viewer_id is not None)
        async with self._engine.connect() as connection:
            found = await connection.execute(
                statement, {"username": username, "viewer_id": viewer_id}
            )
            rows = found.all()
        return _view(rows[0]) if rows else None

    async def profiles(
        self, user_ids: Collection[int], viewer_id: int | None
    ) -> dict[int, ProfileView]:
        wanted = [i for i in user_ids if 0 < i <= MAX_ID]
        if not wanted:
            return {}
        rows = await self._rows(public_users.c.id.in_(wanted), viewer_id)
        return {row.id: _view(row) for row in rows}

    async def followees_of(self, viewer_id: int) -> set[int]:
        async with self._engine.connect() as connection:
            rows = await connection.execute(followees_of(viewer_id))
            return {row.followee_id for row in rows}

    async def _rows(self, condition: ColumnElement[bool], viewer_id: int | None) -> list[Row[Any]]:
        statement = select(
            public_users, is_followed_by(viewer_id, public_users.c.id).label("following")
        ).where(condition)
        async with self._engine.connect() as connection:
            return list((await connection.execute(statement)).all())


@cache
def by_username_statement(signed_in: bool) -> Select[Any]:
    """Built once per shape; GET /profiles/{username} binds the values."""
    viewer = bindparam("viewer_id", type_=Integer) if signed_in else None
    return select(public_users, is_followed_by(viewer, public_users.c.id).label("following")).where(
        public_users.c.username == bindparam("username", type_=String)
    )


def _view(row: Row[Any]) -> ProfileView:
    return ProfileView(row.username, row.bio, row.image, bool(row.following))
