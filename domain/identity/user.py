"""The User aggregate: an account with its credentials and public profile text."""

from dataclasses import dataclass, replace
from datetime import datetime

from domain.identity.values import Email, Username
from domain.shared.text import optional_text
from domain.shared.time import next_timestamp

BIO_MAX = 4_000
IMAGE_MAX = 2_000


def parse_bio(raw: str | None) -> str | None:
    return optional_text("bio", raw, max_length=BIO_MAX)


def parse_image(raw: str | None) -> str | None:
    return optional_text("image", raw, max_length=IMAGE_MAX)


@dataclass(frozen=True, slots=True)
class User:
    """An account. `id` is None until the repository has stored it."""

    id: int | None
    username: Username
    email: Email
    password_hash: str
    bio: str | None
    image: str | None
    created_at: datetime
    updated_at: datetime

    @classmethod
    def register(
        cls, *, username: Username, email: Email, password_hash: str, now: datetime
    ) -> "User":
        return cls(
            id=None,
            username=username,
            email=email,
            password_hash=password_hash,
            bio=None,
            image=None,
            created_at=now,
            updated_at=now,
        )

    def changed(self, changes: "UserChanges", now: datetime) -> "User":
        """A copy with the given changes applied; absent fields stay as they are."""
        return replace(
            self,
            username=changes.username or self.username,
            email=changes.email or self.email,
            password_hash=changes.password_hash or self.password_hash,
            bio=changes.bio if changes.sets_bio else self.bio,
            image=changes.image if changes.sets_image else self.image,
            updated_at=next_timestamp(self.updated_at, now),
        )


@dataclass(frozen=True, slots=True)
class UserChanges:
    """What an update asks for; `sets_bio`/`sets_image` tell 'set to None' from 'leave alone'."""

    username: Username | None = None
    email: Email | None = None
    password_hash: str | None = None
    bio: str | None = None
    sets_bio: bool = False
    image: str | None = None
    sets_image: bool = False
