"""Use case: register a new account and sign it in."""

from collections.abc import Callable
from dataclasses import dataclass

from application.identity.dto import SignedInUser
from application.identity.ports import IdentityUnitOfWork, PasswordHasher, TokenService
from application.shared.clock import Clock
from domain.identity.user import User
from domain.identity.values import Email, Password, Username
from domain.shared.errors import AlreadyTaken
from domain.shared.validation import FieldErrors


@dataclass(frozen=True, slots=True)
class RegisterUserCommand:
    username: str | None
    email: str | None
    password: str | None


@dataclass(frozen=True, slots=True)
class RegisterUser:
    """Register a user: validate, refuse taken names, hash the password, store, issue a token."""

    uow: Callable[[], IdentityUnitOfWork]
    hasher: PasswordHasher
    tokens: TokenService
    clock: Clock

    async def __call__(self, command: RegisterUserCommand) -> SignedInUser:
        errors = FieldErrors()
        username = errors.parse(Username.parse, command.username)
        email = errors.parse(Email.parse, command.email)
        password = errors.parse(Password.parse, command.password)
        errors.raise_if_any()
        assert username
        assert email
        assert password

        async with self.uow() as uow:
            # Checked first for a clear answer; the unique constraints settle races.
            if await uow.users.username_taken(username.value):
                raise AlreadyTaken("username")
            if await uow.users.email_taken(email.canonical):
                raise AlreadyTaken("email")

        password_hash = await self.hasher.hash(password)
        async with self.uow() as uow:
            user = await uow.users.add(
                User.register(
                    username=username,
                    email=email,
                    password_hash=password_hash,
                    now=self.clock.now(),
                )
            )
            await uow.commit()
        assert user.id is not None
        return SignedInUser.of(user, self.tokens.issue(user.id))
