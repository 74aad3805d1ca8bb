"""Command help that shows every default and the CONDUIT_* variables a command reads.

The variables, their names and defaults, come from the Settings model, so help and settings
cannot drift apart. A new command declares which settings it reads, or every one.
"""

import argparse
from collections.abc import Sequence
from typing import TypeAlias

from pydantic import SecretStr

from entrypoints.settings import Settings

Commands: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"
EVERY_SETTING: tuple[str, ...] = tuple(Settings.model_fields)


class HelpFormatter(argparse.ArgumentDefaultsHelpFormatter, argparse.RawDescriptionHelpFormatter):
    """Options with their defaults; the epilog (the variables) kept as written."""


def add_command(
    commands: Commands, name: str, *, summary: str, settings: Sequence[str] = ()
) -> argparse.ArgumentParser:
    """A subcommand whose --help lists the variables of `settings` (field names of Settings)."""
    return commands.add_parser(
        name,
        help=summary,
        description=summary[:1].upper() + summary[1:] + ".",
        formatter_class=HelpFormatter,
        epilog=variables_help(settings) if settings else None,
    )


def variables_help(settings: Sequence[str]) -> str:
    """`settings` (field names) as their environment variables and defaults, one per line."""
    prefix = str(Settings.model_config.get("env_prefix", ""))
    names = [prefix + name.upper() for name in settings]
    width = max(len(name) for name in names)
    lines = ["environment variables (also read from ./.env):"]
    for name, field in zip(names, settings, strict=True):
        lines.append(f"  {name:<{width}}  default: {_shown(Settings.model_fields[field].default)}")
    return "\n".join(lines)


def _shown(default: object) -> str:
    match default:
        case None | SecretStr():
            return "unset"
        case bool():
            return str(default).lower()
        case list():
            return ",".join(map(str, default))
        case _:
            return str(default)
