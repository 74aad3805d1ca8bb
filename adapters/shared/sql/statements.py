"""Statements that differ between SQLite and PostgreSQL, written once."""

from collections.abc import Sequence
from functools import cache
from typing import Any

from sqlalchemy import Insert, Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from adapters.shared.sql.direct import sent_directly


def insert_ignoring_duplicates(
    session: AsyncSession, table: Table, conflict_columns: Sequence[str]
) -> Insert:
    """INSERT ... ON CONFLICT (cols) DO NOTHING: idempotent, and never aborts the transaction."""
    return ignoring_duplicates(session.get_bind().dialect.name, table, tuple(conflict_columns))


@cache
def ignoring_duplicates(dialect: str, table: Table, conflict_columns: tuple[str, ...]) -> Insert:
    """The same for a dialect by name ("postgresql", "sqlite"), built once per table."""
    module: Any = postgresql if dialect == "postgresql" else sqlite
    statement: Insert = module.insert(table).on_conflict_do_nothing(index_elements=conflict_columns)
    return sent_directly(statement)
