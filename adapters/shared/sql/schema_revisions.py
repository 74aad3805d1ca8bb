"""The migrations a database says it is at: Alembic's version table, read in one statement."""

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
    except (OperationalError, ProgrammingError) as error:
        if "no such table" in str(error.orig):  # SQLite's only word for it
            return frozenset()
        raise
    return frozenset(row["version_num"] for row in rows)
