"""Technical ports of the identity context: hashing, tokens and its unit of work."""

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from application.shared.unit_of_work import UnitOfWork
from domain.identity.repository import UserRepository
from domain.identity.values import Password


class PasswordHasher(Protocol):
    async def hash(self, password: Password) -> str: ...

    async def verify(self, password: str, password_hash: str | None) -> bool:
        """True when `password` matches; with no hash it still spends the time of a check."""
        ...


@dataclass(frozen=True, slots=True)
class TokenClaims:
    user_id: int
    issued_at: datetime
    expires_at: datetime


class TokenService(Protocol):
    def issue(self, user_id: int) -> str: ...

    def verify(self, token: str) -> TokenClaims:
        """The claims of a valid token; Unauthenticated('token', 'is invalid') otherwise."""
        ...


class IdentityUnitOfWork(UnitOfWork, Protocol):
    users: UserRepository
