"""Use case: exchange an email and password for a token."""

from collections.abc import Callable
from dataclasses import dataclass

from application.identity.dto import SignedInUser
from application.identity.ports import IdentityUnitOfWork, PasswordHasher, TokenService
from domain.shared.errors import InvalidInput, Unauthenticated
from domain.shared.text import BLANK


@dataclass(frozen=True, slots=True)
class LogInCommand:
    email: str | None
    password: str | None


@dataclass(frozen=True, slots=True)
class LogIn:
    """Log in; an unknown email and a wrong password answer alike, in the same time."""

    uow: Callable[[], IdentityUnitOfWork]
    hasher: PasswordHasher
    tokens: TokenService

    async def __call__(self, command: LogInCommand) -> SignedInUser:
        blank = {
            field: [BLANK]
            for field, value in (("email", command.email), ("password", command.password))
            if not value or not value.strip()
        }
        if blank:
            raise InvalidInput(blank)
        assert command.email
        assert command.password

        async with self.uow() as uow:
            user = await uow.users.find_by_email(command.email.strip().casefold())
        # Verify even without a user, so timing does not reveal which emails exist.
        matches = await self.hasher.verify(command.password, user.password_hash if user else None)
        if user is None or not matches:
            raise Unauthenticated("credentials", "invalid")
        assert user.id is not None
        return SignedInUser.of(user, self.tokens.issue(user.id))
