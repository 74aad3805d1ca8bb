"""The metadata of every context's tables, found by walking adapters/<context>/tables.py."""

import importlib
import importlib.util
import pkgutil
from types import ModuleType

from sqlalchemy import MetaData, Table

import adapters
from adapters.shared.sql.metadata import metadata


def load_metadata() -> MetaData:
    # Discovery, not a list: a new context's tables are migrated without touching this file.
    _tables_modules()
    return metadata


def table_owners() -> dict[str, str]:
    """Table name -> the context whose adapters/<context>/tables.py defines it."""
    owners = {}
    for context, module in _tables_modules().items():
        for value in vars(module).values():
            table = getattr(value, "__table__", None)
            if isinstance(table, Table) and value.__module__ == module.__name__:
                owners[table.name] = context
    return owners


def _tables_modules() -> dict[str, ModuleType]:
    return {
        context.name: importlib.import_module(f"adapters.{context.name}.tables")
        for context in pkgutil.iter_modules(adapters.__path__)
        if importlib.util.find_spec(f"adapters.{context.name}.tables")
    }
