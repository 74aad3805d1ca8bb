"""FollowRepository in memory."""

from domain.profiles.follow import Follow


class InMemoryFollowRepository:
    def __init__(self) -> None:
        self.follows: set[tuple[int, int]] = set()

    async def add(self, follow: Follow) -> bool:
        new = (follow.follower_id, follow.followee_id) not in self.follows
        self.follows.add((follow.follower_id, follow.followee_id))
        return new

    async def remove(self, follower_id: int, followee_id: int) -> None:
        self.follows.discard((follower_id, followee_id))

    async def is_following(self, follower_id: int, followee_id: int) -> bool:
        return (follower_id, followee_id) in self.follows

    async def followees_of(self, follower_id: int) -> set[int]:
        return {followee for follower, followee in self.follows if follower == follower_id}

    async def followers_of(self, followee_id: int) -> set[int]:
        return {follower for follower, followee in self.follows if followee == followee_id}
