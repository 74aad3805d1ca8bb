"""A page request for lists: how many items, after how many."""

from dataclasses import dataclass

from domain.shared.errors import InvalidInput

MAX_LIMIT = 100
MAX_OFFSET = 2**31 - 1


@dataclass(frozen=True, slots=True)
class Page:
    limit: int = 20
    offset: int = 0

    def __post_init__(self) -> None:
        if not 1 <= self.limit <= MAX_LIMIT:
            raise InvalidInput.of("limit", f"must be between 1 and {MAX_LIMIT}")
        if not 0 <= self.offset <= MAX_OFFSET:
            raise InvalidInput.of("offset", f"must be between 0 and {MAX_OFFSET}")
