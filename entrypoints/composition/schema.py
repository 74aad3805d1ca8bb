"""Whether a database answers with its schema at head: readiness's check, once, for start-up."""

import asyncio

from adapters.shared.sql.engine import PoolSettings
from adapters.shared.sql.read_database import read_database_for
from adapters.shared.sql.schema_revisions import applied_revisions
from adapters.shared.sql.unavailable import RESOURCE
from application.shared.unavailable import Unavailable
from migrations.runner import HeadCheck


async def schema_problem(url: str, timeout_seconds: float) -> str | None:
    """None when the database at `url` is at every branch's head, else what is wrong.

    Raises `Unavailable` when it cannot be reached or does not answer within the timeout;
    any other error (no such database, a refused login) is raised as the driver gave it.
    """
    database = read_database_for(url, PoolSettings(size=1, max_overflow=0))
    try:
        async with asyncio.timeout(timeout_seconds):
            applied = await applied_revisions(database)
    except TimeoutError:
        raise Unavailable(RESOURCE, f"did not answer within {timeout_seconds:g} s") from None
    finally:
        await database.close()
    return HeadCheck().problem(applied)
