"""Reads database errors the same way on SQLite and PostgreSQL."""

from sqlalchemy.exc import IntegrityError


def violated_unique(error: IntegrityError, *columns: str) -> str | None:
    """Which of `columns` a unique violation is about, or None for another kind of error.

    PostgreSQL names the constraint (uq_<table>_<column>); SQLite names <table>.<column>.
    Only the first line is read: PostgreSQL's DETAIL line repeats the offending value.
    """
    message = str(error.orig).split("\n", 1)[0]
    if "unique" not in message.lower() and "duplicate key" not in message.lower():
        return None
    for column in columns:
        if f"_{column}" in message or f".{column}" in message:
            return column
    return None


def violated_foreign_key(error: IntegrityError) -> bool:
    message = str(error.orig).lower()
    return "foreign key" in message
