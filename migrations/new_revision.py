"""How a context's next migration is named, and which other contexts' revisions it needs.

Revisions are `NNNN_<context>` in files `NNNN_<slug>.py` (versions/<context>/): numbered per
context, unique across branches. A migration that adds a foreign key to another context's
table depends on that context's head when it is written (its table exists there).
"""

import re
from collections.abc import Iterator
from pathlib import Path

from alembic.operations import ops
from alembic.script import ScriptDirectory
from sqlalchemy import Column, ForeignKeyConstraint

from migrations.metadata import table_owners

NUMBERED = re.compile(r"^(\d{4})_")
SLUG_MAX = 40


def slug(context: str, message: str) -> str:
    """`comments: ids never reused` -> `ids_never_reused` (the context is in the directory)."""
    words = re.findall(r"[a-z0-9]+", message.lower().removeprefix(f"{context}:"))
    kept: list[str] = []
    while words and len("_".join([*kept, words[0]])) <= SLUG_MAX:
        kept.append(words.pop(0))
    return "_".join(kept) or context


def next_number(directory: Path) -> int:
    """One more than the highest NNNN_ among the context's migration files (1 for none)."""
    numbers = [int(m.group(1)) for p in directory.glob("*.py") if (m := NUMBERED.match(p.name))]
    return max(numbers, default=0) + 1


def depends_on(
    context: str, migration: ops.MigrationScript, script: ScriptDirectory
) -> tuple[str, ...]:
    """The heads of the other contexts whose tables the migration's foreign keys reference."""
    owners = table_owners()
    referenced = set(_referenced_tables(migration.upgrade_ops))
    others = {owners[table] for table in referenced if table in owners} - {context}
    heads = [head for other in sorted(others) for head in script.get_revisions(f"{other}@head")]
    return tuple(head.revision for head in heads if head is not None)


def _referenced_tables(operation: object) -> Iterator[str]:
    match operation:
        case ops.OpContainer():
            for inner in operation.ops:
                yield from _referenced_tables(inner)
        case ops.CreateTableOp():
            for item in operation.columns:
                yield from _of(item)
        case ops.AddColumnOp():
            yield from _of(operation.column)
        case ops.CreateForeignKeyOp():
            yield operation.referent_table


def _of(item: object) -> Iterator[str]:
    if isinstance(item, Column):
        for key in item.foreign_keys:
            yield key.target_fullname.rsplit(".", 1)[0]
    elif isinstance(item, ForeignKeyConstraint):
        for element in item.elements:
            yield element.target_fullname.rsplit(".", 1)[0]
