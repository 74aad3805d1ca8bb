"""`--help` of every command shows its defaults and the CONDUIT_* variables it reads."""

import argparse

import pytest

from entrypoints.cli.main import _parser
from entrypoints.settings import Settings


def commands(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()) -> dict[str, str]:
    """Every command's full name (e.g. "db check") and its help text, found by walking."""
    found = {" ".join(path): parser.format_help()}
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                found |= commands(sub, (*path, name))
    return found


HELP = commands(_parser())
LEAVES = [name for name in HELP if name and not any(o.startswith(name + " ") for o in HELP)]
READS_NO_DATABASE = {"asyncapi": "CONDUIT_BROKER_EXCHANGE  default: conduit.events"}
# Commands that read the code, not the settings: their help lists no variable.
CODE_ONLY = {"contracts", "contexts", "new-context"}


def test_every_command_is_found() -> None:
    assert {"serve", "db upgrade", "db downgrade", "db check", "db revision", "asyncapi"} <= set(
        LEAVES
    )
    assert set(LEAVES) >= CODE_ONLY


@pytest.mark.parametrize("command", sorted(CODE_ONLY))
def test_a_command_that_reads_no_setting_lists_no_variable(command: str) -> None:
    assert "CONDUIT_" not in HELP[command]


@pytest.mark.parametrize("command", sorted(set(LEAVES) - CODE_ONLY))
def test_every_command_names_the_variables_it_reads_with_their_defaults(command: str) -> None:
    text = HELP[command]

    assert "environment variables" in text
    if command in READS_NO_DATABASE:
        assert READS_NO_DATABASE[command] in text
        return
    assert "CONDUIT_DATABASE_URL" in text
    assert "default: sqlite+aiosqlite:///./conduit.db" in text


@pytest.mark.parametrize("command", sorted(CODE_ONLY))
def test_commands_reading_only_the_code_list_no_variable(command: str) -> None:
    assert "environment variables" not in HELP[command]
    assert "CONDUIT_" not in HELP[command]


def test_serve_lists_every_setting_with_its_default() -> None:
    text = HELP["serve"]
    lines = {
        line.split()[0]: line for line in text.splitlines() if line.strip().startswith("CONDUIT_")
    }

    assert set(lines) == {f"CONDUIT_{name.upper()}" for name in Settings.model_fields}
    assert lines["CONDUIT_DATABASE_POOL_SIZE"].endswith("default: 8")
    assert lines["CONDUIT_METRICS_ENABLED"].endswith("default: true")
    assert lines["CONDUIT_JWT_SECRET"].endswith("default: unset")
    assert lines["CONDUIT_CORS_ORIGINS"].endswith("default: *")


def flowed(command: str) -> str:
    """The help text as one line: argparse wraps it to the terminal's width."""
    return " ".join(HELP[command].split())


def test_options_show_their_defaults() -> None:
    assert "(default: 127.0.0.1)" in flowed("serve")
    assert "(default: 8000)" in flowed("serve")
    assert "(default: heads)" in flowed("db upgrade")


def test_downgrade_says_its_target_is_required() -> None:
    assert "usage: conduit db downgrade [-h] revision" in flowed("db downgrade")
    assert "base (drops every table)" in flowed("db downgrade")
