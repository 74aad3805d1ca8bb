"""The ProfileDirectory facade served from the follows repository and identity's directory:
what the fakes are wired with (production answers from SQL: sql_profile_directory.py)."""

from collections.abc import Callable, Collection
from dataclasses import dataclass

from application.identity.published import UserDirectory
from application.profiles.ports import ProfilesUnitOfWork
from application.profiles.published import ProfileView


@dataclass(frozen=True, slots=True)
class RepositoryProfileDirectory:
    """Profiles for other contexts, built from the identity facade and the follows store."""

    users: UserDirectory
    uow: Callable[[], ProfilesUnitOfWork]

    async def by_username(self, username: str, viewer_id: int | None) -> ProfileView | None:
        user = await self.users.by_username(username)
        if user is None:
            return None
        if viewer_id is None:
            return ProfileView.of(user, following=False)
        async with self.uow() as uow:
            return ProfileView.of(user, await uow.follows.is_following(viewer_id, user.id))

    async def profiles(
        self, user_ids: Collection[int], viewer_id: int | None
    ) -> dict[int, ProfileView]:
        users = await self.users.by_ids(user_ids)
        followed = await self.followees_of(viewer_id) if viewer_id is not None else set()
        return {uid: ProfileView.of(user, uid in followed) for uid, user in users.items()}

    async def followees_of(self, viewer_id: int) -> set[int]:
        async with self.uow() as uow:
            return await uow.follows.followees_of(viewer_id)

    async def followers_of(self, user_id: int) -> set[int]:
        async with self.uow() as uow:
            return await uow.follows.followers_of(user_id)
