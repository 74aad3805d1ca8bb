"""The Follow relation: one user subscribes to another's articles."""

from dataclasses import dataclass

from domain.shared.errors import InvalidInput


@dataclass(frozen=True, slots=True)
class Follow:
    follower_id: int
    followee_id: int

    @classmethod
    def of(cls, follower_id: int, followee_id: int) -> "Follow":
        if follower_id == followee_id:
            raise InvalidInput.of("profile", "cannot follow yourself")
        return cls(follower_id, followee_id)
