"""FollowRepository on SQL."""

from sqlalchemy import delete, exists, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from adapters.profiles.tables import FollowRow
from adapters.shared.sql.statements import insert_ignoring_duplicates
from application.shared.clock import Clock
from domain.profiles.follow import Follow
from domain.shared.errors import Unauthenticated

follows = FollowRow.__table__  # type: ignore[attr-defined]


class SqlFollowRepository:
    def __init__(self, session: AsyncSession, clock: Clock) -> None:
        self._session = session
        self._clock = clock

    async def add(self, follow: Follow) -> bool:
        statement = insert_ignoring_duplicates(
            self._session, follows, ["follower_id", "followee_id"]
        )
        try:
            result = await self._session.execute(
                statement.values(
                    follower_id=follow.follower_id,
                    followee_id=follow.followee_id,
                    created_at=self._clock.now(),
                )
            )
        except IntegrityError as error:
            # Users are never deleted, so a missing one is a token that outlived its user
            # (say, after a database reset); the followee was looked up a moment ago.
            raise Unauthenticated("token", "is invalid") from error
        return bool(result.rowcount)  # type: ignore[attr-defined]

    async def remove(self, follower_id: int, followee_id: int) -> None:
        await self._session.execute(
            delete(FollowRow).where(
                col(FollowRow.follower_id) == follower_id,
                col(FollowRow.followee_id) == followee_id,
            )
        )

    async def is_following(self, follower_id: int, followee_id: int) -> bool:
        query = exists().where(
            col(FollowRow.follower_id) == follower_id, col(FollowRow.followee_id) == followee_id
        )
        return bool(await self._session.scalar(select(query)))

    async def followees_of(self, follower_id: int) -> set[int]:
        rows = await self._session.scalars(
            select(col(FollowRow.followee_id)).where(col(FollowRow.follower_id) == follower_id)
        )
        return set(rows)

    async def followers_of(self, followee_id: int) -> set[int]:
        rows = await self._session.scalars(
            select(col(FollowRow.follower_id)).where(col(FollowRow.followee_id) == followee_id)
        )
        return set(rows)
