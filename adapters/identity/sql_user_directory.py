"""The UserDirectory facade on SQL: one autocommit statement per question."""

from collections.abc import Collection
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.identity.published import public_users
from application.identity.published import PublicUser

MAX_ID = 2**31 - 1


class SqlUserDirectory:
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine  # autocommit: a lookup needs no transaction (nor SQLite's lock)

    async def by_username(self, username: str) -> PublicUser | None:
        found = await self._all(select(public_users).where(public_users.c.username == username))
        return found[0] if found else None

    async def by_ids(self, ids: Collection[int]) -> dict[int, PublicUser]:
        wanted = [i for i in ids if 0 < i <= MAX_ID]
        if not wanted:
            return {}
        found = await self._all(select(public_users).where(public_users.c.id.in_(wanted)))
        return {user.id: user for user in found}

    async def _all(self, statement: Select[Any]) -> list[PublicUser]:
        async with self._engine.connect() as connection:
            rows = (await connection.execute(statement)).all()
        return [PublicUser(row.id, row.username, row.bio, row.image) for row in rows]
