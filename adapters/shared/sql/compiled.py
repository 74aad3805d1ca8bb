"""Statements compiled once per dialect, then bound by position: the driver-direct read paths."""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select
from sqlalchemy.engine import Dialect
from sqlalchemy.sql.compiler import SQLCompiler

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
    # What turns a stored value into the column's Python type (e.g. SQLite's text into a
    # datetime); None where the driver's value is already right.
    processors: tuple[Processor | None, ...]

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
        result = Compiled(
            compiled.string,
            tuple(compiled.positiontup or ()),
            compiled.params,
            compiled if expanding else None,
            tuple(column.keyname for column in columns),
            tuple(column.type._cached_result_processor(self._dialect, None) for column in columns),
        )
        if len(self._compiled) >= MAX_COMPILED:  # read models build a few dozen, once; a bound
            self._compiled.clear()  # keeps a statement built per call from growing this
        self._compiled[statement] = result
        return result
