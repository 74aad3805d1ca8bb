"""Alembic environment: async, every context's tables, batch mode for SQLite."""

import asyncio
import importlib
import pkgutil

from alembic import context
from sqlalchemy.engine import Connection

import adapters
from adapters.shared.sql.engine import create_engine
from adapters.shared.sql.metadata import metadata
from migrations.runner import ON_VERSION_APPLY

# Every context's tables join the metadata: adapters/<context>/tables.py, found by walking.
for _context in pkgutil.iter_modules(adapters.__path__):
    if importlib.util.find_spec(f"adapters.{_context.name}.tables"):
        importlib.import_module(f"adapters.{_context.name}.tables")

config = context.config


def _configure(
    *, url: str | None = None, connection: Connection | None = None, literal_binds: bool = False
) -> None:
    context.configure(
        url=url,
        connection=connection,
        literal_binds=literal_binds,
        target_metadata=metadata,
        render_as_batch=True,  # SQLite cannot ALTER most things; batch mode rebuilds tables
        compare_type=True,
        on_version_apply=config.attributes.get(ON_VERSION_APPLY),  # the runner's record
    )


def run_offline() -> None:
    _configure(url=config.get_main_option("sqlalchemy.url"), literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


def _run(connection: Connection) -> None:
    _configure(connection=connection)
    with context.begin_transaction():
        context.run_migrations()


async def run_online() -> None:
    url = config.get_main_option("sqlalchemy.url")
    assert url, "the conduit CLI sets sqlalchemy.url"
    engine = create_engine(url, enforce_foreign_keys=False)
    try:
        async with engine.connect() as connection:
            await connection.run_sync(_run)
    finally:
        await engine.dispose()


if context.is_offline_mode():
    run_offline()
else:
    asyncio.run(run_online())
