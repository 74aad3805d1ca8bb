"""Use case: the signed-in user's own account."""

from collections.abc import Callable
from dataclasses import dataclass

from application.identity.dto import SignedInUser
from application.identity.ports import IdentityUnitOfWork, TokenService
from domain.shared.errors import Unauthenticated


@dataclass(frozen=True, slots=True)
class GetCurrentUser:
    """Read the caller's account; a token for a user that no longer exists is invalid."""

    uow: Callable[[], IdentityUnitOfWork]
    tokens: TokenService

    async def __call__(self, user_id: int, token: str) -> SignedInUser:
        async with self.uow() as uow:
            user = await uow.users.get(user_id)
        if user is None:
            raise Unauthenticated("token", "is invalid")
        return SignedInUser.of(user, token)
