"""The metadata of every context's tables, found by walking adapters/<context>/tables.py."""

import importlib
import importlib.util
import pkgutil

from sqlalchemy import MetaData

import adapters
from adapters.shared.sql.metadata import metadata


def load_metadata() -> MetaData:
    # Discovery, not a list: a new context's tables are migrated without touching this file.
    for context in pkgutil.iter_modules(adapters.__path__):
        if importlib.util.find_spec(f"adapters.{context.name}.tables"):
            importlib.import_module(f"adapters.{context.name}.tables")
    return metadata
