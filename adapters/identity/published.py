"""Identity's published SQL view: the public columns of users, for other contexts' read models.

Read models of other contexts join this to show authors in one statement (docs/adr/0008).
Only these columns are visible through it; nobody outside identity writes the table.
"""

from sqlalchemy import TableClause, column, table

from adapters.identity.tables import UserRow

_users = UserRow.__table__  # type: ignore[attr-defined]
PUBLIC_COLUMNS = ("id", "username", "bio", "image")

public_users: TableClause = table(
    _users.name, *(column(name, _users.c[name].type) for name in PUBLIC_COLUMNS)
)
