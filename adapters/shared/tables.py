"""The shared kernel's tables: the event publication registry (docs/adr/0017)."""

from datetime import datetime

from sqlalchemy import BigInteger, Column, Index, Integer, Text, text
from sqlmodel import Field, SQLModel

from adapters.shared.sql import metadata as _metadata  # noqa: F401  (naming convention first)

# SQLite makes only an INTEGER primary key the rowid (and autoincrementing); 64 bits elsewhere,
# as publications are written at the pace of every write.
PUBLICATION_ID = BigInteger().with_variant(Integer(), "sqlite")
PENDING_ONLY = "status = 'pending'"


class EventPublicationRow(SQLModel, table=True):
    """One event to deliver to one after-commit subscriber, and how its delivery goes."""

    __tablename__ = "event_publications"
    __table_args__ = (
        # The dispatchers' question: which pending publications are due.
        Index("ix_event_publications_status_next_attempt_at", "status", "next_attempt_at"),
        # The claim's walk: the pending publications in id order, however many completed ones
        # stay until a purge. With statistics (ANALYZE), SQLite saw a status matched by every
        # row and scanned the whole table instead (bench/RESULTS.md). The claim compares
        # status with the literal, as this predicate does: PostgreSQL cannot match a bound
        # value to it in a generic plan.
        Index(
            "ix_event_publications_pending_id",
            "id",
            sqlite_where=text(PENDING_ONLY),
            postgresql_where=text(PENDING_ONLY),
        ),
        # Per-key order: is an earlier publication for this subscriber and key still pending.
        Index(
            "ix_event_publications_subscriber_ordering_key_status_id",
            "subscriber",
            "ordering_key",
            "status",
            "id",
        ),
        # An id names a publication to the broker ("publication-<id>") and to subscribers
        # keeping idempotency: never handed out twice, even after a purge.
        {"sqlite_autoincrement": True},
    )

    id: int | None = Field(default=None, sa_column=Column(PUBLICATION_ID, primary_key=True))
    event_type: str = Field(max_length=200)  # "<context>.<ClassName>"
    event_version: int
    subscriber: str = Field(max_length=100)
    payload: str = Field(sa_column=Column(Text, nullable=False))  # the event as JSON
    ordering_key: str | None = Field(default=None, max_length=200)
    status: str = Field(max_length=16)  # pending, completed, failed
    attempts: int = 0  # failed deliveries; RetryLater does not count
    next_attempt_at: datetime
    last_error: str | None = Field(default=None, sa_column=Column(Text))
    created_at: datetime
    completed_at: datetime | None = None
