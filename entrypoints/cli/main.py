"""The `conduit` command: serve the Conduit API and manage its database schema."""

import argparse
import sys
from collections.abc import Sequence

from entrypoints.cli import asyncapi, contexts, contracts, database, events, new_context, serve
from entrypoints.cli.help import HelpFormatter
from entrypoints.cli.mistakes import as_mistake
from entrypoints.cli.target import shown
from entrypoints.settings import Settings

# Each module adds its commands to the parser with `register(commands)`; a new group of
# commands is one module more here.
COMMAND_GROUPS = (serve, database, events, contracts, contexts, asyncapi, new_context)


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    settings: Settings | None = None
    try:
        settings = Settings()
        return int(args.run(args, settings) or 0)
    except KeyboardInterrupt:
        return 130
    except Exception as error:
        mistake = as_mistake(error, shown(settings.database_url) if settings else "")
        if mistake is None or args.debug:
            raise  # a bug, or asked for: the whole traceback
        print(f"conduit: {mistake.message}", file=sys.stderr)
        return mistake.exit_code


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="conduit",
        description=__doc__,
        formatter_class=HelpFormatter,
        epilog="`conduit <command> --help`: its options and the CONDUIT_* variables it reads.",
    )
    parser.add_argument(
        "--debug", action="store_true", help="show the full traceback of any failure"
    )
    commands = parser.add_subparsers(required=True, metavar="command")
    for group in COMMAND_GROUPS:
        group.register(commands)
    return parser


if __name__ == "__main__":
    sys.exit(main())
