"""What identity use cases return to the outside world."""

from dataclasses import dataclass

from domain.identity.user import User


@dataclass(frozen=True, slots=True)
class SignedInUser:
    """The current user as the API shows them, with a fresh token."""

    email: str
    token: str
    username: str
    bio: str | None
    image: str | None

    @classmethod
    def of(cls, user: User, token: str) -> "SignedInUser":
        return cls(
            email=user.email.value,
            token=token,
            username=user.username.value,
            bio=user.bio,
            image=user.image,
        )
