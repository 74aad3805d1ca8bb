"""`conduit db upgrade|downgrade` print each migration they ran, or that none was to run."""

from pathlib import Path

import pytest

from tests.support.cli import conduit
from tests.support.databases import temporary_database
from tests.support.server import running_server

pytestmark = pytest.mark.slow

BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


def printed(directory: Path, url: str, *args: str) -> list[str]:
    result = conduit(directory, "db", *args, database_url=url)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    return result.stdout.splitlines()


@pytest.mark.parametrize("backend", BACKENDS)
async def test_each_migration_is_one_line(backend: str, tmp_path: Path) -> None:
    async with temporary_database(backend, tmp_path, "cli_steps") as url:
        applied = printed(tmp_path, url, "upgrade")
        again = printed(tmp_path, url, "upgrade")
        reverted = printed(tmp_path, url, "downgrade", "articles@-1")
        reapplied = printed(tmp_path, url, "upgrade")
        nothing = printed(tmp_path, url, "downgrade", "articles@0004_articles")

    assert "applied 0001_identity (identity)" in applied
    assert "applied 0004_articles (articles)" in applied
    assert all(line.startswith("applied 0") and line.endswith(")") for line in applied)
    assert applied.index("applied 0001_articles (articles)") < applied.index(
        "applied 0002_articles (articles)"
    )
    assert again == ["nothing to apply: the database is already at every context's head"]
    assert reverted == ["reverted 0004_articles (articles)"]
    assert reapplied == ["applied 0004_articles (articles)"]
    assert nothing == ["nothing to revert: the database is already at articles@0004_articles"]


def test_serve_migrate_logs_what_it_applied(tmp_path: Path) -> None:
    with running_server(tmp_path) as server:  # --migrate, on a new SQLite file
        logs = server.logs()

    assert "conduit.startup applied 0001_identity (identity)" in logs
