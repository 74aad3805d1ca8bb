"""The UserDirectory facade on SQL: one statement per question, on the read database."""

from collections.abc import Collection, Mapping, Sequence
from typing import Any

from sqlalchemy import Integer, String, bindparam, literal, select

from adapters.identity.published import public_users
from adapters.shared.sql.ids import storable_id
from adapters.shared.sql.read_database import ReadDatabase
from application.identity.published import PublicUser

BY_USERNAME = select(public_users).where(
    public_users.c.username == bindparam("username", type_=String)
)
BY_IDS = select(public_users).where(public_users.c.id.in_(bindparam("ids", expanding=True)))
# One primary-key probe: every request that needs a caller pays it (docs/adr/0005).
EXISTS = select(literal(1)).where(public_users.c.id == bindparam("id", type_=Integer))


class SqlUserDirectory:
    def __init__(self, database: ReadDatabase) -> None:
        self._database = database  # outside transactions: a lookup takes no lock

    async def by_username(self, username: str) -> PublicUser | None:
        found = _users(await self._database.rows(BY_USERNAME, {"username": username}))
        return found[0] if found else None

    async def by_ids(self, ids: Collection[int]) -> dict[int, PublicUser]:
        wanted = [i for i in ids if storable_id(i)]
        if not wanted:
            return {}
        return {
            user.id: user for user in _users(await self._database.rows(BY_IDS, {"ids": wanted}))
        }

    async def exists(self, user_id: int) -> bool:
        return storable_id(user_id) and bool(await self._database.rows(EXISTS, {"id": user_id}))


def _users(rows: Sequence[Mapping[str, Any]]) -> list[PublicUser]:
    return [PublicUser(row["id"], row["username"], row["bio"], row["image"]) for row in rows]
