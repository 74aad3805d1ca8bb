"""The migrations a database says it is at: Alembic's version table, read in one statement."""

import sqlite3
from typing import Any

import asyncpg
from sqlalchemy import Select, column, select, table
from sqlalchemy.exc import OperationalError, ProgrammingError

from adapters.shared.sql.read_database import ReadDatabase

_APPLIED: Select[Any] = select(column("version_num")).select_from(table("alembic_version"))


async def applied_revisions(database: ReadDatabase) -> frozenset[str]:
    """The head revision of each migrated branch; empty when nothing was ever migrated.

    Anything else that goes wrong (no connection, a server going away) is raised.
    """
    try:
        rows = await database.rows(_APPLIED, {})
    except asyncpg.UndefinedTableError:
        return frozenset()
    except (OperationalError, ProgrammingError, sqlite3.OperationalError) as error:
        # SQLite's only word for it; SQLAlchemy wraps the driver's error, sqlite3 does not.
        driver_error = (
            error.orig if isinstance(error, OperationalError | ProgrammingError) else error
        )
        if "no such table" in str(driver_error):
            return frozenset()
        raise
    return frozenset(row["version_num"] for row in rows)
