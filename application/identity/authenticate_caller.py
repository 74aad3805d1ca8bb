"""Use case: the user an operation that needs a caller acts for, who must still exist."""

from dataclasses import dataclass

from application.identity.ports import TokenService
from application.identity.published import UserDirectory
from domain.shared.errors import Unauthenticated


@dataclass(frozen=True, slots=True)
class AuthenticateCaller:
    """A valid token naming a user who still exists: a token outlives a deleted account."""

    tokens: TokenService
    users: UserDirectory

    async def __call__(self, token: str) -> int:
        user_id = self.tokens.verify(token).user_id
        if not await self.users.exists(user_id):
            raise Unauthenticated("token", "is invalid")
        return user_id
