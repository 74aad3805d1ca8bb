"""The driver's own connection under SQLAlchemy's, for what only the driver can tell or do."""

import aiosqlite
from sqlalchemy.ext.asyncio import AsyncConnection


async def sqlite_driver(connection: AsyncConnection) -> aiosqlite.Connection | None:
    """aiosqlite's connection under `connection` on SQLite; None on any other database."""
    if connection.dialect.name != "sqlite":
        return None
    raw = await connection.get_raw_connection()
    driver: aiosqlite.Connection | None = raw.driver_connection
    return driver
