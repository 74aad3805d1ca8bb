"""Use case: turn a presented token into the id of the user it was issued to."""

from dataclasses import dataclass

from application.identity.ports import TokenService


@dataclass(frozen=True, slots=True)
class VerifyToken:
    """Check a token's signature and expiry; no database trip, so every request can afford it."""

    tokens: TokenService

    def __call__(self, token: str) -> int:
        return self.tokens.verify(token).user_id
