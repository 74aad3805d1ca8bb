"""The Comment aggregate."""

from dataclasses import dataclass
from datetime import datetime

from domain.shared.errors import Forbidden
from domain.shared.text import required_text

BODY_MAX = 20_000


@dataclass(frozen=True, slots=True)
class Comment:
    """`id` is None until stored."""

    id: int | None
    article_id: int
    author_id: int
    body: str
    created_at: datetime
    updated_at: datetime

    @classmethod
    def write(cls, article_id: int, author_id: int, body: str | None, now: datetime) -> "Comment":
        return cls(
            id=None,
            article_id=article_id,
            author_id=author_id,
            body=parse_body(body),
            created_at=now,
            updated_at=now,
        )

    def ensure_deletable_by(self, user_id: int) -> None:
        if user_id != self.author_id:
            raise Forbidden("comment")


def parse_body(raw: str | None) -> str:
    return required_text("body", raw, max_length=BODY_MAX)
