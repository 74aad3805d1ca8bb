"""How the `conduit` command tells a failure of Alembic's in one line (the rest: e2e)."""

import subprocess
import sys

from alembic.util.exc import CommandError

from entrypoints.cli.mistakes import as_mistake


def test_an_alembic_command_error_is_told_as_a_migrations_mistake() -> None:
    error = CommandError("Can't locate revision identified by 'nope'\nmore detail")

    mistake = as_mistake(error, "db")

    assert mistake is not None
    assert mistake.message == "migrations: Can't locate revision identified by 'nope'"


def test_starting_the_command_does_not_import_alembic() -> None:
    """Importing Alembic cost every command ~0.2-0.7 s; only migrations need it."""
    loaded = subprocess.run(
        [sys.executable, "-c", "import sys, entrypoints.cli.main; print('alembic' in sys.modules)"],
        capture_output=True,
        text=True,
        check=True,
    )

    assert loaded.stdout.strip() == "False"
