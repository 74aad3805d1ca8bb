"""Who follows a user, read in the reaction's own transaction through profiles' published SQL."""

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from adapters.profiles.published import followers_of


class SqlFollowers:
    """The followers as of `as_of`, the event's publication: a delivery that comes late (a
    backlog, an outage, commits gathered) must not tell those who followed after it."""

    def __init__(self, session: AsyncSession, as_of: datetime) -> None:
        self._session = session
        self._as_of = as_of

    async def followers_of(self, user_id: int) -> set[int]:
        return set(await self._session.scalars(followers_of(user_id, self._as_of)))
