"""Fakes for the shared ports: a clock that tests move by hand."""

from datetime import UTC, datetime, timedelta


class FixedClock:
    def __init__(self, now: datetime = datetime(2026, 1, 1, tzinfo=UTC)) -> None:
        self.current = now

    def now(self) -> datetime:
        return self.current

    def advance(self, **delta: float) -> None:
        self.current += timedelta(**delta)
