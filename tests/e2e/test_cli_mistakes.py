"""Every `conduit` command tells an expected failure in one line on stderr, with a non-zero exit;
`--debug` shows the traceback. SQLite and the settings here; PostgreSQL in test_cli_postgres."""

from pathlib import Path

import pytest

from migrations import runner
from tests.support.cli import conduit, one_line_error

pytestmark = pytest.mark.slow

COMMANDS = [["serve"], ["serve", "--migrate"], ["db", "check"], ["db", "upgrade"]]


NOT_A_URL = "CONDUIT_DATABASE_URL is not a database URL"
BAD_URLS = [
    ("not a url", NOT_A_URL),
    ("postgresql://me@db:port/conduit", NOT_A_URL),
    ("mysql://me@db/conduit", "CONDUIT_DATABASE_URL names 'mysql'"),
    ("postgresql://me@db:port/conduit", NOT_A_URL),
]


# Each command meets a bad URL and each kind of bad URL a command, not the cross product: every
# command reads the URL through DatabaseTarget, and each case here is a process of its own.
@pytest.mark.parametrize(
    ("command", "url", "said"), [(c, *u) for c, u in zip(COMMANDS, BAD_URLS, strict=True)]
)
def test_a_bad_database_url_is_named(
    tmp_path: Path, command: list[str], url: str, said: str
) -> None:
    line = one_line_error(conduit(tmp_path, *command, database_url=url), exit_code=2)

    assert said in line
    assert "postgresql://user@host" in line  # an example of what works


@pytest.mark.parametrize("command", COMMANDS)
def test_a_missing_directory_for_the_sqlite_file_is_named(
    tmp_path: Path, command: list[str]
) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'missing' / 'conduit.db'}"

    line = one_line_error(conduit(tmp_path, *command, database_url=url), exit_code=2)

    assert f"the directory {tmp_path / 'missing'} of the SQLite database" in line
    assert not (tmp_path / "missing").exists()


@pytest.mark.parametrize(
    "command",
    [
        ["serve"],
        ["db", "check"],
        ["db", "downgrade", "base"],
        ["db", "revision", "articles", "-m", "x"],
    ],
)
def test_a_missing_sqlite_file_is_not_created(tmp_path: Path, command: list[str]) -> None:
    database = tmp_path / "conduit.db"

    line = one_line_error(
        conduit(tmp_path, *command, database_url=f"sqlite+aiosqlite:///{database}"), exit_code=1
    )

    assert f"the SQLite database {database} does not exist" in line
    assert not database.exists()


@pytest.mark.parametrize("command", [["serve"], ["db", "check"]])
def test_an_unmigrated_database_is_refused_with_what_to_run(
    tmp_path: Path, command: list[str]
) -> None:
    database = tmp_path / "conduit.db"
    database.touch()  # exists, and is empty

    line = one_line_error(
        conduit(tmp_path, *command, database_url=f"sqlite+aiosqlite:///{database}"), exit_code=1
    )

    assert "the database schema misses migrations: 0001_articles" in line
    assert "conduit db upgrade" in line


def test_a_database_behind_head_is_refused(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'conduit.db'}"
    runner.upgrade(url)
    runner.downgrade(url, "articles@-1")

    line = one_line_error(conduit(tmp_path, "serve", database_url=url), exit_code=1)

    assert "misses migrations: 0004_articles" in line


def test_downgrade_needs_a_target_and_leaves_the_tables_alone(tmp_path: Path) -> None:
    database = tmp_path / "conduit.db"
    url = f"sqlite+aiosqlite:///{database}"
    runner.upgrade(url)

    result = conduit(tmp_path, "db", "downgrade", database_url=url)

    assert result.returncode == 2
    assert "the following arguments are required: revision" in result.stderr
    assert conduit(tmp_path, "db", "check", database_url=url).returncode == 0


@pytest.mark.parametrize(
    ("command", "variable", "value", "allowed"),
    [  # the settings are read before any command runs: the commands take turns
        (["serve"], "environment", "prod", "'development', 'production' or 'test'"),
        (["db", "check"], "log_level", "INFO", "'debug', 'info', 'warning', 'error' or 'critical'"),
        (["serve"], "log_format", "xml", "'text' or 'json'"),
        (["db", "check"], "database_pool_size", "0", "greater than or equal to 1"),
        (["serve"], "max_connections", "many", "a valid integer"),
    ],
)
def test_a_bad_setting_names_the_variable_and_what_it_accepts(
    tmp_path: Path, command: list[str], variable: str, value: str, allowed: str
) -> None:
    line = one_line_error(conduit(tmp_path, *command, **{variable: value}), exit_code=2)

    assert f"CONDUIT_{variable.upper()}='{value}'" in line
    assert allowed in line


@pytest.mark.parametrize(
    ("secret", "problem"),
    [
        ("", "is blank"),
        ("conduit-development-secret-never-use-in-production", "is the development secret"),
        (" " * 32, "is blank"),
        ("x" * 40, "has too little variety"),
    ],
)
def test_production_refuses_a_weak_secret_in_one_line(
    tmp_path: Path, secret: str, problem: str
) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'conduit.db'}"

    result = conduit(
        tmp_path, "serve", environment="production", jwt_secret=secret, database_url=url
    )

    assert f"CONDUIT_JWT_SECRET {problem}" in one_line_error(result, exit_code=2)


def test_debug_shows_the_whole_traceback(tmp_path: Path) -> None:
    database = tmp_path / "conduit.db"
    database.touch()

    result = conduit(tmp_path, "--debug", "serve", database_url=f"sqlite+aiosqlite:///{database}")

    assert result.returncode == 1
    assert "Traceback (most recent call last)" in result.stderr
    assert "Mistake: the database schema misses migrations" in result.stderr
