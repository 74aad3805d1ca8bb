"""Statements compiled once per dialect, then bound by position: the driver-direct read paths."""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, Select
from sqlalchemy.engine import Dialect
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.types import TypeEngine
from sqlmodel.sql.sqltypes import UTCDateTime

# Any SELECT, whatever its columns (SQLAlchemy types a Select by the tuple of its columns).
Statement = Select[*tuple[Any, ...]]
MAX_COMPILED = 512
Processor = Callable[[Any], Any]


@dataclass(frozen=True, slots=True)
class Compiled:
    sql: str
    names: tuple[str, ...]
    constants: Mapping[str, Any]  # values the statement carries itself (literals)
    expanding: SQLCompiler | None  # for IN (list): the list's length is part of the SQL
    keys: tuple[str, ...]  # the result's column names, in order
    # The columns whose stored values need converting to their Python type (e.g. SQLite's
    # text into a datetime), as (position, name, converter). Names are unique: SQLAlchemy
    # numbers a repeated column name (id, id_1), and its rows refuse a repeated label.
    converted: tuple[tuple[int, str, Processor], ...]

    def bind(self, parameters: Mapping[str, Any]) -> tuple[str, Sequence[Any]]:
        values = {**self.constants, **parameters}
        if self.expanding is not None:
            state = self.expanding.construct_expanded_state(values, escape_names=False)
            return state.statement, state.positional_parameters
        return self.sql, [values[name] for name in self.names]


class CompiledStatements:
    """Each statement compiled to `dialect`'s SQL on first use, kept for the next ones."""

    def __init__(self, dialect: Dialect) -> None:
        self._dialect = dialect
        self._compiled: dict[Statement, Compiled] = {}

    def __getitem__(self, statement: Statement) -> Compiled:
        known = self._compiled.get(statement)
        if known is not None:
            return known
        compiled = statement.compile(dialect=self._dialect)
        expanding = any(bind.expanding for bind in compiled.binds.values())
        columns = compiled._result_columns  # SQLAlchemy's own result metadata
        keys = tuple(column.keyname for column in columns)
        converters = (converter(column.type, self._dialect) for column in columns)
        result = Compiled(
            compiled.string,
            tuple(compiled.positiontup or ()),
            compiled.params,
            compiled if expanding else None,
            keys,
            tuple(
                (position, key, convert)
                for position, (key, convert) in enumerate(zip(keys, converters, strict=True))
                if convert is not None
            ),
        )
        if len(self._compiled) >= MAX_COMPILED:  # read models build a few dozen, once; a bound
            self._compiled.clear()  # keeps a statement built per call from growing this
        self._compiled[statement] = result
        return result


def converter(column_type: TypeEngine[Any], dialect: Dialect) -> Processor | None:
    """What turns a stored value of `column_type` into its Python value on `dialect` (None:
    the driver's value is right). SQLAlchemy's own, but for the two kinds every article row
    holds on SQLite: an aware datetime, which SQLAlchemy reads through its type decorator's
    layers of Python calls (~1 us a value, as long as the rest of the row took; 0.2 here),
    and a boolean, through a Python function where `bool` does."""
    processor: Processor | None = column_type._cached_result_processor(dialect, None)
    if processor is None or dialect.name != "sqlite":
        return processor
    if isinstance(column_type, UTCDateTime):
        return _utc_datetime_from(processor)
    if isinstance(column_type, Boolean):
        return bool  # SQLite's 0 or 1 (None never reaches a converter)
    return processor


def _utc_datetime_from(slow: Processor) -> Processor:
    def utc_datetime(stored: Any) -> Any:
        """The text SQLAlchemy writes for an aware datetime (UTC, no offset, always with
        microseconds: `2026-12-02 10:11:12.123456`) parsed with the offset added, which
        reads it as its own parser then its type would; any other text through SQLAlchemy's.
        (Marking a parsed value UTC with replace(tzinfo=...) costs six times the parsing.)"""
        if type(stored) is str and len(stored) == 26 and stored[19] == ".":
            try:
                return datetime.fromisoformat(stored + "+00:00")
            except ValueError:
                pass  # refused as SQLAlchemy refuses it, in its words
        return slow(stored)

    return utc_datetime
