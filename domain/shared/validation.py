"""Collects field errors so one request reports every invalid field at once."""

from collections.abc import Callable
from typing import TypeVar

from domain.shared.errors import InvalidInput

T = TypeVar("T")
R = TypeVar("R")


class FieldErrors:
    """Runs parsers field by field and raises one InvalidInput naming them all."""

    def __init__(self) -> None:
        self._errors: dict[str, list[str]] = {}

    def parse(self, parser: Callable[[R], T], raw: R) -> T | None:
        """The parsed value, or None after recording why the field is invalid."""
        try:
            return parser(raw)
        except InvalidInput as error:
            for field, messages in error.errors.items():
                self._errors.setdefault(field, []).extend(messages)
            return None

    def raise_if_any(self) -> None:
        if self._errors:
            raise InvalidInput(self._errors)
