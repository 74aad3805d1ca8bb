"""UserRepository on SQL, through the unit of work's session."""

from collections.abc import Collection

from sqlalchemy import ColumnElement, Select, exists, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from adapters.identity.mapper import copy_to_row, to_domain, to_row
from adapters.identity.tables import UserRow
from adapters.shared.sql.conflicts import violated_unique
from domain.identity.user import User
from domain.shared.errors import AlreadyTaken


class SqlUserRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, user: User) -> User:
        row = to_row(user)
        self._session.add(row)
        await self._flush()
        return to_domain(row)

    async def update(self, user: User) -> User:
        row = await self._session.get(UserRow, user.id)
        if row is None:
            raise LookupError(f"user {user.id} is not stored")
        copy_to_row(user, row)
        await self._flush()
        return to_domain(row)

    async def get(self, user_id: int) -> User | None:
        row = await self._session.get(UserRow, user_id)
        return to_domain(row) if row else None

    async def get_many(self, user_ids: Collection[int]) -> list[User]:
        if not user_ids:
            return []
        rows = await self._session.scalars(
            select(UserRow).where(col(UserRow.id).in_(list(user_ids)))
        )
        return [to_domain(row) for row in rows]

    async def find_by_email(self, canonical_email: str) -> User | None:
        return await self._one(
            select(UserRow).where(col(UserRow.email_canonical) == canonical_email)
        )

    async def find_by_username(self, username: str) -> User | None:
        return await self._one(select(UserRow).where(col(UserRow.username) == username))

    async def username_taken(self, username: str, *, other_than: int | None = None) -> bool:
        return await self._exists(col(UserRow.username) == username, other_than)

    async def email_taken(self, canonical_email: str, *, other_than: int | None = None) -> bool:
        return await self._exists(col(UserRow.email_canonical) == canonical_email, other_than)

    async def _one(self, statement: Select[UserRow]) -> User | None:
        row = (await self._session.scalars(statement)).first()
        return to_domain(row) if row else None

    async def _exists(self, condition: ColumnElement[bool], other_than: int | None) -> bool:
        query = exists().where(condition)
        if other_than is not None:
            query = query.where(col(UserRow.id) != other_than)
        return bool(await self._session.scalar(select(query)))

    async def _flush(self) -> None:
        try:
            await self._session.flush()
        except IntegrityError as error:
            field = violated_unique(error, "username", "email_canonical")
            if field is None:
                raise
            raise AlreadyTaken("email" if field == "email_canonical" else "username") from error
