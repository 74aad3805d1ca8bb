"""Migration helper: make SQLite hand out ids the way PostgreSQL's sequences do, never twice."""

from alembic import op


def never_reuse_ids(table: str, *, never: bool = True) -> None:
    """Rebuild `table` on SQLite with (or, `never=False`, without) AUTOINCREMENT.

    Without it SQLite gives max(id) + 1, so the newest row's id comes back after a delete.
    Rebuilt from the reflected table: columns, foreign keys (deferral included) and indexes
    stay. PostgreSQL's sequences never go back: nothing to do there.
    """
    if op.get_bind().dialect.name != "sqlite":
        return
    with op.batch_alter_table(
        table, recreate="always", table_kwargs={"sqlite_autoincrement": never}
    ):
        pass
