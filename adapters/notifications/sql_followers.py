"""Who follows a user, read in the reaction's own transaction through profiles' published SQL."""

from sqlalchemy.ext.asyncio import AsyncSession

from adapters.profiles.published import followers_of


class SqlFollowers:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def followers_of(self, user_id: int) -> set[int]:
        return set(await self._session.scalars(followers_of(user_id)))
