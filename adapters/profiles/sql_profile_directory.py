"""The ProfileDirectory facade on SQL: identity's public users and `following`, one statement."""

from collections.abc import Collection
from functools import cache
from typing import Any

from sqlalchemy import ColumnElement, Integer, Select, String, bindparam, select

from adapters.identity.published import public_users
from adapters.profiles.published import followees_of, followers_of, is_followed_by, profile_in
from adapters.shared.sql.ids import storable_id
from adapters.shared.sql.read_database import ReadDatabase
from application.profiles.published import ProfileView

FOLLOWEES = followees_of(bindparam("viewer_id", type_=Integer))
FOLLOWERS = followers_of(bindparam("user_id", type_=Integer))


def _profiles(signed_in: bool, condition: ColumnElement[bool]) -> Select[Any]:
    viewer = bindparam("viewer_id", type_=Integer) if signed_in else None
    following = is_followed_by(viewer, public_users.c.id).label("following")
    return select(public_users, following).where(condition)


@cache
def by_username_statement(signed_in: bool) -> Select[Any]:
    """Built once per shape; GET /profiles/{username} binds the values."""
    return _profiles(signed_in, public_users.c.username == bindparam("username", type_=String))


@cache
def by_ids_statement(signed_in: bool) -> Select[Any]:
    return _profiles(signed_in, public_users.c.id.in_(bindparam("ids", expanding=True)))


class SqlProfileDirectory:
    def __init__(self, database: ReadDatabase) -> None:
        self._database = database

    async def by_username(self, username: str, viewer_id: int | None) -> ProfileView | None:
        statement = by_username_statement(viewer_id is not None)
        rows = await self._database.rows(statement, {"username": username, "viewer_id": viewer_id})
        return profile_in(rows[0]) if rows else None

    async def profiles(
        self, user_ids: Collection[int], viewer_id: int | None
    ) -> dict[int, ProfileView]:
        wanted = [i for i in user_ids if storable_id(i)]
        if not wanted:
            return {}
        statement = by_ids_statement(viewer_id is not None)
        rows = await self._database.rows(statement, {"ids": wanted, "viewer_id": viewer_id})
        return {row["id"]: profile_in(row) for row in rows}

    async def followees_of(self, viewer_id: int) -> set[int]:
        rows = await self._database.rows(FOLLOWEES, {"viewer_id": viewer_id})
        return {row["followee_id"] for row in rows}

    async def followers_of(self, user_id: int) -> set[int]:
        rows = await self._database.rows(FOLLOWERS, {"user_id": user_id})
        return {row["follower_id"] for row in rows}
