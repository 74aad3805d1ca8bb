"""OpenTelemetry spans for SQL statements, installed only when tracing is on.

SQLAlchemy engines get the official instrumentation's `EngineTracer`, per engine (its
`SQLAlchemyInstrumentor` front instruments once per process, whatever the engines). The
asyncpg read pool sends statements past SQLAlchemy, so it gets a span around each statement.
"""

from collections.abc import Sequence
from typing import Any

from opentelemetry.instrumentation.sqlalchemy.engine import EngineTracer
from opentelemetry.instrumentation.utils import is_instrumentation_enabled
from opentelemetry.metrics import NoOpMeter
from opentelemetry.trace import SpanKind, Tracer
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.shared.sql.read_database import (
    AsyncpgReadDatabase,
    Fetch,
    ReadDatabase,
    SqlAlchemyReadDatabase,
)
from adapters.shared.sql.sqlite_reads import SqliteReadDatabase

# The instrumentation wants a counter of connections; our pool gauges cover that.
_UNCOUNTED = NoOpMeter("conduit").create_up_down_counter("db.client.connections.usage")


def trace_statements(tracer: Tracer, engine: AsyncEngine, reads: ReadDatabase) -> None:
    """A span per statement on the unit-of-work engine and on the read database."""
    EngineTracer(tracer, engine.sync_engine, _UNCOUNTED)  # type: ignore[no-untyped-call]
    if isinstance(reads, SqlAlchemyReadDatabase):
        EngineTracer(tracer, reads.engine.sync_engine, _UNCOUNTED)  # type: ignore[no-untyped-call]
    elif isinstance(reads, AsyncpgReadDatabase):
        reads.wrap_fetch(lambda fetch: _traced(tracer, fetch, "postgresql", reads.database_name))
    elif isinstance(reads, SqliteReadDatabase):
        reads.wrap_fetch(lambda fetch: _traced(tracer, fetch, "sqlite", reads.database_name))


def _traced(tracer: Tracer, fetch: Fetch, system: str, database: str) -> Fetch:
    async def traced(sql: str, values: Sequence[Any]) -> list[Any]:
        if not is_instrumentation_enabled():  # suppressed, as the SQLAlchemy spans honour
            return await fetch(sql, values)
        operation = sql.split(None, 1)[0].upper() if sql else "SQL"
        attributes = {
            "db.system.name": system,
            "db.namespace": database,
            "db.operation.name": operation,
            "db.query.text": sql,  # parameters stay out: they may be emails or passwords
        }
        with tracer.start_as_current_span(
            f"{operation} {database}", kind=SpanKind.CLIENT, attributes=attributes
        ):
            return await fetch(sql, values)

    return traced
