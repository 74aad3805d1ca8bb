"""Domain errors: what went wrong in business terms; the HTTP layer maps them to statuses."""

from collections.abc import Mapping, Sequence


class DomainError(Exception):
    """Base of every error a use case may raise on purpose."""


class InvalidInput(DomainError):
    """One or more fields break a rule; `errors` maps each field to its messages."""

    def __init__(self, errors: Mapping[str, Sequence[str]]) -> None:
        self.errors = {field: list(messages) for field, messages in errors.items()}
        super().__init__(self.errors)

    @classmethod
    def of(cls, field: str, message: str) -> "InvalidInput":
        return cls({field: [message]})


class NotFound(DomainError):
    """The named resource (article, profile, comment, ...) does not exist."""

    def __init__(self, resource: str) -> None:
        self.resource = resource
        super().__init__(f"{resource} not found")


class Forbidden(DomainError):
    """The caller may not change the named resource."""

    def __init__(self, resource: str) -> None:
        self.resource = resource
        super().__init__(f"{resource} forbidden")


class AlreadyTaken(DomainError):
    """A unique field (username, email, ...) already belongs to someone else."""

    def __init__(self, field: str) -> None:
        self.field = field
        super().__init__(f"{field} has already been taken")


class Unauthenticated(DomainError):
    """Credentials are missing or wrong: `key` names what failed (token, credentials)."""

    def __init__(self, key: str, message: str) -> None:
        self.key = key
        self.message = message
        super().__init__(f"{key} {message}")
