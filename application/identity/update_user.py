"""Use case: change the caller's email, username, password, bio or image."""

from collections.abc import Callable
from dataclasses import dataclass

from application.identity.dto import SignedInUser
from application.identity.ports import IdentityUnitOfWork, PasswordHasher, TokenService
from application.shared.clock import Clock
from domain.identity.user import UserChanges, parse_bio, parse_image
from domain.identity.values import Email, Password, Username
from domain.shared.errors import AlreadyTaken, Unauthenticated
from domain.shared.validation import FieldErrors


@dataclass(frozen=True, slots=True)
class UpdateUserCommand:
    """Fields left out of `given` stay as they are; a given None means 'clear' or is refused."""

    user_id: int
    given: frozenset[str]
    email: str | None = None
    username: str | None = None
    password: str | None = None
    bio: str | None = None
    image: str | None = None


@dataclass(frozen=True, slots=True)
class UpdateUser:
    """Apply the given changes; uniqueness ignores the caller's own current values."""

    uow: Callable[[], IdentityUnitOfWork]
    hasher: PasswordHasher
    tokens: TokenService
    clock: Clock

    async def __call__(self, command: UpdateUserCommand) -> SignedInUser:
        given = command.given
        errors = FieldErrors()
        username = errors.parse(Username.parse, command.username) if "username" in given else None
        email = errors.parse(Email.parse, command.email) if "email" in given else None
        password = errors.parse(Password.parse, command.password) if "password" in given else None
        bio = errors.parse(parse_bio, command.bio)
        image = errors.parse(parse_image, command.image)
        errors.raise_if_any()

        password_hash = await self.hasher.hash(password) if password else None
        changes = UserChanges(
            username=username,
            email=email,
            password_hash=password_hash,
            bio=bio,
            sets_bio="bio" in given,
            image=image,
            sets_image="image" in given,
        )
        async with self.uow() as uow:
            user = await uow.users.get(command.user_id)
            if user is None:
                raise Unauthenticated("token", "is invalid")
            if username and await uow.users.username_taken(username.value, other_than=user.id):
                raise AlreadyTaken("username")
            if email and await uow.users.email_taken(email.canonical, other_than=user.id):
                raise AlreadyTaken("email")
            user = await uow.users.update(user.changed(changes, self.clock.now()))
            await uow.commit()
        assert user.id is not None
        return SignedInUser.of(user, self.tokens.issue(user.id))
