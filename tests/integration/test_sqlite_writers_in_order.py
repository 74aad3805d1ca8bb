"""SQLite's units of work share one connection, handed to waiting writers in arrival order."""

import asyncio
from pathlib import Path

from sqlalchemy import text

from adapters.shared.sql.engine import create_engine


async def test_a_writer_that_comes_later_never_overtakes_one_that_waits(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'order.db'}")
    served: list[str] = []

    async def write(name: str) -> None:
        async with engine.connect() as connection:
            served.append(name)
            await connection.execute(text("SELECT 1"))

    try:
        first = await engine.connect()
        waiting = asyncio.create_task(write("waiting"))
        await asyncio.sleep(0.05)  # it now waits for the one connection
        await first.close()  # hands the connection to "waiting", which has not run yet
        await write("later")  # arrives before "waiting" runs again
        await waiting
    finally:
        await engine.dispose()

    assert served == ["waiting", "later"]
